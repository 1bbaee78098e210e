"""``make demo`` (``python -m timeline.demo``): the Idlib seed as a chronology and snapshots."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from timeline import demo


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the demo writes its documents in these tests."""
    return tmp_path_factory.mktemp("demo") / "idlib-2020"


@pytest.fixture(scope="module")
def output(out_dir: Path) -> str:
    """The demo's standard output, run as ``make demo`` runs it (documents into a temp dir)."""
    done = subprocess.run(
        [sys.executable, "-m", "timeline.demo", "--out", str(out_dir)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    assert done.stderr == ""
    return done.stdout


def test_documents_are_written_and_named(output: str, out_dir: Path) -> None:
    assert f"Store and documents written to {out_dir.resolve()}:" in output
    for name, _ in demo.DOCUMENTS:
        assert f"  {name}" in output
        assert (out_dir / name).stat().st_size > 0
    chronology = (out_dir / "chronology.md").read_text(encoding="utf-8")
    assert "Nairab" in chronology
    assert "```mermaid" in chronology
    page = (out_dir / "timeline.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    snapshot = (out_dir / "snapshot-2020-02-03.md").read_text(encoding="utf-8")
    assert "Maaret al-Nouman" in snapshot


def section(output: str, heading: str) -> list[str]:
    """The lines of the section whose heading starts with ``heading`` (to the next blank line)."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    body = []
    for line in lines[start + 2 :]:
        if not line.strip():
            break
        body.append(line)
    return body


def test_heading_and_loading(output: str) -> None:
    lines = output.splitlines()
    assert lines[0] == "Idlib, early 2020: the Turkish–Syrian clashes of 3 February"
    assert "idlib-2020.toml: 30 events loaded into a SQLite store; loaded again: 0 new" in output
    assert (
        "idlib-2020-followup.toml: 14 events loaded into a SQLite store; loaded again: 0 new"
        in output
    )
    assert "Streams: 'idlib-2020', 'idlib-2020-followup'." in output
    assert "Relative dates resolved against Monday 3 February 2020 (Asia/Damascus)." in output


def test_chronology_in_valid_time_order(output: str) -> None:
    body = section(output, "Chronology:")
    entries = [line for line in body if not line.startswith(" ")]
    assert len(entries) == 44  # both files: 30 + 14
    dates = [line.split("  ")[0].strip() for line in entries]
    order = [
        "2016",
        "2018",
        "2019",
        "January 2020",
        "week of 27 January 2020",
        "night of 2–3 February 2020",
        "3 February 2020",
        "6 February 2020",
        "27 February 2020",
        "between 1 and 2 March 2020",
        "5 March 2020",
        "6 March 2020, 00:01 UTC+03:00",
    ]
    firsts = [dates.index(d) for d in order]
    assert firsts == sorted(firsts)
    # The 2018 deal comes before the 2018 incursion (file order breaks the tie).
    eighteen = [line for line in entries if line.startswith("2018 ")]
    assert "demilitarized zone" in eighteen[0]
    assert "second incursion" in eighteen[1]


def test_chronology_shows_kind_phrase_and_sources_with_stance(output: str) -> None:
    body = section(output, "Chronology:")
    capture = body.index(next(line for line in body if "capture Maaret al-Nouman" in line))
    assert body[capture].split("  ")[0] == "week of 27 January 2020"
    assert "  capture  " in body[capture]
    assert 'dated "last week"' in body[capture + 1]
    syrian = body.index(next(line for line in body if "13 Syrian soldiers" in line))
    assert "Syrian Observatory for Human Rights (asserts)" in body[syrian + 1]
    assert "Syrian government (declines to confirm)" in body[syrian + 1]
    nairab = body.index(next(line for line in body if "village of Nairab" in line))
    assert "Sources close to the Syrian government troops (asserts) via dpa" in body[nairab + 1]


def test_snapshot_on_15_january(output: str) -> None:
    text = output.split("State at the end of 15 January 2020")[1].split("State at the end")[0]
    assert "possibly collapsed" in text
    assert "in force? maybe" in text
    assert "Maaret al-Nouman" not in text
    assert "Casualties (ranges over sources):\n  nothing reported yet" in text


def test_snapshot_on_3_february(output: str) -> None:
    text = output.split("State at the end of 3 February 2020 (Asia/Damascus)")[1]
    text = text.split("State at the end of 6 March 2020")[0]
    assert "ceasefire idlib-ceasefire-2020 (Turkey and Russia): collapsed" in text
    assert "in force? no" in text
    assert "Maaret al-Nouman: held by Syrian army since week of 27 January 2020" in text
    assert "Nairab: held by Syrian army since 3 February 2020" in text
    # As recorded now: the Turkish Defence Ministry's later figure for the same night widens
    # the range (one incident told twice), it is not added.
    assert "Turkey, killed: 5–7 (Recep Tayyip Erdogan: 5, Turkish Defence Ministry: 7)" in text
    assert "Saraqeb" not in text  # taken on 6 February
    assert (
        "Syrian government, killed: 13 (Syrian Observatory for Human Rights: 13); "
        "Syrian government declines to confirm" in text
    )
    assert "[Idlib province 8, Latakia province 3, Hama province 2]" in text
    assert "Turkish Defence Ministry (asserts)" in text
    assert "Russian Defence Ministry (asserts)" in text
    assert "these cannot all be true" in text
    assert "nearly 1 million people on the move" in text
    assert "Turkey hosts 3.6 million Syrian refugees" in text
    # no end in the stream is not evidence that an incursion goes on: say what is reported
    for year in ("2016", "2018", "2019"):
        assert f"turkish-incursion-{year} by Turkey launched {year}; no end reported" in text
    assert "under way" not in output


def test_snapshot_on_6_march(output: str) -> None:
    text = output.split("State at the end of 6 March 2020 (Asia/Damascus)")[1]
    text = text.split("The record over time")[0]
    assert "Saraqeb: held by Syrian army since between 1 and 2 March 2020" in text
    assert (
        "ceasefire idlib-ceasefire-march-2020 (Turkey and Russia): in force "
        "(6 March 2020, 00:01 UTC+03:00); in force? yes" in text
    )
    assert "Operation Spring Shield by Turkey launched 27 February 2020; no end reported" in text
    # Two incidents: the total is a sum of ranges, and says so.
    assert "Turkey, killed: 38–41, a sum of ranges over 2 incidents" in text


def test_known_at_4_february_against_6_march(output: str) -> None:
    text = output.split("The record over time: the state at the end of 6 March 2020")[1]
    february, march = text.split("… the end of 6 March 2020:")
    february = february.split("… the end of 4 February 2020:")[1]
    # On 4 February the record knows the revised toll of 3 February, nothing later.
    assert "incident syrian-shelling-of-turkish-troops: 5–7" in february
    for later in ("Saraqeb", "moscow-protocol-2020", "Spring Shield", "balyun"):
        assert later not in february
    assert "agreement idlib-demilitarized-zone-2018: in force? maybe\n" in february
    # By 6 March: Saraqeb taken back, the protocol amends the 2018 deal, its terms dated.
    assert "Saraqeb: held by Syrian army" in march
    assert "amended by moscow-protocol-2020" in march
    assert "term ceasefire_start (6 March 2020, 00:01 UTC+03:00): due" in march
    assert "term patrols (from 15 March 2020 on): not yet due" in march
    assert "term zone (between 5 and 12 March 2020): possibly due" in march
    assert "Operation Spring Shield: launched 27 February 2020 (that date per Hulusi Akar)" in march
    assert "incident balyun-air-strike: 33–34" in march


def test_main_prints_render_then_where_the_documents_are(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    demo.main(["--out", str(tmp_path)])
    printed = capsys.readouterr().out
    assert printed.startswith(demo.render() + "\n")
    assert printed.endswith("".join(f"  {name}\n" for name, _ in demo.DOCUMENTS))


def test_a_missing_seed_is_explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(demo, "SEED", "seeds/absent.toml")
    with pytest.raises(FileNotFoundError, match=r"python -m timeline\.demo path/to"):
        demo.find_seed()
