"""Laws of agreements as a graph and of dated terms (property tests, ``timeline.strategies``)."""

from __future__ import annotations

import itertools
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from timeline.conflict import (
    RelationType,
    TermStatus,
    conflict_snapshot,
    relation_cycle,
    term_due,
)
from timeline.conflict.strategies import agreement_streams
from timeline.events import Event
from timeline.store import MemoryStore
from timeline.time import Tri, When

# Snapshot times: a day or a month (a snapshot needs a bounded time).
_ATS = st.dates(date(2015, 1, 1), date(2022, 12, 31)).flatmap(
    lambda d: st.sampled_from([When.of(d.year, d.month, d.day), When.of(d.year, d.month)])
)


def _store(events: list[Event]) -> MemoryStore:
    store = MemoryStore()
    store.append("s", events)
    return store


def _reaches(edges: set[tuple[str, str]]) -> set[tuple[str, str]]:
    closure = set(edges)
    while True:
        more = {(a, d) for (a, b), (c, d) in itertools.product(closure, closure) if b == c}
        if more <= closure:
            return closure
        closure |= more


@given(st.lists(st.tuples(st.sampled_from("abcde"), st.sampled_from("abcde")), max_size=8))
def test_relation_cycle_finds_a_cycle_exactly_when_there_is_one(
    edges: list[tuple[str, str]],
) -> None:
    found = relation_cycle(edges)
    has_cycle = any(a == b for a, b in _reaches(set(edges)))
    assert (found is not None) == has_cycle
    if found is not None:
        assert found[0] == found[-1]
        assert all(step in set(edges) for step in itertools.pairwise(found))


@given(agreement_streams(cycles=True), _ATS)
def test_the_relations_a_state_stands_on_never_run_in_a_circle(
    events: list[Event], at: When
) -> None:
    state = conflict_snapshot(_store(events), at=at)
    standings = state.standings()
    kept = {(k.source, k.target) for s in standings.values() for k in s.chain}
    assert relation_cycle(kept) is None
    for standing in standings.values():
        # A chain goes outward and never back to where it started.
        assert all(k.target != standing.accord for k in standing.chain)


@given(agreement_streams(), _ATS)
def test_in_force_follows_the_agreement_and_what_ends_it(events: list[Event], at: When) -> None:
    state = conflict_snapshot(_store(events), at=at)
    standings = state.standings()
    for standing in standings.values():
        if standing.own is Tri.NO:
            assert standing.in_force is Tri.NO
        ending = [
            standings[k.source].in_force if k.certain else Tri.MAYBE
            for k in standing.ended_by
            if k.source in standings
        ]
        if any(e is Tri.YES for e in ending):
            assert standing.in_force is Tri.NO
        if standing.own is Tri.YES and not standing.ended_by:
            assert standing.in_force is Tri.YES
        # Never a YES over a MAYBE: in force only as far as its own status says.
        assert not (standing.in_force is Tri.YES and standing.own is not Tri.YES)
        assert all(k.type.ends_target for k in standing.ended_by)
        assert all(k.type is RelationType.AMENDS for k in standing.amended_by)


@given(agreement_streams(relations=False), _ATS)
def test_every_term_of_the_state_is_due_not_yet_due_or_possibly_due(
    events: list[Event], at: When
) -> None:
    state = conflict_snapshot(_store(events), at=at)
    for term in state.dated_terms(at):
        due = term_due(term.term, at)
        expected = {
            Tri.NO: TermStatus.NOT_YET_DUE,
            Tri.YES: TermStatus.DUE if term.certain else TermStatus.POSSIBLY_DUE,
            Tri.MAYBE: TermStatus.POSSIBLY_DUE,
        }[due]
        assert term.status is expected
        assert term.status in term.possible_statuses or term.status is TermStatus.POSSIBLY_DUE


@given(agreement_streams(), _ATS, _ATS)
def test_a_term_once_due_stays_due(events: list[Event], a: When, b: When) -> None:
    if a.before(b) is not Tri.YES:
        return
    terms = [t for e in events for t in getattr(e, "dated_terms", ())]
    for term in terms:
        if term_due(term, a) is Tri.YES:
            assert term_due(term, b) is Tri.YES
