"""The catalog projection: declarations folded in store order, as known at a recorded time."""

from __future__ import annotations

from timeline import (
    Catalog,
    Citation,
    Event,
    MemoryStore,
    Retired,
    Source,
    SourceDeclared,
    StreamSettings,
)
from timeline.render import build_document


def test_a_regrade_recorded_later_is_not_seen_before_it() -> None:
    store = MemoryStore()
    sohr = Source(id="sohr", name="SOHR", reliability="C")
    store.append(
        "s",
        [
            StreamSettings(stream="s", when="2020-02-03", title="Idlib", zone="Asia/Damascus"),
            SourceDeclared(source=sohr, when="2020-02-03"),
            Event(id="e", when="2020-02-03", summary="x", citations=[Citation(source="sohr")]),
        ],
    )
    before = store.head
    store.append(
        "s",
        [
            SourceDeclared(
                source=Source(id="sohr", name="SOHR", reliability="B"),
                when="2020-02-20",
                amends=True,
            )
        ],
    )
    assert Catalog.of(store).sources["sohr"].reliability.value == "B"
    assert Catalog.of(store, known_at=before).sources["sohr"].reliability.value == "C"
    assert Catalog.of(store).zone("s") == "Asia/Damascus"
    assert Catalog.of(store).title("s") == "Idlib"
    assert Catalog.of(store).zone("other") == "UTC"
    records = list(store.read_all())
    known = records[before - 1].recorded_at
    early = build_document(records[:before] + records[before:], known_at=known)
    assert early.sources["sohr"].reliability.value in {"C", "B"}
    assert build_document(records[:before]).sources["sohr"].reliability.value == "C"
    assert build_document(store).sources["sohr"].reliability.value == "B"
    # catalog events are not entries of a document
    assert [e.id for e in build_document(store).entries] == ["e"]
    assert build_document(store).title == "Idlib"


def test_default_summaries_and_retirement() -> None:
    src = Source(id="sohr", name="Syrian Observatory for Human Rights")
    assert SourceDeclared(source=src, when="2020-02-03").summary == (
        "Source declared: Syrian Observatory for Human Rights"
    )
    store = MemoryStore()
    store.append(
        "s",
        [
            SourceDeclared(source=src, when="2020"),
            Retired(entity="sohr", what="source", when="2021"),
        ],
    )
    catalog = Catalog.of(store)
    assert ("source", "sohr") in catalog.retired
    assert "sohr" in catalog.sources  # kept for what cites it
