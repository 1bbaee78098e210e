"""The check an append makes of the constraints between events (shared by every backend).

An append whose events state constraints (:attr:`Event.constraints`) is
refused if the constraints, with those recorded before, cannot hold: a cycle
of ``after`` whose offsets add up to more than nothing, or bounds that cannot
both hold. The network (:class:`timeline.time.constraints.Network`) holds the
constrained events and the events they name, with the bounds they state; it
is built on the first constrained append and then caught up from the last
position seen, so appends of other writers count too. It reads back only the
constrained events (``EventStore._read_constrained``: SQLite and PostgreSQL
filter the stored text, so other events are never decoded; the first
constrained append of a store object still scans that text once). An append
without constraints costs one attribute read per event.

Events are checked with the dates they were recorded with: a correction that
moves an event later is not checked against its constraints here (the
projections narrow with the corrected dates).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from timeline.errors import ConstraintError
from timeline.events import Event
from timeline.store.records import Recorded
from timeline.time.constraints import Box, Network, Statement

__all__ = ["ConstraintCheck"]

_Get = Callable[[str], Recorded | None]
_ReadAll = Callable[[int], Iterator[Recorded]]


def _item(event: Event) -> tuple[str, Box, list[Statement]]:
    return (event.id, event.when.box(), [c.statement() for c in event.constraints])


class ConstraintCheck:
    """A store's constraint network, caught up on demand, and the check of an append."""

    __slots__ = ("_network", "_seen")

    def __init__(self) -> None:
        self._network = Network()
        self._seen = 0

    @contextmanager
    def checking(
        self,
        stream: str,
        events: list[Event],
        get: _Get,
        read_all: _ReadAll,
        head: Callable[[], int],
    ) -> Iterator[None]:
        """Check ``events`` on entry; take them back out of the network if the block raises."""
        if not any(event.constraints for event in events):
            yield
            return
        self._catch_up(get, read_all, head)
        batch = {event.id: event for event in events}
        try:
            items = self._items(events, batch, get)
            self._network.add(items, zones=self._zones(items, batch, get))
        except ConstraintError as exc:
            raise ConstraintError(
                f"{exc.message}; nothing was appended to {stream!r}",
                field=exc.field,
                where=exc.where,
            ) from None
        try:
            yield
        except BaseException:
            self._network.undo_last()
            raise

    def _items(
        self, events: Iterable[Event], batch: dict[str, Event], get: _Get
    ) -> list[tuple[str, Box, list[Statement]]]:
        """The constrained events with the events they name, those before these."""
        network = self._network
        items: dict[str, tuple[str, Box, list[Statement]]] = {}
        for event in events:
            if not event.constraints:
                continue
            for constraint in event.constraints:
                other = constraint.event
                if other in network or other in items:
                    continue
                found = batch.get(other)
                if found is None:
                    recorded = get(other)
                    found = recorded.event if recorded is not None else None
                if found is not None:  # else the reference check refuses it first
                    items[other] = (other, found.when.box(), [])
            items[event.id] = _item(event)
        return list(items.values())

    @staticmethod
    def _zones(
        items: list[tuple[str, Box, list[Statement]]], batch: dict[str, Event], get: _Get
    ) -> dict[str, str]:
        """The zone of each event of ``items`` (its errors show that wall clock)."""
        zones = {}
        for event_id, _, _ in items:
            event = batch.get(event_id)
            if event is None:
                recorded = get(event_id)
                event = recorded.event if recorded is not None else None
            if event is not None and event.when.tz != "UTC":
                zones[event_id] = event.when.tz
        return zones

    def appended(self, positions: tuple[int, ...]) -> None:
        """Note this store's own append: its constrained events are in the network already.

        When the append follows the last position seen, the next catch-up starts
        after it instead of reading it back.
        """
        if positions and positions[0] == self._seen + 1:
            self._seen = positions[-1]

    def _catch_up(self, get: _Get, read_all: _ReadAll, head: Callable[[], int]) -> None:
        last = head()
        constrained = [r.event for r in read_all(self._seen) if r.event.constraints]
        if constrained:
            by_id = {e.id: e for e in constrained}
            items = self._items(constrained, by_id, get)
            self._network.add(items, zones=self._zones(items, by_id, get))
        self._seen = max(self._seen, last)
