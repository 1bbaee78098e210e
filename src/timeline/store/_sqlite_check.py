"""The integrity checks of a SQLite store: on every read, and on demand.

:func:`gapless` guards every read of the log; :func:`integrity_problems` is
:meth:`SQLiteStore.check` (and ``timeline check``).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from typing import Any, Final

from timeline import codec
from timeline.errors import StoreFormatError
from timeline.events import content_id
from timeline.store._sqlite_schema import COLUMNS

_LIMIT: Final = 20  # problems listed per kind; the rest are counted
_CONTENT_ID: Final = re.compile(r"ev-[0-9a-f]{16}")
_BATCH: Final = 1000


def gapless(
    pages: Iterator[list[Any]], first: int, last: int, what: str, path: str, column: int
) -> Iterator[list[Any]]:
    """Pages of rows, checked to number ``first`` to ``last`` (``row[column]``) without a gap.

    A damaged file can lose rows without SQLite noticing: this makes that an
    error at the first missing one (after the rows before it), never a short
    read in silence. Rows come in order of distinct numbers, so a page is
    whole when its first and last rows are where they should be: one check
    per page, not per row.
    """
    expected = first
    for rows in pages:
        n = len(rows)
        if rows[0][column] == expected and rows[-1][column] == expected + n - 1:
            yield rows
            expected += n
            continue
        whole = 0
        while whole < n and rows[whole][column] == expected:
            whole += 1
            expected += 1
        if whole:
            yield rows[:whole]
        break
    if expected <= last:
        raise StoreFormatError(
            f"{path!r} is damaged: {what} {expected} is missing (the store says it "
            f"runs to {last}); run 'timeline check' on it and restore it from a copy "
            "or a JSON Lines export"
        )


class _Problems:
    """Problems found, at most :data:`_LIMIT` listed of each kind."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._counts: dict[str, int] = {}

    def add(self, kind: str, text: str) -> None:
        count = self._counts.get(kind, 0) + 1
        self._counts[kind] = count
        if count <= _LIMIT:
            self.lines.append(text)

    def finish(self) -> list[str]:
        for kind, count in self._counts.items():
            if count > _LIMIT:
                self.lines.append(f"... and {count - _LIMIT} more problems of {kind}")
        return self.lines


def integrity_problems(conn: sqlite3.Connection, version: int, *, deep: bool) -> list[str]:
    """Every problem found in the store on ``conn`` (schema ``version``); empty if sound.

    SQLite's own check (``quick_check``, or the slower ``integrity_check`` when
    ``deep``), then one pass over the log: positions gapless from 1, versions
    gapless from 1 in each stream, every event decodable and recorded under
    its own id. ``deep`` also encodes every event again (the text must come
    back byte for byte) and recomputes content ids.
    """
    problems = _Problems()
    pragma = "integrity_check" if deep else "quick_check"
    try:
        rows = conn.execute(f"PRAGMA {pragma}").fetchall()
    except sqlite3.Error as exc:
        return [f"SQLite's {pragma} failed: {exc}"]
    for (row,) in rows:
        if row != "ok":
            problems.add("SQLite", f"SQLite {pragma}: {row}")
    try:
        _check_log(conn, version, problems, deep=deep)
    except sqlite3.Error as exc:
        problems.add("reading", f"reading the events failed: {exc}")
    return problems.finish()


def _rows(conn: sqlite3.Connection) -> Iterator[tuple[object, ...]]:
    after = 0
    while True:
        page = conn.execute(
            "SELECT position, stream, version, event_id, data FROM events "
            "WHERE position > ? ORDER BY position LIMIT ?",
            (after, _BATCH),
        ).fetchall()
        yield from page
        if len(page) < _BATCH:
            return
        after = int(page[-1][0])


def _check_log(conn: sqlite3.Connection, version: int, problems: _Problems, *, deep: bool) -> None:
    if set(COLUMNS[version]) - {row[1] for row in conn.execute("PRAGMA table_info(events)")}:
        problems.add("schema", "the 'events' table lacks columns of its schema version")
        return
    expected = 1
    versions: dict[object, int] = {}
    for position, stream, stream_version, event_id, data in _rows(conn):
        if position != expected:
            problems.add(
                "positions",
                f"position {expected} is missing (the next recorded position is {position})",
            )
            expected = position if isinstance(position, int) else expected
        expected += 1
        want = versions.get(stream, 0) + 1
        if stream_version != want:
            problems.add(
                "versions",
                f"stream {stream!r}: version {want} is missing (position {position} "
                f"holds version {stream_version})",
            )
        versions[stream] = stream_version if isinstance(stream_version, int) else want
        _check_event(position, event_id, data, problems, deep=deep)
    head = conn.execute("SELECT coalesce(max(position), 0) FROM events").fetchone()[0]
    if head != expected - 1:
        problems.add(
            "positions", f"the head is at position {head}, but positions run to {expected - 1}"
        )


def _check_event(
    position: object, event_id: object, data: object, problems: _Problems, *, deep: bool
) -> None:
    where = f"position {position}"
    if not isinstance(data, str):
        problems.add("events", f"{where}: the event is not text ({type(data).__name__})")
        return
    try:
        event = codec.loads(data)
    except Exception as exc:  # corrupt text, or written by a newer codec
        problems.add("events", f"{where}: the event cannot be decoded: {exc}")
        return
    if event.id != event_id:
        problems.add("events", f"{where}: recorded as {event_id!r}, the event says {event.id!r}")
    if not deep:
        return
    if codec.dumps(event) != data:
        problems.add("events", f"{where}: the event does not encode back to its recorded text")
    if _CONTENT_ID.fullmatch(event.id) and content_id(event) != event.id:
        problems.add(
            "content ids",
            f"{where}: {event.id!r} has the form of a content id but its content hashes to "
            f"{content_id(event)!r} (altered, or an id given by hand)",
        )
