"""Places whose ``within`` forms a cycle are refused, each cycle named once (issue 17)."""

from __future__ import annotations

import pytest

from timeline.errors import AuthoringError
from timeline.io import loads_stream

HEAD = '[stream]\nformat = 1\nname = "s"\n'
EVENT = '\n[[events]]\nid = "one"\nwhen = "2020"\nsummary = "x"\n'


def _places(*pairs: tuple[str, str | None]) -> str:
    text = HEAD
    for place, within in pairs:
        text += f'\n[places.{place}]\nname = "{place.upper()} town"\n'
        if within is not None:
            text += f'within = "{within}"\n'
    return text + EVENT


@pytest.mark.parametrize(
    ("pairs", "cycle"),
    [
        ((("a", "a"),), "a within a"),
        ((("a", "b"), ("b", "a")), "a within b within a"),
        ((("b", "c"), ("c", "a"), ("a", "b"), ("d", "a")), "a within b within c within a"),
    ],
)
def test_a_cycle_of_within_is_refused_once(pairs: tuple[tuple[str, str], ...], cycle: str) -> None:
    with pytest.raises(AuthoringError) as info:
        loads_stream(_places(*pairs), file="cycle.toml")
    problems = [p for p in info.value.problems if "cycle" in p.message]
    assert len(problems) == 1
    assert cycle in problems[0].message
    assert problems[0].field == "places.a.within"
    assert problems[0].line is not None


def test_a_chain_without_a_cycle_is_accepted() -> None:
    stream = loads_stream(_places(("a", "b"), ("b", "c"), ("c", None)), file="chain.toml")
    assert {place.id: place.within for place in stream.places} == {"a": "b", "b": "c", "c": None}


def test_within_by_name_is_checked_after_resolving() -> None:
    text = _places(("a", "B town"), ("b", "A town"))
    with pytest.raises(AuthoringError, match="a within b within a"):
        loads_stream(text, file="names.toml")
