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

Faults: every SQLite error becomes a :class:`StoreError` naming the file and
the cause (a damaged file a :class:`StoreFormatError`), and a failed append
leaves the store as it was. Reads check that positions (and a stream's
versions) run without a gap up to the head, so a damaged page is never a short
read in silence; :meth:`SQLiteStore.check` checks the whole file. A store opened
with ``read_only=True`` is never created, migrated or written.

Thread-safety: a store object holds one connection guarded by a lock, so it can
be shared between threads (they take turns). Use one store object per process.

Other processes: subscriptions and followers hear appends made by other
processes (or other store objects) on the same file. SQLite cannot notify, so
the store polls ``PRAGMA data_version`` (a counter that changes when another
connection commits) every ``poll_interval`` seconds, 0.05 by default, in a
daemon thread started with the first subscription or follower: such events
arrive within about that interval. Appends through the store object itself
are delivered at once.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from itertools import chain, repeat
from typing import Any, Final, Literal

from timeline import codec
from timeline.errors import StoreError, StoreFormatError, StoreInputError, TimelineError
from timeline.events import Event
from timeline.store._checks import Reported, _each_reported, _IdInUse
from timeline.store._poller import _Poller
from timeline.store._repeats import Known
from timeline.store._sqlite_check import gapless, integrity_problems
from timeline.store._sqlite_schema import APPLICATION_ID as _APPLICATION_ID
from timeline.store._sqlite_schema import (
    COLUMNS,
    MIGRATIONS,
    check_columns,
    create,
    folder_writable,
    identity,
    migrate,
    rollback,
    store_error,
)
from timeline.store._sqlite_schema import SCHEMA_VERSION as _SCHEMA_VERSION
from timeline.store.base import EventStore
from timeline.store.records import Recorded

__all__ = ["APPLICATION_ID", "SCHEMA_VERSION", "SQLiteStore"]

APPLICATION_ID: Final = _APPLICATION_ID
"""The ``PRAGMA application_id`` that marks a SQLite file as a timeline store."""

SCHEMA_VERSION: Final = _SCHEMA_VERSION
"""The schema version this code writes (``PRAGMA user_version``)."""

_PAGE: Final = 1000
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
# Stores up to this many pages (8 MiB of 4 KiB pages) get SQLite's quick_check at
# every open: a damaged page is then refused at once, not met halfway through a read.
_QUICK_CHECK_PAGES: Final = 2048

