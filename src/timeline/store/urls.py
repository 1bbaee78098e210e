"""Store URLs: one string names a store, whichever backend holds it.

==============================  ===============================================
``memory:``                     a new, empty :class:`~timeline.MemoryStore`
``sqlite:///abs/path.db``       a :class:`~timeline.SQLiteStore` file (created if
``sqlite://relative.db``        missing): ``sqlite://`` followed by the path
``path.db``, ``./x``, ``/x``    a plain path: a SQLite file, as above
``postgresql://…``              a :class:`~timeline.store.postgres.PostgresStore`
``postgres://…``                (its schema created beforehand by ``timeline db init``)
==============================  ===============================================

Errors name the URL without its password.
"""

from __future__ import annotations

import os
import re
from typing import Final
from urllib.parse import unquote

from timeline.errors import StoreError, StoreInputError
from timeline.store._urls import _shown
from timeline.store.base import EventStore
from timeline.store.memory import MemoryStore
from timeline.store.postgres import PostgresStore
from timeline.store.sqlite import SQLiteStore

__all__ = ["open_store", "store_kind"]

_POSTGRES: Final = ("postgresql://", "postgres://")
_SCHEME: Final = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_ACCEPTED: Final = (
    "expected sqlite:///path.db, a file path, postgresql://user@host/database or memory:"
)


def store_kind(url: str | os.PathLike[str]) -> str:
    """Which backend ``url`` names: ``"memory"``, ``"sqlite"`` or ``"postgres"``.

    >>> store_kind("postgresql://writer@db.example.org/timeline")
    'postgres'
    >>> store_kind("idlib.db"), store_kind("sqlite:///tmp/idlib.db"), store_kind("memory:")
    ('sqlite', 'sqlite', 'memory')

    Raises:
        StoreInputError: ``url`` is not a str or path.
        StoreError: an unknown scheme (the message lists what is accepted).
    """
    text = _text(url)
    if text == "memory:":
        return "memory"
    if text.startswith(_POSTGRES):
        return "postgres"
    if text.startswith("sqlite:"):
        return "sqlite"
    if _SCHEME.match(text):  # "a:b.db" is a file; "mysql://..." is no store of ours
        raise StoreError(f"unknown store URL {_shown(text)!r}: {_ACCEPTED}")
    if not text:
        raise StoreError(f"an empty store URL: {_ACCEPTED}")
    return "sqlite"


def open_store(url: str | os.PathLike[str]) -> EventStore:
    """Open the store that ``url`` names (see the module documentation for the forms).

    >>> with open_store("memory:") as store:
    ...     store.head
    0

    Raises:
        StoreInputError: ``url`` is not a str or path.
        StoreError: an unknown scheme, a store that cannot be opened or reached
            (the message names the URL without its password).
        StoreFormatError: the file or database is not a timeline store, or is
            of a newer schema.
    """
    text = _text(url)
    kind = store_kind(text)
    if kind == "memory":
        return MemoryStore()
    if kind == "postgres":
        return PostgresStore(text)
    return SQLiteStore(_sqlite_path(text))


def _sqlite_path(url: str) -> str:
    """The file a SQLite URL or plain path names.

    >>> _sqlite_path("sqlite:///var/lib/idlib.db"), _sqlite_path("sqlite://idlib.db")
    ('/var/lib/idlib.db', 'idlib.db')
    """
    if not url.startswith("sqlite:"):
        return url
    rest = url[len("sqlite:") :]
    rest = rest[2:] if rest.startswith("//") else rest
    if "?" in rest or not rest:
        raise StoreError(f"invalid SQLite URL {url!r}: {_ACCEPTED}")
    return unquote(rest)


def _text(url: object) -> str:
    if isinstance(url, os.PathLike):
        url = os.fspath(url)
    if not isinstance(url, str):
        raise StoreInputError(f"a store URL must be a str or path, not {type(url).__name__}")
    return url
