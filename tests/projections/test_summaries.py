"""Mergeable projections: block summaries equal a full replay, and late events stay cheap."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sortedcontainers import SortedKeyList

from timeline.events import Event
from timeline.projections import (
    MergeableProjection,
    Projection,
    ProjectionError,
    SnapshotIndex,
    fold,
    snapshot,
)
from timeline.projections._instants import key_of, keys_of, presorted
from timeline.store import MemoryStore, Recorded
from timeline.strategies import whens
from timeline.time import When

from .streams import (
    WHENS,
    Op,
    build,
    ids,
    instants,
    merged_ids,
    merged_tagged,
    operations,
    ticking_clock,
)

FAST = settings(max_examples=60, deadline=None)


@FAST
@given(
    operations(max_size=20),
    st.lists(instants(), min_size=1, max_size=3),
    st.sampled_from([1, 2, 3]),
    st.data(),
)
def test_summaries_equal_replay_as_events_arrive(
    batches: list[list[Op]], moments: list[When | int], every: int, data: st.DataObject
) -> None:
    # Blocks of 1 to 3 records split after 3 to 7 arrivals: every batch moves them.
    store = MemoryStore(clock=ticking_clock())
    index = SnapshotIndex(merged_ids(), store, every=every)
    tagged = SnapshotIndex(merged_tagged(), index.chronology, every=every)
    for batch in batches:
        build([batch], store)
        for at in moments:
            known_at = data.draw(st.one_of(st.none(), st.integers(0, store.head)))
            fast = index.snapshot(at=at, known_at=known_at)
            slow = snapshot(ids(), store, at=at, known_at=known_at)
            assert (fast.possible, fast.certain) == (slow.possible, slow.certain)
            fast_tagged = tagged.snapshot(at=at, known_at=known_at)
            slow_tagged = snapshot(merged_tagged(), store, at=at, known_at=known_at)
            assert (fast_tagged.possible, fast_tagged.certain) == (
                slow_tagged.possible,
                slow_tagged.certain,
            )
        assert index.full_state() == snapshot(ids(), store, at=When.parse("9999")).possible


@FAST
@given(st.lists(WHENS, min_size=1, max_size=60), st.randoms(use_true_random=False))
def test_summaries_survive_many_late_events_in_one_place(
    when_list: list[When], rnd: random.Random
) -> None:
    # Late events piling into one block split it again and again.
    store = MemoryStore()
    index = SnapshotIndex(merged_ids(), store, every=2)
    last = When.parse("2004")
    for i, when in enumerate(when_list):
        store.append("s", [Event(id=f"e{i}", when=when, summary="x")])
        at = when if when.latest_ts is not None and rnd.random() < 0.5 else last
        assert index.state(at=at) == snapshot(ids(), store, at=at).possible


class CountingTally(MergeableProjection[int]):
    """Counts events, and counts its own calls to apply."""

    def __init__(self) -> None:
        self.applied = 0

    def initial(self) -> int:
        return 0

    def apply(self, state: int, recorded: Recorded) -> int:
        self.applied += 1
        return state + 1

    def merge(self, earlier: int, later: int) -> int:
        return earlier + later


def test_a_query_after_a_late_event_reapplies_only_its_block() -> None:
    store = MemoryStore()
    store.append(
        "s", [Event(id=f"e{i}", when=f"{2000 + i // 365}-01-01", summary="x") for i in range(4000)]
    )
    tally = CountingTally()
    index = SnapshotIndex(tally, store, every=16)
    assert index.state(at="2012") == 4000
    store.append("s", [Event(id="late", when="1999", summary="late")])
    tally.applied = 0
    assert index.state(at="2012") == 4001
    # The late event's block is refolded (at most 2k + 1 records) and at most 2k
    # records are applied after the last block boundary: never the 4000 in between.
    assert tally.applied <= 4 * 16 + 1
    tally.applied = 0
    assert index.state(at="2010-06") == snapshot(tally, store, at="2010-06").possible
    assert tally.applied < 4001 + 4 * 16 + 1  # the reference replay included


def test_fold_with_merge_is_a_mergeable_projection() -> None:
    plain: Projection[int] = fold(lambda: 0, lambda n, r: n + 1)
    merged = fold(lambda: 0, lambda n, r: n + 1, merge=lambda a, b: a + b)
    assert not isinstance(plain, MergeableProjection)
    assert isinstance(merged, MergeableProjection)
    assert merged.merge(2, 3) == 5
    with pytest.raises(ProjectionError, match="merge"):
        fold(lambda: 0, lambda n, r: n + 1, merge=3)  # type: ignore[arg-type]


@settings(max_examples=40, deadline=None)
@given(st.lists(whens(qualifiers=False), max_size=40), st.lists(whens(), max_size=10))
def test_presorted_is_a_sorted_key_list(initial: list[When], later: list[When]) -> None:
    # presorted() fills SortedKeyList's private layout: pin that it behaves as one.
    store = MemoryStore()
    store.append("s", [Event(id=f"e{i}", when=w, summary="x") for i, w in enumerate(initial)])
    records = sorted(store.read_all(), key=key_of)
    fast = presorted(records, keys_of(records))
    reference = SortedKeyList(records, key=key_of)
    fast._check()  # type: ignore[attr-defined]
    assert list(fast) == list(reference)
    store.append("s", [Event(id=f"l{i}", when=w, summary="x") for i, w in enumerate(later)])
    for recorded in list(store.read_all())[len(records) :]:
        fast.add(recorded)
        reference.add(recorded)
        assert fast.bisect_key_left(key_of(recorded)) == reference.bisect_key_left(key_of(recorded))
    for recorded in records[::2]:
        fast.remove(recorded)
        reference.remove(recorded)
    fast._check()  # type: ignore[attr-defined]
    assert list(fast) == list(reference)
