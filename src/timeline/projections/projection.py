"""The projection protocol: an initial state and a pure ``apply``.

A *projection* turns a stream of recorded events into a state: an initial
state and a pure ``apply(state, recorded) -> state``::

    class Count(Projection[int]):
        kinds = frozenset({"capture"})        # optional: None reads every kind

        def initial(self) -> int:
            return 0

        def apply(self, state: int, recorded: Recorded) -> int:
            return state + 1

    counter = fold(lambda: 0, lambda n, r: n + 1)   # the same from two functions

``apply`` must not mutate the state it is given: return a new value (a tuple,
a ``frozenset``, a copied dict...). Snapshots keep intermediate states as
checkpoints and hand the same state to ``apply`` again whenever a late event
lands before them; a mutated checkpoint would silently corrupt every later
answer. The runners are in :mod:`timeline.projections.fold`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

import attrs

from timeline.errors import ProjectionError
from timeline.projections._records import check_kinds
from timeline.store import Recorded

__all__ = ["Projection", "fold"]

S = TypeVar("S")


class Projection(ABC, Generic[S]):
    """A fold over recorded events: :meth:`initial` and a pure :meth:`apply`.

    Subclass it with the state type: ``class Tally(Projection[FrozenDict[int]])``.
    Set :attr:`kinds` to the kind names the projection reads; the runners
    then skip every other record without calling :meth:`apply`.
    """

    kinds: frozenset[str] | None = None
    """Kind names the projection reads (``None``: every kind)."""

    @abstractmethod
    def initial(self) -> S:
        """The state before any event."""

    @abstractmethod
    def apply(self, state: S, recorded: Recorded) -> S:
        """The state after ``recorded``; must not mutate ``state`` (return a new value)."""


@attrs.frozen
class _FunctionProjection(Projection[S]):
    _initial: Callable[[], S]
    _apply: Callable[[S, Recorded], S]
    kinds: frozenset[str] | None = None

    def initial(self) -> S:
        return self._initial()

    def apply(self, state: S, recorded: Recorded) -> S:
        return self._apply(state, recorded)


def fold(
    initial: Callable[[], S],
    apply: Callable[[S, Recorded], S],
    *,
    kinds: Iterable[str] | None = None,
) -> Projection[S]:
    """A projection from two functions: ``fold(lambda: 0, lambda n, r: n + 1)``."""
    if not callable(initial) or not callable(apply):
        raise ProjectionError("fold(initial, apply): both must be callable")
    return _FunctionProjection(initial, apply, check_kinds(kinds))
