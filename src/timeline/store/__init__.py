"""Append-only event stores: the contract and its backends.

* :class:`EventStore`: the contract (see :mod:`timeline.store.base`).
* :class:`MemoryStore`: in memory, the embedded default.
* :class:`SQLiteStore`: one SQLite file in WAL mode, append-only by schema.
* :class:`PostgresStore`: a PostgreSQL database (the ``postgres`` extra).
* :class:`Subscription` and :class:`Follower`: live consumers (a callback; ``async for``).
* :func:`open_store`: the store a URL names (``sqlite:///x.db``, ``postgresql://...``).
"""

from timeline.store.base import (
    ANY,
    EXISTS,
    NO_STREAM,
    AppendResult,
    ConcurrencyError,
    DuplicateEventError,
    EventStore,
    Expect,
    ExpectedVersion,
    Follower,
    Recorded,
    RestoreError,
    StoreClosedError,
    StoreError,
    StoreFormatError,
    StoreInputError,
    Subscription,
)
from timeline.store.memory import MemoryStore
from timeline.store.postgres import PostgresStore
from timeline.store.sqlite import SQLiteStore
from timeline.store.urls import open_store, store_kind

__all__ = [
    "ANY",
    "EXISTS",
    "NO_STREAM",
    "AppendResult",
    "ConcurrencyError",
    "DuplicateEventError",
    "EventStore",
    "Expect",
    "ExpectedVersion",
    "Follower",
    "MemoryStore",
    "PostgresStore",
    "Recorded",
    "RestoreError",
    "SQLiteStore",
    "StoreClosedError",
    "StoreError",
    "StoreFormatError",
    "StoreInputError",
    "Subscription",
    "open_store",
    "store_kind",
]
