"""Any event the library can make goes through every backend and JSON Lines unchanged."""

from __future__ import annotations

import io
import itertools
import tempfile
from pathlib import Path

import hypothesis.strategies as st
from hypothesis import HealthCheck, given, settings

from tests.store.support import BACKENDS
from timeline import strategies
from timeline.events import Event
from timeline.io import export_jsonl, import_jsonl


@st.composite
def batches(draw: st.DrawFn) -> list[list[Event]]:
    """An event stream a store accepts, cut into one to three batches."""
    stream = draw(strategies.event_streams(max_size=16))
    cuts = sorted(draw(st.lists(st.integers(0, len(stream)), max_size=2)))
    edges = [0, *cuts, len(stream)]
    return [stream[a:b] for a, b in itertools.pairwise(edges)]


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=50)
@given(batches=batches())
def test_events_round_trip_through_every_backend_and_jsonl(batches: list[list[Event]]) -> None:
    seen: set[str] = set()
    unique: list[list[Event]] = []
    for batch in batches:  # ids are unique across batches too
        unique.append([event for event in batch if event.id not in seen])
        seen.update(event.id for event in batch)
    expected = [event for batch in unique for event in batch]
    with tempfile.TemporaryDirectory() as scratch:
        for name, make in BACKENDS.items():
            directory = Path(scratch) / name
            directory.mkdir()
            with make(directory) as store:
                for number, batch in enumerate(unique):
                    store.append(f"s{number % 2}", batch)
                records = list(store.read_all())
                assert [r.event for r in records] == expected
                assert [type(r.event) for r in records] == [type(e) for e in expected]
                out = io.StringIO()
                export_jsonl(store, out)
                (directory / "copy").mkdir()
                with make(directory / "copy") as copy:
                    import_jsonl(copy, io.StringIO(out.getvalue()))
                    assert list(copy.read_all()) == records
