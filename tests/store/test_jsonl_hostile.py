"""Hostile JSON Lines: the library's own error for every line, and incremental imports.

Regressions of issue 17 (a line of 100,000 ``[``, a recorded time that
overflows in UTC, an incremental export the command could not import) and a
fuzz test: arbitrary text and nesting may raise only :class:`JSONLError`.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.store.support import evs
from timeline.cli import main
from timeline.errors import JSONLError
from timeline.io import export_jsonl, import_jsonl
from timeline.store import MemoryStore, SQLiteStore


def _line(**changes: object) -> str:
    store = MemoryStore()
    store.append("s", evs("s", 1))
    buffer = io.StringIO()
    export_jsonl(store, buffer)
    data = json.loads(buffer.getvalue())
    data.update(changes)
    return json.dumps(data)


def test_a_line_of_deeply_nested_brackets_is_a_jsonl_error() -> None:
    # Was RecursionError from Python's JSON reader.
    store = MemoryStore()
    with pytest.raises(JSONLError, match="nested too deeply") as info:
        import_jsonl(store, io.BytesIO(b"[" * 100_000 + b"\n"))
    assert info.value.line == 1
    assert store.head == 0


def test_a_deeply_nested_event_is_a_jsonl_error() -> None:
    deep = "[" * 50_000 + "]" * 50_000
    line = _line().replace('"event": {', f'"event": {{"deep": {deep}, ', 1)
    assert deep in line
    with pytest.raises(JSONLError, match="nested too deeply"):
        import_jsonl(MemoryStore(), io.StringIO(line + "\n"))


def test_a_recorded_time_out_of_range_in_utc_is_a_jsonl_error() -> None:
    # Was OverflowError: 0001-01-01T00:00+01:00 is in year 0 in UTC.
    line = _line(recorded_at="0001-01-01T00:00:00+01:00")
    with pytest.raises(JSONLError, match=r"recorded_at .* out of range") as info:
        import_jsonl(MemoryStore(), io.StringIO(line + "\n"))
    assert info.value.line == 1


def test_a_reported_time_out_of_range_is_a_jsonl_error() -> None:
    line = _line(reported_at="9999-12-31T23:59:59-01:00")
    with pytest.raises(JSONLError, match=r"reported_at .* out of range"):
        import_jsonl(MemoryStore(), io.StringIO(line + "\n"))


def _split_export(tmp_path: Path) -> tuple[Path, Path, Path]:
    source = SQLiteStore(tmp_path / "source.db")
    with source:
        source.append("s", evs("s", 3))
        source.append("t", evs("t", 2))
        export_jsonl(source, tmp_path / "all.jsonl")
    lines = (tmp_path / "all.jsonl").read_text().splitlines(keepends=True)
    (tmp_path / "first.jsonl").write_text("".join(lines[:2]))
    (tmp_path / "rest.jsonl").write_text("".join(lines[2:]))
    return tmp_path / "all.jsonl", tmp_path / "first.jsonl", tmp_path / "rest.jsonl"


def test_the_command_imports_an_incremental_export_into_the_store_it_continues(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    whole, first, rest = _split_export(tmp_path)
    dest = tmp_path / "dest.db"
    assert main(["import", str(first), str(dest)]) == 0
    assert main(["import", str(rest), str(dest)]) == 0
    assert "3 events imported" in capsys.readouterr().err
    with SQLiteStore(dest) as copy:
        buffer = io.StringIO()
        export_jsonl(copy, buffer)
    assert buffer.getvalue() == whole.read_text()


def test_an_incremental_export_into_the_wrong_store_names_the_store_it_continues(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, _, rest = _split_export(tmp_path)
    with SQLiteStore(tmp_path / "other.db") as other:
        other.append("x", evs("x", 1))
    assert main(["import", str(rest), str(tmp_path / "other.db")]) == 1
    message = capsys.readouterr().err
    assert "its head is at position 1" in message  # the destination's head, not 0
    assert "continues a store at position 2" in message
    assert "Traceback" not in message
    with SQLiteStore(tmp_path / "other.db") as other:
        assert other.head == 1


def test_reading_an_incremental_export_alone_says_what_it_continues(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, _, rest = _split_export(tmp_path)
    assert main(["stats", str(rest)]) == 1
    message = capsys.readouterr().err
    assert "continues a store at position 2" in message
    assert message.count("\n") == 1


# -- fuzzing: only JSONLError --------------------------------------------------------------

_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=30,
)
_KEYS = ["position", "stream", "version", "recorded_at", "reported_at", "event"]
_records = st.dictionaries(st.sampled_from(_KEYS), _json_values | st.text(max_size=30))
_brackets = st.tuples(st.integers(0, 20_000), st.sampled_from(["[", "{", '{"a":'])).map(
    lambda pair: pair[1] * pair[0]
)
_lines = st.one_of(
    st.text(max_size=200),
    _records.map(json.dumps),
    _json_values.map(json.dumps),
    _brackets,
    st.binary(max_size=100).map(lambda b: b.decode("latin-1")),
)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_lines, min_size=1, max_size=4))
def test_the_jsonl_reader_raises_only_jsonl_errors(lines: list[str]) -> None:
    text = "\n".join(lines) + "\n"
    store = MemoryStore()
    try:
        import_jsonl(store, io.BytesIO(text.encode("utf-8", "surrogatepass")))
    except JSONLError:
        assert store.head == 0


@given(_records)
def test_near_valid_records_raise_only_jsonl_errors(changes: dict[str, object]) -> None:
    line = _line(**changes)
    with contextlib.suppress(JSONLError):
        import_jsonl(MemoryStore(), io.StringIO(line + "\n"))
