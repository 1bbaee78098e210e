"""The PostgreSQL store's schema, and connecting (private to ``timeline.store``).

What :mod:`timeline.store.postgres` creates with ``init_schema`` and checks on
opening, and the driver, imported only when a store is opened (the
``postgres`` extra is optional).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Final

from timeline.errors import StoreError, StoreFormatError
from timeline.store._urls import _scrubbed

if TYPE_CHECKING:
    import psycopg

SCHEMA_VERSION: Final = 1
"""The schema version this code writes (in the ``timeline_schema`` table)."""

_INSTALL: Final = "install it with: pip install 'timeline-ledger[postgres]'"

_SCHEMA: Final = (
    """
    CREATE TABLE events (
        position    bigint      PRIMARY KEY CHECK (position >= 1),
        stream      text        NOT NULL CHECK (stream <> ''),
        version     bigint      NOT NULL CHECK (version >= 1),
        event_id    text        NOT NULL UNIQUE,
        kind        text        NOT NULL,
        recorded_at timestamptz NOT NULL,
        reported_at timestamptz,
        data        text        NOT NULL,
        UNIQUE (stream, version)
    )
    """,
    "CREATE INDEX events_stream_start ON events (position) WHERE version = 1",
    """
    CREATE FUNCTION timeline_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'timeline store: recorded events cannot be changed (% refused)', TG_OP
            USING ERRCODE = 'restrict_violation';
    END
    $$
    """,
    """
    CREATE TRIGGER events_refuse_update_delete BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION timeline_refuse_change()
    """,
    """
    CREATE TRIGGER events_refuse_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION timeline_refuse_change()
    """,
    "CREATE TABLE timeline_schema (version integer NOT NULL)",
    f"INSERT INTO timeline_schema (version) VALUES ({SCHEMA_VERSION})",
)


def _driver() -> tuple[Any, Any]:
    """The psycopg and psycopg_pool modules, imported on first use (an optional extra)."""
    try:
        import psycopg
        import psycopg_pool
    except ImportError as exc:
        raise StoreError(
            f"the PostgreSQL store needs psycopg 3 and psycopg-pool; {_INSTALL}"
        ) from exc
    return psycopg, psycopg_pool


def _configure(conn: psycopg.Connection[Any]) -> None:
    # Times come back as UTC datetimes (tzinfo datetime.UTC), as from the other stores.
    conn.execute("SET TIME ZONE 'UTC'")


def _schema_version(conn: psycopg.Connection[Any], shown: str) -> int | None:
    """The timeline schema version of the database, ``None`` if uninitialised.

    Raises :class:`StoreFormatError` if an ``events`` table is there without
    the timeline marker.
    """
    marker, events = conn.execute(
        "SELECT to_regclass('timeline_schema') IS NOT NULL, to_regclass('events') IS NOT NULL"
    ).fetchone() or (False, False)
    if marker:
        row = conn.execute("SELECT max(version) FROM timeline_schema").fetchone()
        if row is None or row[0] is None:
            raise StoreFormatError(f"{shown}: the timeline_schema table is empty (damaged store?)")
        return int(row[0])
    if events:
        raise StoreFormatError(
            f"{shown} has an 'events' table that is not a timeline store (no timeline_schema "
            "table); use another database or schema (search_path)"
        )
    return None


def _check_version(version: int | None, shown: str) -> int:
    if version is None:
        raise StoreFormatError(
            f"{shown} holds no timeline store yet; create one with: timeline db init URL"
        )
    if version > SCHEMA_VERSION:
        raise StoreFormatError(
            f"{shown} is a timeline store of schema version {version}, newer than this "
            f"library reads ({SCHEMA_VERSION}); upgrade timeline"
        )
    return version


@contextmanager
def _connect(url: str, timeout: float, shown: str) -> Iterator[psycopg.Connection[Any]]:
    """One direct connection (autocommit, UTC), with a clear error if it cannot be made."""
    psycopg, _ = _driver()
    try:
        conn = psycopg.connect(url, autocommit=True, connect_timeout=max(1, round(timeout)))
    except psycopg.Error as exc:
        raise StoreError(f"cannot connect to {shown}: {_scrubbed(str(exc), url)}") from exc
    except Exception as exc:  # a malformed connection string, e.g.
        raise StoreError(f"cannot connect to {shown}: {_scrubbed(str(exc), url)}") from exc
    with conn:
        _configure(conn)
        yield conn
