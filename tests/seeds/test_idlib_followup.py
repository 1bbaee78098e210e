"""Example tests pinned on the follow-up seed (``seeds/idlib-2020-followup.toml``).

The reporting of the weeks after 3 February 2020, loaded into one store with
the first file (``seeds/idlib-2020.toml``), each report on the day it became
known (:mod:`timeline.demo_contrast`). They pin who holds Saraqeb on given
days, which agreements and dated terms are in force or due, the per-incident
ranges with their sources, the announcement and what it announces, and the
record as known at 4 February against 6 March.
"""

from __future__ import annotations

import warnings
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline import cli
from timeline.conflict import (
    AgreementSigned,
    Announcement,
    ConflictState,
    Possible,
    Status,
    TermStatus,
    conflict_snapshot,
)
from timeline.demo_contrast import known_at, load_by_report_day, load_record, report_day
from timeline.events import CatalogEvent, Event, Stance
from timeline.io import AuthoringError, StreamFile, load_into, load_stream
from timeline.projections import Chronology
from timeline.store import MemoryStore, Recorded
from timeline.strategies import events
from timeline.time import Tri, When

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
FIRST = SEEDS / "idlib-2020.toml"
FOLLOWUP = SEEDS / "idlib-2020-followup.toml"
TZ = "Asia/Damascus"


@pytest.fixture(scope="module")
def followup() -> StreamFile:
    """The follow-up file, read with the first file's events and agreement known."""
    store = MemoryStore()
    load_into(store, FIRST)
    return load_stream(
        FOLLOWUP,
        known_ids={"syrian-shelling-of-turkish-troops"},
        known_accords={"idlib-demilitarized-zone-2018"},
    )


@pytest.fixture(scope="module")
def store() -> MemoryStore:
    """Both files in one store, the follow-up report day by report day (as ``make demo``)."""
    store = MemoryStore()
    load_record(store, FIRST, FOLLOWUP)
    return store


def state(store: MemoryStore, at: str, known: str | None = None) -> ConflictState:
    """The state at the end of day ``at`` (Idlib time), as known at the end of ``known``."""
    return conflict_snapshot(
        store,
        at=When.parse(at, tz=TZ),
        known_at=None if known is None else known_at(known),
    )


# -- the file -----------------------------------------------------------------------------------


def test_it_needs_the_first_file_and_names_what_is_missing() -> None:
    store = MemoryStore()
    with pytest.raises(AuthoringError) as caught:
        load_into(store, FOLLOWUP)
    text = str(caught.value)
    assert "'syrian-shelling-of-turkish-troops'" in text  # the incident told again
    assert "'idlib-demilitarized-zone-2018'" in text  # the agreement it amends
    assert store.head == 0  # nothing was appended


def test_validates_against_the_first_file_without_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "idlib.db"
    assert cli.main(["import", str(FIRST), str(db)]) == 0
    capsys.readouterr()
    assert cli.main(["validate", str(FOLLOWUP), "--against", str(db), "--strict"]) == 0
    assert "14 events, valid against" in capsys.readouterr().out


def test_loads_once_report_day_by_report_day() -> None:
    store = MemoryStore()
    load_into(store, FIRST)
    appended, batches = load_by_report_day(store, FOLLOWUP)
    assert (appended, batches) == (14, 9)
    assert load_by_report_day(store, FOLLOWUP)[0] == 0  # again: nothing new
    days = sorted(
        {r.known_time.date() for r in store.read_all() if r.stream == "idlib-2020-followup"}
    )
    assert [d.isoformat() for d in days] == [
        "2020-02-04",
        "2020-02-05",
        "2020-02-06",
        "2020-02-27",
        "2020-02-28",
        "2020-03-01",
        "2020-03-02",
        "2020-03-05",
        "2020-03-06",
    ]


def test_every_event_cites_a_declared_source_on_its_day(followup: StreamFile) -> None:
    declared = set(followup.sources)
    for event in followup.events:
        assert event.citations, event.id
        for citation in event.citations:
            assert citation.source in declared
            assert citation.stance is Stance.ASSERTS
            assert citation.reported is not None, event.id  # each report keeps its day


