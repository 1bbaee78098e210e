"""The store contract (``timeline.testing``) against :class:`PostgresStore` on a real server.

Each store lives in a fresh schema of the throwaway test server
(``postgres_server.py``); no server found is a failure with a hint, never a skip.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.store.postgres_server import fresh_url
from timeline import testing
from timeline.store import EventStore
from timeline.store.postgres import PostgresStore


def make_postgres_store(directory: Path | None = None, **options: Any) -> PostgresStore:
    """A fresh, empty PostgresStore in a schema of its own."""
    url = fresh_url()
    PostgresStore.init_schema(url)
    return PostgresStore(url, **options)


class TestPostgresStore(testing.StoreContract):
    backend = "postgres"

    def create_store(self, directory: Path, **options: Any) -> EventStore:
        return make_postgres_store(directory, **options)
