"""ConflictProjection's fold: control, accords, operations, casualty ranges, contests."""

from __future__ import annotations

import pickle
from collections.abc import Iterable
from typing import Any

import attrs
import pytest

from timeline import Citation, Figure, Stance, TimelineError, Tri, When
from timeline.conflict import (
    AgreementCollapsed,
    AgreementInForce,
    AgreementSigned,
    Capture,
    CasualtyReport,
    CeasefireCollapsed,
    CeasefireTookEffect,
    ConflictError,
    ConflictProjection,
    ConflictState,
    Deployment,
    Displacement,
    Operation,
    OperationEnded,
    OperationLaunched,
    RefugeePopulation,
    Status,
    conflict_snapshot,
    happened_by,
)
from timeline.events import (
    Claim,
    Contradiction,
    Correction,
    Event,
    Gazetteer,
    Place,
    Retraction,
)
from timeline.projections import Projection, replay, snapshot
from timeline.store import MemoryStore


def fold(events: Iterable[Event], projection: ConflictProjection | None = None) -> ConflictState:
    projection = projection or ConflictProjection()
    state = projection.initial()
    for event in events:
        state = projection.apply(state, event)
    return state


def store_of(events: Iterable[Event]) -> MemoryStore:
    store = MemoryStore()
    store.append("s", list(events))
    return store


def cite(source: str, stance: Stance = Stance.ASSERTS, **extra: Any) -> Citation:
    return Citation(source=source, stance=stance, **extra)


# -- control ---------------------------------------------------------------------------------


def test_capture_changes_holder() -> None:
    first = Capture(id="c1", when="2012-11", summary="rebels take it", place="nairab", by="rebels")
    second = Capture(
        id="c2",
        when="2020-02-03",
        summary="army takes it",
        place="nairab",
        by="army",
        from_="rebels",
    )
    state = fold([first])
    assert state.holder("nairab") == "rebels"
    state = fold([first, second])
    control = state.control["nairab"]
    assert control.holder == "army"
    assert control.since == When.parse("2020-02-03")
    assert control.changes[-1].from_ == "rebels"
    assert [c.event for c in control.changes] == ["c1", "c2"]
    assert control.held_by("army") is Tri.YES
    assert control.held_by("rebels") is Tri.NO
    assert state.holder("saraqeb") is None


def test_holders_that_depend_on_captures_that_may_not_have_happened() -> None:
    first = Capture(id="1", when="2020-01-05", summary="s", place="p", by="a")
    second = Capture(id="2", when="2020-01", summary="s", place="p", by="b")
    third = Capture(id="3", when="2020-01-10/2020-01-25", summary="s", place="p", by="c")
    state = replay(ConflictProjection(at="2020-01-15"), store_of([first, second, third]))
    control = state.control["p"]
    assert control.certain_holder == "a"
    assert control.possible_holders == {"a", "b", "c"}
    assert control.held_by("b") is Tri.MAYBE  # if b's capture happened and c's did not
    assert control.held_by("a") is Tri.MAYBE
    assert control.held_by("d") is Tri.NO
    # all three certainly happened by February, but "January" and "10-25 January" overlap:
    # which of b and c took it last is unknown
    settled = replay(ConflictProjection(at="2020-02-01"), store_of([first, second, third])).control
    assert settled["p"].possible_holders == {"b", "c"}
    assert settled["p"].held_by("c") is Tri.MAYBE
    assert settled["p"].held_by("a") is Tri.NO
    assert not settled["p"].certain
    later = Capture(id="4", when="2020-03", summary="s", place="p", by="d")
    final = replay(ConflictProjection(at="2020-04"), store_of([first, second, third, later]))
    assert final.control["p"].held_by("d") is Tri.YES
    assert final.control["p"].certain


