"""Reading changes in valid-time order: which may be current, and what holds now.

Shared by the kinds of state inside :mod:`timeline.conflict` (private): the
``_History`` base of :class:`~timeline.conflict.control.Control` and
:class:`~timeline.conflict.accords.Accord`, and the helpers that keep facts in
valid-time order (``_put``, ``_in_order``, ``_latest``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Generic, TypeVar

import attrs

from timeline.conflict.fact import Fact
from timeline.time import Tri, When

F = TypeVar("F", bound=Fact)
"""Any kind of fact (for functions that keep the kind they are given)."""


def _candidates(changes: Sequence[F]) -> list[F]:
    """The changes that may be current: no change that certainly happened certainly follows.

    "Follows" is :func:`_follows` (the time order, else the rank), unless the
    changes that certainly happened contradict each other so that it runs in a
    circle (collapsed in 2016, in force from 2016 on, signed from 2017 on: each
    follows another) and none could be current; then the time order alone
    decides, which never runs in a circle, and every change it leaves may be
    current. The choice depends only on the changes that certainly happened, so
    the candidates among those are always among the candidates of all.
    """
    certain = [c for c in changes if c.certain]
    follows: Callable[[Fact, Fact], bool] = _follows
    if certain and all(any(o is not c and _follows(o, c) for o in certain) for c in certain):
        follows = _after_in_time
    return [
        change
        for change in changes
        if not any(other is not change and follows(other, change) for other in certain)
    ]


def _current(changes: Sequence[F]) -> F | None:
    """The last change, in valid-time order, among those that may be current."""
    candidates = _candidates(changes)
    return candidates[-1] if candidates else None


def _possible(changes: Sequence[F], value: Callable[[F], Any]) -> frozenset[Any]:
    """The values that may be current after ``changes`` (in valid-time order).

    A change may be the current one if it possibly happened and no change that
    certainly happened certainly came after it. "Came after" is the time
    order when it is known (:meth:`When.before`), and the :attr:`Fact.rank`
    when the two overlap in time (a collapse comes after the entry into force
    it ends). ``None`` is among the values when no change certainly happened.
    """
    found: set[Any] = {value(c) for c in _candidates(changes)}
    if not any(c.certain for c in changes):
        found.add(None)
    return frozenset(found)


def _follows(later: Fact, earlier: Fact) -> bool:
    """Whether ``later`` certainly comes after ``earlier``."""
    if earlier.when.before(later.when) is Tri.YES:
        return True
    if later.when.before(earlier.when) is Tri.YES:
        return False
    return later.rank > earlier.rank


def _after_in_time(later: Fact, earlier: Fact) -> bool:
    """Whether ``later`` certainly comes after ``earlier`` by their times alone."""
    return earlier.when.before(later.when) is Tri.YES


def _tri(value: Any, possible: frozenset[Any]) -> Tri:
    if value not in possible:
        return Tri.NO
    return Tri.YES if len(possible) == 1 else Tri.MAYBE


def _in_order(facts: Iterable[F]) -> tuple[F, ...]:
    return tuple(sorted(facts, key=lambda f: f.order))


def _put(items: tuple[F, ...], fact: F) -> tuple[F, ...]:
    """``items`` (valid-time order) with ``fact`` in place, replacing one of the same event."""
    kept = [f for f in items if f.event != fact.event]
    kept.append(fact)
    return _in_order(kept)


@attrs.frozen(kw_only=True)
class _History(Generic[F]):
    """Changes of one thing's value (a status, a holder) in valid-time order, and what holds now.

    The shared reading of :class:`Accord` and :class:`Control`: the current
    change counts changes that only possibly happened; the certain value
    counts only those that certainly did; the possible values say what may be
    current given which changes happened and in what order.
    """

    changes: tuple[F, ...] = ()
    """Every change reported, in valid-time order."""

    def _value(self, change: F) -> Any:
        raise NotImplementedError

    @property
    def latest(self) -> F | None:
        """The change that set the current value, counting changes that only possibly happened.

        The last change in valid-time order among those that may be current;
        ``None`` when there is none.
        """
        return _current(self.changes)

    @property
    def since(self) -> When | None:
        """When the current value began (the ``when`` of the change that set it)."""
        latest = self.latest
        return None if latest is None else latest.when

    def _current_value(self) -> Any:
        latest = self.latest
        return None if latest is None else self._value(latest)

    def _certain_value(self) -> Any:
        current = _current([c for c in self.changes if c.certain])
        return None if current is None else self._value(current)

    def _possible_values(self) -> frozenset[Any]:
        return _possible(self.changes, self._value)


def _latest(facts: Iterable[F]) -> tuple[F, ...]:
    ordered = sorted(facts, key=lambda f: f.order)
    if not ordered:
        return ()
    top = ordered[-1].order[:2]
    return tuple(f for f in ordered if f.order[:2] == top)
