"""``timeline.report.stats_of``: counts over a record, from Python."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given

from timeline.events import CatalogEvent, Claim, Event
from timeline.io.authoring import load_into
from timeline.report import stats_of
from timeline.store import MemoryStore
from timeline.strategies import event_streams

SEED = Path(__file__).resolve().parents[2] / "seeds" / "idlib-2020.toml"

CITED = [{"source": "x"}]


def _store() -> MemoryStore:
    store = MemoryStore(clock=lambda: datetime(2020, 2, 3, 12, tzinfo=UTC))
    store.append(
        "a",
        [
            Event(id="e1", when="2016/2019", summary="one", citations=CITED),
            Event(id="e2", when="2020-01~", summary="two", citations=[*CITED, {"source": "y"}]),
            Claim(id="c", when="2020-02-03", summary="says", target="e1", citations=CITED),
        ],
    )
    store.append("b", [Event(id="e3", when="2020", summary="uncited")])
    return store


def test_counts_by_stream_kind_precision_and_source() -> None:
    data = stats_of(list(_store().read_all()))
    assert data["events"] == 4
    assert data["head"] == 4
    assert data["streams"] == {"a": 3, "b": 1}
    assert data["kinds"] == {"claim": 1, "event": 3}
    assert data["sources"] == {"x": 3, "y": 1}
    assert data["uncited"] == 1
    assert data["uncertain_or_approximate"] == 1
    assert data["claims"] == 1
    assert sum(data["precisions"].values()) == 4


def test_the_time_covered() -> None:
    data = stats_of(list(_store().read_all()))
    assert (data["first"], data["last"]) == ("2016", "2020")
    assert data["recorded_from"] == data["recorded_to"] == "2020-02-03T12:00:00Z"
    assert data["open_start"] == data["unknown_end"] == 0


def test_an_empty_record() -> None:
    data = stats_of([])
    assert data["events"] == data["head"] == 0
    assert data["first"] is data["last"] is data["recorded_from"] is None


def test_the_result_is_plain_json() -> None:
    data = stats_of(list(_store().read_all()))
    assert json.loads(json.dumps(data)) == data


def test_the_catalog_is_not_counted_among_the_events(tmp_path: Path) -> None:
    # Was: the declarations and stream settings a stream file appends were counted
    # as events (and as kinds, precisions and uncited events) when given raw records.
    store = MemoryStore()
    load_into(store, SEED)
    records = list(store.read_all())
    world = [r for r in records if not isinstance(r.event, CatalogEvent)]
    assert len(world) < len(records)
    data = stats_of(records)
    assert data["events"] == len(world) == 30
    assert not any(kind.startswith(("catalog.", "stream.")) for kind in data["kinds"])
    assert data["head"] == store.head
    assert {k: v for k, v in data.items() if k != "head"} == {
        k: v for k, v in stats_of(world).items() if k != "head"
    }


@given(event_streams())
def test_counts_ignore_catalog_events(streams: list[Event]) -> None:
    store = MemoryStore()
    for event in streams:
        store.append("s", [event])
    records = list(store.read_all())
    world = [r for r in records if not isinstance(r.event, CatalogEvent)]
    data = stats_of(records)
    assert data["events"] == len(world)
    assert sum(data["kinds"].values()) == len(world)
    assert data["head"] == len(records)