def test_shared_declarations_are_the_first_files(store: MemoryStore) -> None:
    # Sources, actors and places both files declare are recorded once: the follow-up's
    # tables are the first file's, word for word.
    declared = [r.event.id for r in store.read_all() if r.event.kind.startswith("catalog.")]
    assert len(declared) == len(set(declared))


def test_vague_dates_stay_vague(followup: StreamFile) -> None:
    by_id = {event.id: event for event in followup.events}
    assert by_id["saraqeb-retaken-by-government"].when.display() == "between 1 and 2 March 2020"
    mod = by_id["turkish-casualties-mod-figure"]
    assert mod.when.phrase == "overnight"
    assert mod.when.display() == "night of 2–3 February 2020"
    reported = mod.citations[0].reported
    # "by 4 February", no more: an unknown start
    assert reported is not None
    assert reported.to_text() == "[..2020-02-04]"
    assert reported.earliest is None
    (later,) = by_id["balyun-casualties-34"].citations
    assert later.reported is not None
    assert later.reported.to_text() == "[..2020-03-06]"


# -- Saraqeb: taken, retaken, taken again ----------------------------------------------------------


def test_saraqeb_changes_hands_and_changes_back(store: MemoryStore) -> None:
    assert "saraqeb" not in state(store, "2020-02-05").control  # no capture recorded yet
    for day, holder in (
        ("2020-02-06", "syrian-army"),
        ("2020-02-07", "syrian-army"),
        ("2020-02-27", "syrian-opposition"),
        ("2020-02-28", "syrian-opposition"),
        ("2020-03-02", "syrian-army"),
        ("2020-03-03", "syrian-army"),
    ):
        control = state(store, day).control["saraqeb"]
        assert (day, control.certain_holder) == (day, holder)
        assert control.held_by(holder) is Tri.YES
    assert state(store, "2020-03-03").holder("saraqeb") == "syrian-army"


def test_saraqeb_on_1_march_is_only_possibly_retaken(store: MemoryStore) -> None:
    snapshot = state(store, "2020-03-01")
    control = snapshot.control["saraqeb"]
    assert control.possible_holders == {"syrian-army", "syrian-opposition"}
    # By the captures that certainly happened by then, the factions still hold it.
    assert control.certain_holder == "syrian-opposition"
    assert not control.certain
    assert control.held_by("syrian-army") is Tri.MAYBE
    assert control.held_by("syrian-opposition") is Tri.MAYBE
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        answer = snapshot.holder("saraqeb")
    assert isinstance(answer, Possible)
    assert answer.values == {"syrian-army", "syrian-opposition"}


def test_russian_military_police_in_saraqeb(followup: StreamFile) -> None:
    (deployment,) = [e for e in followup.events if e.id == "russian-military-police-in-saraqeb"]
    assert deployment.places == ("saraqeb",)
    assert [c.source for c in deployment.citations] == ["ru-mod"]


# -- agreements and dated terms ------------------------------------------------------------------


def test_the_moscow_protocol_amends_the_2018_deal(store: MemoryStore) -> None:
    snapshot = state(store, "2020-03-10")
    sochi = snapshot.standing("idlib-demilitarized-zone-2018")
    assert sochi is not None
    assert [str(link) for link in sochi.amended_by] == [
        "moscow-protocol-2020 amends idlib-demilitarized-zone-2018"
    ]
    assert sochi.in_force is Tri.MAYBE  # signed, never reported in force: not a guess
    ceasefire = snapshot.standing("idlib-ceasefire-march-2020")
    assert ceasefire is not None
    assert ceasefire.in_force is Tri.YES
    assert [str(link) for link in ceasefire.chain] == [
        "idlib-ceasefire-march-2020 implements moscow-protocol-2020",
        "moscow-protocol-2020 amends idlib-demilitarized-zone-2018",
    ]
    moscow = snapshot.standing("moscow-protocol-2020")
    assert moscow is not None
    assert moscow.in_force is Tri.MAYBE
    assert snapshot.ceasefires["idlib-ceasefire-2020"].status is Status.COLLAPSED
    assert {s.accord for s in snapshot.in_force()} == {
        "idlib-ceasefire-march-2020",
        "moscow-protocol-2020",
        "idlib-demilitarized-zone-2018",
    }


