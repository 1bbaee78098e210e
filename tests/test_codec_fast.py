"""The fast codec gives exactly the reference (stdlib) canonical text, or is not used.

Content ids and document hashes are SHA-256 of the canonical text, so these are
properties over generated events (every kind, and the conflict pack's) and over
arbitrary JSON-like values: floats, ints beyond 64 bits, every code point
(lone surrogates too), non-string keys, subclasses. Where the fast encoder
could differ, :func:`plain` says so and the reference writes the value.
"""

from __future__ import annotations

import enum
import hashlib
import json
import subprocess
import sys
import uuid
from typing import Any

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from timeline import codec
from timeline.conflict.strategies import conflict_events
from timeline.events import Event, EventError
from timeline.events._canonical import (
    canonical_bytes,
    canonical_json,
    fast_json_bytes,
    fast_paths,
    parse_json,
    plain,
    reference_json,
)
from timeline.events.base import encode_event
from timeline.strategies import events

ANY_EVENT = st.one_of(events(), conflict_events())


class Color(enum.IntEnum):
    RED = 1


class Text(str):
    __slots__ = ()


# Every code point, lone surrogates included, and the characters JSON escapes.
TEXT = st.text(st.characters(codec="utf-8") | st.characters(min_codepoint=0, max_codepoint=0x20))
WILD_TEXT = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF))
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),
    st.floats(allow_nan=False, allow_infinity=False),
    TEXT,
    WILD_TEXT,
    st.sampled_from([Color.RED, Text("sub"), uuid.UUID(int=7), 1e16, 1e-05, -0.0, 2**64]),
)
KEYS = st.one_of(TEXT, WILD_TEXT, st.integers(-5, 5), st.booleans(), st.none(), st.floats())
JSON_LIKE = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=4).map(tuple),
        st.dictionaries(KEYS, inner, max_size=4),
    ),
    max_leaves=12,
)


def outcome(function: Any, value: Any) -> tuple[str, Any]:
    """What ``function(value)`` gives: ("ok", text) or ("error", exception type)."""
    try:
        return ("ok", function(value))
    except (TypeError, ValueError) as exc:
        return ("error", type(exc))


@given(ANY_EVENT)
def test_canonical_text_of_events_is_the_reference_text(event: Event) -> None:
    data = encode_event(event)
    reference = reference_json(data)
    assert canonical_json(data) == reference
    assert canonical_bytes(data) == reference.encode()
    assert codec.dumps(event) == reference


@given(ANY_EVENT)
def test_content_ids_are_those_of_the_reference_text(event: Event) -> None:
    reference = reference_json(encode_event(event, with_id=False))
    expected = "ev-" + hashlib.sha256(reference.encode()).hexdigest()[:16]
    rebuilt = codec.decode({k: v for k, v in codec.encode(event).items() if k != "id"})
    assert rebuilt.id == expected


@given(JSON_LIKE)
@example(1e16)
@example([1e-05, float("nan")])
@example({"b": 1, "a": [2**64]})
@example({1: "a", "1": "b"})
@example("\ud800")
@example({"é": 1, "z": 2, "\U0001f600": 3, "\x7f": 4})
def test_any_value_gives_the_reference_text_or_the_reference_error(value: Any) -> None:
    assert outcome(canonical_json, value) == outcome(reference_json, value)


@given(JSON_LIKE)
def test_the_fast_encoder_is_only_used_where_it_agrees(value: Any) -> None:
    fast = fast_json_bytes(value)
    if not plain(value):
        assert fast is None  # floats, subclasses, non-string keys, other types: the reference
    if fast is not None:
        assert fast == reference_json(value).encode()


@given(st.floats())
def test_floats_always_go_through_the_reference(number: float) -> None:
    assert fast_json_bytes({"x": [number]}) is None
    assert outcome(canonical_json, {"x": number}) == outcome(reference_json, {"x": number})