def test_a_status_before_a_certain_change_no_longer_holds() -> None:
    signed = AgreementSigned(id="s", agreement="x", when="2019", summary="s")
    collapsed = AgreementCollapsed(id="c", agreement="x", when="2019-12-01", summary="s")
    state = replay(ConflictProjection(at="2019-12-15"), store_of([signed, collapsed]))
    accord = state.agreements["x"]
    # "2019" straddles 15 December; the collapse of 1 December is certain and comes later
    assert accord.possible_statuses == {Status.COLLAPSED}
    assert accord.holds(Status.SIGNED) is Tri.NO
    assert accord.holds(Status.COLLAPSED) is Tri.YES


def test_late_capture_lands_in_valid_time_order() -> None:
    old = Capture(id="old", when="2012", summary="s", place="p", by="rebels")
    new = Capture(id="new", when="2020", summary="s", place="p", by="army")
    assert fold([new, old]) == fold([old, new])
    assert fold([new, old]).holder("p") == "army"


def test_aliases_resolve_through_the_gazetteer() -> None:
    places = Gazetteer(
        [Place(id="maaret-al-nouman", name="Maaret al-Nouman", aliases=["Maarat al-Numan"])]
    )
    capture = Capture(when="2020-W05", summary="s", place="MAARAT AL NUMAN", by="army")
    state = fold([capture], ConflictProjection(places))
    assert state.holder("maaret-al-nouman") == "army"
    # without a gazetteer, names are kept as written
    assert fold([capture]).holder("MAARAT AL NUMAN") == "army"


# -- agreements and ceasefires ---------------------------------------------------------------


CEASEFIRE_ON = CeasefireTookEffect(
    id="on", ceasefire="cf", when="2020-01", summary="s", parties=["turkey", "russia"]
)
CEASEFIRE_OFF = CeasefireCollapsed(
    id="off", ceasefire="cf", when="2020-01/2020-02-03", summary="s", reason="renewed fighting"
)


def test_ceasefire_took_effect_then_collapsed() -> None:
    state = fold([CEASEFIRE_ON])
    ceasefire = state.ceasefires["cf"]
    assert ceasefire.status is Status.IN_FORCE
    assert ceasefire.parties == ("turkey", "russia")
    state = fold([CEASEFIRE_ON, CEASEFIRE_OFF])
    ceasefire = state.ceasefires["cf"]
    assert ceasefire.status is Status.COLLAPSED
    assert [(c.status, c.when) for c in ceasefire.changes] == [
        (Status.IN_FORCE, When.parse("2020-01")),
        (Status.COLLAPSED, When.parse("2020-01/2020-02-03")),
    ]
    assert ceasefire.since == When.parse("2020-01/2020-02-03")
    assert ceasefire.changes[-1].reason == "renewed fighting"
    assert ceasefire.holds(Status.COLLAPSED) is Tri.YES
    assert state.accord("cf") is ceasefire


def test_collapse_folded_first_still_comes_after_taking_effect() -> None:
    # The chronology lists the wider "2020-01/2020-02-03" first; the status is still "collapsed".
    assert fold([CEASEFIRE_OFF, CEASEFIRE_ON]) == fold([CEASEFIRE_ON, CEASEFIRE_OFF])
    assert fold([CEASEFIRE_OFF, CEASEFIRE_ON]).ceasefires["cf"].status is Status.COLLAPSED


def test_agreement_signed_in_force_collapsed() -> None:
    events = [
        AgreementSigned(
            id="a1",
            agreement="sochi",
            when="2018-09-17",
            summary="s",
            parties=["turkey", "russia"],
            terms="a demilitarized zone",
        ),
        AgreementInForce(id="a2", agreement="sochi", when="2018-10-15", summary="s"),
        AgreementCollapsed(id="a3", agreement="sochi", when="2019-04", summary="s"),
    ]
    statuses = [fold(events[: i + 1]).agreements["sochi"].status for i in range(3)]
    assert statuses == [Status.SIGNED, Status.IN_FORCE, Status.COLLAPSED]
    sochi = fold(events).agreements["sochi"]
    assert sochi.terms == "a demilitarized zone"
    assert sochi.kind == "agreement"
    assert fold(events).ceasefires == {}


