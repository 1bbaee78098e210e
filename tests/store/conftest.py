"""Fixtures for the store tests: ``store`` runs a test once per backend."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.store.support import BACKENDS, StoreFactory
from timeline.store import EventStore


@pytest.fixture(params=sorted(BACKENDS))
def backend(request: pytest.FixtureRequest) -> str:
    """The name of the backend under test."""
    return str(request.param)


@pytest.fixture
def make_store(backend: str, tmp_path: Path) -> Iterator[StoreFactory]:
    """Make fresh stores of the backend under test (each in its own directory)."""
    made: list[EventStore] = []
    count = 0

    def make(**options: object) -> EventStore:
        nonlocal count
        count += 1
        directory = tmp_path / f"s{count}"
        directory.mkdir()
        store = BACKENDS[backend](directory, **options)
        made.append(store)
        return store

    yield make
    for store in made:
        store.close()


@pytest.fixture
def store(make_store: StoreFactory) -> EventStore:
    """A fresh, empty store of the backend under test."""
    return make_store()
