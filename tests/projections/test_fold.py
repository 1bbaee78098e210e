"""The projection runner: orders, known_at, corrections, retractions and claims."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from timeline.events import Claim, Correction, Event, Retraction
from timeline.projections import (
    LiveProjection,
    Projection,
    ProjectionError,
    Records,
    claims_by_target,
    effective_events,
    fold,
    replay,
)
from timeline.store import MemoryStore, Recorded

Names = tuple[tuple[str, str], ...]


def names() -> Projection[Names]:
    """Ids and summaries, in the order applied."""
    return fold(lambda: (), lambda state, r: (*state, (r.event.id, r.event.summary)))


@pytest.fixture
def store() -> MemoryStore:
    s = MemoryStore()
    s.append("a", [Event(id="e1", when="2020-01", summary="x")])
    s.append("a", [Event(id="e2", when="2016", summary="y")])
    s.append("a", [Claim(id="c1", target="e1", when="2020-01", summary="claim")])
    s.append(
        "b",
        [
            Correction(
                id="k1", target="e1", changes={"summary": "fixed"}, when="2020-02", summary=""
            )
        ],
    )
    s.append("b", [Retraction(id="r1", target="e2", when="2020-02", summary="retract")])
    return s


def test_orders(store: MemoryStore) -> None:
    assert replay(names(), store, known_at=2) == (("e2", "y"), ("e1", "x"))
    assert replay(names(), store, known_at=2, order="append") == (("e1", "x"), ("e2", "y"))


def test_corrections_and_retractions_from_their_recorded_time(store: MemoryStore) -> None:
    assert replay(names(), store) == (("e1", "fixed"), ("c1", "claim"))
    assert replay(names(), store, known_at=3) == (("e2", "y"), ("e1", "x"), ("c1", "claim"))
    assert replay(names(), store, known_at=4) == (("e2", "y"), ("e1", "fixed"), ("c1", "claim"))


def test_retracting_an_event_withdraws_its_claims_and_a_correction_can_be_retracted() -> None:
    s = MemoryStore()
    s.append("a", [Event(id="e1", when="2020", summary="x")])
    s.append(
        "a", [Correction(id="k1", target="e1", changes={"summary": "z"}, when="2020", summary="")]
    )
    s.append("a", [Claim(id="c1", target="e1", when="2020", summary="c")])
    assert replay(names(), s) == (("e1", "z"), ("c1", "c"))
    s.append("a", [Retraction(id="r0", target="k1", when="2020", summary="")])
    assert replay(names(), s) == (("e1", "x"), ("c1", "c"))
    s.append("a", [Retraction(id="r1", target="e1", when="2020", summary="")])
    assert replay(names(), s) == ()


def test_kinds_streams_and_where(store: MemoryStore) -> None:
    only_claims = fold(lambda: 0, lambda n, r: n + 1, kinds={"claim"})
    assert replay(only_claims, store) == 1
    assert replay(names(), store, streams=["b"]) == ()
    assert replay(names(), store, where=lambda r: r.event.id == "c1") == (("c1", "claim"),)


def test_bad_arguments(store: MemoryStore) -> None:
    with pytest.raises(ProjectionError, match="naive"):
        replay(names(), store, known_at=datetime(2020, 1, 1))
    with pytest.raises(ProjectionError, match="order"):
        replay(names(), store, order="random")  # type: ignore[arg-type]
    with pytest.raises(ProjectionError, match="EventStore"):
        replay(names(), 42)  # type: ignore[arg-type]
    assert replay(names(), store, known_at=datetime(1970, 1, 1, tzinfo=UTC)) == ()


def test_live_projection_follows_late_events_and_corrections() -> None:
    s = MemoryStore()
    with LiveProjection(names(), s) as follower:

        def state() -> Names:
            return follower.state

        s.append("a", [Event(id="e1", when="2020", summary="x")])
        assert state() == (("e1", "x"),)
        s.append("a", [Event(id="e2", when="2016", summary="y")])
        assert state() == (("e2", "y"), ("e1", "x"))
        s.append("a", [Retraction(id="r", target="e2", when="2020", summary="")])
        assert state() == (("e1", "x"),)
        s.append("a", [Event(id="e3", when="2021", summary="z")])
        assert state() == replay(names(), s)
    s.append("a", [Event(id="e4", when="2022", summary="w")])
    assert len(follower.state) == len(replay(names(), s)) - 1


def test_claims_grouped(store: MemoryStore) -> None:
    grouped = claims_by_target(effective_events(store))
    assert [r.event.id for r in grouped["e1"]] == ["c1"]
    assert all(isinstance(r, Recorded) for r in grouped["e1"])


def test_old_names_still_work_with_a_deprecation_warning() -> None:
    import importlib

    import timeline
    import timeline.projections

    # The package's ``fold`` is the function; the module is reached by its full name.
    runners = importlib.import_module("timeline.projections.fold")
    for module in (timeline, timeline.projections, runners):
        with pytest.warns(DeprecationWarning, match="replay"):
            assert module.run is replay
        assert "run" not in module.__all__
    with pytest.warns(DeprecationWarning, match="Records"):
        assert runners.Source is Records
    with pytest.raises(AttributeError):
        runners.no_such_name  # noqa: B018


def test_the_snapshot_function_is_not_shadowed_by_its_module() -> None:
    import timeline.projections
    import timeline.projections.snapshots

    assert callable(timeline.projections.snapshot)
    assert timeline.projections.snapshot is timeline.projections.snapshots.snapshot
