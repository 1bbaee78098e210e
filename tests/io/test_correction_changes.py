"""A correction whose ``changes`` cannot apply is refused where it is written (issue 17)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline.cli import main
from timeline.errors import AuthoringError
from timeline.events import Correction, Event
from timeline.io.authoring import check_against, loads_stream
from timeline.io.jsonl import export_jsonl, import_jsonl
from timeline.store import MemoryStore, SQLiteStore
from timeline.strategies import events, whens

FILE = """\
[stream]
name = "mine"

[[events]]
id = "a"
when = "2020-02-01"
summary = "x"
{fix}"""

FIX = """
[[events]]
id = "fix"
kind = "correction"
when = "2020-02-02"
summary = "fix"
target = "a"
changes = {changes}
"""


def _fix(target: Event, changes: dict[str, object]) -> Correction:
    return Correction(id="fix", when=target.when, summary="fix", target=target.id, changes=changes)


@given(events(), st.text(min_size=1, max_size=20).filter(str.isprintable), whens())
def test_changes_of_the_right_type_apply(event: Event, summary: str, when: object) -> None:
    summary = summary.strip() or "s"
    fix = _fix(event, {"summary": summary, "when": when})
    assert fix.refused_changes(event) == {}
    fixed = fix.apply(event)
    assert fixed.summary == summary
    assert fixed.when == when


@given(events(), st.integers() | st.lists(st.integers(), max_size=2) | st.booleans())
def test_a_change_of_the_wrong_type_is_named(event: Event, bad: object) -> None:
    fix = _fix(event, {"when": bad, "summary": "fine"})
    refused = fix.refused_changes(event)
    assert list(refused) == ["changes.when"]
    assert "when" in refused["changes.when"]


def test_every_bad_change_is_named() -> None:
    event = Event(id="a", when="2020", summary="x")
    refused = _fix(event, {"when": 5, "summary": 3, "nosuch": 1}).refused_changes(event)
    assert sorted(refused) == ["changes.nosuch", "changes.summary", "changes.when"]


def test_a_stream_file_with_a_correction_that_cannot_apply_is_refused() -> None:
    # Was: "2 events, valid" from validate, and a warning only when rendering.
    with pytest.raises(AuthoringError) as info:
        loads_stream(FILE.format(fix=FIX.format(changes="{when = 5}")), file="c.toml")
    (problem,) = info.value.problems
    assert problem.field == "changes.when"
    assert problem.event_id == "fix"
    assert problem.line == 15
    assert "cannot apply to the event it corrects" in problem.message


def test_a_correction_that_applies_loads() -> None:
    text = FILE.format(fix=FIX.format(changes='{when = "2020-01"}'))
    assert len(loads_stream(text, file="c.toml").events) == 2


def test_validate_refuses_it_naming_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "c.toml"
    path.write_text(FILE.format(fix=FIX.format(changes="{when = 5}")), encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:15: event #2 'fix', field 'changes.when': cannot apply" in err


def test_against_a_store_the_target_there_is_checked(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    store = SQLiteStore(db)
    store.append("mine", [Event(id="a", when="2020-02-01", summary="x")])
    later = tmp_path / "later.toml"
    later.write_text('[stream]\nname = "mine"\n' + FIX.format(changes="{when = 5}"))
    with pytest.raises(AuthoringError) as info:
        check_against(store, later)
    (problem,) = info.value.problems
    assert problem.field == "changes.when"
    assert problem.line == 10


def test_validate_of_a_store_reports_one_held(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The store refuses such a correction on append (tests/store/test_references.py), so one
    # held comes from a record made before that rule: a JSON Lines export restored as written.
    target = Event(id="a", when="2020-02-01", summary="x")
    written = MemoryStore()
    written.append("mine", [target, _fix(target, {"when": "2020-02-02"})])
    export = tmp_path / "old.jsonl"
    export_jsonl(written, export)
    text = export.read_text(encoding="utf-8")
    assert text.count('"when":"2020-02-02"') == 1
    export.write_text(text.replace('"when":"2020-02-02"', '"when":5'), encoding="utf-8")
    db = tmp_path / "s.db"
    with SQLiteStore(db) as store:
        import_jsonl(store, export)
    assert main(["validate", "--strict", str(db)]) == 1
    out = capsys.readouterr().out
    assert f"{db}: warning: event 'fix', field 'changes.when': cannot apply" in out
