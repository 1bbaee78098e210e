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

import attrs

from timeline.errors import ConstraintError
from timeline.events import Event
from timeline.time import When
from timeline.time.constraints import Box, Network, Statement, narrowed_when

__all__ = ["ConstraintWarning", "Narrowing"]


class ConstraintWarning(UserWarning):
    """Recorded constraints that cannot hold are ignored."""


class Narrowing:
    """The constraint network of the events a resolver has seen."""

    __slots__ = ("_constrained", "_network", "_stated")

    def __init__(self) -> None:
        self._network = Network()
        self._stated: dict[str, When] = {}
        self._constrained: dict[str, Event] = {}  # the events whose constraints are in it

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
            changed = self._network.add(items)
            self._constrained[event.id] = event
            return changed
        except ConstraintError as exc:
            warnings.warn(
                f"the constraints of event {event.id!r} are ignored: {exc}",
                ConstraintWarning,
                stacklevel=3,
            )
            return set()

    def add_many(self, events: list[Event], lookup: Callable[[str], Event | None]) -> set[str]:
        """Take many constrained events at once (one propagation); the ids whose bounds changed.

        The same result as :meth:`add` one by one, in order; if the whole set
        cannot hold, they are added one by one so that only those that break
        it are ignored (each with its warning).
        """
        items: dict[str, tuple[str, Box, list[Statement]]] = {}
        network = self._network
        for event in events:
            if event.id not in network:
                items[event.id] = (
                    event.id,
                    event.when.box(),
                    [c.statement() for c in event.constraints],
                )
        for event in events:
            for constraint in event.constraints:
                other = constraint.event
                if other in network or other in items:
                    continue
                found = lookup(other)
                if found is None:
                    return self._one_by_one(events, lookup)
                items[other] = (other, found.when.box(), [])
        stated = {event.id: event.when for event in events}
        for other in items:
            if other not in stated:
                found = lookup(other)
                if found is not None:
                    stated[other] = found.when
        try:
            changed = network.add(items.values())
        except ConstraintError:
            return self._one_by_one(events, lookup)
        self._stated.update(stated)
        self._constrained.update((event.id, event) for event in events)
        return changed

    def drop(self, event_id: str, lookup: Callable[[str], Event | None]) -> set[str]:
        """Leave out a retracted event and every constraint naming it; the ids to refresh.

        The network only grows, so it is built again from the constrained
        events that remain (a retraction is rare; this is O(network)). Every
        id that was in the network is returned: its bounds may widen back.
        """
        if event_id not in self._network:
            return set()
        before = set(self._stated)
        remaining = [
            attrs.evolve(event, constraints=[c for c in event.constraints if c.event != event_id])
            for other, event in self._constrained.items()
            if other != event_id
        ]
        self._network, self._stated, self._constrained = Network(), {}, {}
        kept = [event for event in remaining if event.constraints]

        def found(other: str) -> Event | None:
            return None if other == event_id else lookup(other)

        self.add_many(kept, found)
        return before | set(self._stated)

    def _one_by_one(self, events: list[Event], lookup: Callable[[str], Event | None]) -> set[str]:
        changed: set[str] = set()
        for event in events:
            changed |= self.add(event, lookup)
        return changed

    def narrowed(self, event: Event) -> Event:
        """``event`` with its ``when`` narrowed (itself when nothing narrows it)."""
        network = self._network
        if event.id not in network:
            return event
        box = network.box(event.id)
        if box == event.when.box():
            return event
        when = narrowed_when(event.when, box)
        if when is event.when:
            return event
        return _with_when(event, when)

    def stated(self, event_id: str) -> When | None:
        """The ``when`` an event in the network was stated with (``None`` if not in it)."""
        return self._stated.get(event_id) if event_id in self._network else None


_FIELDS: dict[type, tuple[str, ...]] = {}


def _with_when(event: Event, when: When) -> Event:
    """A copy of ``event`` with another ``when`` (every other field as it is, id included).

    Fields are copied as they are (they were converted and checked when the
    event was made), which ``attrs.evolve`` would redo through ``__init__``.
    """
    cls = type(event)
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in attrs.fields(cls))
    copy = object.__new__(cls)
    for name in names:
        object.__setattr__(copy, name, when if name == "when" else getattr(event, name))
    return copy
