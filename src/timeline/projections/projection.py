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

A projection whose states also *merge* (a monoid: counts, sums, sets,
"the last value per key") subclasses :class:`MergeableProjection` and gives
``merge(earlier, later)``; a :class:`~timeline.projections.SnapshotIndex`
then keeps the fold of each block of the chronology in a tree and answers a
query right after a late event in O(log n + k), instead of re-applying
every record between the late event and the query::

    class Tally(MergeableProjection[int]):
        def initial(self) -> int:
            return 0

        def apply(self, state: int, recorded: Recorded) -> int:
            return state + 1

        def merge(self, earlier: int, later: int) -> int:
            return earlier + later

    tally = fold(lambda: 0, lambda n, r: n + 1, merge=operator.add)  # the same
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

import attrs

from timeline.errors import ProjectionError
from timeline.projections._records import check_kinds
from timeline.store import Recorded

__all__ = ["MergeableProjection", "Projection", "fold"]

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


class MergeableProjection(Projection[S]):
    """A projection whose states merge: folding two runs of records one after the other
    is merging their folds.

    :meth:`merge` must be associative, have :meth:`~Projection.initial` as its
    identity, and agree with :meth:`~Projection.apply`: for records ``xs`` and
    ``ys``, ``fold(xs + ys) == merge(fold(xs), fold(ys))``, each fold starting
    from ``initial()`` (``timeline.testing`` users can check it with a property
    test; the library's own are in ``tests/projections``). Like ``apply``, it
    must not mutate its arguments.
    """

    @abstractmethod
    def merge(self, earlier: S, later: S) -> S:
        """The state of a run of records followed by another, from their two states."""


@attrs.frozen
class _FunctionProjection(Projection[S]):
    _initial: Callable[[], S]
    _apply: Callable[[S, Recorded], S]
    kinds: frozenset[str] | None = None

    def initial(self) -> S:
        return self._initial()

    def apply(self, state: S, recorded: Recorded) -> S:
        return self._apply(state, recorded)


@attrs.frozen
class _FunctionMergeable(MergeableProjection[S]):
    _initial: Callable[[], S]
    _apply: Callable[[S, Recorded], S]
    _merge: Callable[[S, S], S]
    kinds: frozenset[str] | None = None

    def initial(self) -> S:
        return self._initial()

    def apply(self, state: S, recorded: Recorded) -> S:
        return self._apply(state, recorded)

    def merge(self, earlier: S, later: S) -> S:
        return self._merge(earlier, later)


def fold(
    initial: Callable[[], S],
    apply: Callable[[S, Recorded], S],
    *,
    kinds: Iterable[str] | None = None,
    merge: Callable[[S, S], S] | None = None,
) -> Projection[S]:
    """A projection from two functions: ``fold(lambda: 0, lambda n, r: n + 1)``.

    With ``merge`` (see :class:`MergeableProjection` for its laws) the result
    is a :class:`MergeableProjection`.
    """
    if not callable(initial) or not callable(apply):
        raise ProjectionError("fold(initial, apply): both must be callable")
    if merge is not None:
        if not callable(merge):
            raise ProjectionError(f"fold(merge=...): expected a function, got {merge!r}")
        return _FunctionMergeable(initial, apply, merge, check_kinds(kinds))
    return _FunctionProjection(initial, apply, check_kinds(kinds))