_INSERT: Final = (
    "INSERT INTO events (position, stream, version, event_id, recorded_at, data, reported_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)
_COLUMNS: Final = "SELECT position, stream, version, recorded_at, data, {} FROM events"


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
        read_only: bool = False,
        quick_check: bool = True,
        poll_interval: float = 0.05,
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
            read_only: open an existing store for reading only (SQLite's
                ``mode=ro``; ``immutable=1`` too when its folder cannot be
                written): the file is never created, migrated or written,
                and :meth:`append` raises :class:`StoreError`.
            quick_check: run SQLite's ``quick_check`` when opening a store of
                up to 8 MiB, refusing a damaged file at once; ``False`` skips
                it (:meth:`check` runs it and more).
            poll_interval: seconds between checks for appends by other
                processes while anyone subscribes or follows (the latency of
                hearing them; a positive number).

        Raises:
            StoreFormatError: the file is not a timeline store, was written
                by a newer version of this library, or is damaged.
            StoreError: the file cannot be opened (or, read-only, does not exist).
        """
        super().__init__(clock=clock)
        self._select = _COLUMNS.format("reported_at")
        if synchronous not in ("FULL", "NORMAL"):
            raise StoreError(f"synchronous must be 'FULL' or 'NORMAL', not {synchronous!r}")
        self.path = os.fspath(path)
        """The database file."""
        self.read_only = bool(read_only)
        """Whether the store was opened for reading only."""
        self._version = SCHEMA_VERSION
        self._quick_check = quick_check
        self._poll_interval = _check_interval(poll_interval)
        self._poller: _Poller | None = None
        self._lock = threading.RLock()
        try:
            self._conn = self._connect(timeout)
        except sqlite3.Error as exc:
            self._closed = True
            raise StoreError(f"cannot open {self.path!r}: {exc}") from exc
        try:
            self._open_schema()
            self._conn.execute(f"PRAGMA synchronous = {synchronous}")
        except BaseException as exc:
            self._conn.close()
            self._closed = True
            if isinstance(exc, sqlite3.Error):
                raise store_error(exc, self.path, "opening") from exc
            raise
        self._time_cache: tuple[int, datetime] = (0, _EPOCH)

    def __repr__(self) -> str:
        state = "closed" if self._closed else f"{self.head} events"
        return f"<SQLiteStore {self.path!r}: {state}>"

    def _connect(self, timeout: float) -> sqlite3.Connection:
        if not self.read_only:
            return sqlite3.connect(
                self.path, timeout=timeout, isolation_level=None, check_same_thread=False
            )
        if self.path == ":memory:" or not os.path.isfile(self.path):
            raise StoreError(
                f"cannot open {self.path!r} read-only: no such file "
                "(a read-only open never creates a store)"
            )
        uri = "file:" + urllib.parse.quote(os.path.abspath(self.path)) + "?mode=ro"
        if not folder_writable(self.path):
            # SQLite cannot make its WAL index beside the file: read it as it is, which
            # is only right if no committed appends wait in a write-ahead log.
            wal = self.path + "-wal"
            if os.path.exists(wal) and os.path.getsize(wal) > 0:
                raise StoreError(
                    f"cannot read {self.path!r}: its folder cannot be written and its "
                    "write-ahead log holds appends not yet in the file; copy the store "
                    "and its -wal file to a writable folder, or open it once with write access"
                )
            uri += "&immutable=1"
        return sqlite3.connect(
            uri, timeout=timeout, isolation_level=None, check_same_thread=False, uri=True
        )

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
            application_id, user_version = self._create()
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
            if user_version not in MIGRATIONS:
                raise StoreFormatError(
                    f"{self.path!r} has unknown timeline schema version {user_version}"
                )
            if self.read_only:
                self._read_as_version(user_version)  # never migrate a read-only open
            else:
                self._migrate()
        check_columns(conn, self.path, self._version)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        if self._quick_check and pages <= _QUICK_CHECK_PAGES:
            problems = [row for (row,) in conn.execute("PRAGMA quick_check") if row != "ok"]
            if problems:
                raise StoreFormatError(
                    f"{self.path!r} is damaged: SQLite's quick_check says {problems[0]!r} "
                    "(run 'timeline check' on it; restore it from a copy or a JSON Lines export)"
                )
        if not self.read_only:
            conn.execute("PRAGMA journal_mode = WAL")

    def _create(self) -> tuple[int, int]:
        """Write the schema into an empty file; the identity the file then has."""
        if self.read_only:
            raise StoreFormatError(
                f"{self.path!r} is not a timeline store (it is empty or another program's "
                "file); a read-only open never creates one"
            )
        return create(self._conn, self.path)

    def _migrate(self) -> None:
        """Bring an older schema up to :data:`SCHEMA_VERSION`; read a read-only file as it is."""
        unchanged = migrate(self._conn, self.path)
        if unchanged is not None:
            self._read_as_version(unchanged)

    def _read_as_version(self, version: int) -> None:
        """Read an older schema without migrating it (a read-only file)."""
        self._version = version
        if "reported_at" not in COLUMNS[version]:
            self._select = _COLUMNS.format("NULL")

    def _identity(self) -> tuple[int, int]:
        return identity(self._conn)

    def check(self, *, deep: bool = False) -> list[str]:
        """Check the store's integrity; every problem found, or an empty list if it is sound.

        SQLite's ``quick_check`` (``integrity_check`` when ``deep``), then the
        log: positions gapless from 1 up to :attr:`head`, versions gapless in
        each stream, every event decodable and recorded under its own id.
        ``deep`` also encodes every event again (byte for byte the recorded
        text) and recomputes content ids. Reads only; ``timeline check`` runs it.
        """
        with self._lock:
            self._check_open()
            return integrity_problems(self._conn, self._version, deep=deep)

    # -- writing --------------------------------------------------------------

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._check_open()
            if self.read_only:
                raise StoreError(f"cannot write to {self.path!r}: the store was opened read-only")
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise store_error(exc, self.path, "starting a write") from exc
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException as exc:
                rollback(self._conn)
                if isinstance(exc, sqlite3.Error):
                    raise store_error(exc, self.path, "writing") from exc
                raise

    @contextmanager
    def _sqlite(self, doing: str) -> Iterator[sqlite3.Connection]:
        """The connection, under the lock, with SQLite's errors turned into ours."""
        with self._lock:
            self._check_open()
            try:
                yield self._conn
            except sqlite3.Error as exc:
                raise store_error(exc, self.path, doing) from exc

    def _tail(self) -> tuple[int, datetime | None]:
        with self._sqlite("reading the head") as conn:
            row = conn.execute(
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
            with self._sqlite("looking up event ids") as conn:
                rows = conn.execute(
                    "SELECT event_id, stream, position, data FROM events "
                    f"WHERE event_id IN ({marks})",
                    chunk,
                ).fetchall()
            for event_id, stream, position, data in rows:
                found[event_id] = (stream, position, _loads_or_none(data))
        return found

    def _present(self, ids: list[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            with self._sqlite("looking up event ids") as conn:
                rows = conn.execute(
                    f"SELECT event_id FROM events WHERE event_id IN ({marks})", chunk
                ).fetchall()
            found.update(row[0] for row in rows)
        return found

    def _insert(
        self,
        stream: str,
        events: list[Event],
        ids: list[str],
        version: int,
        position: int,
        recorded_at: datetime,
        reported_at: Reported,
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
                    map(_micros_or_none, _each_reported(reported_at, n))
                    if isinstance(reported_at, list)
                    else repeat(_micros_or_none(reported_at), n),
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
        first = max(from_version, 1)
        pages = self._pages(
            self._select + " WHERE stream = ? AND version >= ? AND version <= ? "
            "ORDER BY version LIMIT ?",
            lambda row: (stream, row[2] + 1, last, _PAGE),
            (stream, from_version, last, _PAGE),
        )
        return self._recorded_of(
            gapless(pages, first, last, f"version of stream {stream!r}", self.path, 2)
        )

    def _read_after(self, after: int) -> Iterator[Recorded]:
        last = self.head
        pages = self._pages(
            self._select + " WHERE position > ? AND position <= ? ORDER BY position LIMIT ?",
            lambda row: (row[0], last, _PAGE),
            (after, last, _PAGE),
        )
        return self._recorded_of(gapless(pages, after + 1, last, "position", self.path, 0))

    def _read_kinds(self, after: int, kinds: frozenset[str]) -> Iterator[Recorded]:
        # Served by the events_kind index: catalog reads stay cheap on a large store.
        last = self.head
        marks = ", ".join("?" * len(kinds))
        names = tuple(sorted(kinds))
        return self._recorded_of(
            self._pages(
                self._select
                + f" WHERE json_extract(data, '$.kind') IN ({marks})"
                + " AND position > ? AND position <= ? ORDER BY position LIMIT ?",
                lambda row: (*names, row[0], last, _PAGE),
                (*names, after, last, _PAGE),
            )
        )

    def _read_constrained(self, after: int) -> Iterator[Recorded]:
        # Filtered on the stored text, so the events without constraints (nearly all) are
        # never decoded; the check reads only what it needs.
        self._check_open()
        last = self.head
        records = self._recorded_of(
            self._pages(
                self._select
                + " WHERE position > ? AND position <= ? AND instr(data, '\"constraints\":') > 0"
                + " ORDER BY position LIMIT ?",
                lambda row: (row[0], last, _PAGE),
                (after, last, _PAGE),
            )
        )
        return (r for r in records if r.event.constraints)

    def _lookup(self, event_id: str) -> Recorded | None:
        pages = self._pages(self._select + " WHERE event_id = ? LIMIT ?", None, (event_id, 1))
        return next(self._recorded_of(pages), None)

    def _pages(
        self,
        query: str,
        following: Callable[[Any], tuple[object, ...]] | None,
        first: tuple[object, ...],
    ) -> Iterator[list[Any]]:
        """Run ``query`` page by page: lists of rows (the lock is held per page, not between)."""
        params: tuple[object, ...] | None = first
        while params is not None:
            with self._sqlite("reading events") as conn:
                rows = conn.execute(query, params).fetchall()
            if not rows:
                return
            params = None
            if following is not None and len(rows) == _PAGE:
                params = following(rows[-1])
            yield rows

    def _recorded_of(self, pages: Iterator[list[Any]]) -> Iterator[Recorded]:
        # One iterator over the pages' records: no Python frame per record.
        return chain.from_iterable(map(self._records, pages))

    def _records(self, rows: list[Any]) -> Iterator[Recorded]:
        """The records of a page of rows; a row that cannot be read is a StoreFormatError."""
        to_datetime = self._to_datetime
        try:
            positions, streams, versions, stamps, texts, reported = zip(*rows, strict=True)
            times: dict[int | None, datetime | None] = {None: None}
            times.update(
                (stamp, to_datetime(stamp)) for stamp in set(stamps) | set(reported) - {None}
            )
            events = list(map(codec.loads_trusted, texts))  # rows this store wrote
        except Exception as exc:  # a damaged row, or an event of a kind unknown here
            raise self._unreadable(rows, exc) from exc
        return map(
            Recorded,
            events,
            streams,
            versions,
            positions,
            map(times.__getitem__, stamps),
            map(times.__getitem__, reported),
        )

    def _unreadable(self, rows: list[Any], exc: Exception) -> StoreFormatError:
        """The error for a page with a row that cannot be read: names the first such row."""
        position = rows[0][0] if rows else None
        for row in rows:
            try:
                codec.loads(row[4])
            except Exception:
                position = row[0]
                break
        hint = "" if isinstance(exc, TimelineError) else " (the file may be damaged)"
        return StoreFormatError(
            f"{self.path!r}: the event at position {position!r} cannot be read{hint}: "
            f"{exc}; run 'timeline check' on it"
        )

    def _to_datetime(self, micros: int) -> datetime:
        cached = self._time_cache
        if cached[0] == micros:
            return cached[1]
        value = _EPOCH + timedelta(microseconds=micros)
        self._time_cache = (micros, value)
        return value

    def _scalar(self, query: str, params: tuple[object, ...] = ()) -> Any:
        with self._sqlite("reading") as conn:
            return conn.execute(query, params).fetchone()[0]

    def streams(self) -> list[str]:
        """The names of the streams that have events, in order of their first event."""
        with self._sqlite("reading the streams") as conn:
            rows = conn.execute(
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

    # -- live consumers ---------------------------------------------------------

    def _watch(self) -> None:
        # One poller per store object, from the first consumer until the store closes.
        with self._lock:
            if self._poller is None and not self._closed and self.path != ":memory:":
                self._poller = _Poller(
                    lambda: self._scalar("PRAGMA data_version"),
                    self._notify,
                    self._poll_interval,
                    f"timeline poll {os.path.basename(self.path)}",
                )

    # -- lifetime -------------------------------------------------------------

    def close(self) -> None:
        """Close the connection (and every subscription). Safe to call twice."""
        with self._lock:
            if not self._closed:
                self._conn.close()
            super().close()
            poller, self._poller = self._poller, None
        if poller is not None:
            poller.stop()  # outside the lock: its last probe may be waiting for it


def _check_interval(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < 3600:
        raise StoreInputError(
            f"poll_interval: expected a number of seconds, more than 0 and under 3600, "
            f"not {value!r}",
            field="poll_interval",
        )
    return float(value)


def _loads_or_none(text: str) -> Event | None:
    """A recorded event, or ``None`` if this version cannot read it (so it matches nothing)."""
    try:  # written by another codec version?
        return codec.loads(text)
    except Exception:
        return None
