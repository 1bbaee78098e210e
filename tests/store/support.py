"""Shared helpers for the store tests: the backends under test and small events.

To add a backend (e.g. PostgreSQL), add a factory to ``BACKENDS``: it takes a
scratch directory and keyword arguments for the store (``clock``) and returns
a fresh, empty store. Every contract, stateful and JSON Lines test then runs
against it. Backend-specific tests (files, processes) live in their own modules.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from timeline import When
from timeline.events import Event, kind
from timeline.store import EventStore, MemoryStore, SQLiteStore

StoreFactory = Callable[..., EventStore]


def _memory(directory: Path, **options: Any) -> EventStore:
    return MemoryStore(**options)


def _sqlite(directory: Path, **options: Any) -> EventStore:
    # NORMAL keeps the suite fast; FULL is exercised by the SQLite-specific tests.
    options.setdefault("synchronous", "NORMAL")
    return SQLiteStore(directory / "store.db", **options)


BACKENDS: dict[str, StoreFactory] = {"memory": _memory, "sqlite": _sqlite}

WHEN = When.from_edtf("2020-02-03")


@kind("store-test.capture")
class Capture(Event):
    """A user-defined kind, to check that stores keep the concrete class."""

    place: str
    by: str = ""


def ev(event_id: str, summary: str = "something happened", **fields: Any) -> Event:
    """A plain event with a fixed date."""
    return Event(id=event_id, when=WHEN, summary=summary, **fields)


def evs(prefix: str, count: int) -> list[Event]:
    """``count`` distinct events with ids ``{prefix}-0`` ... ."""
    return [ev(f"{prefix}-{i}", f"event {i} of {prefix}") for i in range(count)]
