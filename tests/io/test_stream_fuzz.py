"""Fuzzing the stream-file reader: arbitrary text and nesting raise only the library's errors.

``loads_stream`` must answer any text with a :class:`StreamFile` or an
:class:`~timeline.errors.AuthoringError` (a :class:`TimelineError`) listing
the problems: never a raw ``RecursionError``, ``OSError`` or ``KeyError``.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import timeline.conflict  # noqa: F401  (registers the conflict kinds streams may use)
from timeline.errors import AuthoringError, TimelineError
from timeline.io import loads_stream

# TOML scalars, and values nested inside arrays and inline tables.
_bare_keys = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_-0123456789", min_size=1, max_size=8)
_scalars = st.one_of(
    st.integers(-(10**30), 10**30).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.booleans().map(lambda b: "true" if b else "false"),
    st.text(max_size=30).map(json.dumps),
    st.sampled_from(["2020-02-03", "1979-05-27T07:32:00Z", "07:32:00", "nan", "inf"]),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.dictionaries(_bare_keys, inner, max_size=4).map(
            lambda d: "{" + ", ".join(f"{k} = {v}" for k, v in d.items()) + "}"
        ),
    ),
    max_leaves=25,
)
_STREAM_KEYS = ["format", "name", "title", "description", "zone", "reference", "reported"]
_EVENT_KEYS = [
    "id",
    "kind",
    "when",
    "when_phrase",
    "summary",
    "actors",
    "places",
    "citations",
    "tags",
    "data",
    "place",
    "by",
    "killed",
    "corrects",
    "changes",
]
_TEXT_VALUES = st.sampled_from(
    [
        '"America"',
        '"Asia/Damascus"',
        '"2020-02-30"',
        '"since since last week"',
        '"Y' + "9" * 5000 + '"',
        '"conflict.capture"',
        '"13"',
        "2020-02-03",
        "1",
    ]
)


@st.composite
def _stream_files(draw: st.DrawFn) -> str:
    """A stream file's shape with arbitrary keys and values in it."""
    lines = ["[stream]"]
    for key in draw(st.lists(st.sampled_from(_STREAM_KEYS), max_size=7, unique=True)):
        lines.append(f"{key} = {draw(st.one_of(_TEXT_VALUES, _values))}")
    for table in draw(st.lists(st.sampled_from(["actors", "places", "sources"]), max_size=2)):
        lines.append(f"[{table}.{draw(_bare_keys)}]")
        for key in draw(st.lists(_bare_keys, max_size=3, unique=True)):
            lines.append(f"{key} = {draw(st.one_of(_TEXT_VALUES, _values))}")
    for _ in range(draw(st.integers(0, 3))):
        lines.append("[[events]]")
        for key in draw(st.lists(st.sampled_from(_EVENT_KEYS), max_size=8, unique=True)):
            lines.append(f"{key} = {draw(st.one_of(_TEXT_VALUES, _values))}")
    return "\n".join(lines) + "\n"


def _read(text: str) -> None:
    message = "read"
    try:
        loads_stream(text, file="fuzz.toml")
    except TimelineError as error:  # any other exception fails the test
        message = str(error)
    assert message


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_arbitrary_text_raises_only_library_errors(text: str) -> None:
    _read(text)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(_stream_files())
def test_arbitrary_stream_files_raise_only_library_errors(text: str) -> None:
    _read(text)


@given(st.integers(1, 6000), st.sampled_from(["[", "{a = ", "[{b = "]))
def test_arbitrary_nesting_raises_only_library_errors(depth: int, opener: str) -> None:
    closer = "".join({"[": "]", "{a = ": "}", "[{b = ": "}]"}[opener] for _ in range(depth))
    text = '[stream]\nname = "s"\nx = ' + opener * depth + "1" + closer + "\n"
    _read(text)


@pytest.mark.parametrize("depth", [5000, 100_000])
def test_a_stream_file_nested_thousands_deep_is_an_authoring_error(depth: int) -> None:
    # Was RecursionError, and the command printed a traceback.
    with pytest.raises(AuthoringError, match="nested too deeply"):
        loads_stream("x = " + "[" * depth + "]" * depth + "\n", file="deep.toml")
