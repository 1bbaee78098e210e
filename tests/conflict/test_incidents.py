"""One incident, many reports: tallies per incident, contested figures, objections, shortcuts."""

from __future__ import annotations

import warnings

import pytest
from hypothesis import given

from timeline import Citation, Stance, Tri
from timeline.conflict import (
    Attack,
    Capture,
    CasualtyReport,
    ConflictProjection,
    ConflictState,
    Possible,
    conflict_snapshot,
)
from timeline.conflict.strategies import conflict_streams
from timeline.errors import ConflictError, UnknownReferenceError
from timeline.events import Claim, Contradiction, Event
from timeline.store import MemoryStore

REPORTS = conflict_streams(kinds=[Attack, CasualtyReport], min_size=1, max_size=10)


def fold(events: list[Event]) -> ConflictState:
    projection = ConflictProjection()
    state = projection.initial()
    for event in events:
        state = projection.apply(state, event)
    return state


def shelling() -> list[Event]:
    return [
        Attack(id="shelling", when="2020-02-03", summary="Shelling", where="saraqeb"),
        CasualtyReport(
            id="first",
            when="2020-02-03",
            summary="Five soldiers killed",
            side="turkey",
            killed=5,
            incident="shelling",
            citations=[Citation(source="erdogan", reported="2020-02-03")],
        ),
        CasualtyReport(
            id="revised",
            when="2020-02-03",
            summary="Seven soldiers killed",
            side="turkey",
            killed=7,
            incident="first",  # names the earlier report: the same incident
            citations=[Citation(source="tr-mod", reported="2020-02-04")],
        ),
    ]


# -- laws ----------------------------------------------------------------------------------------


@given(REPORTS)
def test_an_incident_tally_is_the_range_of_its_reports(events: list[Event]) -> None:
    state = fold(events)
    for tally in state.tallies():
        for incident in tally.by_incident:
            figures = [c.figure for c in incident.claims]
            assert incident.low == min(f.low or 0 for f in figures)
            highs = [f.high for f in figures]
            assert incident.high == (
                None if None in highs else max(h for h in highs if h is not None)
            )
            assert {c.incident for c in incident.claims} == {incident.incident}
            assert incident.contested == (
                incident.disagree or bool(incident.objections) or bool(incident.contradictions)
            )


@given(REPORTS)
def test_a_total_is_the_sum_of_the_incident_ranges(events: list[Event]) -> None:
    state = fold(events)
    for tally in state.tallies():
        assert tally.low == sum(t.low for t in tally.by_incident)
        highs = [t.high for t in tally.by_incident]
        assert tally.high == (None if None in highs else sum(h for h in highs if h is not None))
        assert tally.summed == (len(tally.by_incident) > 1)
        assert sorted(c.event for c in tally.claims) == sorted(
            c.event for t in tally.by_incident for c in t.claims
        )
        for incident in tally.by_incident:
            assert incident in state.incident_tallies(incident.incident)


@given(conflict_streams(kinds=[Capture], min_captures=1, max_captures=4, max_extras=0))
def test_holder_never_returns_a_possible_holder_as_certain(events: list[Event]) -> None:
    store = MemoryStore()
    store.append("s", events)
    for at in ("2017", "2019-06-30", "2021"):
        state = conflict_snapshot(store, at=at)
        for place, control in state.control.items():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                answer = state.holder(place)
            if isinstance(answer, Possible):
                assert len(answer.values) > 1
                assert answer.values == control.possible_holders
            else:
                assert answer is None or control.held_by(answer) is Tri.YES
            assert state.latest_holder(place) == control.holder


# -- facts ----------------------------------------------------------------------------------------


def test_a_later_report_on_an_incident_gives_a_range_with_the_revision_visible() -> None:
    state = fold(shelling())
    tally = state.tally("turkey", "killed")
    assert tally is not None
    assert tally.range == (5, 7)
    assert not tally.summed
    (incident,) = tally.by_incident
    assert incident.incident == "shelling"
    assert incident.reports == ("first", "revised")
    assert str(incident) == "5–7: 5 (erdogan, 3 February 2020); 7 (tr-mod, 4 February 2020)"
    assert incident.disagree
    assert tally.contested
    assert state.incident_tallies("revised") == (incident,)  # asked by any report on it