def test_plain_events_take_the_fast_path() -> None:
    pytest.importorskip("msgspec", reason="the fast extra is not installed")
    event = Event(id="nairab-taken", when="2020-02-03", summary="Syrian army takes Nairab")
    assert plain(encode_event(event))
    assert fast_json_bytes(encode_event(event)) == codec.dumps(event).encode()


# -- parsing -------------------------------------------------------------------------------


def parsed(function: Any, text: str | bytes) -> tuple[str, Any]:
    """What parsing gives, compared through the reference text (so 1 and 1.0 differ)."""
    try:
        value = function(text)
    except (ValueError, TypeError) as exc:
        return ("error", type(exc).__name__)
    return ("ok", outcome(reference_json, value), repr(value))


@given(ANY_EVENT)
def test_parsing_event_text_gives_the_stdlib_value(event: Event) -> None:
    text = codec.dumps(event)
    assert parsed(parse_json, text) == parsed(json.loads, text)
    assert parsed(parse_json, text.encode()) == parsed(json.loads, text.encode())


@given(JSON_LIKE)
@example([2**64, -(2**63) - 1, 1e-05, 1e16])
def test_parsing_reference_text_gives_the_stdlib_value(value: Any) -> None:
    try:
        text = reference_json(value)
    except (TypeError, ValueError):
        assume(False)
    assert parsed(parse_json, text) == parsed(json.loads, text)


@given(st.text(alphabet='{}[]":,.-+eE0123456789 \\tnrulfasNIy\ufeff\ud800'))
@example("NaN")
@example("1e400")
@example('"\\ud800"')
@example('{"a":1,"a":2}')
@example("\ufeff1")
def test_parsing_any_text_agrees_with_the_stdlib(text: str) -> None:
    assert parsed(parse_json, text) == parsed(json.loads, text)


# -- the trusted read ---------------------------------------------------------------------------


@given(ANY_EVENT)
def test_trusted_reads_give_the_checked_event(event: Event) -> None:
    text = codec.dumps(event)
    trusted = codec.loads_trusted(text)
    assert type(trusted) is type(event)
    assert trusted == codec.loads(text) == event
    assert codec.dumps(trusted) == text
    for name in ("actors", "places", "citations", "tags", "data"):
        assert type(getattr(trusted, name)) is type(getattr(event, name))


def test_trusted_reads_of_unexpected_data_are_checked() -> None:
    text = codec.dumps(Event(id="a", when="2020", summary="x"))
    for bad in (
        text.replace('"summary"', '"summery"'),
        text.replace('"kind":"event"', '"kind":"no-such-kind"'),
        text.replace('"summary":"x"', '"summary":["x"]'),
    ):
        with pytest.raises(EventError) as checked:
            codec.loads(bad)
        with pytest.raises(type(checked.value)):
            codec.loads_trusted(bad)


def test_trusted_reads_do_not_check_values_again() -> None:
    # The contract: text the caller wrote itself. A value of the right type is
    # taken as written (this id would be refused by loads and by Event(...)).
    text = codec.dumps(Event(id="a", when="2020", summary="x")).replace('"id":"a"', '"id":" a"')
    with pytest.raises(codec.DecodeError):
        codec.loads(text)
    assert codec.loads_trusted(text).id == " a"


def test_the_core_works_without_the_fast_extra() -> None:
    script = """
import sys
sys.modules["msgspec"] = None
from timeline import codec
from timeline.events._canonical import fast_paths
text = '{"id":"a","kind":"event","summary":"1e-05 \\u00e9",'
text += '"when":{"text":"2020","tz":"UTC"},"data":{"x":1e-05}}'
event = codec.loads(text)
assert fast_paths() == (), fast_paths()
print(codec.dumps(event))
print(codec.dumps(codec.loads_trusted(codec.dumps(event))))
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    expected = (
        '{"data":{"x":1e-05},"id":"a","kind":"event","summary":"1e-05 é",'
        '"when":{"text":"2020","tz":"UTC"}}'
    )
    assert result.stdout.splitlines() == [expected, expected]
    assert set(fast_paths()) <= {"msgspec"}