def test_ceasefire_status_at_a_date_inside_its_month_is_only_possible() -> None:
    store = store_of([CEASEFIRE_ON, CEASEFIRE_OFF])
    state = replay(ConflictProjection(at="2020-01-15"), store)
    ceasefire = state.ceasefires["cf"]
    assert not ceasefire.certain
    assert ceasefire.certain_status is None
    assert ceasefire.holds(Status.IN_FORCE) is Tri.MAYBE
    assert ceasefire.holds(Status.COLLAPSED) is Tri.MAYBE
    later = replay(ConflictProjection(at="2020-02-03"), store).ceasefires["cf"]
    assert later.certain
    assert later.holds(Status.COLLAPSED) is Tri.YES
    assert later.holds(Status.IN_FORCE) is Tri.NO
    before = replay(ConflictProjection(at="2019-12-31"), store)
    assert before.ceasefires == {}


def test_contradictory_status_reports_leave_every_status_possible() -> None:
    # Collapsed in 2016, in force from 2016 on, signed from 2017 on: the collapse comes before
    # the signature, the signature before the entry into force (they overlap; by rank), and the
    # entry into force before the collapse (by rank): a circle. The times alone then decide.
    state = fold(
        [
            AgreementCollapsed(id="e0", agreement="a", when="2016", summary="s"),
            AgreementInForce(id="e1", agreement="a", when="2016/..", summary="s"),
            AgreementSigned(id="e2", agreement="a", when="2017/..", summary="s"),
        ]
    )
    accord = state.agreements["a"]
    assert accord.latest is not None
    assert accord.status in accord.possible_statuses
    assert accord.possible_statuses == {Status.IN_FORCE, Status.SIGNED}
    assert accord.certain_status in accord.possible_statuses
    assert not accord.certain
    assert accord.holds(Status.COLLAPSED) is Tri.NO


# -- operations ----------------------------------------------------------------------------


def test_operations_active_until_ended() -> None:
    launched = OperationLaunched(
        id="l",
        operation="op",
        when="2019-10-09",
        summary="s",
        by="turkey",
        into="syria",
        name="Operation Peace Spring",
    )
    ended = OperationEnded(id="e", operation="op", when="2019-10-22", summary="s")
    state = fold([launched])
    assert [op.id for op in state.active_operations] == ["op"]
    # no end recorded is not evidence that it is under way: MAYBE, never YES
    assert state.operations["op"].active is Tri.MAYBE
    assert state.operations["op"].name == "Operation Peace Spring"
    state = fold([launched, ended])
    assert state.active_operations == ()
    assert state.operations["op"].active is Tri.NO
    assert state.operations["op"].ended == When.parse("2019-10-22")
    # an end that only possibly happened by then leaves the operation possibly active
    possibly = replay(ConflictProjection(at="2019-10-15"), store_of([launched, ended]))
    assert possibly.operations["op"].active is Tri.MAYBE
    month_end = attrs.evolve(ended, when=When.parse("2019-10"))
    possibly = replay(ConflictProjection(at="2019-10-15"), store_of([launched, month_end]))
    assert possibly.operations["op"].active is Tri.MAYBE


def test_no_end_recorded_is_not_evidence_an_operation_is_under_way() -> None:
    # Launched in 2016, no end in the stream: by 2020 it is not known to go on.
    launched = OperationLaunched(
        id="l", operation="op", when="2016", summary="s", by="turkey", into="syria"
    )
    state = conflict_snapshot(store_of([launched]), at="2020-02-03")
    operation = state.operations["op"]
    assert operation.launches[0].certain
    assert operation.ends == ()
    assert operation.active is Tri.MAYBE
    assert state.active_operations == (operation,)
    # a launch that only possibly happened by then: MAYBE too
    assert conflict_snapshot(store_of([launched]), at="2016-06").operations["op"].active is (
        Tri.MAYBE
    )
    # certainly ended: NO; nothing known of it: NO
    ended = OperationEnded(id="e", operation="op", when="2019", summary="s")
    assert conflict_snapshot(store_of([launched, ended]), at="2020").operations["op"].active is (
        Tri.NO
    )
    assert Operation(id="op").active is Tri.NO
    # no operation is ever YES: the stream cannot tell that one goes on
    for at in ("2016-06", "2017", "2020"):
        for events in ([launched], [launched, ended], [ended]):
            state = conflict_snapshot(store_of(events), at=at)
            assert all(op.active is not Tri.YES for op in state.operations.values())


