"""Later reports on the seed's incidents and announcements, through the command (issue 11)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from timeline.cli import main
from timeline.store import SQLiteStore

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "idlib-2020.toml"
REPORTS = ROOT / "tests" / "data" / "reports"
REVISED = REPORTS / "incident-revised.toml"
TWICE = REPORTS / "incident-told-twice.toml"
ANNOUNCED = REPORTS / "announcement.toml"


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    status = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "idlib.db"
    assert run(capsys, "import", SEED, path)[0] == 0
    return path


def test_a_revised_figure_gives_the_incident_a_range_by_source(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "import", REVISED, db)[0] == 0
    out = run(capsys, "snapshot", db, "--at", "2020-02-05")[1]
    assert (
        "Turkey, killed: 5–7 (5 (Recep Tayyip Erdogan, President of Turkey, 3 February 2020); "
        "7 (Turkish Defence Ministry, 4 February 2020)); contested: sources give different figures"
    ) in out
    data = json.loads(run(capsys, "snapshot", db, "--at", "2020-02-05", "--format", "json")[1])
    (tally,) = [
        item["data"]
        for section in data["sections"]
        for item in section["items"]
        if item["data"].get("side") == "turkey" and item["data"].get("category") == "killed"
    ]
    assert (tally["low"], tally["high"], tally["sum_of_ranges"], tally["contested"]) == (
        5,
        7,
        False,
        True,
    )
    assert [i["incident"] for i in tally["incidents"]] == ["syrian-shelling-of-turkish-troops"]
    # As known on 3 February, only Erdogan's figure.
    early = run(capsys, "snapshot", db, "--at", "2020-02-05", "--known-at", "2020-02-03")[1]
    assert "Turkey, killed: 5 (Recep Tayyip Erdogan, President of Turkey: 5)" in early


def test_validate_asks_whether_two_files_tell_one_incident(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "validate", TWICE, "--against", db)
    assert status == 0
    assert "is it the same incident as report 'turkish-casualties'?" in out
    assert "at 'saraqeb' on 2020-02-03" in out
    assert out.strip().endswith("1 warning")
    # Naming the incident settles it: no warning.
    named = TWICE.read_text(encoding="utf-8").replace(
        'places = ["saraqeb"]',
        'places = ["saraqeb"]\nincident = "syrian-shelling-of-turkish-troops"',
    )
    fixed = db.parent / "named.toml"
    fixed.write_text(named, encoding="utf-8")
    assert run(capsys, "validate", fixed, "--against", db)[1].strip().endswith("0 warnings")
    # Once both are in the store, validating the store asks too.
    assert run(capsys, "import", TWICE, db)[0] == 0
    out = run(capsys, "validate", db)[1]
    assert "is it the same incident" in out
    assert "reported 2020-02-05" in out


def test_a_report_on_a_missing_incident_is_refused_and_the_store_unchanged(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text(
        REVISED.read_text(encoding="utf-8").replace(
            'incident = "turkish-casualties"', 'incident = "no-such-incident"'
        ),
        encoding="utf-8",
    )
    head = SQLiteStore(db, read_only=True).head
    status, _, err = run(capsys, "import", broken, db)
    assert status == 1
    assert "'no-such-incident'" in err
    assert "Traceback" not in err
    assert SQLiteStore(db, read_only=True).head == head


def test_an_announcement_links_both_ways(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "import", ANNOUNCED, db)[0] == 0
    md = run(capsys, "render", db, "--format", "md", "--from", "2020-02-20")[1]
    assert '- <a id="ev-spring-shield-launched"></a>**27 February 2020**' in md
    assert '- <a id="ev-spring-shield-announced"></a>**1 March 2020**' in md
    assert "    - Announced: [1 March 2020: " in md
    assert "](#ev-spring-shield-announced)" in md
    assert "    - Announces: [27 February 2020: " in md
    assert "](#ev-spring-shield-launched)" in md
    assert "dated by the announcer: 27 February 2020, per Turkish Defence Ministry" in md
    html = run(capsys, "render", db, "--format", "html", "--from", "2020-02-20")[1]
    assert '<dt>Announced</dt><dd><a href="#ev-spring-shield-announced">' in html
    assert '<dt>Announces</dt><dd><a href="#ev-spring-shield-launched">' in html


def test_announcing_an_unknown_event_is_an_error(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text(
        ANNOUNCED.read_text(encoding="utf-8").replace(
            'announces = "spring-shield-launched"', 'announces = "no-such-operation"'
        ),
        encoding="utf-8",
    )
    head = SQLiteStore(db, read_only=True).head
    for command in (("validate", broken, "--against", db), ("import", broken, db)):
        status, _, err = run(capsys, *command)
        assert status == 1
        assert "field 'announces'" in err
        assert "'no-such-operation'" in err
    assert SQLiteStore(db, read_only=True).head == head
