"""JSON Lines export and import: lossless across backends, all or nothing on bad input."""

from __future__ import annotations

import copy
import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.store.support import BACKENDS, WHEN, Capture, StoreFactory, ev, evs
from timeline.io import MAX_LINE_BYTES, JSONLError, export_jsonl, import_jsonl
from timeline.store import EventStore, MemoryStore, StoreError


def fill(store: EventStore) -> None:
    store.append("idlib", evs("idlib", 3))
    store.append(
        "captures",
        [Capture(id="nairab", when=WHEN, summary="Nairab taken", place="nairab", by="saa")],
    )
    store.append("idlib", [ev("ünïcode", "Saraqeb / Saraqib — «taken»", data={"n": [1, 2.5]})])


@pytest.mark.parametrize("target", sorted(BACKENDS))
def test_export_then_import_is_lossless(store: EventStore, tmp_path: Path, target: str) -> None:
    fill(store)
    exported = tmp_path / "export.jsonl"
    assert export_jsonl(store, exported) == 5
    (tmp_path / "copy").mkdir()
    with BACKENDS[target](tmp_path / "copy") as copy:
        assert import_jsonl(copy, exported) == 5
        assert list(copy.read_all()) == list(store.read_all())
        assert copy.streams() == store.streams()
        again = tmp_path / "again.jsonl"
        export_jsonl(copy, again)
    assert again.read_bytes() == exported.read_bytes()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".export-")]


def test_the_line_format(store: EventStore) -> None:
    store.append("idlib", [ev("nairab", "Nairab taken")])
    out = io.StringIO()
    export_jsonl(store, out)
    line = out.getvalue()
    assert line.endswith("\n")
    assert line.count("\n") == 1
    data = json.loads(line)
    assert list(data) == ["position", "stream", "version", "recorded_at", "event"]
    assert (data["position"], data["stream"], data["version"]) == (1, "idlib", 1)
    assert data["recorded_at"].endswith("Z")
    assert data["event"]["id"] == "nairab"


def test_an_incremental_export_continues_a_copy(make_store: StoreFactory, tmp_path: Path) -> None:
    source, copy = make_store(), make_store()
    source.append("s", evs("a", 2))
    first = tmp_path / "first.jsonl"
    export_jsonl(source, first)
    import_jsonl(copy, first)
    source.append("s", evs("b", 2))
    source.append("t", evs("c", 1))
    second = tmp_path / "second.jsonl"
    assert export_jsonl(source, second, after=copy.head) == 3
    assert import_jsonl(copy, second) == 3
    assert list(copy.read_all()) == list(source.read_all())


def test_import_from_file_objects(store: EventStore, make_store: StoreFactory) -> None:
    fill(store)
    text = io.StringIO()
    export_jsonl(store, text)
    binary = make_store()
    assert import_jsonl(binary, io.BytesIO(text.getvalue().encode())) == 5
    textual = make_store()
    assert import_jsonl(textual, io.StringIO(text.getvalue())) == 5
    assert list(binary.read_all()) == list(textual.read_all()) == list(store.read_all())


# -- bad input: a clear error naming file and line, and the store unchanged ---------------------


