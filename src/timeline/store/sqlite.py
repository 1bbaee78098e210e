"""The SQLite store: one file, WAL, append-only enforced by the schema too.

Layout (schema version 1, in ``PRAGMA user_version``; the file is marked as a
timeline store by ``PRAGMA application_id``)::

    events(position INTEGER PRIMARY KEY,   -- global, gapless from 1
           stream TEXT, version INTEGER,   -- UNIQUE (stream, version)
           event_id TEXT UNIQUE,
           recorded_at INTEGER,            -- microseconds since 1970-01-01 UTC
           data TEXT)                      -- the event, as codec.dumps text

Triggers refuse every UPDATE and DELETE on ``events``, and every INSERT that
does not continue the log (next position, next version of its stream, unused
event id), so not even a careless SQL client (or ``INSERT OR REPLACE``) can
rewrite history.

Each append is one ``BEGIN IMMEDIATE`` transaction (one ``executemany``), so a
batch is recorded whole or not at all, even if the process is killed. Several
processes may share a file: the write lock serialises them and expected
versions are checked inside the transaction.

Thread-safety: a store object holds one connection guarded by a lock, so it can
be shared between threads (they take turns). Use one store object per process.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from itertools import repeat
from typing import Any, Final, Literal

from timeline import codec
from timeline.events import Event
from timeline.store.base import (
    AppendResult,
    ConcurrencyError,
    DuplicateEventError,
    EventStore,
    ExpectedVersion,
    Recorded,
    StoreError,
    StoreFormatError,
    _check_continuation,
    _check_count,
    _check_stream,
    _verify_expected,
)

__all__ = ["APPLICATION_ID", "SCHEMA_VERSION", "SQLiteStore"]

APPLICATION_ID: Final = 0x746D6C6E  # "tmln"
"""The ``PRAGMA application_id`` that marks a SQLite file as a timeline store."""

SCHEMA_VERSION: Final = 1
"""The schema version this code writes (``PRAGMA user_version``)."""

_PAGE: Final = 1000
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)

_SCHEMA: Final = f"""
CREATE TABLE events (
    position    INTEGER PRIMARY KEY,
    stream      TEXT    NOT NULL,
    version     INTEGER NOT NULL CHECK (version >= 1),
    event_id    TEXT    NOT NULL UNIQUE,
    recorded_at INTEGER NOT NULL,
    data        TEXT    NOT NULL,
    UNIQUE (stream, version)
);
CREATE INDEX events_recorded_at ON events (recorded_at);
CREATE INDEX events_stream_start ON events (position) WHERE version = 1;
CREATE TRIGGER events_refuse_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'timeline store: recorded events cannot be updated');
END;
CREATE TRIGGER events_refuse_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'timeline store: recorded events cannot be deleted');
END;
CREATE TRIGGER events_append_only BEFORE INSERT ON events
WHEN NEW.position IS NOT coalesce((SELECT max(position) FROM events), 0) + 1
  OR NEW.version IS NOT coalesce(
         (SELECT max(version) FROM events WHERE stream = NEW.stream), 0) + 1
  OR EXISTS (SELECT 1 FROM events WHERE event_id = NEW.event_id)
BEGIN
    SELECT RAISE(ABORT, 'timeline store: append only (next position and version, new event id)');
