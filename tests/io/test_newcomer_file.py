"""A newcomer's first stream file (issue 17): every problem at once, and a copy-paste noticed."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline.cli import main
from timeline.errors import AuthoringError
from timeline.io.authoring import check_against, loads_stream
from timeline.store import SQLiteStore

HEAD = """\
[stream]
name = "mine"
zone = "{zone}"
reference = 2020-02-03
reported = 2020-02-03

[sources.report]
name = "Report"
kind = "media"
"""

EVENT = """
[[events]]
id = "{id}"
kind = "conflict.attack"
when = "{when}"
summary = "{summary}"
citations = [{{source = "report"}}]
"""

CASUALTIES = """
[[events]]
id = "b"
kind = "conflict.casualties"
when_phrase = "yesterday"
summary = "losses"
killed = "13"
party = "x"
citations = [{source = "report"}]
"""


def _newcomer(zone: str = "Asia/Damascus") -> str:
    """Five mistakes: a bad day, an id reused, a figure as text, a key misspelt, a copy."""
    return (
        HEAD.format(zone=zone)
        + EVENT.format(id="a", when="2020-02-31", summary="x")
        + EVENT.format(id="a", when="2020-02-02", summary="y")
        + CASUALTIES
        + EVENT.format(id="c", when="2020-02-02", summary="dup")
        + EVENT.format(id="c", when="2020-02-02", summary="dup")
    )


def _problems(text: str) -> list[str]:
    with pytest.raises(AuthoringError) as info:
        loads_stream(text, file="mine.toml")
    return [str(p) for p in info.value.problems]


def test_one_error_does_not_hide_another() -> None:
    # Was: the reused id was reported only once the bad date was fixed, and the figure
    # written as text only once the missing 'side' was added.
    problems = _problems(_newcomer())
    assert any("field 'when': invalid day 31" in p for p in problems)
    assert any(
        "event #2 'a', field 'id': id 'a' is already used by event #1" in p for p in problems
    )
    assert any("event #3 'b', field 'side': missing key 'side'" in p for p in problems)
    assert any("event #3 'b', field 'killed': expected a Figure" in p for p in problems)
    assert any("event #3 'b', field 'party': unknown key 'party'" in p for p in problems)
    assert len(problems) == 5, problems


def test_a_bad_zone_is_reported_once() -> None:
    # Was: three more errors, among them "needs a reference date" while reference is set.
    problems = _problems(_newcomer(zone="Asia/Damascuss"))
    assert sum("Asia/Damascuss" in p for p in problems) == 1
    assert not any("reference date" in p for p in problems), problems
    assert len(problems) == 6, problems


@given(st.sampled_from(["Asia/Damascuss", "America", "x" * 300, "Mars/Olympus"]))
def test_a_bad_zone_alone_is_one_problem(zone: str) -> None:
    text = HEAD.format(zone=zone) + EVENT.format(id="a", when="2020-02-01", summary="x")
    text += CASUALTIES.replace('killed = "13"\nparty = "x"', 'killed = 13\nside = "x"')
    problems = _problems(text)
    (problem,) = problems
    assert "field 'stream.zone'" in problem


def test_a_figure_message_lists_the_keys_an_author_can_write() -> None:
    problems = _problems(HEAD.format(zone="UTC") + CASUALTIES.replace('party = "x"', 'side = "x"'))
    (problem,) = problems
    assert "field 'killed'" in problem
    for key in ("low", "high", "text", "parts"):
        assert key in problem


def _copy_pasted() -> str:
    return (
        HEAD.format(zone="UTC")
        + EVENT.format(id="a", when="2020-02-01", summary="x")
        + EVENT.format(id="a", when="2020-02-01", summary="x")
    )


def test_a_repeated_event_table_is_read_once_with_a_warning() -> None:
    stream = loads_stream(_copy_pasted(), file="mine.toml")
    assert len(stream.events) == 1
    (warning,) = stream.warnings
    assert warning.event == 2
    assert warning.line == 18
    assert "repeats #1 (line 11) word for word" in str(warning)


def test_a_repeated_event_table_with_problems_is_reported_once_per_table() -> None:
    text = _copy_pasted().replace("2020-02-01", "2020-02-31")
    problems = _problems(text)
    assert [p.count("invalid day 31") for p in problems] == [1, 1]
    assert not any("already used" in p for p in problems)


def test_validate_warns_of_a_repeated_event_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Was: "1 events, valid; 0 warnings" for two tables.
    path = tmp_path / "mine.toml"
    path.write_text(_copy_pasted(), encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"{path}:18: warning: event #2 'a': [[events]] #2 repeats #1" in out
    assert out.strip().endswith("1 events, valid; 1 warning")
    assert main(["validate", "--strict", str(path)]) == 1


def test_the_cli_reports_all_five_mistakes_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(_newcomer(zone="Asia/Damascuss"), encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert "6 problems; nothing was loaded" in err
    assert "Traceback" not in err


SHARED = """\
[stream]
name = "s"

[actors.idlib]
name = "Idlib"

[places.idlib]
name = "Idlib"

[[events]]
id = "a"
when = "2020"
summary = "x"
"""


def test_an_actor_and_a_place_sharing_an_id_is_a_problem_with_its_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Issue 17 item 10: was a store error with no file, line or field.
    problems = _problems(SHARED)
    assert problems == [
        "mine.toml:7: field 'places.idlib': id 'idlib' is already declared by "
        "[actors.idlib] (line 4); actors and places share one set of ids: give the place "
        "another id"
    ]
    path = tmp_path / "shared.toml"
    path.write_text(SHARED, encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    assert f"{path}:7: field 'places.idlib'" in capsys.readouterr().err


def test_a_place_with_the_id_of_an_actor_in_the_store_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    first = tmp_path / "first.toml"
    first.write_text(SHARED.replace("[places.idlib]", "[places.idlib-city]"), encoding="utf-8")
    assert main(["import", str(first), str(db)]) == 0
    later = tmp_path / "later.toml"
    later.write_text(
        '[stream]\nname = "s"\n\n[places.idlib]\nname = "Idlib province"\n', encoding="utf-8"
    )
    with pytest.raises(AuthoringError, match="declared by an actor in the store"):
        check_against(SQLiteStore(db, read_only=True), later)