# -- casualties --------------------------------------------------------------------------


# The incident the reports below are about: a store holds what its reports name.
SHELLING = Event(id="shelling", when="2020-02-03", summary="Shelling of a Turkish position")

TOLL_A = CasualtyReport(
    id="a",
    when="2020-02-03",
    summary="s",
    side="turkey",
    killed=5,
    civilians_killed=3,
    incident="shelling",
    citations=[cite("erdogan")],
)
TOLL_B = CasualtyReport(
    id="b",
    when="2020-02-03",
    summary="s",
    side="turkey",
    killed=Figure.at_least(7),
    incident="shelling",
    citations=[cite("media-1"), cite("media-2")],
)
TOLL_C = CasualtyReport(
    id="c",
    when="2020-02-03",
    summary="s",
    side="turkey",
    killed=4,
    incident="shelling",
    citations=[cite("media-3"), cite("damascus", Stance.DENIES)],
)


def test_casualty_range_over_sources_with_a_denial() -> None:
    state = fold([TOLL_A, TOLL_B, TOLL_C])
    killed = state.tally("turkey", "killed")
    assert killed is not None
    assert killed.range == (4, None)  # 4 to "at least 7": no upper bound
    assert [(c.source, str(c.figure)) for c in killed.claims] == [
        ("erdogan", "5"),
        ("media-1", "at least 7"),
        ("media-2", "at least 7"),
        ("media-3", "4"),
    ]
    assert [(o.source, o.stance) for o in killed.objections] == [("damascus", Stance.DENIES)]
    assert killed.contested
    civilians = state.tally("turkey", "civilians_killed")
    assert civilians is not None
    assert civilians.range == (3, 3)
    assert civilians.objections == ()  # the denial is of report "c", which has no civilians
    assert state.tally("turkey", "wounded") is None
    assert state.tally("syria", "killed") is None


def test_non_confirmation_is_kept_beside_the_figure() -> None:
    report = CasualtyReport(
        id="sy",
        when="2020-02-03",
        summary="s",
        side="syria",
        killed=Figure.exact(13, parts={"idlib": 8, "latakia": 3, "hama": 2}),
        citations=[cite("sohr"), cite("damascus", Stance.DECLINES_TO_CONFIRM)],
    )
    tally = fold([report]).tally("syria", "killed")
    assert tally is not None
    assert tally.range == (13, 13)
    (claim,) = tally.claims
    assert claim.source == "sohr"
    assert claim.figure.parts["latakia"].low == 3
    (objection,) = tally.objections
    assert (objection.source, objection.stance) == ("damascus", Stance.DECLINES_TO_CONFIRM)
    assert "damascus declines to confirm" in str(tally)
    assert tally.parts == {"idlib": (8, 8), "latakia": (3, 3), "hama": (2, 2)}


def test_breakdowns_from_several_sources_give_ranges_per_part() -> None:
    first = CasualtyReport(
        id="r1",
        when="2020-02-03",
        summary="s",
        side="syria",
        incident="i",
        killed=Figure.exact(13, parts={"idlib": 8, "hama": 5}),
        citations=[cite("sohr")],
    )
    second = CasualtyReport(
        id="r2",
        when="2020-02-03",
        summary="s",
        side="syria",
        incident="i",
        killed=Figure.exact(10, parts={"idlib": Figure.at_least(6)}),
        citations=[cite("other")],
    )
    total_only = CasualtyReport(
        id="r3",
        when="2020-02-03",
        summary="s",
        side="syria",
        incident="i",
        killed=9,
        citations=[cite("third")],
    )
    tally = fold([first, second, total_only]).tally("syria", "killed")
    assert tally is not None
    assert tally.range == (9, 13)
    assert tally.parts == {"idlib": (6, None), "hama": (5, 5)}


