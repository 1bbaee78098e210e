"""The conflict pack on the Idlib seed (seeds/idlib-2020.toml): every way of taking a snapshot
agrees, at every day around the report; and the seed's names resolve through its gazetteer.

The Idlib facts themselves are pinned in tests/seeds/test_idlib_seed.py.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from timeline import Stance, Tri, When
from timeline.conflict import ConflictProjection, ConflictState, Status, conflict_snapshot
from timeline.events import Gazetteer
from timeline.io import load_into, load_stream
from timeline.projections import SnapshotIndex, replay
from timeline.store import MemoryStore

SEED = Path(__file__).resolve().parents[2] / "seeds" / "idlib-2020.toml"
TZ = "Asia/Damascus"

pytestmark = pytest.mark.skipif(not SEED.exists(), reason="the Idlib seed is not there")


@pytest.fixture(scope="module")
def places() -> Gazetteer:
    return load_stream(SEED).gazetteer()


@pytest.fixture(scope="module")
def store() -> MemoryStore:
    store = MemoryStore()
    load_into(store, SEED)
    return store


DAYS = [
    "2016-06-30",
    "2018-12-31",
    "2019-12-31",
    *[(date(2020, 1, 1) + timedelta(days=n)).isoformat() for n in range(0, 40, 3)],
    "2020-02-02",
    "2020-02-03",
    "2020-02-04",
]


@pytest.mark.parametrize("day", DAYS)
def test_every_snapshot_path_agrees(store: MemoryStore, places: Gazetteer, day: str) -> None:
    at = When.parse(day, tz=TZ)
    expected = conflict_snapshot(store, at=at, gazetteer=places)
    assert replay(ConflictProjection(places, at=at), store) == expected
    snap = SnapshotIndex(ConflictProjection(places), store, every=4).snapshot(at=at)
    assert snap.possible.marked(snap.is_certain) == expected
    # the append order gives the same state (facts are kept in valid-time order)
    assert replay(ConflictProjection(places, at=at), store, order="append") == expected


def test_state_on_3_february_with_the_seed_gazetteer(store: MemoryStore, places: Gazetteer) -> None:
    state = conflict_snapshot(store, at=When.parse("2020-02-03", tz=TZ), gazetteer=places)
    assert state.holder("Maarat al-Numan") is None  # keys are ids, not names
    assert state.holder("maaret-al-nouman") == "syrian-army"
    assert state.control["nairab"].held_by("syrian-army") is Tri.YES
    ceasefire = state.ceasefires["idlib-ceasefire-2020"]
    assert ceasefire.holds(Status.COLLAPSED) is Tri.YES
    syrian = state.tally("syrian-government", "killed")
    assert syrian is not None
    assert (syrian.range, syrian.sources) == ((13, 13), ("sohr",))
    assert [o.stance for o in syrian.objections] == [Stance.DECLINES_TO_CONFIRM]
    (contest,) = state.contests
    assert {side.event for side in contest.sides} == {
        "turkey-notified-coordinates",
        "russia-not-informed",
    }
    assert [op.id for op in state.active_operations] == [
        "turkish-incursion-2016",
        "turkish-incursion-2018",
        "turkish-incursion-2019",
    ]
    # launched, no end in the stream: not evidence that they are under way in 2020
    assert {op.active for op in state.active_operations} == {Tri.MAYBE}


def test_facts_at_15_january_are_only_possible(store: MemoryStore, places: Gazetteer) -> None:
    state: ConflictState = conflict_snapshot(
        store, at=When.parse("2020-01-15", tz=TZ), gazetteer=places
    )
    ceasefire = state.ceasefires["idlib-ceasefire-2020"]
    assert [c.certain for c in ceasefire.changes] == [False, False]
    assert state.agreements["idlib-demilitarized-zone-2018"].certain
    assert state.control == {}
    assert state.tallies() == ()
