"""Loading stream files: reading and validating them, and appending their events to a store.

A file is validated whole before anything is appended, and every problem is
reported at once (:class:`~timeline.errors.AuthoringError`); a file with any
problem appends nothing. Event ids are the author's, so loading a file twice
appends nothing new.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

import attrs

from timeline import codec
from timeline.errors import AuthoringError, DuplicateEventError, Problem
from timeline.events import Correction, Event
from timeline.io.authoring._accords import ACCORD_KIND_IDS
from timeline.io.authoring._declarations import declarations
from timeline.io.authoring._reader import Reader
from timeline.io.authoring._toml_lines import locate
from timeline.io.authoring.stream_file import LoadResult, StreamFile, StreamMeta
from timeline.projections import Catalog
from timeline.store import ANY, AppendResult, EventStore

__all__ = ["Prepared", "check_against", "load_into", "load_stream", "loads_stream"]


def load_stream(
    path: str | os.PathLike[str],
    *,
    known_ids: Iterable[str] = (),
    catalog: Catalog | None = None,
    known_accords: Iterable[str] = (),
) -> StreamFile:
    """Read and validate the stream file at ``path``.

    Args:
        path: the ``.toml`` file.
        known_ids: ids of events recorded elsewhere that this file's events may
            refer to (``target``, ``contradicts``...), besides its own.
        catalog: the catalog of the store the file goes to (its sources,
            actors and places may be cited).
        known_accords: ids of agreements and ceasefires recorded elsewhere
            that this file's relations (``amends``...) may name.

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
    return loads_stream(
        text,
        file=name,
        known_ids=known_ids,
        path=name,
        catalog=catalog,
        known_accords=known_accords,
    )


def loads_stream(
    text: str,
    *,
    file: str = "<string>",
    known_ids: Iterable[str] = (),
    path: str | None = None,
    catalog: Catalog | None = None,
    known_accords: Iterable[str] = (),
) -> StreamFile:
    """Read and validate a stream file's ``text``; ``file`` names it in errors.

    See :func:`load_stream`.
    """
    return Reader(text, file, frozenset(known_ids), path, catalog, frozenset(known_accords)).read()


def load_into(
    store: EventStore,
    path: str | os.PathLike[str],
    *,
    stream: str | None = None,
    reported_at: datetime | None = None,
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
        reported_at: when the report the file holds became known, kept on each
            record (:attr:`~timeline.store.Recorded.reported_at`) and read by
            projections' ``known_at``. The default is the file's day at 00:00
            UTC: its ``[stream] reported`` if that is a plain day, else its
            ``reference`` day; a file with neither records none.

    Raises:
        AuthoringError: listing every problem, each with file, line, event and field.
    """
    name = os.fspath(path)
    prepared = check_against(store, path, stream=stream)
    loaded, target, declared = prepared.stream, prepared.target, prepared.declarations
    try:
        # One atomic batch: the catalog events first, then the file's events.
        result: AppendResult = store.append(
            target,
            [*declared, *loaded.events],
            expected_version=ANY,
            reported_at=_file_day(loaded.meta) if reported_at is None else reported_at,
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


@attrs.frozen
class Prepared:
    """A stream file checked against a store: what loading it would append.

    Attributes:
        stream: the file, read and checked.
        target: the store stream its events go to.
        declarations: the catalog events it would append first (those the
            store's catalog does not already hold as written).
    """

    stream: StreamFile
    target: str
    declarations: tuple[Event, ...]


def check_against(
    store: EventStore, path: str | os.PathLike[str], *, stream: str | None = None
) -> Prepared:
    """Check the stream file at ``path`` against ``store`` as loading would; append nothing.

    The file may name events the store holds (claims on them, corrections,
    retractions, contradictions, incidents) and sources, actors and places of
    its catalog. What :func:`load_into` would refuse is refused here, with the
    same problems: ``timeline validate FILE --against STORE``.

    Raises:
        AuthoringError: listing every problem, each with file, line, event and field.
    """
    name = os.fspath(path)
    # Looked up by id (an index), never by reading the whole store.
    catalog = Catalog.of(store)
    loaded = load_stream(
        path,
        known_ids=_recorded_ids_named(store, name),
        catalog=catalog,
        known_accords=_recorded_accords(store),
    )
    target = loaded.meta.name if stream is None else stream
    declared, conflicts = declarations(loaded, target, catalog)
    # (event index, path in the file, event id, message, field)
    problems: list[tuple[int | None, tuple[str | int, ...], str | None, str, str]] = [
        (None, path_, None, message, ".".join(map(str, path_))) for path_, message in conflicts
    ]
    own = {event.id for event in loaded.events}
    for index, event in enumerate(loaded.events):
        if isinstance(event, Correction) and event.target not in own:
            held = store.get(event.target)
            refused = {} if held is None else event.refused_changes(held.event)
            problems.extend(
                (index, ("events", index, *field.split(".", 1)), event.id, message, field)
                for field, message in refused.items()
            )
        found = store.get(event.id)
        if found is None:
            continue
        where, old = found.stream, found.event
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
        problems.append((index, ("events", index, "id"), event.id, message, "id"))
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
                    field=field,
                )
                for index, where, event_id, message, field in problems
            ],
        )
    return Prepared(loaded, target, tuple(declared))


def _file_day(meta: StreamMeta) -> datetime | None:
    """A stream file's day as a reported time: ``reported`` if a plain day, else ``reference``.

    00:00 UTC of that day (as ``timeline render FILE`` records a file), or
    ``None`` when the file gives neither.
    """
    reported = meta.reported
    if reported is not None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", reported.to_edtf()):
        day = datetime.fromisoformat(reported.to_edtf())
        return day.replace(tzinfo=UTC)
    ref = meta.reference
    return None if ref is None else datetime(ref.year, ref.month, ref.day, tzinfo=UTC)


def _recorded_ids_named(store: EventStore, path: str) -> set[str]:
    """The ids of recorded events that some string of the file names (``id`` or ``id#source``).

    What the file may refer to in the store, found by lookups rather than a
    read of every event. A file that cannot be read gives none: loading it
    reports why.
    """
    try:
        data = tomllib.loads(_read_text(path).removeprefix("\ufeff"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return set()
    names = {text.partition("#")[0] for text in _strings(data)}
    return {event_id for event_id in names if event_id and store.contains(event_id)}


def _recorded_accords(store: EventStore) -> set[str]:
    """The ids of the agreements and ceasefires the store's events name (read by kind)."""
    found: set[str] = set()
    for recorded in store.read_all(kinds=tuple(ACCORD_KIND_IDS)):
        key = ACCORD_KIND_IDS.get(recorded.event.kind)
        value = getattr(recorded.event, key, None) if key else None
        if isinstance(value, str):
            found.add(value)
    return found


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _read_text(path: str) -> str:
    with open(path, encoding="utf-8") as handle:
        return handle.read()
