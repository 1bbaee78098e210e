"""The TOML writer and the line locator behind the authoring format's export and errors."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline.io.authoring._toml_lines import locate
from timeline.io.authoring._toml_write import TomlWriteError, key, table, value

texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
scalars = st.one_of(
    texts,
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=12,
)


@given(texts, values)
def test_any_key_and_value_read_back(name: str, item: Any) -> None:
    text = f"{key(name)} = {value(item)}\n"
    assert tomllib.loads(text) == {name: item}


@given(st.dictionaries(texts, values, max_size=5), st.lists(st.dictionaries(texts, scalars)))
def test_tables_read_back(body: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    lines = table(("top",), body)
    for row in rows:
        lines += table(("rows",), row, array=True)
    expected: dict[str, Any] = {"top": body}
    if rows:
        expected["rows"] = rows
    assert tomllib.loads("\n".join(lines) + "\n") == expected


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (None, "TOML has no null"),
        (float("nan"), "not a finite number"),
        (2**64, "64-bit"),
        ({"a": [1, None]}, r"value\.a\[1\]: TOML has no null"),
        (object(), "cannot write object"),
    ],
)
def test_what_toml_cannot_say_is_refused(item: Any, message: str) -> None:
    with pytest.raises(TomlWriteError, match=message):
        value(item)


DOCUMENT = '''\
# a comment with [[events]] in it
[stream]
name = "x"  # trailing comment
"quoted key" = 1
notes = """
[[events]]
id = "not a table"
"""

[[events]]
id = "a"
dotted.key = 2

[[events.citations]]
source = "s1"

[[events.citations]]
source = "s2"

[events.figures]
killed = 5

[[events]]
id = 'b'
citations = [
  { source = "s3" },
  { source = "s4", contradicts = ["x", "y"] },
]
'''


def test_locator_maps_paths_to_lines() -> None:
    lines = locate(DOCUMENT)
    assert lines.exact(("stream",)) == 2
    assert lines.exact(("stream", "name")) == 3
    assert lines.exact(("stream", "quoted key")) == 4
    assert lines.exact(("stream", "notes")) == 5
    assert lines.exact(("events", 0)) == 10
    assert lines.exact(("events", 0, "dotted", "key")) == 12
    assert lines.exact(("events", 0, "citations", 1, "source")) == 18
    assert lines.exact(("events", 0, "figures", "killed")) == 21
    assert lines.exact(("events", 1)) == 23
    assert lines.exact(("events", 1, "id")) == 24
    assert lines.exact(("events", 1, "citations", 1)) == 27
    assert lines.exact(("events", 1, "citations", 1, "contradicts", 1)) == 27
    # A path that is not written falls back to its longest written prefix.
    assert lines.line(("events", 1, "summary")) == 23
    assert lines.exact(("events", 2)) is None
    assert tomllib.loads(DOCUMENT)["events"][1]["citations"][1]["source"] == "s4"


def test_locator_stops_quietly_on_text_it_does_not_understand() -> None:
    lines = locate('[stream]\nname = "x"\n= broken\n')
    assert lines.exact(("stream", "name")) == 2
    assert len(lines) == 2
