"""The ``state`` of a snapshot item: every state it may be in, and the certain one, if any.

Private to :mod:`timeline.render`. Every item of a snapshot report carries
one (:attr:`~timeline.render.snapshot.SnapshotItem.state`), so a program
reading the JSON never takes a possible state for a certain one: ``value`` is
set only when exactly one state is possible. See ``docs/snapshot-json.md``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from timeline.time import Tri

#: A state value as JSON: a string (a holder, a status), true or false, or null (none yet).
Scalar = str | bool | None


def state_block(of: str, possible: Iterable[Scalar]) -> dict[str, Any]:
    """``{"of": ..., "certain": ..., "value": ..., "possible": [...]}`` for ``possible`` states.

    ``certain`` is true when exactly one state is possible; ``value`` is that
    state, else null. ``possible`` is sorted (null last) so output is stable.
    """
    values = sorted(set(possible), key=lambda v: (v is None, isinstance(v, bool), str(v)))
    certain = len(values) == 1
    return {
        "of": of,
        "certain": certain,
        "value": values[0] if certain else None,
        "possible": values,
    }


def tri_values(answer: Tri) -> tuple[bool, ...]:
    """The truth values a three-valued answer leaves possible."""
    if answer is Tri.MAYBE:
        return (True, False)
    return (answer is Tri.YES,)


def holds_block(certain: bool) -> dict[str, Any]:
    """The state of a fact that holds, or only possibly holds (its event straddles the time)."""
    return state_block("holds", (True,) if certain else (True, False))
