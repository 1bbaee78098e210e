"""Bounds narrowed by the constraints between events, for the :class:`Resolver`.

Every projection sees events through the resolver; the resolver asks this
module for each constrained event, and each event a constraint names, the
``when`` its constraints narrow it to (:func:`timeline.time.constraints.narrowed_when`),
so relations, chronology order, windows, snapshots and documents all use the
same narrowed bounds. The stated ``when`` stays available (:meth:`Narrowing.stated`).

The store refuses constraints that cannot hold; records that never went through
a store's check (an imported file) may still carry such a set: those
constraints are then ignored with a :class:`ConstraintWarning`, and the events
keep their stated dates.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

from timeline.errors import ConstraintError
from timeline.events import Event
from timeline.time import When
from timeline.time.constraints import Box, Network, Statement, narrowed_when

__all__ = ["ConstraintWarning", "Narrowing"]


class ConstraintWarning(UserWarning):
    """Recorded constraints that cannot hold are ignored."""


class Narrowing:
    """The constraint network of the events a resolver has seen."""

    __slots__ = ("_network", "_stated")

    def __init__(self) -> None:
        self._network = Network()
        self._stated: dict[str, When] = {}

    def __contains__(self, event_id: object) -> bool:
        return event_id in self._network

    def add(self, event: Event, lookup: Callable[[str], Event | None]) -> set[str]:
        """Take a constrained event; the ids whose bounds changed (``lookup`` finds the others)."""
        items: list[tuple[str, Box, list[Statement]]] = []
        for constraint in event.constraints:
            other = constraint.event
            if other in self._network or other == event.id:
                continue
            found = lookup(other)
            if found is None:
                warnings.warn(
                    f"event {event.id!r} is placed {constraint.relation} {other!r}, which is not "
                    "recorded (before it); the constraint is ignored",
                    ConstraintWarning,
                    stacklevel=3,
                )
                return set()
            self._stated[other] = found.when
            items.append((other, found.when.box(), []))
        self._stated[event.id] = event.when
        items.append((event.id, event.when.box(), [c.statement() for c in event.constraints]))
        try:
            return self._network.add(items)
        except ConstraintError as exc:
            warnings.warn(
                f"the constraints of event {event.id!r} are ignored: {exc}",
                ConstraintWarning,
                stacklevel=3,
            )
            return set()

    def narrowed(self, event: Event) -> Event:
        """``event`` with its ``when`` narrowed (itself when nothing narrows it)."""
        if event.id not in self._network:
            return event
        when = narrowed_when(event.when, self._network.box(event.id))
        if when is event.when:
            return event
        return _with_when(event, when)

    def stated(self, event_id: str) -> When | None:
        """The ``when`` an event in the network was stated with (``None`` if not in it)."""
        return self._stated.get(event_id) if event_id in self._network else None


def _with_when(event: Event, when: When) -> Event:
    import attrs

    return attrs.evolve(event, when=when)