def good_lines() -> list[dict[str, Any]]:
    source = MemoryStore(clock=lambda: datetime(2099, 1, 1, tzinfo=UTC))
    source.append("s", evs("s", 3))
    out = io.StringIO()
    export_jsonl(source, out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def write(path: Path, lines: list[Any]) -> Path:
    path.write_text(
        "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines),
        encoding="utf-8",
    )
    return path


def changed(line: int, **fields: Any) -> list[Any]:
    lines: list[Any] = good_lines()
    lines[line - 1] = {**lines[line - 1], **fields}
    return lines


def without(line: int, field: str) -> list[Any]:
    lines: list[Any] = good_lines()
    del lines[line - 1][field]
    return lines


def replaced(line: int, text: str) -> list[Any]:
    lines: list[Any] = good_lines()
    lines[line - 1] = text
    return lines


BAD: dict[str, tuple[list[Any], int, str]] = {
    "malformed JSON": (replaced(2, '{"position": 2,'), 2, "not valid JSON"),
    "NaN": (replaced(3, '{"position": NaN}'), 3, "not valid JSON"),
    "not an object": (replaced(2, "[1, 2]"), 2, "expected a JSON object"),
    "blank line": (replaced(2, "   "), 2, "blank line"),
    "missing field": (without(2, "stream"), 2, "missing field(s) stream"),
    "unknown field": (changed(2, extra=1), 2, "unknown field(s) extra"),
    "position as text": (changed(2, position="2"), 2, "position must be a positive integer"),
    "version as bool": (changed(1, version=True), 1, "version must be a positive integer"),
    "version zero": (changed(1, version=0), 1, "version must be a positive integer"),
    "stream as number": (changed(3, stream=7), 3, "stream must be a non-empty string"),
    "empty stream": (changed(3, stream=""), 3, "stream must be a non-empty string"),
    "naive recorded_at": (
        changed(2, recorded_at="2020-02-03T10:00:00"),
        2,
        "naive time: it needs a UTC offset",
    ),
    "recorded_at as number": (changed(2, recorded_at=1580724000), 2, "ISO 8601 string"),
    "recorded_at not a date": (changed(2, recorded_at="yesterday"), 2, "not an ISO 8601"),
    "event as list": (changed(2, event=[1]), 2, "event must be a JSON object"),
    "unknown kind": (
        changed(2, event={**good_lines()[1]["event"], "kind": "no-such-kind"}),
        2,
        "unknown kind 'no-such-kind'",
    ),
    "event field of the wrong type": (
        changed(3, event={**good_lines()[2]["event"], "summary": 42}),
        3,
        "event cannot be decoded",
    ),
    "position gap": (changed(3, position=4), 3, "positions must continue"),
    "version gap": (changed(3, version=5), 3, "continues at version 3, not 5"),
    "time going back": (
        changed(3, recorded_at="2001-01-01T00:00:00Z"),
        3,
        "recorded time never goes backwards",
    ),
    "duplicate id": (
        changed(3, event={**good_lines()[2]["event"], "id": "s-0"}),
        3,
        "'s-0' is already recorded",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_lines_are_named_and_nothing_is_imported(
    store: EventStore, tmp_path: Path, case: str
) -> None:
    store.append("existing", [ev("already-here")])
    before = list(store.read_all())
    lines, number, message = copy.deepcopy(BAD[case])
    for line in lines:  # the store has one event already: shift positions
        if isinstance(line, dict) and type(line.get("position")) is int:
            line["position"] += 1
    path = write(tmp_path / "bad.jsonl", lines)
    with pytest.raises(JSONLError) as caught:
        import_jsonl(store, path)
    error = caught.value
    assert (error.file, error.line) == (str(path), number)
    assert str(error).startswith(f"{path}:{number}: ")
    assert message in str(error)
    assert list(store.read_all()) == before


def test_an_oversize_line_is_refused(store: EventStore, tmp_path: Path) -> None:
    lines: list[Any] = good_lines()
    lines[1]["event"]["summary"] = "x" * MAX_LINE_BYTES
    path = write(tmp_path / "big.jsonl", lines)
    with pytest.raises(JSONLError, match=r"big.jsonl:2: line is longer than the limit"):
        import_jsonl(store, path)
    assert store.head == 0
    with pytest.raises(JSONLError, match=r":1: line is longer than the limit of 100 bytes"):
        import_jsonl(store, write(tmp_path / "small.jsonl", good_lines()), max_line_bytes=100)
    assert store.head == 0


def test_bytes_that_are_not_utf8_are_refused(store: EventStore, tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(b'{"position": 1, "stream": "caf\xe9"}\n')
    with pytest.raises(JSONLError, match=r"latin1.jsonl:1: line is not valid UTF-8"):
        import_jsonl(store, path)
    assert store.head == 0


def test_an_import_that_does_not_continue_the_store_is_refused(
    make_store: StoreFactory, tmp_path: Path
) -> None:
    source, target = make_store(), make_store()
    source.append("s", evs("a", 2))
    path = tmp_path / "export.jsonl"
    export_jsonl(source, path)
    target.append("t", [ev("other")])
    with pytest.raises(JSONLError, match=r"export.jsonl:1: .*continue the store gaplessly from 2"):
        import_jsonl(target, path)
    assert target.head == 1


def test_a_jsonl_error_is_a_store_error() -> None:
    error = JSONLError("f.jsonl", 3, "bad")
    assert isinstance(error, StoreError)
    assert str(error) == "f.jsonl:3: bad; nothing was imported"
