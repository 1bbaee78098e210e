"""The Idlib article's facts through the conflict pack: 15 January versus 3 February 2020.

The stream is modelled in Python (tests/conflict/idlib.py) until the seed file
exists. Snapshots are taken both ways the pack offers (the library's snapshot
machinery, and the fold's own ``at``); they must agree.
"""

from __future__ import annotations

import pytest

from timeline import Figure, Stance, Tri, When
from timeline.conflict import ConflictProjection, ConflictState, Status, conflict_snapshot
from timeline.projections import Chronology, replay
from timeline.store import MemoryStore

from . import idlib


@pytest.fixture(scope="module")
def store() -> MemoryStore:
    store = MemoryStore()
    # Appended in the article's order of telling, not in valid-time order.
    store.append("idlib-2020", list(idlib.STREAM[::-1]))
    return store


def state_at(store: MemoryStore, day: str) -> ConflictState:
    at = When.parse(day, tz=idlib.TZ)
    via_snapshot = conflict_snapshot(store, at=at, gazetteer=idlib.PLACES)
    via_fold = replay(ConflictProjection(idlib.PLACES, at=at), store)
    assert via_snapshot == via_fold
    return via_snapshot


def test_ceasefire_possibly_in_force_on_15_january_then_collapsed(store: MemoryStore) -> None:
    january = state_at(store, "2020-01-15").ceasefires["idlib-ceasefire-2020"]
    assert january.holds(Status.IN_FORCE) is Tri.MAYBE
    assert january.certain_status is None  # nothing about it is certain yet on 15 January
    assert all(not change.certain for change in january.changes)
    february = state_at(store, "2020-02-03").ceasefires["idlib-ceasefire-2020"]
    assert february.status is Status.COLLAPSED
    assert february.certain
    assert february.holds(Status.IN_FORCE) is Tri.NO
    assert [c.status for c in february.changes] == [Status.IN_FORCE, Status.COLLAPSED]
    assert february.changes[0].when == When.parse("2020-01", tz=idlib.TZ)
    assert february.parties == ("turkey", "russia")


def test_the_2018_deal_stands_signed(store: MemoryStore) -> None:
    for day in ("2020-01-15", "2020-02-03"):
        sochi = state_at(store, day).agreements["sochi-2018"]
        assert sochi.status is Status.SIGNED
        assert sochi.since == When.parse("2018")
        assert sochi.certain


def test_maaret_al_nouman_held_by_the_government_from_last_week(store: MemoryStore) -> None:
    assert state_at(store, "2020-01-15").holder("maaret-al-nouman") is None
    control = state_at(store, "2020-02-03").control["maaret-al-nouman"]
    assert control.holder == "syrian-government"
    assert control.since is not None
    assert control.since.phrase == "last week"
    assert control.since.to_text() == "2020-W05"
    assert control.certain
    assert control.changes[-1].from_ == "rebels"


def test_nairab_taken_on_3_february(store: MemoryStore) -> None:
    assert state_at(store, "2020-02-02").holder("nairab") is None
    control = state_at(store, "2020-02-03").control["nairab"]
    assert control.holder == "syrian-government"
    assert control.since == When.parse("2020-02-03", tz=idlib.TZ)
    (citation,) = control.changes[-1].citations
    assert (citation.source, citation.via) == ("gov-sources", "dpa")


def test_turkish_casualties_as_erdogan_gives_them(store: MemoryStore) -> None:
    state = state_at(store, "2020-02-03")
    soldiers = state.tally("turkey", "killed")
    civilians = state.tally("turkey", "civilians_killed")
    assert soldiers is not None
    assert civilians is not None
    assert soldiers.range == (5, 5)
    assert civilians.range == (3, 3)
    assert soldiers.sources == civilians.sources == ("erdogan",)
    assert soldiers.objections == ()
    assert state_at(store, "2020-01-15").tallies() == ()


def test_syrian_casualties_per_the_observatory_not_confirmed_by_damascus(
    store: MemoryStore,
) -> None:
    tally = state_at(store, "2020-02-03").tally("syrian-government", "killed")
    assert tally is not None
    assert tally.range == (13, 13)
    (claim,) = tally.claims
    assert claim.source == "sohr"
    assert claim.figure == Figure.exact(
        13, parts={"idlib-province": 8, "latakia-province": 3, "hama-province": 2}
    )
    (objection,) = tally.objections
    assert (objection.source, objection.stance) == ("damascus", Stance.DECLINES_TO_CONFIRM)
    assert tally.contested


def test_the_notification_dispute_is_contested_with_both_sides(store: MemoryStore) -> None:
    assert state_at(store, "2020-01-15").contests == ()
    (contest,) = state_at(store, "2020-02-03").contests
    sides = {side.event: side for side in contest.sides}
    assert set(sides) == {"turkey-notified-coordinates", "russia-not-informed"}
    assert sides["turkey-notified-coordinates"].sources == ("tr-mod",)
    assert sides["russia-not-informed"].sources == ("ru-mod",)
    quote = sides["russia-not-informed"].citations[0].quote
    assert quote is not None
    assert "without informing the Russian side" in quote
    assert set(contest.noted_by) == {"russia-not-informed", "notification-dispute"}


def test_displacement_and_refugee_figures_with_their_source(store: MemoryStore) -> None:
    state = state_at(store, "2020-02-03")
    (march,) = state.latest_displacement(toward="turkish-border")
    assert str(march.people) == "nearly 1 million"
    assert march.people.high == 1_000_000
    assert march.sources == ("erdogan",)
    (hosted,) = state.latest_refugees("turkey", "syrian")
    assert hosted.figure.low == 3_600_000
    assert hosted.certain
    # On 15 January the "recently" stated refugee figure may not have been given yet.
    (early,) = state_at(store, "2020-01-15").latest_refugees("turkey")
    assert not early.certain


def test_incursions_launched_and_no_end_reported(store: MemoryStore) -> None:
    state = state_at(store, "2020-02-03")
    launched = sorted(
        (op.launched.to_text(), op.by) for op in state.active_operations if op.launched
    )
    assert launched == [("2016", "turkey"), ("2018", "turkey"), ("2019", "turkey")]


def test_chronology_order_of_the_stream(store: MemoryStore) -> None:
    chronology = Chronology(store)
    texts = [r.event.id for r in chronology]
    assert texts.index("sochi-deal") < texts.index("idlib-ceasefire-took-effect")
    assert texts.index("turkish-incursion-2016") < texts.index("sochi-deal")
    assert texts.index("maaret-al-nouman-captured") < texts.index("nairab-captured")