def test_incidents_add_up_and_sources_on_one_incident_give_a_range() -> None:
    first = CasualtyReport(
        id="1",
        when="2020-02-03",
        summary="s",
        side="t",
        killed=5,
        incident="i1",
        citations=[cite("x")],
    )
    other = CasualtyReport(
        id="2",
        when="2020-02-03",
        summary="s",
        side="t",
        killed=6,
        incident="i1",
        citations=[cite("y")],
    )
    second = CasualtyReport(
        id="3",
        when="2020-02-10",
        summary="s",
        side="t",
        killed=2,
        incident="i2",
        citations=[cite("x")],
    )
    tally = fold([first, other, second]).tally("t", "killed")
    assert tally is not None
    assert tally.incidents == {"i1": (5, 6), "i2": (2, 2)}
    assert tally.range == (7, 8)


def test_claims_about_a_report_add_their_figures() -> None:
    later = Claim(
        id="later",
        target="a",
        when="2020-02-03",
        summary="toll rises",
        figures={"killed": 7},
        citations=[cite("tr-mod")],
    )
    state = fold([TOLL_A, later])
    tally = state.tally("turkey", "killed")
    assert tally is not None
    assert tally.range == (5, 7)
    assert tally.sources == ("erdogan", "tr-mod")
    # a claim folded before its target counts too, once the target is there
    assert fold([later, TOLL_A]) == state
    # a claim about a report, without figures, that denies it
    denial = Claim(
        id="deny",
        target="a",
        when="2020-02-03",
        summary="no",
        citations=[cite("damascus", Stance.DENIES)],
    )
    tally = fold([TOLL_A, denial]).tally("turkey", "killed")
    assert tally is not None
    assert [o.source for o in tally.objections] == ["damascus"]
    assert tally.range == (5, 5)


def test_unknown_category_is_a_clear_error() -> None:
    with pytest.raises(ConflictError, match="unknown casualty category 'dead'"):
        fold([TOLL_A]).tally("turkey", "dead")


# -- displacement, refugees, deployments -------------------------------------------------------


def test_latest_displacement_and_refugee_figures_with_sources() -> None:
    earlier = Displacement(
        id="d1",
        when="2019-12",
        summary="s",
        people=Figure.at_least(200_000),
        toward="turkish-border",
        citations=[cite("un")],
    )
    latest = Displacement(
        id="d2",
        when="2020-02-03",
        summary="s",
        people=Figure(high=1_000_000, text="nearly 1 million"),
        toward="turkish-border",
        citations=[cite("erdogan")],
    )
    elsewhere = Displacement(id="d3", when="2020-01", summary="s", people=5000, toward="afrin")
    hosted = RefugeePopulation(
        id="r1",
        when="2020-01",
        summary="s",
        host="turkey",
        population="syrian",
        figure=3_600_000,
        citations=[cite("erdogan")],
    )
    older = RefugeePopulation(
        id="r0", when="2019", summary="s", host="turkey", population="syrian", figure=3_500_000
    )
    state = fold([latest, elsewhere, earlier, hosted, older])
    (fact,) = state.latest_displacement(toward="turkish-border")
    assert fact.event == "d2"
    assert fact.sources == ("erdogan",)
    assert str(fact.people) == "nearly 1 million"
    assert [f.event for f in state.latest_displacement()] == ["d2"]
    assert [f.event for f in state.latest_displacement(toward="afrin")] == ["d3"]
    (refugees,) = state.latest_refugees("turkey")
    assert refugees.figure == Figure.exact(3_600_000)
    assert refugees.sources == ("erdogan",)
    # the population is a description that reads before "refugees"
    assert refugees.refugees == "Syrian refugees"
    assert attrs.evolve(refugees, population="Rohingya").refugees == "Rohingya refugees"