def test_one_figure_twice_is_not_contested() -> None:
    events = shelling()
    events[2] = CasualtyReport(
        id="revised",
        when="2020-02-03",
        summary="Five soldiers killed",
        side="turkey",
        killed=5,
        incident="shelling",
        citations=[Citation(source="tr-mod")],
    )
    tally = fold(events).tally("turkey", "killed")
    assert tally is not None
    assert tally.range == (5, 5)
    assert not tally.contested


def test_separate_incidents_add_up_and_say_so() -> None:
    other = CasualtyReport(
        id="elsewhere", when="2020-02-10", summary="Two killed", side="turkey", killed=2
    )
    tally = fold([*shelling(), other]).tally("turkey", "killed")
    assert tally is not None
    assert tally.range == (7, 9)
    assert tally.summed
    assert dict(tally.incidents) == {"shelling": (5, 7), "elsewhere": (2, 2)}
    assert "a sum of ranges over 2 incidents" in str(tally)


def test_a_contradiction_naming_two_reports_marks_both() -> None:
    reports = [
        CasualtyReport(id="a", when="2020-02-03", summary="A", side="turkey", killed=5),
        CasualtyReport(id="b", when="2020-02-04", summary="B", side="turkey", killed=5),
    ]
    dispute = Contradiction(id="x", when="2020-02-05", summary="not both", claims=["a", "b"])
    tally = fold([*reports, dispute]).tally("turkey", "killed")
    assert tally is not None
    assert tally.contested
    assert [t.contradictions for t in tally.by_incident] == [("x",), ("x",)]


def test_a_denial_names_the_figure_it_denies() -> None:
    report = CasualtyReport(
        id="dpr-claim",
        when="2015-01-20",
        summary="300 Ukrainian soldiers killed, the DPR says",
        side="ukraine",
        killed=300,
        citations=[Citation(source="dpr")],
    )
    denial = Claim(
        id="denied",
        target="dpr-claim",
        when="2015-01-20",
        summary="The Ukrainian Defence Ministry denies it",
        citations=[Citation(source="ua-mod", stance=Stance.DENIES)],
    )
    tally = fold([report, denial]).tally("ukraine", "killed")
    assert tally is not None
    (objection,) = tally.objections
    assert str(objection) == "ua-mod denies dpr's 300"
    assert objection.figure is not None
    assert objection.figure.low == 300
    assert objection.of == ("dpr",)


def test_holder_says_when_it_is_only_possible() -> None:
    capture = Capture(id="c", when="2020-01", summary="taken", place="nairab", by="army")
    store = MemoryStore()
    store.append("s", [capture])
    mid = conflict_snapshot(store, at="2020-01-15")
    with pytest.warns(DeprecationWarning, match="latest_holder"):
        answer = mid.holder("nairab")
    assert answer == Possible(frozenset({"army", None}))
    assert "army" in answer
    assert str(answer) == "possibly army, or none"
    with pytest.raises(TypeError):
        bool(answer)
    assert mid.latest_holder("nairab") == "army"  # the old answer, by its own name
    assert conflict_snapshot(store, at="2020-02").holder("nairab") == "army"
    assert mid.holder("saraqeb") is None


def test_a_report_on_an_incident_the_store_lacks_is_refused() -> None:
    store = MemoryStore()
    store.append("s", shelling()[:2])
    later = CasualtyReport(
        id="later", when="2020-02-03", summary="x", side="turkey", killed=9, incident="missing"
    )
    with pytest.raises(UnknownReferenceError, match="'missing'"):
        store.append("s", [later])
    assert store.head == 2
    assert not store.contains("later")


def test_unknown_category_is_the_library_error() -> None:
    with pytest.raises(ConflictError, match="expected one of killed"):
        fold(shelling()).tally("turkey", "missing")


@pytest.mark.filterwarnings("ignore::hypothesis.errors.NonInteractiveExampleWarning")
def test_strategies_refuse_bad_arguments() -> None:
    with pytest.raises(ConflictError, match="kinds"):
        conflict_streams(kinds=[Event]).example()  # type: ignore[list-item]