def test_nothing_of_the_protocol_before_5_march(store: MemoryStore) -> None:
    snapshot = state(store, "2020-03-04")
    assert snapshot.standing("moscow-protocol-2020") is None
    assert snapshot.dated_terms("2020-03-04") == ()


def terms(store: MemoryStore, day: str) -> dict[str, TermStatus]:
    at = When.parse(day, tz=TZ)
    return {t.term.id or "": t.status for t in state(store, day).dated_terms(at)}


def test_terms_due_and_not_yet_due(store: MemoryStore) -> None:
    assert terms(store, "2020-03-10") == {
        "moscow-ceasefire-start": TermStatus.DUE,
        "m4-security-corridor": TermStatus.POSSIBLY_DUE,  # "within seven days": by 12 March
        "m4-joint-patrols": TermStatus.NOT_YET_DUE,
    }
    assert terms(store, "2020-03-16") == {
        "moscow-ceasefire-start": TermStatus.DUE,
        "m4-security-corridor": TermStatus.DUE,
        "m4-joint-patrols": TermStatus.DUE,
    }


def test_the_ceasefire_starts_at_0001_moscow_time_which_is_5_march_in_idlib(
    store: MemoryStore,
) -> None:
    # 00:01 on 6 March at UTC+3 is 23:01 on 5 March at UTC+2, Idlib's clock then.
    start = When.parse("2020-03-06T00:01+03:00", tz=TZ)
    assert start.display() == "6 March 2020, 00:01 UTC+03:00"
    assert terms(store, "2020-03-05")["moscow-ceasefire-start"] is TermStatus.DUE
    cf = state(store, "2020-03-05").standing("idlib-ceasefire-march-2020")
    assert cf is not None
    assert cf.in_force is Tri.YES


def test_the_corridor_is_6_km_each_side_of_the_m4(followup: StreamFile) -> None:
    (signed,) = [e for e in followup.events if e.id == "moscow-protocol-signed"]
    assert isinstance(signed, AgreementSigned)
    corridor = next(t for t in signed.dated_terms if t.id == "m4-security-corridor")
    assert (corridor.width_km, corridor.each_side, corridor.place) == (6.0, True, "m4-highway")


# -- incidents told twice --------------------------------------------------------------------------


def test_the_3_february_toll_is_a_range_over_two_sources(store: MemoryStore) -> None:
    killed = state(store, "2020-03-06").tally("turkey", "killed")
    assert killed is not None
    shelling = next(
        i for i in killed.by_incident if i.incident == "syrian-shelling-of-turkish-troops"
    )
    assert shelling.range == (5, 7)
    assert {c.source: str(c.figure) for c in shelling.claims} == {"erdogan": "5", "tr-mod": "7"}
    assert shelling.disagree
    assert killed.contested
    civilians = state(store, "2020-03-06").tally("turkey", "civilians_killed")
    assert civilians is not None
    assert civilians.range == (1, 3)


def test_balyun_is_33_to_34_and_the_total_is_a_sum_of_ranges(store: MemoryStore) -> None:
    snapshot = state(store, "2020-03-06")
    killed = snapshot.tally("turkey", "killed")
    assert killed is not None
    balyun = next(i for i in killed.by_incident if i.incident == "balyun-air-strike")
    assert balyun.range == (33, 34)
    assert [c.source for c in balyun.claims] == ["hatay-governor", "turkish-officials"]
    assert killed.summed
    assert (killed.low, killed.high) == (38, 41)
    assert snapshot.incident_tallies("turkish-casualties-mod-figure") == (
        snapshot.incident_tallies("syrian-shelling-of-turkish-troops")
    )


