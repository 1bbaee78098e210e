"""Loading stream files: reading and validating them, and appending their events to a store.

A file is validated whole before anything is appended, and every problem is
reported at once (:class:`~timeline.errors.AuthoringError`); a file with any
problem appends nothing. Event ids are the author's, so loading a file twice
appends nothing new.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from timeline import codec
from timeline.errors import AuthoringError, DuplicateEventError, Problem
from timeline.events import Event
from timeline.io.authoring._declarations import declarations
from timeline.io.authoring._reader import Reader
from timeline.io.authoring._toml_lines import locate
from timeline.io.authoring.stream_file import LoadResult, StreamFile
from timeline.projections import Catalog
from timeline.store import ANY, AppendResult, EventStore

__all__ = ["load_into", "load_stream", "loads_stream"]


def load_stream(path: str | os.PathLike[str], *, known_ids: Iterable[str] = ()) -> StreamFile:
    """Read and validate the stream file at ``path``.

    Args:
        path: the ``.toml`` file.
        known_ids: ids of events recorded elsewhere that this file's events may
            refer to (``target``, ``contradicts``...), besides its own.

    Raises:
        AuthoringError: listing every problem, each with file, line, event and field.
    """
    name = os.fspath(path)
    try:
        with open(name, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        raise AuthoringError(name, [Problem(file=name, line=None, message=str(exc))]) from exc
    try:
        text = raw.decode("utf-8-sig")  # a leading BOM (some Windows editors write one) is dropped
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problem = Problem(file=name, line=line, message=f"not valid UTF-8 ({exc.reason})")
        raise AuthoringError(name, [problem]) from exc
    return loads_stream(text, file=name, known_ids=known_ids, path=name)


def loads_stream(
    text: str,
    *,
    file: str = "<string>",
    known_ids: Iterable[str] = (),
    path: str | None = None,
) -> StreamFile:
    """Read and validate a stream file's ``text``; ``file`` names it in errors.

    See :func:`load_stream`.
    """
    return Reader(text, file, frozenset(known_ids), path).read()


def load_into(
    store: EventStore, path: str | os.PathLike[str], *, stream: str | None = None
) -> LoadResult:
    """Validate the stream file at ``path``, then append its events to ``store`` in one call.

    Everything is checked first, including against the store (an id already
    recorded with other content, or in another stream, is a problem of the
    file; so is a source, actor or place declared in the store with other
    content, unless its table says ``amend = true``); a file with any problem
    appends nothing. The file's catalog goes first, in the same batch: its
    :class:`~timeline.events.StreamSettings` and a declaration event for each
    source, actor and place the store's catalog does not already hold as
    written (:mod:`timeline.events.catalog`). Events and declarations already
    recorded identically are skipped, so loading the same file twice appends
    nothing new.

    Args:
        store: any store.
        path: the ``.toml`` file.
        stream: the store stream to append to (default: the file's ``[stream] name``).

    Raises:
        AuthoringError: listing every problem, each with file, line, event and field.
    """
    recorded: dict[str, tuple[str, Event]] = {
        r.event.id: (r.stream, r.event) for r in store.read_all()
    }
    loaded = load_stream(path, known_ids=recorded)
    target = loaded.meta.name if stream is None else stream
    name = os.fspath(path)
    declared, conflicts = declarations(loaded, target, Catalog.of(store))
    problems: list[tuple[int | None, tuple[str | int, ...], str | None, str]] = [
        (None, path_, None, message) for path_, message in conflicts
    ]
    for index, event in enumerate(loaded.events):
        known = recorded.get(event.id)
        if known is None:
            continue
        where, old = known
        if where != target:
            message = (
                f"id {event.id!r} is already recorded in stream {where!r}; "
                "an event id belongs to one stream"
            )
        elif codec.dumps(old) != codec.dumps(event):
            message = (
                f"id {event.id!r} is already recorded in stream {where!r} with other content; "
                "record a correction (kind 'correction') instead of editing a recorded event"
            )
        else:
            continue
        problems.append((index, ("events", index, "id"), event.id, message))
    if problems:
        lines = locate(_read_text(name))
        raise AuthoringError(
            name,
            [
                Problem(
                    file=name,
                    line=lines.line(where),
                    message=message,
                    event=None if index is None else index + 1,
                    event_id=event_id,
                    field="id" if index is not None else ".".join(map(str, where)),
                )
                for index, where, event_id, message in problems
            ],
        )
    try:
        # One atomic batch: the catalog events first, then the file's events.
        result: AppendResult = store.append(
            target, [*declared, *loaded.events], expected_version=ANY
        )
    except DuplicateEventError as exc:  # appended concurrently since the check
        raise AuthoringError(name, [Problem(file=name, line=None, message=str(exc))]) from exc
    n = len(declared)
    new_declarations = min(n, result.appended)  # every one is new: the catalog lacked it
    return LoadResult(
        stream=loaded,
        appended=result.appended - new_declarations,
        positions=result.positions[n:],
        version=result.version,
        declared=new_declarations,
    )


def _read_text(path: str) -> str:
    with open(path, encoding="utf-8") as handle:
        return handle.read()
