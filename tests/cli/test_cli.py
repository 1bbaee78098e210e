"""The ``timeline`` command, run as ``python -m timeline`` in a subprocess.

Exit status: 0 success, 1 invalid data (the message names file, event, field),
2 usage. Progress output only on a terminal: never in these pipes.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "idlib-2020.toml"
SAMPLE = ROOT / "tests" / "render" / "data" / "sample.toml"


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "timeline", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        timeout=120,
        check=False,
    )


def test_help_for_every_command_with_an_example() -> None:
    top = run("--help")
    assert top.returncode == 0
    for command in ("render", "snapshot", "validate", "import", "export", "stats"):
        assert command in top.stdout
        result = run(command, "--help")
        assert result.returncode == 0, result.stderr
        assert "example" in result.stdout
        assert f"timeline {command}" in result.stdout


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("timeline ")


@pytest.mark.parametrize("fmt", ["md", "mermaid", "timelinejs", "ics", "html"])
def test_render_every_format_to_stdout(fmt: str) -> None:
    result = run("render", SAMPLE, "--format", fmt)
    assert result.returncode == 0, result.stderr
    assert result.stdout
    assert result.stderr == ""  # no progress output when stderr is not a terminal


def test_render_output_file_is_the_library_output(tmp_path: Path) -> None:
    from tests.render.support import document
    from timeline.render import render_ical, render_markdown

    out = tmp_path / "sample.md"
    result = run("render", SAMPLE, "-f", "md", "--mermaid", "-o", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8") == render_markdown(document(SAMPLE), mermaid=True)
    ics = tmp_path / "sample.ics"
    assert run("render", SAMPLE, "-f", "ics", "-o", ics).returncode == 0
    assert ics.read_bytes() == render_ical(document(SAMPLE)).encode()
    stdout = subprocess.run(
        [sys.executable, "-m", "timeline", "render", str(SAMPLE), "-f", "ics"],
        capture_output=True,
        check=True,
    ).stdout
    assert stdout == ics.read_bytes()  # CRLF kept on standard output too


def test_render_filters() -> None:
    result = run("render", SAMPLE, "-f", "timelinejs", "--from", "2020", "--actor", "a")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [s["unique_id"] for s in data["events"]] == ["truce", "shelling", "talks"]
    assert data["provenance"]["filters"] == "from 2020; actor a"
    kinds = json.loads(run("render", SAMPLE, "-f", "timelinejs", "--kind", "nope").stdout)
    assert kinds["events"] == []


def test_render_known_at(tmp_path: Path) -> None:
    # A stream file is recorded at its reference day; nothing is known the day before.
    before = run("render", SAMPLE, "-f", "timelinejs", "--known-at", "2020-02-02")
    assert json.loads(before.stdout)["events"] == []
    on = run("render", SAMPLE, "-f", "timelinejs", "--known-at", "2020-02-03T00:00:00Z")
    assert len(json.loads(on.stdout)["events"]) == 5


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("render", SAMPLE).returncode == 2  # --format missing
    bad_format = run("render", SAMPLE, "-f", "pdf")
    assert bad_format.returncode == 2
    assert "invalid choice" in bad_format.stderr
    bad_date = run("render", SAMPLE, "-f", "md", "--from", "yesterday")
    assert bad_date.returncode == 2
    assert "yesterday" in bad_date.stderr
    missing = run("render", tmp_path / "missing.toml", "-f", "md")
    assert missing.returncode == 2
    assert "missing.toml: no such file" in missing.stderr
    assert run().returncode == 2
    assert run("frobnicate").returncode == 2


def test_bad_stream_file_names_file_event_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[stream]\nname = "s"\n\n[[events]]\nid = "e1"\nwhen = "2020-13"\nsummary = "x"\n',
        encoding="utf-8",
    )
    commands: list[list[str | Path]] = [
        ["render", bad, "-f", "md"],
        ["validate", bad],
        ["stats", bad],
    ]
    for command in commands:
        result = run(*command)
        assert result.returncode == 1, result.stderr
        assert result.stdout == ""
        assert "bad.toml:6" in result.stderr
        assert "'e1'" in result.stderr
        assert "'when'" in result.stderr


def test_bad_jsonl_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"position": 1}\n', encoding="utf-8")
    result = run("render", bad, "-f", "md")
    assert result.returncode == 1
    assert "bad.jsonl:1" in result.stderr


def test_validate_unknown_targets_in_jsonl(tmp_path: Path) -> None:
    line = (
        '{"position":1,"stream":"s","version":1,"recorded_at":"2020-02-03T00:00:00.000000Z",'
        '"event":{"kind":"retraction","id":"r","when":"2020","summary":"r","target":"ghost"}}\n'
    )
    path = tmp_path / "orphan.jsonl"
    path.write_text(line, encoding="utf-8")
    result = run("validate", path)
    assert result.returncode == 0, result.stderr
    assert "event 'r', field 'target': names an unknown event 'ghost'" in result.stdout


def test_not_a_store(tmp_path: Path) -> None:
    fake = tmp_path / "fake.db"
    fake.write_bytes(b"this is not sqlite at all" * 10)
    result = run("stats", fake)
    assert result.returncode == 1
    assert "fake.db" in result.stderr or "not" in result.stderr


def test_validate_warnings(tmp_path: Path) -> None:
    result = run("validate", SAMPLE)
    assert result.returncode == 0
    assert "event 'talks', field 'citations': cites no source" in result.stdout
    assert run("validate", SAMPLE, "--strict").returncode == 1
    doubtful = tmp_path / "doubtful.toml"
    doubtful.write_text(
        """
