"""A Gazetteer refuses places within each other in a cycle, as a stream file does (issue 17)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline.errors import EntityError
from timeline.events import Gazetteer, Place, describe_cycle, within_cycles

IDS = ["a", "b", "c", "d", "e"]


def _places(within: dict[str, str | None]) -> list[Place]:
    return [Place(id=i, name=f"{i.upper()} town", within=w) for i, w in within.items()]


def _has_cycle(within: dict[str, str | None]) -> bool:
    for start in within:
        seen: set[str] = set()
        current: str | None = start
        while current in within and current not in seen:
            seen.add(current)
            current = within[current]
        if current in seen:
            return True
    return False


withins = st.dictionaries(st.sampled_from(IDS), st.none() | st.sampled_from(IDS), min_size=1)


@given(withins)
def test_a_gazetteer_refuses_exactly_the_cyclic_places(within: dict[str, str | None]) -> None:
    places = _places(within)
    if _has_cycle(within):
        with pytest.raises(EntityError, match="in a cycle") as info:
            Gazetteer(places)
        assert info.value.field == "within"
    else:
        assert len(Gazetteer(places)) == len(places)


@given(withins)
def test_adding_one_by_one_refuses_the_place_that_closes_a_cycle(
    within: dict[str, str | None],
) -> None:
    gazetteer = Gazetteer()
    for place in _places(within):
        before = list(gazetteer)
        try:
            gazetteer.add(place)
        except EntityError:
            assert list(gazetteer) == before  # all or nothing
        places = {p.id: p for p in gazetteer if isinstance(p, Place)}
        assert within_cycles(places) == []


@given(withins)
def test_each_cycle_is_named_once_from_its_least_id(within: dict[str, str | None]) -> None:
    cycles = within_cycles({p.id: p for p in _places(within)})
    assert len({frozenset(c) for c in cycles}) == len(cycles)
    for cycle in cycles:
        assert cycle[0] == min(cycle)
        for here, there in zip(cycle, (*cycle[1:], cycle[0]), strict=True):
            assert within[here] == there
    assert bool(cycles) == _has_cycle(within)


def test_the_message_names_the_cycle() -> None:
    # Was: accepted in Python, while the same places in a stream file were refused.
    with pytest.raises(EntityError, match="a within b within c within a"):
        Gazetteer(_places({"b": "c", "c": "a", "a": "b"}))
    assert describe_cycle(("a",)) == "a within a"
