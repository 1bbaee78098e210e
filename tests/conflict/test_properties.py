"""Property tests of the conflict fold over generated streams (timeline.conflict.strategies)."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from timeline import Stance, Tri, codec
from timeline.conflict import (
    CASUALTY_CATEGORIES,
    CasualtyReport,
    ConflictEvent,
    ConflictProjection,
    ConflictState,
    conflict_kinds,
    conflict_snapshot,
)
from timeline.conflict.strategies import conflict_events, conflict_streams
from timeline.events import Claim, Event
from timeline.projections import replay
from timeline.store import MemoryStore
from timeline.strategies import whens
from timeline.time import Precision


def fold(events: list[Event]) -> ConflictState:
    projection = ConflictProjection()
    state = projection.initial()
    for event in events:
        state = projection.apply(state, event)
    return state


def views(state: ConflictState) -> None:
    """Compute every derived view (they must never raise)."""
    state.facts()
    state.tallies()
    state.tallies(certain_only=True)
    assert isinstance(state.contests, tuple)
    assert isinstance(state.active_operations, tuple)
    state.latest_displacement()
    state.latest_refugees()
    for control in state.control.values():
        assert control.holder is not None
        assert control.since is not None
        assert control.holder in control.possible_holders
        assert control.certain_holder in control.possible_holders
        assert control.certain == (control.held_by(control.holder) is Tri.YES)
        if control.certain:
            assert control.certain_holder == control.holder
    for accord in (*state.agreements.values(), *state.ceasefires.values()):
        assert accord.status is not None
        assert accord.status in accord.possible_statuses
        assert accord.certain_status in accord.possible_statuses
        if accord.certain:
            assert accord.certain_status == accord.status
        assert isinstance(accord.parties, tuple)
        _ = (accord.terms, accord.agreement, accord.certain_status)
    for op in state.operations.values():
        _ = (op.active, op.name, op.by, op.launched, op.ended)


@given(conflict_events())
def test_every_generated_event_round_trips(event: ConflictEvent) -> None:
    assert type(event).kind in conflict_kinds()
    again = codec.loads(codec.dumps(event))
    assert again == event
    assert codec.dumps(again) == codec.dumps(event)


@given(conflict_streams())
def test_fold_never_crashes_and_ranges_hold_every_source(events: list[Event]) -> None:
    state = fold(events)
    views(state)
    for tally in state.tallies():
        assert tally.low >= 0
        assert tally.high is None or tally.low <= tally.high
        assert tally.claims, "a tally exists only when some figure is reported"
        for claim in tally.claims:
            low, high = tally.incidents[claim.incident]
            assert low <= claim.low
            if claim.high is None:
                assert high is None
            else:
                assert high is None or claim.high <= high
        # incidents add up
        assert tally.low == sum(r[0] for r in tally.incidents.values())
        for low, high in tally.parts.values():
            assert high is None or 0 <= low <= high
    # every asserting source's figure of every report is in its tally, and every objection
    reports = {e.id: e for e in events if isinstance(e, CasualtyReport)}
    for report in reports.values():
        for category, figure in report.figures().items():
            found = state.tally(report.side, category)
            assert found is not None
            asserting: list[str | None] = [
                c.source for c in report.citations if c.stance is Stance.ASSERTS
            ]
            counted = [(c.source, c.figure) for c in found.claims if c.event == report.id]
            assert counted == [(s, figure) for s in (asserting or [None])]
            objecting = {c.source for c in report.citations if c.stance is not Stance.ASSERTS}
            assert objecting <= {o.source for o in found.objections if o.event == report.id}
    # claims about reports count under the report's side
    for event in events:
        if isinstance(event, Claim) and event.target in reports:
            for name in event.figures:
                if name in CASUALTY_CATEGORIES:
                    about = state.tally(reports[event.target].side, name)
                    assert about is not None
                    assert any(c.event == event.id for c in about.claims)


@given(conflict_streams(), st.randoms(use_true_random=False))
def test_order_of_folding_does_not_matter(events: list[Event], rng: random.Random) -> None:
    shuffled = list(events)
    rng.shuffle(shuffled)
    assert fold(shuffled) == fold(events)


@given(conflict_streams())
def test_replays_are_idempotent(events: list[Event]) -> None:
    once = fold(events)
    assert fold(events + events) == once
    assert fold([e for event in events for e in (event, event)]) == once


@given(
    conflict_streams(max_size=15),
    whens(
        min_year=2015,
        max_year=2022,
        precisions=(Precision.YEAR, Precision.MONTH, Precision.DAY),
        intervals=False,
        qualifiers=False,
    ),
)
def test_snapshot_and_at_fold_agree(events: list[Event], at: object) -> None:
    store = MemoryStore()
    if events:
        store.append("s", events)
    via_fold = replay(ConflictProjection(at=at), store)  # type: ignore[arg-type]
    via_snapshot = conflict_snapshot(store, at=at)  # type: ignore[arg-type]
    assert via_fold == via_snapshot
    views(via_fold)
    # certain facts only come from events certainly over by then
    for tally in via_fold.tallies(certain_only=True):
        assert tally.certain


@given(conflict_streams(), st.data())
def test_marking_through_the_index_equals_marking_everything(
    events: list[Event], data: st.DataObject
) -> None:
    state = fold(events)
    ids: set[str] = data.draw(st.sets(st.sampled_from([e.id for e in events]))) if events else set()
    marked = state.mark_uncertain(ids)
    assert marked == state.marked(lambda event_id: event_id not in ids)
    assert state.mark_uncertain(()) == state
