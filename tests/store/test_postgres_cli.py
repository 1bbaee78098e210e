"""The command with store URLs: ``timeline db init``, import into PostgreSQL, render from it."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from tests.store.postgres_server import fresh_url
from timeline.cli import main
from timeline.store import PostgresStore

SEED = Path(__file__).parents[2] / "seeds" / "idlib-2020.toml"


def test_db_init_then_import_and_render_as_from_a_sqlite_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = fresh_url()
    assert main(["db", "init", url]) == 0
    assert "created a timeline store (schema version 1" in capsys.readouterr().err
    assert main(["db", "init", url]) == 0
    assert "already a timeline store" in capsys.readouterr().err
    assert main(["import", str(SEED), url]) == 0
    assert "30 events imported" in capsys.readouterr().err
    db = tmp_path / "idlib.db"
    assert main(["import", str(SEED), f"sqlite://{db}"]) == 0
    capsys.readouterr()
    assert main(["render", url, "--format", "md"]) == 0
    from_postgres = capsys.readouterr().out
    assert main(["render", str(db), "--format", "md"]) == 0
    assert capsys.readouterr().out == from_postgres
    assert "Turkish" in from_postgres or "Idlib" in from_postgres
    # A store to a store, and back into a file.
    other = fresh_url()
    PostgresStore.init_schema(other)
    assert main(["import", url, other]) == 0
    with PostgresStore(url) as source, PostgresStore(other) as store:
        assert store.head == source.head  # the 30 events and the catalog declared with them
        assert [r.event for r in store.read_all()] == [r.event for r in source.read_all()]
    # And the store renders exactly as the stream file does.
    assert main(["render", str(SEED), "--format", "md"]) == 0
    assert capsys.readouterr().out == from_postgres


def test_an_uninitialised_database_and_an_unreachable_server_are_clear_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = fresh_url()
    assert main(["render", url, "--format", "md"]) == 1
    assert "timeline db init URL" in capsys.readouterr().err
    assert main(["import", str(SEED), url]) == 1
    assert "timeline db init URL" in capsys.readouterr().err
    gone = f"postgresql://me:pa55word@/db?host={quote(str(tmp_path))}&port=1"
    assert main(["stats", gone]) == 1
    err = capsys.readouterr().err
    assert "cannot connect to postgresql://me:***@/db" in err
    assert "pa55word" not in err
    assert "Traceback" not in err


def test_db_init_of_memory_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "init", "memory:"]) == 2
    assert "needs no tables" in capsys.readouterr().err