def test_same_time_reports_are_all_latest() -> None:
    a = Displacement(id="a", when="2020-02-03", summary="s", people=900_000, citations=[cite("x")])
    b = Displacement(id="b", when="2020-02-03", summary="s", people=800_000, citations=[cite("y")])
    assert {f.event for f in fold([a, b]).latest_displacement()} == {"a", "b"}


def test_deployments_are_kept() -> None:
    sent = Deployment(
        id="dep", when="2020-02", summary="s", who="turkey", where="idlib", role="reinforcements"
    )
    assert fold([sent]).deployments["dep"].role == "reinforcements"


# -- contested claims ----------------------------------------------------------------------------


NOTIFIED = Claim(
    id="notified",
    target="shelling",
    when="2020-02-03",
    summary="Turkey notified",
    citations=[cite("tr-mod")],
)
NOT_INFORMED = Claim(
    id="not-informed",
    target="shelling",
    when="2020-02-03",
    summary="Russia was not informed",
    citations=[cite("ru-mod", contradicts=["notified"])],
)
DISPUTE = Contradiction(
    id="dispute", when="2020-02-03", summary="s", claims=["notified", "not-informed"]
)


def test_contradiction_lists_both_sides() -> None:
    state = fold([NOTIFIED, NOT_INFORMED, DISPUTE])
    (contest,) = state.contests
    assert contest.key == "not-informed | notified"
    assert {(side.event, side.sources) for side in contest.sides} == {
        ("notified", ("tr-mod",)),
        ("not-informed", ("ru-mod",)),
    }
    assert {side.summary for side in contest.sides} == {
        "Turkey notified",
        "Russia was not informed",
    }
    # both the citation's own "contradicts" and the Contradiction event note it: one contest
    assert set(contest.noted_by) == {"not-informed", "dispute"}


def test_contradiction_before_its_claims_still_shows_them() -> None:
    state = fold([DISPUTE, NOT_INFORMED, NOTIFIED])
    assert state.contests == fold([NOTIFIED, NOT_INFORMED, DISPUTE]).contests


def test_opposing_stances_on_one_event_are_a_contest() -> None:
    capture = Capture(
        id="cap",
        when="2020-02-03",
        summary="army takes Saraqeb",
        place="saraqeb",
        by="army",
        citations=[cite("gov-sources"), cite("rebels", Stance.DENIES, quote="we still hold it")],
    )
    (contest,) = fold([capture]).contests
    assert contest.key == "cap"
    asserts, denies = contest.sides
    assert (asserts.stance, asserts.sources) == (Stance.ASSERTS, ("gov-sources",))
    assert (denies.stance, denies.sources) == (Stance.DENIES, ("rebels",))
    # declining to confirm is not a contest (it is kept beside figures instead)
    quiet = attrs.evolve(
        capture, citations=[cite("gov-sources"), cite("rebels", Stance.DECLINES_TO_CONFIRM)]
    )
    assert fold([quiet]).contests == ()


def test_side_of_an_unknown_event_says_so() -> None:
    lonely = Contradiction(id="x", when="2020", summary="s", claims=["ghost-1", "ghost-2#src"])
    (contest,) = fold([lonely]).contests
    assert [(s.event, s.source, s.summary) for s in contest.sides] == [
        ("ghost-1", None, None),
        ("ghost-2", "src", None),
    ]


# -- purity, idempotence, runners -------------------------------------------------------------

EVERYTHING: list[Event] = [
    SHELLING,
    CEASEFIRE_ON,
    CEASEFIRE_OFF,
    TOLL_A,
    TOLL_B,
    TOLL_C,
    NOTIFIED,
    NOT_INFORMED,
    DISPUTE,
    Capture(id="cap", when="2020-W05", summary="s", place="p", by="army"),
]


def test_replaying_an_event_changes_nothing() -> None:
    once = fold(EVERYTHING)
    twice = fold([e for event in EVERYTHING for e in (event, event)])
    assert once == twice
    assert fold([*EVERYTHING, *EVERYTHING]) == once


