"""JSON Lines and reported times: the field only when set, read with or without it."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.store.support import BACKENDS, evs
from timeline.io import JSONLError, export_jsonl, import_jsonl
from timeline.io.jsonl import dump_line
from timeline.store import EventStore, MemoryStore

FEB_3 = datetime(2020, 2, 3, tzinfo=UTC)
FEB_28 = datetime(2020, 2, 28, tzinfo=UTC)


def fill(store: EventStore) -> None:
    store.append("s", evs("late", 2), reported_at=FEB_28)
    store.append("s", evs("early", 1), reported_at=FEB_3)
    store.append("s", evs("plain", 1))


@pytest.mark.parametrize("target", sorted(BACKENDS))
def test_reported_at_round_trips(store: EventStore, tmp_path: Path, target: str) -> None:
    fill(store)
    exported = tmp_path / "export.jsonl"
    export_jsonl(store, exported)
    (tmp_path / "copy").mkdir()
    with BACKENDS[target](tmp_path / "copy") as copy:
        import_jsonl(copy, exported)
        assert list(copy.read_all()) == list(store.read_all())
        assert [r.reported_at for r in copy.read_all()] == [FEB_28, FEB_28, FEB_3, None]
        again = tmp_path / "again.jsonl"
        export_jsonl(copy, again)
    assert again.read_bytes() == exported.read_bytes()


def test_the_field_is_written_only_when_set() -> None:
    store = MemoryStore()
    fill(store)
    lines = [json.loads(dump_line(r)) for r in store.read_all()]
    assert [line.get("reported_at") for line in lines] == [
        "2020-02-28T00:00:00.000000Z",
        "2020-02-28T00:00:00.000000Z",
        "2020-02-03T00:00:00.000000Z",
        None,
    ]
    assert "reported_at" not in lines[3]
    assert list(lines[0]) == [
        "position",
        "stream",
        "version",
        "recorded_at",
        "reported_at",
        "event",
    ]
    assert list(lines[3]) == ["position", "stream", "version", "recorded_at", "event"]


def test_lines_with_and_without_the_field_import_together() -> None:
    source = MemoryStore()
    fill(source)
    buffer = io.StringIO()
    export_jsonl(source, buffer)
    target = MemoryStore()
    assert import_jsonl(target, io.StringIO(buffer.getvalue())) == 4
    assert list(target.read_all()) == list(source.read_all())


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('"2020-02-03T00:00:00"', "reported_at .* is a naive time"),
        ('"yesterday"', "reported_at 'yesterday' is not an ISO 8601"),
        ("20200203", "reported_at must be an ISO 8601 string"),
    ],
)
def test_a_bad_reported_at_names_the_line(value: str, message: str) -> None:
    store = MemoryStore()
    store.append("s", evs("a", 2))
    buffer = io.StringIO()
    export_jsonl(store, buffer)
    lines = buffer.getvalue().splitlines()
    lines[1] = lines[1].replace('"event":', f'"reported_at":{value},"event":')
    with pytest.raises(JSONLError, match=message) as caught:
        import_jsonl(MemoryStore(), io.StringIO("\n".join(lines) + "\n"))
    assert caught.value.line == 2
