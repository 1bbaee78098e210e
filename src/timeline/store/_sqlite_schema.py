"""The SQLite store's schema, its migrations, and how SQLite's errors become ours.

Shared by :mod:`timeline.store.sqlite` (opening, reading, writing) and its
integrity check; see that module for the layout.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from typing import Final

from timeline.errors import StoreError, StoreFormatError

APPLICATION_ID: Final = 0x746D6C6E  # "tmln"
SCHEMA_VERSION: Final = 2

SCHEMA: Final = f"""
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
CREATE INDEX events_kind ON events (json_extract(data, '$.kind'), position);
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
MIGRATIONS: Final = {
    1: (
        "ALTER TABLE events ADD COLUMN reported_at INTEGER",
        "CREATE INDEX events_kind ON events (json_extract(data, '$.kind'), position)",
    )
}

# The columns of ``events`` in each schema version (name -> declared type).
_V1_COLUMNS: Final = {
    "position": "INTEGER",
    "stream": "TEXT",
    "version": "INTEGER",
    "event_id": "TEXT",
    "recorded_at": "INTEGER",
    "data": "TEXT",
}
COLUMNS: Final = {1: _V1_COLUMNS, 2: {**_V1_COLUMNS, "reported_at": "INTEGER"}}

_SQLITE_READONLY: Final = 8
_SQLITE_CORRUPT: Final = 11
_SQLITE_NOTADB: Final = 26


def split(script: str) -> list[str]:
    """Split the schema script into statements (triggers contain ``;``)."""
    statements: list[str] = []
    current = ""
    for line in script.strip().splitlines():
        current += line + "\n"
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return statements


def identity(conn: sqlite3.Connection) -> tuple[int, int]:
    """The file's ``application_id`` and ``user_version``."""
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    user_version = conn.execute("PRAGMA user_version").fetchone()[0]
    return int(application_id), int(user_version)


def create(conn: sqlite3.Connection, path: str) -> tuple[int, int]:
    """Write the schema into an empty file, in one transaction; the identity it then has.

    Another process may have created it meanwhile (then it is left as it is);
    a file with other tables and no marker is refused.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        application_id, user_version = identity(conn)
        if application_id == 0 and user_version == 0:
            if conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                raise StoreFormatError(
                    f"{path!r} is a SQLite database but not a timeline "
                    "store (it has other tables and no timeline marker)"
                )
            for statement in split(SCHEMA):
                conn.execute(statement)
            application_id, user_version = APPLICATION_ID, SCHEMA_VERSION
        conn.execute("COMMIT")
    except BaseException:
        rollback(conn)
        raise
    return application_id, user_version


def migrate(conn: sqlite3.Connection, path: str) -> int | None:
    """Bring an older schema up to :data:`SCHEMA_VERSION` in one transaction.

    Migrations only add (columns, indexes): recorded rows are never rewritten.
    Returns ``None`` when the file is up to date, or the version it has when
    it cannot be written (a read-only file is read as it is).
    """
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if is_readonly(exc):
            return identity(conn)[1]
        raise StoreError(f"cannot upgrade {path!r}: {exc}") from exc
    try:
        version = identity(conn)[1]  # another process may have migrated it meanwhile
        while version < SCHEMA_VERSION:
            for statement in MIGRATIONS[version]:
                conn.execute(statement)
            version += 1
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except sqlite3.OperationalError as exc:
        rollback(conn)
        if not is_readonly(exc):
            raise StoreError(f"cannot upgrade {path!r}: {exc}") from exc
        return identity(conn)[1]
    except BaseException:
        rollback(conn)
        raise
    return None


def check_columns(conn: sqlite3.Connection, path: str, version: int) -> None:
    """Refuse a file marked as a store of ``version`` whose ``events`` table is not that schema."""
    rows = conn.execute("PRAGMA table_info(events)").fetchall()
    if not rows:
        raise StoreFormatError(
            f"{path!r} is marked as a timeline store (schema version {version}) but has no "
            "'events' table; it was damaged or written by another program"
        )
    found = {str(row[1]): str(row[2]).upper() for row in rows}
    expected = COLUMNS[version]
    if found != expected:
        missing = sorted(set(expected) - set(found))
        extra = sorted(set(found) - set(expected))
        wrong = sorted(n for n in set(found) & set(expected) if found[n] != expected[n])
        details = []
        if missing:
            details.append(f"missing {', '.join(missing)}")
        if extra:
            details.append(f"unexpected {', '.join(extra)}")
        if wrong:
            details.append("wrong type of " + ", ".join(wrong))
        raise StoreFormatError(
            f"{path!r} is marked as a timeline store (schema version {version}) but its "
            f"'events' table has other columns ({'; '.join(details)}); expected "
            f"{', '.join(expected)}"
        )


def is_readonly(exc: sqlite3.Error) -> bool:
    """Whether SQLite refused a write because the file (or its directory) is read-only."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF == _SQLITE_READONLY
    return "readonly" in str(exc)


def is_corrupt(exc: sqlite3.Error) -> bool:
    """Whether SQLite found the file damaged (or not a database at all)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return True
    text = str(exc)
    return "malformed" in text or "not a database" in text or "corrupt" in text


def store_error(exc: sqlite3.Error, path: str, doing: str) -> StoreError:
    """Our error for a SQLite error met while ``doing`` something to the file in ``path``.

    A damaged file is a :class:`StoreFormatError` (``timeline check`` says more);
    anything else (a full disk, a read-only file, a lock held too long) a
    :class:`StoreError`. Both name the file and SQLite's own words.
    """
    if is_corrupt(exc):
        return StoreFormatError(
            f"{path!r} is damaged: SQLite says {str(exc)!r} while {doing} "
            "(run 'timeline check' on it; restore it from a copy or a JSON Lines export)"
        )
    if is_readonly(exc):
        return StoreError(f"cannot write to {path!r}: the file or its folder is read-only ({exc})")
    return StoreError(f"{path!r}: {doing} failed: {exc}")


def folder_writable(path: str) -> bool:
    """Whether SQLite may create its WAL files beside ``path``."""
    return os.access(os.path.dirname(os.path.abspath(path)), os.W_OK)


def rollback(conn: sqlite3.Connection) -> None:
    """Undo the open transaction, if SQLite has not already undone it.

    After some errors (a full disk, an interrupt) SQLite rolls the transaction
    back itself; a second ROLLBACK would then fail and hide the first error.
    """
    if conn.in_transaction:
        # The error being handled is the one worth reporting, not this one.
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