END;
PRAGMA application_id = {APPLICATION_ID};
PRAGMA user_version = {SCHEMA_VERSION};
"""

_INSERT: Final = (
    "INSERT INTO events (position, stream, version, event_id, recorded_at, data) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)
_SELECT: Final = "SELECT position, stream, version, recorded_at, data FROM events"


def _micros(at: datetime) -> int:
    delta = at - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


class SQLiteStore(EventStore):
    """An append-only event store in one SQLite file (WAL mode).

    >>> import tempfile, os
    >>> with SQLiteStore(os.path.join(tempfile.mkdtemp(), "t.db")) as store:
    ...     store.head
    0

    See :class:`~timeline.store.EventStore` for the contract, and the module
    documentation for the layout and the thread and process rules.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        synchronous: Literal["FULL", "NORMAL"] = "FULL",
        timeout: float = 10.0,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        """Open the store in ``path``, creating the file if it does not exist.

        Args:
            path: the database file (``":memory:"`` for a throwaway store).
            synchronous: ``"FULL"`` (the default) makes every acknowledged
                append survive a power cut; ``"NORMAL"`` is faster and still
                survives the process being killed, but a power cut may lose
                the last appends (never part of one).
            timeout: seconds to wait for another process's write lock.
            clock: see :class:`~timeline.store.EventStore`.

        Raises:
            StoreFormatError: the file is not a timeline store, or was written
                by a newer version of this library.
        """
        super().__init__(clock=clock)
        if synchronous not in ("FULL", "NORMAL"):
            raise StoreError(f"synchronous must be 'FULL' or 'NORMAL', not {synchronous!r}")
        self.path = os.fspath(path)
        """The database file."""
        self._lock = threading.RLock()
        try:
            self._conn = sqlite3.connect(
                self.path, timeout=timeout, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            self._closed = True
            raise StoreError(f"cannot open {self.path!r}: {exc}") from exc
        try:
            self._open_schema()
            self._conn.execute(f"PRAGMA synchronous = {synchronous}")
        except BaseException:
            self._conn.close()
            self._closed = True
            raise
        self._time_cache: tuple[int, datetime] = (0, _EPOCH)

    def __repr__(self) -> str:
        state = "closed" if self._closed else f"{self.head} events"
        return f"<SQLiteStore {self.path!r}: {state}>"

    # -- schema ---------------------------------------------------------------

    def _open_schema(self) -> None:
        conn = self._conn
        try:
            application_id, user_version = self._identity()
        except sqlite3.OperationalError as exc:  # locked, unreadable, ...
            raise StoreError(f"cannot open {self.path!r}: {exc}") from exc
        except sqlite3.DatabaseError as exc:
            raise StoreFormatError(
                f"{self.path!r} is not a timeline store (SQLite says: {exc})"
            ) from exc
        if application_id == 0 and user_version == 0:
            conn.execute("BEGIN IMMEDIATE")
            try:
                application_id, user_version = self._identity()
                if application_id == 0 and user_version == 0:
                    if conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                        raise StoreFormatError(
                            f"{self.path!r} is a SQLite database but not a timeline "
                            "store (it has other tables and no timeline marker)"
                        )
                    for statement in _split(_SCHEMA):
                        conn.execute(statement)
                    application_id, user_version = APPLICATION_ID, SCHEMA_VERSION
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        if application_id != APPLICATION_ID:
            raise StoreFormatError(
                f"{self.path!r} is a SQLite database but not a timeline store "
                f"(application_id {application_id:#x}, expected {APPLICATION_ID:#x})"
            )
        if user_version > SCHEMA_VERSION:
            raise StoreFormatError(
                f"{self.path!r} is a timeline store of schema version {user_version}, "
                f"newer than this library reads ({SCHEMA_VERSION}); upgrade timeline"
            )
        if user_version < SCHEMA_VERSION:
            raise StoreFormatError(
                f"{self.path!r} has unknown timeline schema version {user_version}"
            )
        conn.execute("PRAGMA journal_mode = WAL")

    def _identity(self) -> tuple[int, int]:
        application_id = self._conn.execute("PRAGMA application_id").fetchone()[0]
        user_version = self._conn.execute("PRAGMA user_version").fetchone()[0]
        return int(application_id), int(user_version)

    # -- writing --------------------------------------------------------------

    def _append(self, stream: str, events: list[Event], expected: ExpectedVersion) -> AppendResult:
        n = len(events)
        ids = [event.id for event in events]
        texts = list(map(codec.dumps, events))
        with self._lock:
            self._check_open()
            if len(set(ids)) == n:
                conn = self._begin()
                try:
                    current, head, last = self._tail(stream)
                    _verify_expected(stream, expected, current)
                    if n:
                        at = _micros(self._stamp(self._to_datetime(last) if head else None))
                        conn.executemany(
                            _INSERT,
                            zip(
                                range(head + 1, head + n + 1),
                                repeat(stream, n),
                                range(current + 1, current + n + 1),
                                ids,
                                repeat(at, n),
                                texts,
                                strict=True,
                            ),
                        )
                    conn.execute("COMMIT")
                    return AppendResult(current + n, tuple(range(head + 1, head + n + 1)), n)
                except (sqlite3.IntegrityError, ConcurrencyError):
                    conn.execute("ROLLBACK")
                    # A reused event id: sort repeats from new events below.
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
            return self._append_with_repeats(stream, events, ids, texts, expected)

    def _append_with_repeats(
        self,
        stream: str,
        events: list[Event],
        ids: list[str],
        texts: list[str],
        expected: ExpectedVersion,
    ) -> AppendResult:
        """The slow path of an append: some ids may be recorded already. Lock held."""
        conn = self._begin()
        try:
            current, head, last = self._tail(stream)
            if not events:
                _verify_expected(stream, expected, current)
            known = self._known(ids)
            rows: list[tuple[int, str, int, str, int, str]] = []
            positions: list[int] = []
            in_batch: dict[str, tuple[Event, str, int]] = {}
            at = _micros(self._stamp(self._to_datetime(last) if head else None))
            for event, event_id, text in zip(events, ids, texts, strict=True):
                if event_id in known:
                    other_stream, position, other_text = known[event_id]
                    if other_stream != stream or not _same(other_text, text, event):
                        raise DuplicateEventError(event_id, other_stream, position, stream)
                    positions.append(position)
                elif event_id in in_batch:
                    earlier, earlier_text, position = in_batch[event_id]
                    if earlier_text != text and earlier != event:
                        raise DuplicateEventError(event_id, stream, None, stream)
                    positions.append(position)
                else:
                    position = head + len(rows) + 1
                    rows.append((position, stream, current + len(rows) + 1, event_id, at, text))
                    in_batch[event_id] = (event, text, position)
                    positions.append(position)
            if rows:
                _verify_expected(stream, expected, current)
                conn.executemany(_INSERT, rows)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return AppendResult(current + len(rows), tuple(positions), len(rows))

    def _begin(self) -> sqlite3.Connection:
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(f"could not start a write on {self.path!r}: {exc}") from exc
        return self._conn

    def _tail(self, stream: str) -> tuple[int, int, int]:
        """(version of ``stream``, head position, last recorded_at in µs)."""
        conn = self._conn
        version = conn.execute(
            "SELECT max(version) FROM events WHERE stream = ?", (stream,)
        ).fetchone()[0]
        row = conn.execute(
            "SELECT position, recorded_at FROM events ORDER BY position DESC LIMIT 1"
        ).fetchone()
        head, last = row if row is not None else (0, 0)
        return int(version or 0), int(head), int(last)

    def _known(self, ids: list[str]) -> dict[str, tuple[str, int, str]]:
        """The recorded ``(stream, position, data)`` of those of ``ids`` already used."""
        found: dict[str, tuple[str, int, str]] = {}
        unique = list(dict.fromkeys(ids))
        for start in range(0, len(unique), 500):
            chunk = unique[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for event_id, stream, position, data in self._conn.execute(
                f"SELECT event_id, stream, position, data FROM events WHERE event_id IN ({marks})",
                chunk,
            ):
                found[event_id] = (stream, position, data)
        return found

    def _restore(self, records: Sequence[Recorded]) -> None:
        rows = [
            (
                record.position,
                record.stream,
                record.version,
                record.event.id,
                _micros(record.recorded_at),
                codec.dumps(record.event),
            )
            for record in records
        ]
        with self._lock:
            self._check_open()
            conn = self._begin()
            try:
                _check_continuation(self, records, lambda i: bool(self._known([i])))
                conn.executemany(_INSERT, rows)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        if rows and self._subscriptions:
            self._notify()

    # -- reading --------------------------------------------------------------

    def read(self, stream: str, from_version: int = 0) -> Iterator[Recorded]:
        """Iterate the events of ``stream`` whose version is ``>= from_version``."""
        _check_stream(stream)
        start = _check_count(from_version, "from_version")
        last = self.stream_version(stream)
        return self._pages(
            _SELECT + " WHERE stream = ? AND version >= ? AND version <= ? "
            "ORDER BY version LIMIT ?",
            lambda row: (stream, row[2] + 1, last, _PAGE),
            (stream, start, last, _PAGE),
        )

    def _read_after(self, after: int) -> Iterator[Recorded]:
        last = self.head
        return self._pages(
            _SELECT + " WHERE position > ? AND position <= ? ORDER BY position LIMIT ?",
            lambda row: (row[0], last, _PAGE),
            (after, last, _PAGE),
        )

    def _pages(
        self,
        query: str,
        following: Callable[[Any], tuple[object, ...]],
        first: tuple[object, ...],
    ) -> Iterator[Recorded]:
        """Run ``query`` page by page (the lock is held per page, not while yielding)."""
        params: tuple[object, ...] | None = first
        loads = codec.loads
        to_datetime = self._to_datetime
        while params is not None:
            with self._lock:
                self._check_open()
                rows = self._conn.execute(query, params).fetchall()
            if not rows:
                return
            params = following(rows[-1]) if len(rows) == _PAGE else None
            positions, streams, versions, stamps, texts = zip(*rows, strict=True)
            times = {stamp: to_datetime(stamp) for stamp in set(stamps)}
            yield from map(
                Recorded,
                map(loads, texts),
                streams,
                versions,
                positions,
                map(times.__getitem__, stamps),
            )

    def _to_datetime(self, micros: int) -> datetime:
        cached = self._time_cache
        if cached[0] == micros:
            return cached[1]
        value = _EPOCH + timedelta(microseconds=micros)
        self._time_cache = (micros, value)
        return value

    def _scalar(self, query: str, params: tuple[object, ...] = ()) -> Any:
        with self._lock:
            self._check_open()
            return self._conn.execute(query, params).fetchone()[0]

    def streams(self) -> list[str]:
        """The names of the streams that have events, in order of their first event."""
        with self._lock:
            self._check_open()
            rows = self._conn.execute(
                "SELECT stream FROM events WHERE version = 1 ORDER BY position"
            ).fetchall()
        return [row[0] for row in rows]

    def stream_version(self, stream: str) -> int:
        """The version of ``stream``: its number of events (0 if it has none)."""
        version = self._scalar(
            "SELECT max(version) FROM events WHERE stream = ?", (_check_stream(stream),)
        )
        return int(version or 0)

    @property
    def head(self) -> int:
        """The position of the last recorded event (0 when the store is empty)."""
        return int(self._scalar("SELECT coalesce(max(position), 0) FROM events"))

    # -- lifetime -------------------------------------------------------------

    def close(self) -> None:
        """Close the connection (and every subscription). Safe to call twice."""
        with self._lock:
            if not self._closed:
                self._conn.close()
            super().close()


def _same(recorded_text: str, text: str, event: Event) -> bool:
    """Whether a recorded event (as text) has the same content as ``event``."""
    if recorded_text == text:
        return True
    try:  # written by another codec version?
        return bool(codec.loads(recorded_text) == event)
    except Exception:
        return False


def _split(script: str) -> list[str]:
    """Split the schema script into statements (triggers contain ``;``)."""
    statements: list[str] = []
    current = ""
    for line in script.strip().splitlines():
        current += line + "\n"
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return statements
