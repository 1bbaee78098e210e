"""JSON Lines export and import of a whole store: the interchange format.

One line per recorded event, in position order, UTF-8, ``\\n``-terminated::

    {"position":1,"stream":"idlib","version":1,"recorded_at":"2020-02-03T09:00:00.000000Z","event":{...}}

``event`` is the event as :func:`timeline.codec.encode` writes it. A record
with a reported time (:attr:`~timeline.store.Recorded.reported_at`) has one
more field, ``"reported_at"`` (same format as ``recorded_at``) before
``"event"``; a record without one has no such field, so exports of records
without reported times are byte-identical to those of earlier releases, and
their files import unchanged. The format is lossless: importing an export into
an empty store of any backend gives the same events, streams, versions,
positions, recorded and reported times.

Import is all or nothing: every line is read and checked (JSON, field types,
event kinds, positions continuing the store gaplessly, versions continuing each
stream, recorded times never going back, event ids unused) before anything is
appended. Any problem raises :class:`JSONLError` naming the file and line, and
leaves the store unchanged. Importing an export made with ``after=store.head``
onto a copy of that store continues it (incremental copies).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import IO, Any, Final

from timeline import codec
from timeline.errors import JSONLError
from timeline.io._files import write_atomically
from timeline.store.base import EventStore, Recorded, RestoreError, StoreError

__all__ = ["MAX_LINE_BYTES", "JSONLError", "dump_line", "export_jsonl", "import_jsonl"]

MAX_LINE_BYTES: Final = 1 << 20
"""The longest line :func:`import_jsonl` accepts by default (1 MiB, without the newline)."""

_KEYS: Final = ("position", "stream", "version", "recorded_at", "event")
_OPTIONAL: Final = ("reported_at",)


def _rebuild(file: str, line: int, text: str) -> JSONLError:
    error = JSONLError.__new__(JSONLError)
    StoreError.__init__(error, text)
    error.file, error.line = file, line
    return error


def _timestamp(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def dump_line(recorded: Recorded) -> str:
    """The JSON Lines text of one recorded event (without the newline)."""
    reported = recorded.reported_at
    # Only when set: lines of records without it stay as earlier releases wrote them.
    reported_text = "" if reported is None else f'"reported_at":"{_timestamp(reported)}",'
    return (
        f'{{"position":{recorded.position},'
        f'"stream":{json.dumps(recorded.stream, ensure_ascii=False)},'
        f'"version":{recorded.version},'
        f'"recorded_at":"{_timestamp(recorded.recorded_at)}",'
        f"{reported_text}"
        f'"event":{codec.dumps(recorded.event)}}}'
    )


def _write(records: Iterable[Recorded], out: IO[str]) -> int:
    count = 0
    for recorded in records:
        out.write(dump_line(recorded))
        out.write("\n")
        count += 1
    return count


def export_jsonl(
    store: EventStore, dest: str | os.PathLike[str] | IO[str], *, after: int = 0
) -> int:
    """Write every event of ``store`` after position ``after`` to ``dest`` as JSON Lines.

    Args:
        store: any store.
        dest: a path (written atomically: a temporary file renamed into place)
            or a text file object open for writing.
        after: export only the events after this position (0: everything).

    Returns:
        The number of lines written.
    """
    records = store.read_all(after=after)
    if not isinstance(dest, (str, os.PathLike)):
        return _write(records, dest)
    return write_atomically(os.fspath(dest), lambda out: _write(records, out), suffix=".jsonl")


def import_jsonl(
    store: EventStore,
    source: str | os.PathLike[str] | IO[bytes] | IO[str],
    *,
    max_line_bytes: int = MAX_LINE_BYTES,
) -> int:
    """Append the events of a JSON Lines export to ``store``, exactly as recorded there.

    Every line is checked before anything is appended; on any problem the
    store is unchanged.

    Args:
        store: the store to fill (empty, or the store the export continues).
        source: a path, or a file object open for reading (binary or text).
        max_line_bytes: the longest line accepted, in UTF-8 bytes without the
            newline.

    Returns:
        The number of events imported.

    Raises:
        JSONLError: a line is malformed, too long, has a wrong type, an unknown
            event kind, a naive time, or does not continue the store; the
            message names the file and the line.
    """
    if isinstance(source, (str, os.PathLike)):
        name = os.fspath(source)
        with open(name, "rb") as handle:
            records = _read_all(handle, name, max_line_bytes)
    else:
        name = str(getattr(source, "name", "<stream>"))
        records = _read_all(source, name, max_line_bytes)
    _check_start(store, records, name)
    try:
        store._restore(records)
    except RestoreError as exc:
        raise JSONLError(name, exc.index + 1, str(exc)) from exc
    return len(records)


def _check_start(store: EventStore, records: list[Recorded], name: str) -> None:
    """Refuse, with a message saying what would work, a file that does not start at the head.

    The store checks this again inside its write transaction; this early check
    only gives the message a user can act on (which store the file continues).
    """
    if not records:
        return
    head, first = store.head, records[0].position
    if first == head + 1:
        return
    if first > 1:
        continues = (
            f"this file continues a store at position {first - 1} (an export made with "
            f"after={first - 1}): import it into that store"
        )
    else:
        continues = "this file starts a store: import it into an empty store"
    raise JSONLError(
        name,
        1,
        f"record at position {first}: positions must continue the store gaplessly from "
        f"{head + 1} (its head is at position {head}); {continues}",
    )


def _read_all(handle: IO[bytes] | IO[str], name: str, limit: int) -> list[Recorded]:
    records: list[Recorded] = []
    for number, line in _lines(handle, name, limit):
        try:
            records.append(_parse(line))
        except _LineError as exc:
            raise JSONLError(name, number, str(exc)) from exc.__cause__
    return records


def _lines(handle: IO[bytes] | IO[str], name: str, limit: int) -> Iterator[tuple[int, str]]:
    number = 0
    while True:
        raw = handle.readline(limit + 2)
        if not raw:
            return
        number += 1
        data = raw.encode("utf-8") if isinstance(raw, str) else raw
        if data.endswith(b"\n"):
            data = data[:-1]
            if data.endswith(b"\r"):
                data = data[:-1]
        if len(data) > limit:
            raise JSONLError(name, number, f"line is longer than the limit of {limit} bytes")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise JSONLError(name, number, f"line is not valid UTF-8 ({exc.reason})") from exc
        yield number, text


class _LineError(Exception):
    """A problem with one line (wrapped into :class:`JSONLError` by the caller)."""


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _parse(line: str) -> Recorded:
    if not line.strip():
        raise _LineError("blank line (every line must hold one recorded event)")
    try:
        data = json.loads(line, parse_constant=_no_constant)
    except ValueError as exc:
        raise _LineError(f"not valid JSON: {exc}") from exc
    except RecursionError as exc:  # Python's JSON reader recurses once per bracket
        raise _LineError("not valid JSON: arrays or objects nested too deeply") from exc
    if not isinstance(data, dict):
        raise _LineError(f"expected a JSON object, found {type(data).__name__}")
    missing = [key for key in _KEYS if key not in data]
    if missing:
        raise _LineError(f"missing field(s) {', '.join(missing)}")
    unknown = sorted(set(data) - set(_KEYS) - set(_OPTIONAL))
    if unknown:
        raise _LineError(f"unknown field(s) {', '.join(unknown)}")
    position = _positive(data["position"], "position")
    version = _positive(data["version"], "version")
    stream = data["stream"]
    if not isinstance(stream, str) or not stream or "\x00" in stream:
        raise _LineError(f"stream must be a non-empty string, not {stream!r}")
    recorded_at = _time(data["recorded_at"], "recorded_at")
    reported_at = (
        None if data.get("reported_at") is None else _time(data["reported_at"], "reported_at")
    )
    event_data = data["event"]
    if not isinstance(event_data, dict):
        raise _LineError(f"event must be a JSON object, not {type(event_data).__name__}")
    try:
        event = codec.decode(event_data)
    except Exception as exc:  # the codec's own errors name the kind and field
        raise _LineError(f"event cannot be decoded: {exc}") from exc
    return Recorded(event, stream, version, position, recorded_at, reported_at)


def _positive(value: object, field: str) -> int:
    if type(value) is not int or value < 1:
        raise _LineError(f"{field} must be a positive integer, not {value!r}")
    return value


def _time(value: object, field: str) -> datetime:
    if not isinstance(value, str):
        raise _LineError(f"{field} must be an ISO 8601 string, not {value!r}")
    try:
        at = datetime.fromisoformat(value)
    except ValueError as exc:
        raise _LineError(f"{field} {value!r} is not an ISO 8601 date and time") from exc
    if at.utcoffset() is None:
        raise _LineError(f"{field} {value!r} is a naive time: it needs a UTC offset (e.g. 'Z')")
    try:
        return at.astimezone(UTC)
    except OverflowError as exc:  # 0001-01-01T00:00+01:00 is before year 1 in UTC
        raise _LineError(
            f"{field} {value!r} is out of range: in UTC it falls outside years 1-9999"
        ) from exc