# -- the announcement ----------------------------------------------------------------------------


def test_spring_shield_announced_apart_from_its_start(store: MemoryStore) -> None:
    announced = store.get("spring-shield-announced")
    assert announced is not None
    assert isinstance(announced.event, Announcement)
    assert announced.event.when.display() == "1 March 2020"
    assert announced.event.dated is not None
    assert announced.event.dated.display() == "27 February 2020"  # the minister's date
    launched = store.get(announced.event.announces)
    assert launched is not None
    assert [c.source for c in launched.event.citations] == ["akar"]  # a claim with its source
    ids = [r.event.id for r in Chronology(store, live=False).query()]
    assert ids.index("spring-shield-launched") < ids.index("spring-shield-announced")


# -- the record over recorded time -----------------------------------------------------------------


def test_known_at_4_february_against_6_march(store: MemoryStore) -> None:
    then = state(store, "2020-03-06", known="2020-02-04")
    now = state(store, "2020-03-06", known="2020-03-06")
    assert "saraqeb" not in then.control
    assert now.control["saraqeb"].certain_holder == "syrian-army"
    assert then.standing("moscow-protocol-2020") is None
    assert now.standing("moscow-protocol-2020") is not None
    assert then.operations.get("spring-shield") is None
    killed_then = then.tally("turkey", "killed")
    assert killed_then is not None
    assert killed_then.range == (5, 7)
    killed_now = now.tally("turkey", "killed")
    assert killed_now is not None
    assert killed_now.range == (38, 41)


def test_known_at_the_first_report_only_erdogans_figure(store: MemoryStore) -> None:
    first = state(store, "2020-03-06", known="2020-02-03").tally("turkey", "killed")
    assert first is not None
    assert first.range == (5, 5)


def test_known_at_1_march_saraqeb_is_still_the_oppositions(store: MemoryStore) -> None:
    # The government's return was reported on 2 March: as known at 1 March, the record
    # still gives Saraqeb to the factions on 3 March.
    control = state(store, "2020-03-03", known="2020-03-01").control["saraqeb"]
    assert control.certain_holder == "syrian-opposition"


# -- laws ------------------------------------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(day=st.dates(min_value=date(2020, 2, 2), max_value=date(2020, 3, 8)))
def test_known_at_a_day_holds_exactly_the_reports_of_that_day_and_before(
    store: MemoryStore, day: date
) -> None:
    cutoff = known_at(day.isoformat())
    known = {r.event.id for r in store.read_all() if r.known_time <= cutoff}
    for recorded in store.read_all():
        if recorded.stream != "idlib-2020-followup" or isinstance(recorded.event, CatalogEvent):
            continue
        became_known = report_day(recorded.event)
        assert became_known is not None
        assert (recorded.event.id in known) == (became_known.date() <= day)


def _last_day(recorded: When) -> date:
    assert recorded.latest is not None
    return (recorded.latest - timedelta(seconds=1)).date()


@given(event=events())
def test_an_event_becomes_known_on_the_first_day_a_citation_was_surely_reported(
    event: Event,
) -> None:
    days = [_last_day(c.reported) for c in event.citations if c.reported and c.reported.latest]
    known = report_day(event)
    if not days:
        assert known is None
    else:
        assert known == datetime.combine(min(days), datetime.min.time(), tzinfo=UTC)
        assert all(known.date() <= d for d in days)


def _followup_records(store: MemoryStore) -> list[Recorded]:
    return [r for r in store.read_all() if r.stream == "idlib-2020-followup"]


def test_loading_by_report_day_records_what_load_into_records(store: MemoryStore) -> None:
    plain = MemoryStore()
    load_into(plain, FIRST)
    load_into(plain, FOLLOWUP)
    assert [r.event for r in _followup_records(plain)] != []
    assert sorted(r.event.id for r in _followup_records(plain)) == sorted(
        r.event.id for r in _followup_records(store)
    )
    assert {r.event.id: r.event for r in _followup_records(plain)} == {
        r.event.id: r.event for r in _followup_records(store)
    }
