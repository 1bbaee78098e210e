"""The conflict pack's names after the split of ``timeline.conflict.state``."""

from __future__ import annotations

import importlib

import pytest

import timeline.conflict
from timeline.conflict import ContestSide

# What ``timeline.conflict.state`` exported before the kinds of state got their own modules.
STATE_NAMES = [
    "Accord",
    "CasualtyClaim",
    "CasualtyEntry",
    "ClaimEntry",
    "ConflictError",
    "ConflictState",
    "Contest",
    "ContradictionEntry",
    "Control",
    "ControlChange",
    "DeploymentFact",
    "DisplacementFact",
    "Fact",
    "Launch",
    "Objection",
    "Operation",
    "RefugeeFact",
    "Status",
    "StatusChange",
    "Step",
    "Tally",
]


def test_state_still_exports_its_names() -> None:
    state = importlib.import_module("timeline.conflict.state")
    for name in STATE_NAMES:
        assert name in state.__all__
        if name in timeline.conflict.__all__:
            assert getattr(state, name) is getattr(timeline.conflict, name)


@pytest.mark.parametrize("module", ["timeline.conflict", "timeline.conflict.state"])
def test_side_is_a_deprecated_alias_of_contest_side(module: str) -> None:
    found = importlib.import_module(module)
    with pytest.warns(DeprecationWarning, match="ContestSide"):
        assert found.Side is ContestSide


def test_unknown_names_still_raise_attribute_error() -> None:
    with pytest.raises(AttributeError):
        _ = timeline.conflict.NoSuchName  # type: ignore[attr-defined]
