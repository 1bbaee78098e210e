"""Every command on every broken input: exit status 1 (or 2) and a message, never a traceback.

The committed files are in ``tests/data/broken/`` (its README says what is
wrong with each); more are generated here: an empty, a truncated and a damaged
store, a store whose schema drifted, one from a newer release, TOML and JSON
nested thousands of levels deep, a folder and a missing file. ``--debug``
shows the traceback again.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.store.support import evs
from timeline.cli import main
from timeline.cli.loading import DataError
from timeline.errors import StoreError
from timeline.store import SQLiteStore
from timeline.store import sqlite as sqlite_module

BROKEN = Path(__file__).resolve().parents[1] / "data" / "broken"
COMMITTED = sorted(p.name for p in BROKEN.iterdir() if p.name != "README.md")

# Each command, with what it needs besides FILE ({out} is a scratch folder).
COMMANDS: dict[str, list[str]] = {
    "render": ["render", "{file}", "--format", "md"],
    "snapshot": ["snapshot", "{file}", "--at", "2020-02-03"],
    "validate": ["validate", "{file}"],
    "import-db": ["import", "{file}", "{out}/dest.db"],
    "import-toml": ["import", "{file}", "{out}/dest.toml"],
    "export": ["export", "{file}", "-o", "{out}/export.jsonl"],
    "stats": ["stats", "{file}"],
    "check": ["check", "{file}"],
}


def _store(path: Path, events: int = 300) -> Path:
    with SQLiteStore(path, synchronous="NORMAL") as store:
        store.append("s", evs("e", events))
    return path


def _generate(folder: Path) -> dict[str, Path]:
    """The generated broken inputs, by name."""
    made: dict[str, Path] = {}

    made["empty.db"] = folder / "empty.db"
    made["empty.db"].write_bytes(b"")

    truncated = _store(folder / "truncated.db")
    data = truncated.read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    made["truncated.db"] = truncated

    damaged = _store(folder / "damaged.db")
    data = bytearray(damaged.read_bytes())
    for i in range(4096 * 2, 4096 * 2 + 512):  # the first pages of the table
        data[i] ^= 0xFF
    damaged.write_bytes(bytes(data))
    made["damaged.db"] = damaged

    gap = _store(folder / "gap.db", 5)
    raw = sqlite3.connect(gap, isolation_level=None)
    raw.execute("DROP TRIGGER events_refuse_delete")
    raw.execute("DELETE FROM events WHERE position = 3")
    raw.close()
    made["gap.db"] = gap

    drift = folder / "drift.db"
    raw = sqlite3.connect(drift, isolation_level=None)
    raw.execute("CREATE TABLE other (x)")
    raw.execute(f"PRAGMA application_id = {sqlite_module.APPLICATION_ID}")
    raw.execute(f"PRAGMA user_version = {sqlite_module.SCHEMA_VERSION}")
    raw.close()
    made["drift.db"] = drift

    newer = _store(folder / "newer.db", 1)
    raw = sqlite3.connect(newer, isolation_level=None)
    raw.execute("PRAGMA user_version = 99")
    raw.close()
    made["newer.db"] = newer

    made["deep.toml"] = folder / "deep.toml"
    made["deep.toml"].write_text("[stream]\nname = 's'\nx = " + "[" * 5000 + "]" * 5000 + "\n")
    made["deep-table.toml"] = folder / "deep-table.toml"
    made["deep-table.toml"].write_text("x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n")
    made["deep.jsonl"] = folder / "deep.jsonl"
    made["deep.jsonl"].write_text("[" * 100_000 + "\n")
    made["object.jsonl"] = folder / "object.jsonl"
    made["object.jsonl"].write_text(json.dumps({"position": 1}) + "\n")

    made["folder"] = folder / "a-folder.toml"
    made["folder"].mkdir()
    made["missing"] = folder / "missing.toml"
    return made


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("broken")
    found = {name: BROKEN / name for name in COMMITTED}
    found.update(_generate(folder))
    return found


INPUT_NAMES = [
    *COMMITTED,
    "empty.db",
    "truncated.db",
    "damaged.db",
    "gap.db",
    "drift.db",
    "newer.db",
    "deep.toml",
    "deep-table.toml",
    "deep.jsonl",
    "object.jsonl",
    "folder",
    "missing",
]


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("name", INPUT_NAMES)
def test_a_broken_input_gets_a_message_and_an_exit_status(
    inputs: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    command: str,
) -> None:
    source = inputs[name]
    before = source.read_bytes() if source.is_file() else None
    argv = [part.format(file=source, out=tmp_path) for part in COMMANDS[command]]
    status = main(argv)
    out, err = capsys.readouterr()
    assert status in (1, 2), f"{argv}: exit {status}, stderr {err!r}"
    assert "Traceback" not in err + out
    if command == "check" and not err:  # its report of a damaged store is its output
        assert out.startswith(f"{source}: damaged: "), out
        return
    lines = err.splitlines()
    assert lines, f"{argv}: no message"
    assert lines[0].startswith("timeline: error: ")
    assert len(lines[0]) > len("timeline: error: ") + 10
    # One line; a stream file's problems follow it, one indented line each.
    assert all(line.startswith("  ") for line in lines[1:]), err
    if before is not None:
        assert source.read_bytes() == before, "a reading command changed its input"


def test_the_damaged_store_is_damaged_for_every_read(inputs: dict[str, Path]) -> None:
    # The corpus is only worth something if its stores really are broken.
    for name in ("truncated.db", "damaged.db", "gap.db"):
        with pytest.raises(StoreError), SQLiteStore(inputs[name], read_only=True) as store:
            list(store.read_all())


def test_check_lists_every_problem_of_a_store_with_a_gap(
    inputs: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(inputs["gap.db"])]) == 1
    out = capsys.readouterr().out
    assert "damaged: 2 problems" in out
    assert "position 3 is missing" in out
    assert "stream 's': version 3 is missing" in out


def test_check_reports_a_sound_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _store(tmp_path / "sound.db", 12)
    before = path.read_bytes()
    assert main(["check", str(path)]) == 0
    assert main(["check", "--deep", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{path}: sound: 12 events in 1 stream; SQLite quick_check ok")
    assert "integrity_check ok" in out[1]
    assert "content ids match" in out[1]
    assert path.read_bytes() == before


def test_reading_commands_do_not_write_into_an_empty_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Was: `timeline render e.db` wrote a 24 KB schema into the empty file.
    path = tmp_path / "e.db"
    path.write_bytes(b"")
    for argv in (["render", str(path), "--format", "md"], ["stats", str(path)]):
        assert main(argv) == 1
    assert "never creates one" in capsys.readouterr().err
    assert path.read_bytes() == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e.db"]


def test_reading_commands_open_stores_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _store(tmp_path / "s.db", 3)
    opened: list[str] = []
    connect = sqlite3.connect

    def spy(target: str, **options: object) -> sqlite3.Connection:
        opened.append(target)
        return connect(target, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(sqlite_module.sqlite3, "connect", spy)
    for argv in (["stats", str(path)], ["export", str(path)], ["check", str(path)]):
        assert main(argv) == 0
    assert len(opened) == 3
    assert all("mode=ro" in target for target in opened)


def test_debug_shows_the_traceback(inputs: dict[str, Path]) -> None:
    with pytest.raises(DataError, match="not a timeline store"):
        main(["--debug", "stats", str(inputs["not-a-store.db"])])


def test_an_unexpected_error_is_one_line_that_says_it_is_a_bug(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from timeline.cli import stats

    def broken(args: object) -> int:
        raise KeyError("oops")

    monkeypatch.setattr(stats, "cmd_stats", broken)
    path = _store(tmp_path / "s.db", 1)
    assert main(["stats", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("timeline: error: unexpected KeyError: 'oops' (a bug in timeline")
    assert "--debug" in err
    assert err.count("\n") == 1
    with pytest.raises(KeyError):
        main(["--debug", "stats", str(path)])


def test_copying_a_damaged_store_fails_and_leaves_no_partial_copy(
    inputs: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dest = tmp_path / "copy.db"
    shutil.copyfile(_store(tmp_path / "base.db", 2), dest)
    before = list(SQLiteStore(dest, read_only=True).read_all())
    assert main(["import", str(inputs["gap.db"]), str(dest)]) == 1
    assert "position 3 is missing" in capsys.readouterr().err
    with SQLiteStore(dest, read_only=True) as store:
        assert list(store.read_all()) == before
