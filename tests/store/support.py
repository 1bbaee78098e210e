"""Shared helpers for the store tests: the backends under test and small events.

The contract and the model-based test live in :mod:`timeline.testing`;
``test_contract.py`` runs them once per backend here. To add a backend (e.g.
PostgreSQL), add a factory to ``BACKENDS``: it takes a scratch directory and
keyword arguments for the store (``clock``) and returns a fresh, empty store.
The contract, stateful and JSON Lines tests then run against it.
Backend-specific tests (files, processes) live in their own modules.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from timeline.store import EventStore, MemoryStore, SQLiteStore
from timeline.testing import SAMPLE_WHEN, SampleCapture, make_event, make_events

__all__ = ["BACKENDS", "WHEN", "Capture", "StoreFactory", "ev", "evs"]

StoreFactory = Callable[..., EventStore]


def _memory(directory: Path, **options: Any) -> EventStore:
    return MemoryStore(**options)


def _sqlite(directory: Path, **options: Any) -> EventStore:
    # NORMAL keeps the suite fast; FULL is exercised by the SQLite-specific tests.
    options.setdefault("synchronous", "NORMAL")
    return SQLiteStore(directory / "store.db", **options)


BACKENDS: dict[str, StoreFactory] = {"memory": _memory, "sqlite": _sqlite}

# Short names for the tests of this folder.
WHEN = SAMPLE_WHEN
Capture = SampleCapture
ev = make_event
evs = make_events
