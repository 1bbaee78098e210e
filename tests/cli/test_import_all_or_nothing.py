"""A failed ``timeline import`` leaves the destination as it was: a new file is not created."""

from __future__ import annotations

from pathlib import Path

import pytest

from timeline.cli import main
from timeline.store import SQLiteStore

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "idlib-2020.toml"

BROKEN = {
    "bad.toml": (
        '[stream]\nname = "s"\n\n[[events]]\nid = "a"\nwhen = "2020-02-31"\nsummary = "x"\n'
    ),
    "syntax.toml": "[stream\n",
    "bad.jsonl": '{"bad json\n',
    "unknown-target.toml": (
        '[stream]\nname = "s"\n\n[[events]]\nid = "r"\nkind = "retraction"\n'
        'when = "2020"\nsummary = "x"\ntarget = "nowhere"\n'
    ),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_failed_import_into_a_new_file_leaves_no_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    # Was: an empty store file (the schema, 28 KB) was left behind.
    source = tmp_path / name
    source.write_text(BROKEN[name], encoding="utf-8")
    dest = tmp_path / "new.db"
    assert main(["import", str(source), str(dest)]) == 1
    assert "Traceback" not in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_failed_import_into_a_store_leaves_it_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    dest = tmp_path / "idlib.db"
    assert main(["import", str(SEED), str(dest)]) == 0
    before = [(r.position, r.event.id) for r in SQLiteStore(dest, read_only=True).read_all()]
    source = tmp_path / name
    source.write_text(BROKEN[name], encoding="utf-8")
    assert main(["import", str(source), str(dest)]) == 1
    capsys.readouterr()
    assert dest.exists()
    after = [(r.position, r.event.id) for r in SQLiteStore(dest, read_only=True).read_all()]
    assert after == before
