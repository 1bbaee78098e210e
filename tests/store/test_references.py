"""The store's reference checks: the fast path for events that refer to nothing, and batching.

An append refuses an event that refers to an event neither the store nor the
batch holds. The check skips events that cannot refer to anything (a kind with
no reference field, and no actors, places or citations) without walking them,
and asks the store about every missing id of a batch in one call.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.store.support import StoreFactory
from timeline import Claim, Event
from timeline.errors import UnknownReferenceError
from timeline.events.references import references
from timeline.store import EventStore, MemoryStore
from timeline.store._references import _plain
from timeline.strategies import event_streams, events


@given(events())
def test_an_event_the_fast_path_skips_refers_to_nothing(event: Event) -> None:
    # The law the fast path rests on: what it skips, the full walk finds nothing in.
    if _plain(type(event)) and not (
        event.actors or event.places or event.citations or event.constraints
    ):
        assert list(references(event)) == []


@given(stream=event_streams(max_size=6), cut=st.integers(0, 6))
def test_every_stream_the_strategy_makes_is_accepted_in_any_cut(
    stream: list[Event], cut: int
) -> None:
    store = MemoryStore()
    store.append("s", stream[:cut])
    store.append("s", stream[cut:])
    assert [r.event.id for r in store.read_all()] == [e.id for e in stream]


@given(stream=event_streams(min_size=1, max_size=6), missing=st.sampled_from(["gone", "nowhere"]))
def test_a_claim_on_a_missing_event_is_refused_and_nothing_recorded(
    stream: list[Event], missing: str
) -> None:
    store = MemoryStore()
    claim = Claim(target=missing, when="2020-02-03", summary="confirmed")
    with pytest.raises(UnknownReferenceError) as caught:
        store.append("s", [*stream, claim])
    assert caught.value.field == "target"
    assert store.head == 0


def _claim(target: str, summary: str = "confirmed") -> Claim:
    return Claim(target=target, when="2020-02-03", summary=summary)


@pytest.fixture
def filled(make_store: StoreFactory) -> EventStore:
    store = make_store()
    store.append("s", [Event(id="held", when="2020-02-03", summary="held")])
    return store


def test_references_to_the_store_and_the_batch_are_accepted(filled: EventStore) -> None:
    batch = [
        Event(id="new", when="2020-02-03", summary="new"),
        _claim("held"),
        _claim("new", "also"),
    ]
    assert filled.append("s", batch).appended == 3


def test_the_first_missing_reference_of_a_batch_is_named(filled: EventStore) -> None:
    batch = [_claim("held"), _claim("first-gone"), _claim("second-gone")]
    with pytest.raises(UnknownReferenceError, match="first-gone"):
        filled.append("s", batch)
    assert filled.head == 1


def test_one_lookup_answers_a_whole_batch(filled: EventStore) -> None:
    asked: list[list[str]] = []
    present = filled._present

    def spy(ids: list[str]) -> object:
        asked.append(ids)
        return present(ids)

    filled._present = spy  # type: ignore[method-assign]
    batch = [_claim("held", f"claim {i}") for i in range(50)]
    filled.append("s", [Event(id="x", when="2020-02-03", summary="x"), *batch])
    assert asked == [["held"]]  # one call, each id once
