"""Many reports in one store: a later file names the seed's events and catalog (issue 10)."""

from __future__ import annotations

from pathlib import Path

import pytest

from timeline.cli import main
from timeline.errors import UnknownReferenceError
from timeline.events import Claim
from timeline.store import SQLiteStore

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "idlib-2020.toml"
LATER = ROOT / "tests" / "data" / "reports" / "later-report.toml"


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    status = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return status, out, err


def test_a_later_report_validates_against_the_store_it_continues(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "idlib.db"
    assert run(capsys, "import", SEED, db)[0] == 0
    # On its own the later file names what it does not hold ...
    status, _, err = run(capsys, "validate", LATER)
    assert status == 1
    assert "'syrian-shelling-of-turkish-troops' is not the id of an event" in err
    assert "unknown source 'sohr'" in err
    # ... against the store it continues, it is valid, and nothing is appended.
    head = SQLiteStore(db, read_only=True).head
    status, out, _ = run(capsys, "validate", LATER, "--against", db)
    assert status == 0
    assert out.strip().endswith(f"1 events, valid against {db}; 0 warnings")
    assert SQLiteStore(db, read_only=True).head == head


def test_a_later_report_naming_a_missing_event_is_refused_and_the_store_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "idlib.db"
    assert run(capsys, "import", SEED, db)[0] == 0
    broken = tmp_path / "broken.toml"
    broken.write_text(
        LATER.read_text(encoding="utf-8").replace(
            'target = "syrian-shelling-of-turkish-troops"', 'target = "no-such-event"'
        ),
        encoding="utf-8",
    )
    head = SQLiteStore(db, read_only=True).head
    for command in (("validate", broken, "--against", db), ("import", broken, db)):
        status, _, err = run(capsys, *command)
        assert status == 1
        assert f"{broken}:15: event #1 'later-figure-on-the-shelling', field 'target'" in err
        assert "'no-such-event'" in err
    assert SQLiteStore(db, read_only=True).head == head


def test_known_at_tells_the_two_reports_apart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "idlib.db"
    # Each report keeps its own day (its [stream] reported), not the day it was imported.
    assert run(capsys, "import", SEED, db)[0] == 0
    assert run(capsys, "import", LATER, db)[0] == 0
    first = run(capsys, "render", db, "--format", "md", "--known-at", "2020-02-04")[1]
    both = run(capsys, "render", db, "--format", "md", "--known-at", "2020-02-28")[1]
    assert "A later report gives its own figure" not in first
    assert "A later report gives its own figure" in both
    assert "Syrian government forces shell Turkish troops in Idlib" in first
    # The store's own append times stay for audit; the report's day drives known_at.
    store = SQLiteStore(db, read_only=True)
    later = store.get("later-figure-on-the-shelling")
    assert later is not None
    assert later.reported_at is not None
    assert later.reported_at.date().isoformat() == "2020-02-28"
    assert later.recorded_at > later.reported_at


def test_python_appends_are_held_to_the_same_references(tmp_path: Path) -> None:
    db = tmp_path / "idlib.db"
    assert main(["import", str(SEED), str(db)]) == 0
    with SQLiteStore(db) as store:
        head = store.head
        bad = Claim(
            id="typo", target="no-such-event", when="2020-02-03", summary="s",
            citations=[{"source": "sohr"}],
        )  # fmt: skip
        with pytest.raises(UnknownReferenceError, match="'no-such-event'"):
            store.append("idlib-2020", [bad])
        undeclared = Claim(
            id="typo2", target="syrian-shelling-of-turkish-troops", when="2020-02-03",
            summary="s", citations=[{"source": "no-such-source"}],
        )  # fmt: skip
        with pytest.raises(UnknownReferenceError, match="'no-such-source' is not a source"):
            store.append("idlib-2020", [undeclared])
        assert store.head == head
