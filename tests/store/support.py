"""Shared helpers for the store tests: the backends under test and small events.

The contract and the model-based test live in :mod:`timeline.testing`;
``test_contract.py`` runs them once per backend here. To add a backend (a new
engine), add a factory to ``BACKENDS``: it takes a scratch directory and
keyword arguments for the store (``clock``) and returns a fresh, empty store.
The contract, stateful and JSON Lines tests then run against it.

PostgreSQL runs on the throwaway server of ``postgres_server.py`` (started by
the first test that needs it; no server is a failure with a hint, never a
skip), each store in a fresh schema of its own.
Backend-specific tests (files, processes) live in their own modules.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from tests.store.postgres_server import fresh_url
from timeline.store import EventStore, MemoryStore, PostgresStore, SQLiteStore
from timeline.testing import SAMPLE_WHEN, SampleCapture, make_event, make_events

__all__ = [
    "BACKENDS",
    "WHEN",
    "Capture",
    "StoreFactory",
    "ev",
    "evs",
    "make_postgres_store",
    "run_async",
]

StoreFactory = Callable[..., EventStore]
T = TypeVar("T")


def run_async(main: Callable[[], Coroutine[Any, Any, T]], timeout: float = 60) -> T:
    """``asyncio.run(main())`` with a timeout, in a thread of its own.

    The test process may already run an event loop in the main thread (the
    browser tests' Playwright does), and ``asyncio.run`` refuses to start there.
    """

    async def bounded() -> T:
        return await asyncio.wait_for(main(), timeout)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="test-loop") as pool:
        return pool.submit(lambda: asyncio.run(bounded())).result()


def _memory(directory: Path, **options: Any) -> EventStore:
    return MemoryStore(**options)


def _sqlite(directory: Path, **options: Any) -> EventStore:
    # NORMAL keeps the suite fast; FULL is exercised by the SQLite-specific tests.
    options.setdefault("synchronous", "NORMAL")
    return SQLiteStore(directory / "store.db", **options)


def make_postgres_store(directory: Path | None = None, **options: Any) -> PostgresStore:
    """A fresh, empty PostgresStore in a schema of its own on the test server."""
    url = fresh_url()
    PostgresStore.init_schema(url)
    return PostgresStore(url, **options)


BACKENDS: dict[str, StoreFactory] = {
    "memory": _memory,
    "sqlite": _sqlite,
    "postgres": make_postgres_store,
}

# Short names for the tests of this folder.
WHEN = SAMPLE_WHEN
Capture = SampleCapture
ev = make_event
evs = make_events
