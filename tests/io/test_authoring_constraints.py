"""Constraints in stream files: ``[[events.constraints]]``, their errors, and export."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from timeline import Constraint
from timeline.errors import AuthoringError, ConstraintError
from timeline.io import export_toml, load_into, loads_stream
from timeline.store import MemoryStore

HEADER = """\
[stream]
name = "test"
zone = "Asia/Damascus"
reference = 2020-02-03
"""

EVENTS = """
[[events]]
id = "took-effect"
when_phrase = "in January"
summary = "A ceasefire takes effect"

[[events]]
id = "collapsed"
when = "[2020-01..2020-02-03]"
summary = "The ceasefire has collapsed"

[[events.constraints]]
relation = "after"
event = "took-effect"
offset = "1 day"
"""


def _load(text: str) -> AuthoringError:
    with pytest.raises(AuthoringError) as info:
        loads_stream(HEADER + textwrap.dedent(text), file="inline.toml")
    return info.value


def test_constraints_are_read_from_the_file() -> None:
    stream = loads_stream(HEADER + EVENTS, file="inline.toml")
    assert stream.event("collapsed").constraints == (
        Constraint(relation="after", event="took-effect", offset="1 day"),
    )


def test_a_constraint_naming_an_event_not_in_the_file_is_a_problem_naming_it() -> None:
    error = _load(EVENTS.replace('event = "took-effect"', 'event = "took-efect"'))
    (problem,) = error.problems
    assert problem.event_id == "collapsed"
    assert problem.field == "constraints[0].event"
    assert "'took-efect' is not the id of an event in this file" in problem.message
    assert "took-effect" in problem.message  # the suggestion


def test_an_offset_without_a_unit_is_a_problem() -> None:
    error = _load(EVENTS.replace('offset = "1 day"', 'offset = "1"'))
    (problem,) = error.problems
    assert problem.field == "constraints[0].offset"
    assert "has no unit" in problem.message


@pytest.mark.parametrize(
    ("change", "field", "says"),
    [
        ('relation = "after"', "constraints[0].relation", "'since'"),
        ('offset = "1 day"', "constraints[0].offst", "unknown key 'offst'"),
    ],
)
def test_bad_constraint_tables_are_problems(change: str, field: str, says: str) -> None:
    bad = {
        'relation = "after"': 'relation = "since"',
        'offset = "1 day"': 'offst = "1 day"',
    }[change]
    error = _load(EVENTS.replace(change, bad))
    (problem,) = error.problems
    assert problem.field == field
    assert says in problem.message


def test_constraints_that_cannot_hold_are_a_problem_naming_the_event(tmp_path: Path) -> None:
    text = EVENTS.replace('when = "[2020-01..2020-02-03]"', 'when = "2020-01-01"')
    (problem,) = _load(text).problems
    assert problem.event_id == "collapsed"
    assert problem.field == "constraints"
    assert "cannot both hold" in problem.message
    assert problem.line is not None
    path = tmp_path / "bad.toml"
    path.write_text(HEADER + text, encoding="utf-8")
    store = MemoryStore()
    with pytest.raises(AuthoringError):
        load_into(store, path)
    assert store.head == 0


def test_a_cycle_in_a_file_is_a_problem_naming_it() -> None:
    text = EVENTS + textwrap.dedent(
        """
        [[events]]
        id = "later"
        when = "2020"
        summary = "Later"

        [[events.constraints]]
        relation = "after"
        event = "collapsed"
        """
    )
    text = text.replace('event = "took-effect"', 'event = "later"')
    (problem,) = _load(text).problems
    assert "cycle" in problem.message
    assert "'collapsed'" in problem.message
    assert "'later'" in problem.message


def test_a_constraint_on_an_event_the_store_holds_is_checked_at_append(tmp_path: Path) -> None:
    store = MemoryStore()
    first = tmp_path / "first.toml"
    first.write_text(HEADER + EVENTS, encoding="utf-8")
    load_into(store, first)
    second = tmp_path / "second.toml"
    second.write_text(
        HEADER
        + textwrap.dedent(
            """
            [[events]]
            id = "too-early"
            when = "2019"
            summary = "Too early"

            [[events.constraints]]
            relation = "after"
            event = "took-effect"
            """
        ),
        encoding="utf-8",
    )
    head = store.head
    with pytest.raises(ConstraintError, match="cannot both hold"):
        load_into(store, second)
    assert store.head == head


def test_constraints_survive_a_toml_export(tmp_path: Path) -> None:
    store = MemoryStore()
    source = tmp_path / "in.toml"
    source.write_text(HEADER + EVENTS, encoding="utf-8")
    load_into(store, source)
    out = tmp_path / "out.toml"
    export_toml(store, out)
    assert "[[events.constraints]]" in out.read_text(encoding="utf-8")
    again = MemoryStore()
    load_into(again, out)
    assert [r.event for r in again.read_all()] == [r.event for r in store.read_all()]
