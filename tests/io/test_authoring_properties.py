"""Round trip as a property: for any events a store holds, ``load(export(store))`` gives them back.

Events come from the library's own strategies (every core kind, whens with
phrases, hints and zones, citations with every stance, free data), so the
TOML writer, the date keys and the loader's checks are tried on far more
shapes than the seed has.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline import codec
from timeline.events import Event
from timeline.io import TomlWriteError, export_toml, load_into, load_stream
from timeline.store import MemoryStore
from timeline.strategies import events

CORE_KINDS = ("event", "claim", "correction", "retraction", "contradiction")


def _references(event: Event) -> set[str]:
    """Ids of other events that ``event`` names (its targets, claims and contradicted claims)."""
    refs = {getattr(event, "target", None)} | set(getattr(event, "claims", ()))
    for citation in event.citations:
        refs |= set(citation.contradicts)
    return {ref.partition("#")[0] for ref in refs if isinstance(ref, str)}


# The library's event strategies filter some draws themselves (not this test's doing).
@settings(max_examples=60, suppress_health_check=[HealthCheck.filter_too_much])
@given(st.lists(events(CORE_KINDS), max_size=6, unique_by=lambda e: e.id))
def test_load_of_export_gives_the_same_events(batch: list[Event]) -> None:
    store = MemoryStore()
    store.append("stream", batch)
    recorded = [r.event for r in store.read("stream")]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.toml"
        try:
            export_toml(store, path, stream="stream")
        except TomlWriteError as error:
            # TOML has no null: free data holding None only travels as JSON Lines.
            message = str(error)
            assert "TOML has no null" in message, message
            assert not path.exists()
            return
        known = set().union(*(_references(e) for e in recorded)) if recorded else set()
        again = load_stream(path, known_ids=known)
        assert [codec.dumps(e) for e in again.events] == [codec.dumps(e) for e in recorded]
        assert list(again.events) == recorded
        # Loading the export into the store it came from appends nothing.
        if not known - {e.id for e in recorded}:
            assert load_into(store, path).appended == 0
