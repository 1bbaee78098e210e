"""The store contract (``timeline.testing``), run against every backend in ``support.BACKENDS``.

One ``StoreContract`` subclass per backend: each runs every contract test and
the model-based test. (The module, not the class, is imported, so that pytest
does not collect the abstract class itself.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.store.support import BACKENDS
from timeline import testing
from timeline.store import EventStore


class TestMemoryStore(testing.StoreContract):
    backend = "memory"

    def create_store(self, directory: Path, **options: Any) -> EventStore:
        return BACKENDS[self.backend](directory, **options)


class TestSQLiteStore(testing.StoreContract):
    backend = "sqlite"

    def create_store(self, directory: Path, **options: Any) -> EventStore:
        return BACKENDS[self.backend](directory, **options)


class TestPostgresStore(testing.StoreContract):
    """On the throwaway server of ``postgres_server.py``, a fresh schema per store."""

    backend = "postgres"

    def create_store(self, directory: Path, **options: Any) -> EventStore:
        return BACKENDS[self.backend](directory, **options)


def test_every_backend_is_under_contract() -> None:
    backends = {TestMemoryStore.backend, TestSQLiteStore.backend, TestPostgresStore.backend}
    assert backends == set(BACKENDS)
