"""PersistentMap: an immutable mapping with structure-sharing updates."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline.conflict import PersistentMap

ops = st.lists(st.tuples(st.text(max_size=4), st.integers()), max_size=60)


@given(ops)
def test_behaves_like_a_dict(pairs: list[tuple[str, int]]) -> None:
    model: dict[str, int] = {}
    current: PersistentMap[int] = PersistentMap()
    history = []
    for key, value in pairs:
        before = dict(current.items())
        current = current.set(key, value)
        model[key] = value
        history.append((before, current))
        assert current == model
        assert len(current) == len(model)
        assert list(current) == sorted(model)
        assert current[key] == value
        assert key in current
        assert current.get(key) == value
    # every earlier version is unchanged
    for before, _after in history:
        assert dict(before) == before
    assert PersistentMap(model) == current
    assert hash(PersistentMap(model)) == hash(current)
    assert pickle.loads(pickle.dumps(current)) == current


def test_missing_keys_and_bad_keys() -> None:
    empty: PersistentMap[int] = PersistentMap()
    assert empty == {}
    assert empty.get("x") is None
    assert empty.get("x", 3) == 3
    assert "x" not in empty
    assert 1 not in empty  # type: ignore[comparison-overlap]
    with pytest.raises(KeyError):
        empty["x"]
    with pytest.raises(TypeError, match="keys are strings"):
        empty.set(1, 2)  # type: ignore[arg-type]


def test_setting_the_same_value_returns_the_same_map() -> None:
    value = object()
    first: PersistentMap[object] = PersistentMap({"a": value})
    assert first.set("a", value) is first
    assert first.set("a", object()) is not first
    assert repr(PersistentMap({"b": 1, "a": 2})) == "PersistentMap({'a': 2, 'b': 1})"
