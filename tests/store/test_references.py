"""The store's reference checks: the fast path for events that refer to nothing, and batching.

An append refuses an event that refers to an event neither the store nor the
batch holds. The check skips events that cannot refer to anything (a kind with
no reference field, and no actors, places or citations) without walking them,
and asks the store about every missing id of a batch in one call.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.store.support import StoreFactory
from timeline import Claim, Event
from timeline.conflict.kinds import AgreementSigned, CeasefireTookEffect
from timeline.conflict.strategies import agreement_streams
from timeline.errors import CorrectionRefusedError, UnknownReferenceError
from timeline.events import Correction, Source, SourceDeclared
from timeline.events.references import references
from timeline.store import EventStore, MemoryStore, SQLiteStore
from timeline.store._references import _plain
from timeline.store.catalog import Catalog
from timeline.strategies import event_streams, events, whens
from timeline.time import When


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


# -- names: an agreement's relations name agreements the record sets up ------------------------


def _signed(accord: str, **relations: list[str]) -> AgreementSigned:
    return AgreementSigned(
        id=f"{accord}-signed", agreement=accord, when="2020-03-05", summary="signed", **relations
    )


@given(stream=agreement_streams(), cut=st.integers(0, 12))
def test_relations_to_agreements_set_up_earlier_or_in_the_batch_are_accepted(
    stream: list[Event], cut: int
) -> None:
    store = MemoryStore()
    store.append("s", stream[:cut])
    store.append("t", stream[cut:])  # another stream: names are the store's, not a stream's
    assert store.head == len(stream)


@given(stream=agreement_streams(), missing=st.sampled_from(["sochi-1999", "nowhere"]))
def test_a_relation_to_an_unknown_agreement_is_refused_and_nothing_recorded(
    stream: list[Event], missing: str
) -> None:
    store = MemoryStore()
    store.append("s", stream)
    with pytest.raises(UnknownReferenceError) as caught:
        store.append("s", [_signed("late", amends=["a0", missing])])
    assert (caught.value.field, caught.value.missing, caught.value.to) == (
        "amends[1]",
        missing,
        "agreement",
    )
    assert store.head == len(stream)


def test_relations_name_agreements_and_ceasefires_on_every_backend(
    make_store: StoreFactory,
) -> None:
    store = make_store()
    ceasefire = CeasefireTookEffect(
        id="cf", ceasefire="idlib-ceasefire", when="2020-01-12", summary="ceasefire"
    )
    store.append("first", [_signed("sochi"), ceasefire])
    later = _signed("moscow", amends=["sochi"], suspends=["idlib-ceasefire"])
    assert store.append("second", [later]).appended == 1
    with pytest.raises(
        UnknownReferenceError,
        match=r"'amends\[0\]': 'astana' is not an agreement id set up by an event of this store",
    ):
        store.append("second", [_signed("geneva", amends=["astana"])])
    assert store.head == 3


def test_a_name_another_writer_set_up_is_found(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    with SQLiteStore(path) as mine, SQLiteStore(path) as theirs:
        mine.append("s", [_signed("sochi")])  # reads the names once
        theirs.append("t", [_signed("astana")])
        assert mine.append("s", [_signed("geneva", amends=["astana"])]).appended == 1


# -- corrections: their changes must apply to the event they correct ---------------------------


@given(whens(), st.sampled_from([{"when": 5}, {"when": "2020-13"}, {"actors": 7}]))
def test_a_correction_that_cannot_apply_is_refused_and_nothing_recorded(
    when: When, changes: dict[str, object]
) -> None:
    target = Event(id="target", when=when, summary="target")
    store = MemoryStore()
    store.append("s", [target])
    fix = Correction(target=target.id, when="2020-02-04", summary="fix", changes=changes)
    with pytest.raises(CorrectionRefusedError) as caught:
        store.append("s", [fix])
    assert caught.value.target == target.id
    assert list(caught.value.refused) == [f"changes.{next(iter(changes))}"]
    assert store.head == 1


def test_corrections_are_checked_against_the_store_and_the_batch_on_every_backend(
    make_store: StoreFactory,
) -> None:
    store = make_store()
    held = Event(id="held", when="2020-02-03", summary="held")
    store.append("s", [held])
    good = Correction(target="held", when="2020-02-04", summary="fix", changes={"when": "2020-02"})
    assert store.append("s", [good]).appended == 1
    new = Event(id="new", when="2020-02-05", summary="new")
    bad = Correction(target="new", when="2020-02-06", summary="fix", changes={"when": 5})
    with pytest.raises(CorrectionRefusedError, match=r"correction of 'new' cannot apply"):
        store.append("s", [new, bad])
    assert store.head == 2


# -- the store's catalog: the one the checks keep, caught up ------------------------------------


def _catalog_facts(catalog: Catalog) -> tuple[object, ...]:
    return (
        dict(catalog.sources),
        dict(catalog.actors),
        dict(catalog.places),
        catalog.retired,
        {stream: catalog.settings(stream) for stream in catalog.streams()},
    )


@given(stream=event_streams(max_size=8), cut=st.integers(0, 8))
def test_the_stores_catalog_is_the_fold_of_its_records(stream: list[Event], cut: int) -> None:
    store = MemoryStore()
    store.append("s", stream[:cut])
    early = store.catalog()
    store.append("t", stream[cut:])
    assert _catalog_facts(store.catalog()) == _catalog_facts(Catalog.of(store.read_all()))
    assert _catalog_facts(Catalog.of(store)) == _catalog_facts(Catalog.of(store.read_all()))
    # The copy handed out earlier is left alone by later appends.
    assert _catalog_facts(early) == _catalog_facts(Catalog.of(store.read_all(), known_at=cut))


def test_the_stores_catalog_sees_another_writers_declarations(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    source = Source(id="sohr", name="SOHR", reliability="C")
    with SQLiteStore(path) as mine, SQLiteStore(path) as theirs:
        assert dict(mine.catalog().sources) == {}
        theirs.append("t", [SourceDeclared(source=source, when="2020-02-03")])
        assert dict(mine.catalog().sources) == {"sohr": source}
