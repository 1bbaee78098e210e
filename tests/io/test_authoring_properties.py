"""Round trip as a property: for any events a store holds, ``load(export(store))`` gives them back.

Events come from the library's own strategies (every core kind, whens with
phrases, hints and zones, citations with every stance, free data), so the
TOML writer, the date keys and the loader's checks are tried on far more
shapes than the seed has.
"""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings

from timeline import codec
from timeline.conflict import RELATION_FIELDS, conflict_kinds, relation_cycle
from timeline.events import Event
from timeline.io import TomlWriteError, dumps_stream, loads_stream, stream_of
from timeline.store import MemoryStore
from timeline.strategies import event_streams, events

CORE_KINDS = ("event", "claim", "correction", "retraction", "contradiction")


def _references(event: Event) -> set[str]:
    """Ids of other events that ``event`` names (its targets, claims and contradicted claims)."""
    refs = {getattr(event, "target", None), getattr(event, "incident", None)}
    refs |= set(getattr(event, "claims", ()))
    for citation in event.citations:
        refs |= set(citation.contradicts)
    return {ref.partition("#")[0] for ref in refs if isinstance(ref, str)}


def _relations(events: list[Event]) -> list[tuple[str, str]]:
    """``(agreement, target)`` for every relation (``amends``...) the events state."""
    out = []
    for event in events:
        source = getattr(event, "agreement", None)
        if event.kind.startswith("conflict.ceasefire."):
            source = getattr(event, "ceasefire", None)
        for field in RELATION_FIELDS:
            out.extend((source, target) for target in getattr(event, field, ()))
    return out


# The library's event strategies filter some draws themselves (not this test's doing).
@settings(max_examples=60, suppress_health_check=[HealthCheck.filter_too_much])
@given(event_streams(events(CORE_KINDS), max_size=6))
def test_load_of_export_gives_the_same_events(batch: list[Event]) -> None:
    store = MemoryStore()
    store.append("stream", batch)
    recorded = [r.event for r in store.read("stream")]
    # export_toml(store, path) writes exactly this text (atomically); no disk needed here.
    try:
        text = dumps_stream(stream_of(recorded, name="stream"))
    except TomlWriteError as error:
        # TOML has no null: free data holding None only travels as JSON Lines.
        message = str(error)
        assert "TOML has no null" in message, message
        return
    known = set().union(*(_references(e) for e in recorded)) if recorded else set()
    edges = list(_relations(recorded))
    # Drawn relations name any id: the record elsewhere holds those agreements, but a
    # relation of an agreement to itself, or a circle of them, is refused whatever it holds.
    assume(all(a != b for a, b in edges) and relation_cycle(edges) is None)
    accords = {target for _, target in edges}
    again = loads_stream(text, file="export.toml", known_ids=known, known_accords=accords)
    assert again.name == "stream"
    assert [codec.dumps(e) for e in again.events] == [codec.dumps(e) for e in recorded]
    assert list(again.events) == recorded
    # And the text is a fixed point: exporting what was loaded writes it again.
    assert dumps_stream(again) == text


# Conflict kinds draw slowly; fewer examples keep the suite quick (run more with the ci profile).
@settings(
    max_examples=25, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow]
)
@given(event_streams(events(sorted(conflict_kinds())), max_size=4))
def test_conflict_kinds_round_trip(batch: list[Event]) -> None:
    test_load_of_export_gives_the_same_events.hypothesis.inner_test(batch)  # type: ignore[attr-defined]