def test_apply_does_not_change_the_state_it_is_given() -> None:
    projection = ConflictProjection()
    state = fold(EVERYTHING[:4])
    copy = pickle.loads(pickle.dumps(state))
    projection.apply(state, TOLL_C)
    assert state == copy


def test_state_pickles() -> None:
    state = fold(EVERYTHING)
    assert pickle.loads(pickle.dumps(state)) == state


def test_is_a_projection_and_runs_in_either_order() -> None:
    projection = ConflictProjection()
    assert isinstance(projection, Projection)
    store = store_of(EVERYTHING)
    by_valid_time = replay(projection, store)
    assert by_valid_time == replay(projection, store, order="append")
    assert by_valid_time.facts() == fold(EVERYTHING).facts()  # positions differ, facts do not


def test_snapshot_marks_straddling_facts_like_the_at_fold() -> None:
    store = store_of(EVERYTHING)
    for at in ("2020-01-15", "2020-02-01", "2020-02-03", "2021"):
        via_snapshot = conflict_snapshot(store, at=at)
        via_fold = replay(ConflictProjection(at=at), store)
        assert via_snapshot == via_fold, at
    snap = snapshot(ConflictProjection(), store, at="2020-01-15")
    marked = snap.possible.marked(snap.is_certain)
    assert not marked.ceasefires["cf"].certain
    assert snap.possible.ceasefires["cf"].certain  # unmarked: the fold alone cannot know


def test_happened_by() -> None:
    jan = When.parse("2020-01")
    assert happened_by(jan, When.parse("2020-01-15")) is Tri.MAYBE
    assert happened_by(jan, When.parse("2020-01-31")) is Tri.YES
    assert happened_by(jan, When.parse("2019-12-31")) is Tri.NO
    assert happened_by(When.parse("2020-02-03"), When.parse("2020-02-03")) is Tri.YES
    assert happened_by(When.parse("2020-01-12/.."), When.parse("2020-02-03")) is Tri.MAYBE


def test_bad_arguments_are_clear() -> None:
    with pytest.raises(ConflictError, match=r"gazetteer must be a timeline\.events\.Gazetteer"):
        ConflictProjection({"a": "b"})  # type: ignore[arg-type]
    with pytest.raises(TimelineError, match="at must be a When or EDTF text"):
        ConflictProjection(at=2020)  # type: ignore[arg-type]
    with pytest.raises(TimelineError, match="expected a Recorded or an Event"):
        ConflictProjection().apply(ConflictState(), "event")  # type: ignore[arg-type]


# -- the runner's part: corrections, retractions, the recorded clock ---------------------------


def test_corrections_and_retractions_reach_the_state_through_the_runner() -> None:
    store = store_of([SHELLING, TOLL_A, TOLL_B])
    fixed = Correction(
        id="fix",
        target="a",
        when="2020-02-04",
        summary="five, then six",
        changes={"killed": 6},
    )
    withdrawn = Retraction(id="drop", target="b", when="2020-02-04", summary="withdrawn")
    store.append("s", [fixed])
    tally = conflict_snapshot(store, at="2020-02-03").tally("turkey", "killed")
    assert tally is not None
    assert tally.range == (6, None)  # the corrected 6, and "at least 7"
    store.append("s", [withdrawn])
    tally = conflict_snapshot(store, at="2020-02-03").tally("turkey", "killed")
    assert tally is not None
    assert tally.range == (6, 6)
    # as known before the correction (store position 3: the shelling and two reports): the originals
    before = conflict_snapshot(store, at="2020-02-03", known_at=3).tally("turkey", "killed")
    assert before is not None
    assert before.range == (5, None)


def test_known_at_never_sees_a_later_record() -> None:
    store = store_of([CEASEFIRE_ON])
    store.append("s", [CEASEFIRE_OFF])
    assert conflict_snapshot(store, at="2020-02-03", known_at=1).ceasefires["cf"].status is (
        Status.IN_FORCE
    )
    assert conflict_snapshot(store, at="2020-02-03").ceasefires["cf"].status is Status.COLLAPSED
