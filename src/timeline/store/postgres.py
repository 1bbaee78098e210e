"""The PostgreSQL store: one record for a team, writers on many machines.

Needs the ``postgres`` extra (``pip install 'timeline-ledger[postgres]'``:
psycopg 3 and psycopg-pool). This module imports without them; opening a
store without them raises :class:`~timeline.errors.StoreError` saying so.

Layout (schema version 1, created only by :meth:`PostgresStore.init_schema`
or ``timeline db init URL``, in the first schema of the ``search_path``)::

    timeline_schema(version integer)       -- one row: the schema version
    events(position    bigint PRIMARY KEY, -- global, gapless from 1
           stream      text,               -- UNIQUE (stream, version)
           version     bigint,
           event_id    text UNIQUE,        -- its index serves get() and contains()
           kind        text,               -- the event's kind, for SQL readers
           recorded_at timestamptz,
           reported_at timestamptz NULL,
           data        text)               -- the event, as codec.dumps text, byte-exact

Triggers refuse every UPDATE, DELETE and TRUNCATE on ``events``: history cannot
be rewritten through SQL either. A writer role needs only ``SELECT`` and
``INSERT`` (see the PostgreSQL page of the docs for the GRANTs).

Positions readers can trust
    Every append is one transaction that first takes a transaction-scoped
    advisory lock (``pg_advisory_xact_lock``, keyed by the events table), then
    reads the head, inserts its rows (one ``COPY``) and commits. Appends are
    thus serialised, as eventsourcing's PostgreSQL recorder serialises its
    inserts with ``LOCK TABLE ... IN EXCLUSIVE MODE``: a transaction
    holding positions 11-20 can only start after the one holding 1-10 has
    committed, and PostgreSQL releases a transaction's locks only after its
    commit is visible. So positions become visible in order, without gaps, and
    a reader following ``read_all(after=n)`` never moves past an event that
    commits later. An advisory lock (rather than ``LOCK TABLE``) needs no
    privilege beyond ``INSERT``, and does not block readers. The cost is one
    writer at a time, which the benchmark measures; batches keep it cheap.

Failures
    A batch is one transaction, so it is recorded whole or not at all, even
    if the server process is killed. If the connection is lost before the
    commit was sent, the error says that nothing was recorded; if it is lost
    during the commit, the error says that the outcome is unknown. Either way
    appending the same batch again is safe: append is idempotent by event id.

Subscriptions across processes
    Every append that records something sends ``NOTIFY`` on the store's
    channel as it commits. :meth:`PostgresStore.subscribe` (and
    :meth:`~timeline.store.EventStore.follow`) starts a listener
    (one connection of its own) that wakes the subscriptions on each
    notification from another store object; they then read the new events back
    by position, so the notification is only a hint and nothing is missed or
    delivered twice. A lost listening connection is reopened, and the
    subscriptions resume after the last position they delivered.

Thread-safety: a store holds a connection pool; threads may share it.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

from timeline import codec
from timeline.errors import StoreError, StoreInputError
from timeline.events import Event
from timeline.store._checks import Reported, _each_reported, _IdInUse
from timeline.store._listener import _Listener
from timeline.store._postgres_schema import (
    _SCHEMA,
    SCHEMA_VERSION,
    _check_version,
    _configure,
    _connect,
    _driver,
    _schema_version,
)
from timeline.store._repeats import Known
from timeline.store._urls import _scrubbed, _shown
from timeline.store.base import EventStore
from timeline.store.records import Recorded
from timeline.store.subscription import Subscription

if TYPE_CHECKING:
    import psycopg
    import psycopg_pool

__all__ = ["SCHEMA_VERSION", "PostgresStore"]

_PAGE: Final = 1000
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_LOCK_CLASS: Final = 0x746D6C6E  # "tmln": the first key of every advisory lock taken here
# Times as microseconds since 1970: cheaper to read than timestamptz, and a batch shares one
# value, so each is converted once (as SQLite does). Whole seconds and the microseconds are
# extracted apart, so that it is exact also where extract() returns a double (before 14).
_MICROS: Final = (
    "(extract(epoch FROM date_trunc('second', {0}))::bigint * 1000000"
    " + extract(microseconds FROM {0})::bigint %% 1000000)"
)
_COLUMNS: Final = (
    "SELECT position, stream, version, "
    + _MICROS.format("recorded_at")
    + ", "
    + _MICROS.format("reported_at")
    + ", data FROM events"
)
_COPY: Final = (
    "COPY events (position, stream, version, event_id, kind, recorded_at, reported_at, data) "
    "FROM STDIN"
)


class PostgresStore(EventStore):
    """An append-only event store in a PostgreSQL database.

    Create the schema once with :meth:`init_schema` (or ``timeline db init
    URL``), then open the store by its URL. See
    :class:`~timeline.store.EventStore` for the contract, and the module
    documentation for the layout, the ordering of positions and failures.
    """

    def __init__(
        self,
        url: str,
        *,
        pool_size: int = 4,
        timeout: float = 10.0,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        """Open the store in the database at ``url`` (a ``postgresql://`` URL or libpq string).

        Args:
            url: where the database is; a ``search_path`` in its ``options``
                selects the schema holding the store.
            pool_size: the most connections the store opens at once.
            timeout: seconds to wait for a connection (and to connect).
            clock: see :class:`~timeline.store.EventStore`.

        Raises:
            StoreError: psycopg is not installed, or the server cannot be reached.
            StoreFormatError: the database holds no timeline store, a foreign
                ``events`` table, or a store of a newer schema.
        """
        super().__init__(clock=clock)
        self._closed = True  # until the pool is open
        if not isinstance(url, str):
            raise StoreInputError(f"a PostgreSQL URL must be a str, not {type(url).__name__}")
        psycopg, pool = _driver()
        self._errors: Any = psycopg
        self._url = url
        self.location: str = _shown(url)
        """The URL, without its password (for messages)."""
        self._timeout = timeout
        self._local = threading.local()
        with _connect(url, timeout, self.location) as conn:
            try:
                _check_version(_schema_version(conn, self.location), self.location)
                row = conn.execute("SELECT 'events'::regclass::oid::int").fetchone()
            except psycopg.Error as exc:
                raise StoreError(
                    f"cannot read the store at {self.location}: {self._scrub(exc)}"
                ) from exc
        self._lock_key = int(row[0]) if row else 0
        self._channel = f"timeline_events_{self._lock_key & 0xFFFFFFFF}"
        self._listener: _Listener | None = None
        self._listener_lock = threading.Lock()
        self._token = uuid.uuid4().hex  # the payload of this store's NOTIFYs
        self._pool: psycopg_pool.ConnectionPool[Any] = pool.ConnectionPool(
            url,
            min_size=1,
            max_size=max(1, pool_size),
            kwargs={"autocommit": True, "connect_timeout": max(1, round(timeout))},
            configure=_configure,
            check=pool.ConnectionPool.check_connection,
            timeout=timeout,
            open=False,
            num_workers=1,
        )
        try:
            self._pool.open(wait=True, timeout=timeout)
        except pool.PoolTimeout as exc:
            self._pool.close()
            raise StoreError(f"cannot connect to {self.location}: {self._scrub(exc)}") from exc
        self._closed = False

    def __repr__(self) -> str:
        state = "closed" if self._closed else f"{self.head} events"
        return f"<PostgresStore {self.location}: {state}>"

    # -- schema ---------------------------------------------------------------

    @staticmethod
    def init_schema(url: str, *, timeout: float = 10.0) -> bool:
        """Create the store's tables in the database at ``url``, if they are not there.

        Idempotent: safe to run again, and from several processes at once.
        Returns whether it created them (``False``: the store was there).

        Raises:
            StoreError: psycopg is not installed, the server cannot be reached,
                or the role may not create tables.
            StoreFormatError: a foreign ``events`` table, or a store of a
                newer schema.
        """
        if not isinstance(url, str):
            raise StoreInputError(f"a PostgreSQL URL must be a str, not {type(url).__name__}")
        psycopg, _ = _driver()
        shown = _shown(url)
        with _connect(url, timeout, shown) as conn:
            try:
                with conn.transaction():
                    conn.execute("SELECT pg_advisory_xact_lock(%s, 0)", (_LOCK_CLASS,))
                    if _schema_version(conn, shown) is not None:
                        _check_version(_schema_version(conn, shown), shown)
                        return False
                    for statement in _SCHEMA:
                        conn.execute(statement)
                    return True
            except psycopg.Error as exc:
                raise StoreError(
                    f"cannot create the timeline store at {shown}: {_scrubbed(str(exc), url)}"
                ) from exc

    # -- connections ----------------------------------------------------------

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection[Any]]:
        """The write transaction's connection in this thread, else one from the pool."""
        current = getattr(self._local, "conn", None)
        if current is not None:
            yield current
            return
        self._check_open()
        errors = self._errors
        try:
            with self._pool.connection(timeout=self._timeout) as conn:
                yield conn
        except errors.Error as exc:
            raise StoreError(f"{self.location}: {self._scrub(exc)}") from exc
        except Exception as exc:  # psycopg_pool.PoolTimeout, PoolClosed
            if type(exc).__module__.startswith("psycopg_pool"):
                raise StoreError(f"no connection to {self.location}: {self._scrub(exc)}") from exc
            raise

    def _scrub(self, exc: BaseException) -> str:
        """A driver's error message, without the password of the store's URL."""
        return _scrubbed(str(exc), self._url)

    def _rows(self, query: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        with self._connection() as conn:
            return conn.execute(query, params).fetchall()

    # -- writing --------------------------------------------------------------

    @contextmanager
    def _writing(self) -> Iterator[psycopg.Connection[Any]]:
        self._check_open()
        errors = self._errors
        with self._connection() as conn:
            try:
                conn.execute("BEGIN")
                # Serialise appends, so that positions commit in order (module docs).
                conn.execute("SELECT pg_advisory_xact_lock(%s, %s)", (_LOCK_CLASS, self._lock_key))
            except errors.Error as exc:
                _rollback(conn)
                raise StoreError(
                    f"could not start a write on {self.location} (nothing recorded): "
                    + self._scrub(exc)
                ) from exc
            self._local.conn = conn
            self._local.inserted = False
            try:
                yield conn
            except errors.Error as exc:
                _rollback(conn)
                raise self._write_error(exc) from exc
            except BaseException:
                _rollback(conn)
                raise
            finally:
                self._local.conn = None
            try:
                # NOTIFY is delivered on commit: a hint for subscribers in other processes.
                if self._local.inserted:
                    conn.execute(f"NOTIFY {self._channel}, '{self._token}'; COMMIT")
                else:
                    conn.execute("COMMIT")
            except errors.Error as exc:
                raise StoreError(
                    f"the commit to {self.location} failed (the connection was lost?): the "
                    "batch may or may not be recorded; appending it again is safe (append is "
                    f"idempotent by event id) ({self._scrub(exc)})"
                ) from exc

    def _write_error(self, exc: Exception) -> StoreError:
        errors = self._errors.errors
        if isinstance(exc, errors.InsufficientPrivilege | errors.ReadOnlySqlTransaction):
            return StoreError(
                f"the role cannot append to {self.location} (nothing recorded): "
                f"{self._scrub(exc)}; "
                "grant it INSERT on events, or use a writable server (not a replica)"
            )
        return StoreError(
            f"could not append to {self.location} (nothing recorded): {self._scrub(exc)}"
        )

    def _tail(self) -> tuple[int, datetime | None]:
        rows = self._rows("SELECT position, recorded_at FROM events ORDER BY position DESC LIMIT 1")
        if not rows:
            return 0, None
        return int(rows[0][0]), _utc(rows[0][1])

    def _recorded(self, ids: list[str]) -> Known:
        found: dict[str, tuple[str, int, Event | None]] = {}
        for start in range(0, len(ids), 1000):
            rows = self._rows(
                "SELECT event_id, stream, position, data FROM events WHERE event_id = ANY(%s)",
                (ids[start : start + 1000],),
            )
            for event_id, stream, position, data in rows:
                found[event_id] = (stream, int(position), _loads_or_none(data))
        return found

    def _present(self, ids: list[str]) -> set[str]:
        rows = self._rows("SELECT event_id FROM events WHERE event_id = ANY(%s)", (ids,))
        return {row[0] for row in rows}

    def _lookup(self, event_id: str) -> Recorded | None:
        rows = self._rows(_COLUMNS + " WHERE event_id = %s", (event_id,))
        return next(_records(rows), None)

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
        reported = _each_reported(reported_at, len(events))
        rows = (
            (position + i, stream, version + i, event_id, type(event).kind, recorded_at,
             when_reported, codec.dumps(event))
            for i, (event, event_id, when_reported) in enumerate(
                zip(events, ids, reported, strict=True)
            )
        )  # fmt: skip
        try:
            self._copy(rows)
        except self._errors.errors.UniqueViolation as exc:
            # Positions and versions were read under the lock: only an id can clash.
            raise _IdInUse from exc

    def _insert_records(self, records: Sequence[Recorded]) -> None:
        self._copy(
            (record.position, record.stream, record.version, record.event.id,
             type(record.event).kind, record.recorded_at, record.reported_at,
             codec.dumps(record.event))
            for record in records
        )  # fmt: skip

    def _copy(self, rows: Iterator[tuple[object, ...]]) -> None:
        conn = self._local.conn
        self._local.inserted = True
        with conn.cursor() as cursor, cursor.copy(_COPY) as copy:
            for row in rows:
                copy.write_row(row)

    # -- reading --------------------------------------------------------------

    def _read_stream(self, stream: str, from_version: int) -> Iterator[Recorded]:
        last = self._stream_version(stream)
        return self._pages(
            _COLUMNS + " WHERE stream = %s AND version >= %s AND version <= %s "
            "ORDER BY version LIMIT %s",
            lambda row: (stream, row[2] + 1, last, _PAGE),
            (stream, from_version, last, _PAGE),
        )

    def _read_after(self, after: int) -> Iterator[Recorded]:
        last = self.head
        return self._pages(
            _COLUMNS + " WHERE position > %s AND position <= %s ORDER BY position LIMIT %s",
            lambda row: (row[0], last, _PAGE),
            (after, last, _PAGE),
        )

    def _read_constrained(self, after: int) -> Iterator[Recorded]:
        # Filtered on the stored text: the events without constraints are never decoded.
        self._check_open()
        last = self.head
        records = self._pages(
            _COLUMNS
            + " WHERE position > %s AND position <= %s AND strpos(data, '\"constraints\":') > 0"
            + " ORDER BY position LIMIT %s",
            lambda row: (row[0], last, _PAGE),
            (after, last, _PAGE),
        )
        return (r for r in records if r.event.constraints)

    def _pages(
        self,
        query: str,
        following: Callable[[Any], tuple[object, ...]],
        first: tuple[object, ...],
    ) -> Iterator[Recorded]:
        """Run ``query`` page by page, a pooled connection per page (none held while yielding)."""
        params: tuple[object, ...] | None = first
        while params is not None:
            rows = self._rows(query, params)
            if not rows:
                return
            params = following(rows[-1]) if len(rows) == _PAGE else None
            yield from _records(rows)

    def streams(self) -> list[str]:
        """The names of the streams that have events, in order of their first event."""
        rows = self._rows("SELECT stream FROM events WHERE version = 1 ORDER BY position")
        return [row[0] for row in rows]

    def _stream_version(self, stream: str) -> int:
        rows = self._rows("SELECT max(version) FROM events WHERE stream = %s", (stream,))
        return int(rows[0][0] or 0)

    @property
    def head(self) -> int:
        """The position of the last recorded event (0 when the store is empty)."""
        return int(self._rows("SELECT coalesce(max(position), 0) FROM events")[0][0])

    # -- live consumers ---------------------------------------------------------

    def subscribe(
        self, callback: Callable[[Recorded], object], *, after: int | None = None
    ) -> Subscription:
        """Call ``callback`` with each newly recorded event, in position order, from any process.

        As :meth:`EventStore.subscribe <timeline.store.EventStore.subscribe>`,
        and events appended by other processes and machines are delivered too:
        the store LISTENs for the NOTIFY every append sends on commit, and
        then reads the new events back by position (the notification is only a
        wake-up). Those callbacks run in the store's listener thread. If the
        listening connection is lost, the store reconnects and the
        subscription resumes after the last position it delivered.
        """
        return super().subscribe(callback, after=after)

    def _watch(self) -> None:
        # One listening connection per store object, from the first subscriber or
        # follower until the store closes.
        with self._listener_lock:
            if self._listener is None and not self._closed:
                self._listener = _Listener(
                    self._errors, self._url, self._channel, self._notify, self._timeout, self._token
                )

    # -- lifetime -------------------------------------------------------------

    def close(self) -> None:
        """Close the connection pool (and every subscription). Safe to call twice."""
        if not self._closed:
            self._closed = True
            with self._listener_lock:
                listener, self._listener = self._listener, None
            if listener is not None:  # stopped outside the lock: it may be delivering
                listener.stop()
            self._pool.close()
        super().close()


def _rollback(conn: psycopg.Connection[Any]) -> None:
    try:
        conn.execute("ROLLBACK")
    except Exception:  # a lost connection: the server rolled back; the pool drops it
        return


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo is UTC else value.astimezone(UTC)


def _records(rows: list[tuple[Any, ...]]) -> Iterator[Recorded]:
    """Recorded events from rows of :data:`_COLUMNS`, each distinct time converted once."""
    if not rows:
        return iter(())
    positions, streams, versions, stamps, reported, texts = zip(*rows, strict=True)
    times: dict[int | None, datetime | None] = {None: None}
    times.update(
        (stamp, _EPOCH + timedelta(microseconds=stamp))
        for stamp in set(stamps) | set(reported) - {None}
    )
    return map(
        Recorded,
        map(codec.loads_trusted, texts),  # rows this store wrote: not checked again
        streams,
        versions,
        positions,
        map(times.__getitem__, stamps),
        map(times.__getitem__, reported),
    )


def _loads_or_none(text: str) -> Event | None:
    """A recorded event, or ``None`` if this version cannot read it (so it matches nothing)."""
    try:  # written by another codec version?
        return codec.loads(text)
    except Exception:
        return None