[stream]
name = "s"

[sources.x]
name = "X"

[[events]]
id = "taken-by-a"
kind = "conflict.capture"
when = "2020-02-01/2020-02-10"
summary = "A takes the town"
place = "town"
by = "a"
citations = [{ source = "x" }]

[[events]]
id = "taken-by-b"
kind = "conflict.capture"
when = "2020-02-05/2020-02-15"
summary = "B takes the town"
place = "town"
by = "b"
citations = [{ source = "x" }]

[[events]]
id = "toll"
kind = "conflict.casualties"
when = "2020-02-03"
summary = "Losses"
side = "a"
killed = { low = 1, high = 5, text = "at least 8", parts = { north = 4, south = 3 } }
citations = [{ source = "x" }]
""",
        encoding="utf-8",
    )
    result = run("validate", doubtful)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "event 'taken-by-b', field 'by'" in out
    assert "two holders at once" in out
    assert "event 'toll', field 'killed'" in out
    assert "parts add up to at least 7, above its high of 5" in out
    assert "says 8, outside its range 1–5" in out


def test_snapshot_md_and_json() -> None:
    md = run("snapshot", SEED, "--at", "2020-01-15")
    assert md.returncode == 0, md.stderr
    assert "*possibly holds:* idlib-ceasefire-2020" in md.stdout
    data = json.loads(run("snapshot", SEED, "--at", "2020-02-03", "-f", "json").stdout)
    titles = [s["title"] for s in data["sections"]]
    assert "Control of places" in titles
    assert data["provenance"]["content_hash"].startswith("sha256:")
    assert run("snapshot", SEED).returncode == 2  # --at is required


def test_dates_are_read_in_the_stream_zone() -> None:
    from timeline import When

    data = json.loads(run("snapshot", SEED, "--at", "2020-02-03", "-f", "json").stdout)
    assert data["at"]["end"] == When.parse("2020-02-03", tz="Asia/Damascus").latest_ts


def test_export_import_round_trip(tmp_path: Path) -> None:
    jsonl = tmp_path / "sample.jsonl"
    assert run("export", SAMPLE, "-o", jsonl).returncode == 0
    lines = jsonl.read_text(encoding="utf-8").splitlines()
    # 12 events, after the file's catalog: its stream settings and 6 declarations
    assert len(lines) == 19
    assert sum('"kind":"catalog.' in line or '"kind":"stream.' in line for line in lines) == 7
    db = tmp_path / "store.db"
    result = run("import", jsonl, db)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from events").fetchone()[0] == 19
    again = tmp_path / "again.jsonl"
    assert run("export", db, "-o", again).returncode == 0
    assert again.read_text(encoding="utf-8") == jsonl.read_text(encoding="utf-8")
    # the same document from every form of the same record
    md = [run("render", p, "-f", "md").stdout for p in (jsonl, db)]
    assert md[0] == md[1]
    toml = tmp_path / "back.toml"
    assert run("export", db, "-o", toml).returncode == 0
    assert run("validate", toml).returncode == 0
    # importing twice is all or nothing: the second import does not continue the store
    second = run("import", jsonl, db)
    assert second.returncode == 1
    assert "nothing was imported" in second.stderr


def test_stats() -> None:
    result = run("stats", SAMPLE, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["events"] == 12
    assert data["kinds"]["claim"] == 3
    assert data["first"] == "late 2012"
    text = run("stats", SAMPLE).stdout
    assert "12 events" in text


def test_stats_valid_time_is_the_known_bounds_with_open_and_unknown_ends_counted() -> None:
    from timeline.events import Event
    from timeline.report import stats_of as stats_data
    from timeline.store import MemoryStore

    store = MemoryStore()
    store.append(
        "s",
        [
            Event(id="until", when="/2020-02-03", summary="start unknown"),
            Event(id="incursions", when="2016/2019", summary="2016 to 2019"),
            Event(id="january", when="2020-01", summary="January 2020"),
            Event(id="since", when="2012-39/..", summary="since late 2012"),
            Event(id="before", when="../2010", summary="open start"),
            Event(id="from", when="2019-06/", summary="end unknown"),
        ],
    )
    data = stats_data(list(store.read_all()))
    assert (data["first"], data["last"]) == ("late 2012", "3 February 2020")
    ends = {k: data[k] for k in ("unknown_start", "open_start", "unknown_end", "open_end")}
    assert ends == {"unknown_start": 1, "open_start": 1, "unknown_end": 1, "open_end": 1}

    text = run("stats", SEED).stdout
    line = next(x for x in text.splitlines() if x.startswith("valid time: "))
    assert "start unknown" not in line
    assert "…" not in line
    assert "with an unknown start" in line
    assert line.split("; ")[0].endswith(" – 3 February 2020")


def test_entry_point_script_declared() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'timeline = "timeline.cli:main"' in text


def test_export_csv_is_the_chronology_table(tmp_path: Path) -> None:
    import csv

    out = tmp_path / "idlib.csv"
    result = run("export", SEED, "-o", out)  # the format from the suffix
    assert result.returncode == 0, result.stderr
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 30
    assert list(rows[0])[:7] == ["id", "kind", "summary", "earliest", "latest", "precision", "edtf"]
    piped = run("export", SEED, "--format", "csv")
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout.replace("\r\n", "\n") == out.read_text(encoding="utf-8").replace(
        "\r\n", "\n"
    )
