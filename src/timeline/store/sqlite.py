"""The SQLite store: one file, WAL, append-only enforced by the schema too.

Layout (schema version 2, in ``PRAGMA user_version``; the file is marked as a
timeline store by ``PRAGMA application_id``)::

    events(position INTEGER PRIMARY KEY,   -- global, gapless from 1
           stream TEXT, version INTEGER,   -- UNIQUE (stream, version)
           event_id TEXT UNIQUE,           -- its index serves get() and contains()
           recorded_at INTEGER,            -- microseconds since 1970-01-01 UTC
           data TEXT,                      -- the event, as codec.dumps text
           reported_at INTEGER)            -- microseconds, or NULL (schema 2)

Schema evolution: a version 1 file (no ``reported_at``) is migrated in place
when it is opened, in one transaction that only adds the column (``ALTER
TABLE ... ADD COLUMN``: no recorded row is rewritten, and the triggers stay).
A version 1 file that cannot be written (read-only) is read as it is, every
``reported_at`` ``None``.

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
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from itertools import repeat
from typing import Any, Final, Literal

from timeline import codec
from timeline.errors import StoreError, StoreFormatError
from timeline.events import Event
from timeline.store._checks import _IdInUse
from timeline.store.base import EventStore, Known
from timeline.store.records import Recorded

__all__ = ["APPLICATION_ID", "SCHEMA_VERSION", "SQLiteStore"]

APPLICATION_ID: Final = 0x746D6C6E  # "tmln"
"""The ``PRAGMA application_id`` that marks a SQLite file as a timeline store."""

SCHEMA_VERSION: Final = 2
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
    reported_at INTEGER,
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

# Each schema version before this one, and the statements that bring it one step up.
_MIGRATIONS: Final = {1: ("ALTER TABLE events ADD COLUMN reported_at INTEGER",)}

_INSERT: Final = (
    "INSERT INTO events (position, stream, version, event_id, recorded_at, data, reported_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)
_COLUMNS: Final = "SELECT position, stream, version, recorded_at, data, {} FROM events"
_SQLITE_READONLY: Final = 8


def _micros(at: datetime) -> int:
    delta = at - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _micros_or_none(at: datetime | None) -> int | None:
    return None if at is None else _micros(at)


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
        self._select = _COLUMNS.format("reported_at")
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
            if user_version not in _MIGRATIONS:
                raise StoreFormatError(
                    f"{self.path!r} has unknown timeline schema version {user_version}"
                )
            self._migrate()
        conn.execute("PRAGMA journal_mode = WAL")

    def _migrate(self) -> None:
        """Bring an older schema up to :data:`SCHEMA_VERSION` in one transaction.

        Migrations only add (columns, indexes): recorded rows are never
        rewritten. A file that cannot be written is read as it is.
        """
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if _is_readonly(exc):
                self._read_as_version(self._identity()[1])
                return
            raise StoreError(f"cannot upgrade {self.path!r}: {exc}") from exc
        try:
            version = self._identity()[1]  # another process may have migrated it meanwhile
            while version < SCHEMA_VERSION:
                for statement in _MIGRATIONS[version]:
                    conn.execute(statement)
                version += 1
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            conn.execute("ROLLBACK")
            if not _is_readonly(exc):
                raise StoreError(f"cannot upgrade {self.path!r}: {exc}") from exc
            self._read_as_version(self._identity()[1])
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _read_as_version(self, version: int) -> None:
        """Read an older schema without migrating it (a read-only file)."""
        if version < 2:
            self._select = _COLUMNS.format("NULL")

    def _identity(self) -> tuple[int, int]:
        application_id = self._conn.execute("PRAGMA application_id").fetchone()[0]
        user_version = self._conn.execute("PRAGMA user_version").fetchone()[0]
        return int(application_id), int(user_version)

    # -- writing --------------------------------------------------------------

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._check_open()
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise StoreError(f"could not start a write on {self.path!r}: {exc}") from exc
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _tail(self) -> tuple[int, datetime | None]:
        row = self._conn.execute(
            "SELECT position, recorded_at FROM events ORDER BY position DESC LIMIT 1"
        ).fetchone()
        if row is None:
            return 0, None
        return int(row[0]), self._to_datetime(int(row[1]))

    def _recorded(self, ids: list[str]) -> Known:
        found: dict[str, tuple[str, int, Event | None]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            with self._lock:
                self._check_open()
                rows = self._conn.execute(
                    "SELECT event_id, stream, position, data FROM events "
                    f"WHERE event_id IN ({marks})",
                    chunk,
                ).fetchall()
            for event_id, stream, position, data in rows:
                found[event_id] = (stream, position, _loads_or_none(data))
        return found

    def _lookup(self, event_id: str) -> Recorded | None:
        return next(
            self._pages(self._select + " WHERE event_id = ? LIMIT ?", None, (event_id, 1)), None
        )

    def _insert(
        self,
        stream: str,
        events: list[Event],
        ids: list[str],
        version: int,
        position: int,
        recorded_at: datetime,
        reported_at: datetime | None,
    ) -> None:
        n = len(events)
        try:
            self._conn.executemany(
                _INSERT,
                zip(
                    range(position, position + n),
                    repeat(stream, n),
                    range(version, version + n),
                    ids,
                    repeat(_micros(recorded_at), n),
                    map(codec.dumps, events),
                    repeat(_micros_or_none(reported_at), n),
                    strict=True,
                ),
            )
        except sqlite3.IntegrityError as exc:
            # Positions and versions were read in this transaction: only an id can clash.
            raise _IdInUse from exc

    def _insert_records(self, records: Sequence[Recorded]) -> None:
        self._conn.executemany(
            _INSERT,
            [
                (
                    record.position,
                    record.stream,
                    record.version,
                    record.event.id,
                    _micros(record.recorded_at),
                    codec.dumps(record.event),
                    _micros_or_none(record.reported_at),
                )
                for record in records
            ],
        )

    # -- reading --------------------------------------------------------------

    def _read_stream(self, stream: str, from_version: int) -> Iterator[Recorded]:
        last = self._stream_version(stream)
        return self._pages(
            self._select + " WHERE stream = ? AND version >= ? AND version <= ? "
            "ORDER BY version LIMIT ?",
            lambda row: (stream, row[2] + 1, last, _PAGE),
            (stream, from_version, last, _PAGE),
        )

    def _read_after(self, after: int) -> Iterator[Recorded]:
        last = self.head
        return self._pages(
            self._select + " WHERE position > ? AND position <= ? ORDER BY position LIMIT ?",
            lambda row: (row[0], last, _PAGE),
            (after, last, _PAGE),
        )

    def _pages(
        self,
        query: str,
        following: Callable[[Any], tuple[object, ...]] | None,
        first: tuple[object, ...],
    ) -> Iterator[Recorded]:
        """Run ``query`` page by page (the lock is held per page, not while yielding)."""
        params: tuple[object, ...] | None = first
        loads = codec.loads_trusted  # rows this store wrote: no re-validation
        to_datetime = self._to_datetime
        while params is not None:
            with self._lock:
                self._check_open()
                rows = self._conn.execute(query, params).fetchall()
            if not rows:
                return
            params = None
            if following is not None and len(rows) == _PAGE:
                params = following(rows[-1])
            positions, streams, versions, stamps, texts, reported = zip(*rows, strict=True)
            times: dict[int | None, datetime | None] = {None: None}
            times.update(
                (stamp, to_datetime(stamp)) for stamp in set(stamps) | set(reported) - {None}
            )
            yield from map(
                Recorded,
                map(loads, texts),
                streams,
                versions,
                positions,
                map(times.__getitem__, stamps),
                map(times.__getitem__, reported),
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

    def _stream_version(self, stream: str) -> int:
        version = self._scalar("SELECT max(version) FROM events WHERE stream = ?", (stream,))
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


def _loads_or_none(text: str) -> Event | None:
    """A recorded event, or ``None`` if this version cannot read it (so it matches nothing)."""
    try:  # written by another codec version?
        return codec.loads(text)
    except Exception:
        return None


def _is_readonly(exc: sqlite3.Error) -> bool:
    """Whether SQLite refused a write because the file (or its directory) is read-only."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF == _SQLITE_READONLY
    return "readonly" in str(exc)


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
