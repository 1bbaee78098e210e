"""Order between events as a simple temporal network: bounds narrowed by what is known of order.

Each event is two time points, its start ``S`` and its end ``E`` (epoch
seconds, ``E`` exclusive, as in :meth:`When.box`), each between a lower and an
upper bound: the event's stated box. A constraint between two events is a
difference constraint between their points (``v >= u + gap``):

* ``A after B`` (gap ``g``, default 0): ``S_A >= E_B + g``: A begins once B
  has ended, at least ``g`` seconds later;
* ``A before B`` (gap ``g``): ``S_B >= E_A + g``;
* ``A during B``: ``S_A >= S_B`` and ``E_B >= E_A``;
* and inside every event ``E >= S + 1`` (an event takes at least a second).

:class:`Network` keeps the tightest bounds these allow (the minimal domains
of the network): a lower bound travels forward along the constraints, an
upper bound backward, from the touched points only, until nothing changes
(queue-based Bellman–Ford, one pass each way). The result is the fixed point
whatever order the constraints came in. A set that cannot hold is refused
and the network is left as it was: a cycle whose gaps add up to more than
zero (``A after B after A``) is found as a cycle in the chain of reasons of
a lower bound, and bounds that cannot both hold as a point whose lower bound
passes its upper bound; the error names the cycle or both chains.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Final, Literal, TypeAlias
from zoneinfo import ZoneInfo

from timeline.errors import ConstraintError, WhenError
from timeline.time.when import End, When

__all__ = [
    "RELATIONS",
    "Box",
    "Network",
    "Relation",
    "Statement",
    "narrowed_when",
    "parse_offset",
]

Relation: TypeAlias = Literal["after", "before", "during"]
"""How an event is placed relative to another."""

#: The relations a constraint may state.
RELATIONS: Final[tuple[Relation, ...]] = ("after", "before", "during")

Box: TypeAlias = tuple[float | int, float | int, float | int, float | int]
"""``(start_lo, start_hi, end_lo, end_hi)`` in epoch seconds, as :meth:`When.box`."""

Statement: TypeAlias = tuple[str, str, int]
"""One constraint of an event as the network takes it: ``(relation, other id, gap seconds)``."""

INF: Final = math.inf

_Change: TypeAlias = tuple[int, float | int, float | int, int, int]
_Mark: TypeAlias = tuple[int, list[tuple[int, int, int]], list[_Change]]

_UNITS: Final[dict[str, int]] = {
    "second": 1,
    "minute": 60,
    "hour": 3600,
    "day": 86400,
    "week": 7 * 86400,
}
_OFFSET = re.compile(r"\s*([0-9]+)\s*([a-z]+?)s?\s*")


def parse_offset(text: str) -> int:
    """Seconds in an offset such as ``"2 days"``, ``"0 days"``, ``"1 week"``, ``"90 minutes"``.

    Units are seconds, minutes, hours, days (86,400 seconds) and weeks;
    a number without a unit is refused (:class:`WhenError`).

    Examples:
        >>> parse_offset("2 days")
        172800
        >>> parse_offset("0 days")
        0
    """
    if not isinstance(text, str):
        raise WhenError(f"an offset is text such as '2 days', not {type(text).__name__}")
    match = _OFFSET.fullmatch(text.lower())
    if match is None or match.group(2) not in _UNITS:
        bare = text.strip().isdigit()
        raise WhenError(
            f"offset {text!r} "
            + ("has no unit" if bare else "is not understood")
            + ": expected a whole number and a unit (seconds, minutes, hours, days or weeks), "
            "such as '2 days'",
            where=text,
        )
    return int(match.group(1)) * _UNITS[match.group(2)]


class Network:
    """A simple temporal network over events' start and end points, narrowed on every add.

    ``add([(event_id, box, statements), ...])`` takes events with their stated
    boxes and constraints (``statements`` name events already in the network
    or in the same add); :meth:`box` gives an event's narrowed box. An add
    that cannot hold raises :class:`~timeline.errors.ConstraintError` and
    changes nothing.
    """

    __slots__ = (
        "_hi",
        "_ids",
        "_inn",
        "_last",
        "_lo",
        "_out",
        "_owner",
        "_pot",
        "_stated",
        "_why_hi",
        "_why_lo",
        "_why_pot",
        "_zones",
    )

    def __init__(self) -> None:
        """An empty network."""
        self._ids: dict[str, int] = {}  # event id -> its start point (its end is the next)
        self._owner: list[str] = []  # the event of each point
        self._lo: list[float | int] = []
        self._hi: list[float | int] = []
        # Constraint edges only: u -> [(v, gap)] for v >= u + gap, and the reverse. The edge
        # inside each event (end >= start + 1; starts are even points, ends odd) is implied.
        self._out: dict[int, list[tuple[int, int]]] = {}
        self._inn: dict[int, list[tuple[int, int]]] = {}
        self._why_lo: list[int] = []  # the point whose bound set this lower bound (-1: stated)
        self._why_hi: list[int] = []
        self._stated: list[Box] = []
        self._pot: list[int] = []  # the longest chain of gaps ending at each point
        self._why_pot: list[int] = []
        self._last: _Mark | None = None
        self._zones: dict[str, str] = {}

    def __contains__(self, event_id: object) -> bool:
        """Whether the event is in the network."""
        return event_id in self._ids

    def __len__(self) -> int:
        """How many events the network holds."""
        return len(self._stated)

    def box(self, event_id: str) -> Box:
        """The narrowed ``(start_lo, start_hi, end_lo, end_hi)`` of an event in the network."""
        s = self._ids[event_id]
        return (self._lo[s], self._hi[s], self._lo[s + 1], self._hi[s + 1])

    def stated(self, event_id: str) -> Box:
        """The box the event was added with."""
        return self._stated[self._ids[event_id] // 2]

    def add(
        self,
        events: Iterable[tuple[str, Box, Sequence[Statement]]],
        *,
        zones: Mapping[str, str] | None = None,
    ) -> set[str]:
        """Add events and their statements and propagate; events already held are skipped.

        Returns the ids whose bounds changed (the new events among them).
        A statement naming an id that is neither in the network nor in the
        add, or a relation not in :data:`RELATIONS`, raises ``ConstraintError``.
        :meth:`undo_last` takes a successful add back. ``zones`` (event id to
        IANA zone) says on which clock an error shows an event's instants (UTC
        by default).
        """
        if zones:
            self._zones.update(zones)
        ids = self._ids
        batch = [e for e in {e[0]: e for e in events}.values() if e[0] not in ids]
        return self._guarded(batch, [(e[0], s) for e in batch for s in e[2]])

    def constrain(self, statements: Iterable[tuple[str, Statement]]) -> set[str]:
        """Add statements ``(event id, (relation, other id, gap))`` between events held.

        As :meth:`add` for events already in the network: the ids whose
        bounds changed, ``ConstraintError`` (and nothing changed) if they cannot hold.
        """
        return self._guarded([], list(statements))

    def undo_last(self) -> None:
        """Take back the last successful :meth:`add` or :meth:`constrain` (once)."""
        if self._last is not None:
            self._undo(self._last)
            self._last = None

    def _guarded(
        self,
        events: list[tuple[str, Box, Sequence[Statement]]],
        statements: list[tuple[str, Statement]],
    ) -> set[str]:
        mark: _Mark = (len(self._owner), [], [])  # points before; edges added; bound changes
        self._last = None
        try:
            changed = self._add(events, statements, mark)
        except ConstraintError:
            self._undo(mark)
            raise
        self._last = mark
        return changed

    def _add(
        self,
        events: list[tuple[str, Box, Sequence[Statement]]],
        statements: list[tuple[str, Statement]],
        mark: _Mark,
    ) -> set[str]:
        first, edges, changes = mark
        touched: list[int] = []
        for event_id, box, _ in events:
            s = len(self._owner)
            self._ids[event_id] = s
            self._stated.append(box)
            for lo, hi in ((box[0], box[1]), (box[2], box[3])):
                self._owner.append(event_id)
                self._lo.append(lo)
                self._hi.append(hi)
                self._why_lo.append(-1)
                self._why_hi.append(-1)
                self._pot.append(0)
                self._why_pot.append(-1)
            touched += (s, s + 1)
        for event_id, (relation, other, gap) in statements:
            a = self._ids.get(event_id)
            b = self._ids.get(other)
            if a is None or b is None:
                raise ConstraintError(
                    f"event {event_id!r} is placed {relation} "
                    f"{other!r}, but {event_id if a is None else other!r} is not an event "
                    "known here",
                    field="constraints",
                    where=event_id,
                )
            if relation == "after":
                self._edge(b + 1, a, gap, edges)
            elif relation == "before":
                self._edge(a + 1, b, gap, edges)
            elif relation == "during":
                self._edge(b, a, 0, edges)
                self._edge(a + 1, b + 1, 0, edges)
            else:
                raise ConstraintError(
                    f"event {event_id!r}: relation {relation!r} is not one of {list(RELATIONS)}",
                    field="constraints",
                    where=event_id,
                )
            touched += (a, a + 1, b, b + 1)
        self._find_cycles(touched, changes)
        for point in touched:
            if self._lo[point] > self._hi[point]:
                self._conflict(point)
        changed = self._propagate(touched, changes)
        ids = {self._owner[p] for p in changed}
        ids.update(event_id for event_id, _, _ in events if self._ids[event_id] >= first)
        return ids

    def _event_of(self, point: int) -> str:
        return self._owner[point]

    def _name(self, point: int) -> str:
        which = "start" if point == self._ids[self._owner[point]] else "end"
        return f"{which} of {self._owner[point]!r}"

    def _edge(self, u: int, v: int, gap: int, edges: list[tuple[int, int, int]]) -> None:
        self._out.setdefault(u, []).append((v, gap))
        self._inn.setdefault(v, []).append((u, gap))
        edges.append((u, v, gap))

    def _propagate(self, touched: list[int], changes: list[_Change]) -> set[int]:
        """Lower bounds forward, then upper bounds backward, from ``touched``; the points changed.

        Forward first: a new event's constraints usually name older events, so
        bounds that cannot hold are met (and named) at the new event.
        """
        changed: set[int] = set()
        self._pass(touched, changes, changed, forward=True)
        self._pass(touched, changes, changed, forward=False)
        return changed

    def _pass(
        self, touched: list[int], changes: list[_Change], changed: set[int], *, forward: bool
    ) -> None:
        lo, hi, why_lo, why_hi = self._lo, self._hi, self._why_lo, self._why_hi
        edges = self._out if forward else self._inn
        bound, why = (lo, why_lo) if forward else (hi, why_hi)
        queue = deque(dict.fromkeys(touched))
        queued = set(queue)
        while queue:
            u = queue.popleft()
            queued.discard(u)
            from_u = bound[u]
            steps = edges.get(u, ())
            if (u & 1) != forward:  # a start forward, an end backward: the event's own edge
                steps = [(u + 1 if forward else u - 1, 1), *steps]
            for v, gap in steps:
                new = from_u + gap if forward else from_u - gap
                if (new > bound[v]) if forward else (new < bound[v]):
                    changes.append((v, lo[v], hi[v], why_lo[v], why_hi[v]))
                    bound[v] = new
                    why[v] = u
                    if lo[v] > hi[v]:
                        self._conflict(v)
                    changed.add(v)
                    if v not in queued:
                        queued.add(v)
                        queue.append(v)

    def _find_cycles(self, touched: list[int], changes: list[_Change]) -> None:
        """Raise for a cycle of constraints whose gaps add up to more than zero.

        Bounds alone do not reveal it when they are open (``-inf + gap`` is
        ``-inf``), so each point also keeps its *potential*: the longest chain
        of gaps that ends at it. It stays finite exactly when no such cycle
        exists, and a cycle in the chain of its reasons is that cycle.
        """
        pot, why, out = self._pot, self._why_pot, self._out
        queue = deque(dict.fromkeys(touched))
        queued = set(queue)
        while queue:
            u = queue.popleft()
            queued.discard(u)
            pot_u = pot[u]
            steps = out.get(u, ())
            if not u & 1:
                steps = [(u + 1, 1), *steps]
            for v, gap in steps:
                if pot_u + gap > pot[v]:
                    changes.append((-1 - v, pot[v], 0, why[v], 0))
                    pot[v] = pot_u + gap
                    why[v] = u
                    self._check_cycle(v, u, why)
                    if v not in queued:
                        queued.add(v)
                        queue.append(v)

    def _check_cycle(self, v: int, u: int, why: list[int]) -> None:
        """Raise if ``v``'s new bound came, through a chain of reasons, from ``v`` itself."""
        seen = 0
        limit = len(why)
        point = u
        while point != -1 and seen <= limit:
            if point == v:
                chain = [v]
                point = u
                while point != v:
                    chain.append(point)
                    point = why[point]
                chain.append(v)
                chain.reverse()
                raise ConstraintError(
                    "the constraints form a cycle that cannot hold (each step must come "
                    "later than the one before): " + self._describe(chain),
                    field="constraints",
                    where=self._event_of(v),
                )
            point = why[point]
            seen += 1

    def _describe(self, chain: list[int]) -> str:
        events = [self._event_of(p) for p in chain]
        steps = [e for i, e in enumerate(events) if i == 0 or e != events[i - 1]]
        return " -> ".join(repr(s) for s in steps)

    def _conflict(self, point: int) -> None:
        """Raise for the point whose bounds crossed, naming where each bound comes from."""
        zone = self._zones.get(self._owner[point], "UTC")
        below = self._chain(point, self._why_lo)
        above = self._chain(point, self._why_hi)
        raise ConstraintError(
            f"the bounds of the {self._name(point)} cannot both hold: it must be at or after "
            f"{_stamp(self._lo[point], zone)} (from {self._describe(below[::-1])}) and at or "
            f"before {_stamp(self._hi[point], zone)} (from {self._describe(above[::-1])})",
            field="constraints",
            where=self._event_of(point),
        )

    def _chain(self, point: int, why: list[int]) -> list[int]:
        chain = [point]
        while why[chain[-1]] != -1 and len(chain) <= len(why):
            chain.append(why[chain[-1]])
        return chain

    def _undo(self, mark: _Mark) -> None:
        first, edges, changes = mark
        for point, old_lo, old_hi, old_why_lo, old_why_hi in reversed(changes):
            if point < 0:  # a potential
                self._pot[-1 - point] = int(old_lo)
                self._why_pot[-1 - point] = old_why_lo
                continue
            self._lo[point] = old_lo
            self._hi[point] = old_hi
            self._why_lo[point] = old_why_lo
            self._why_hi[point] = old_why_hi
        for u, v, gap in reversed(edges):
            for table, key, item in ((self._out, u, (v, gap)), (self._inn, v, (u, gap))):
                found = table[key]
                found.remove(item)
                if not found:
                    del table[key]
        for event_id in [e for e, s in self._ids.items() if s >= first]:
            del self._ids[event_id]
        del self._owner[first:], self._lo[first:], self._hi[first:]
        del self._why_lo[first:], self._why_hi[first:]
        del self._pot[first:], self._why_pot[first:]
        del self._stated[first // 2 :]


def narrowed_when(when: When, box: Box) -> When:
    """``when`` narrowed to a network's ``box`` for it, as a value a document can show.

    A single value or an uncertain point becomes an uncertain point whose
    ends are the days that hold the narrowed bounds (a side stated finer than
    a day is kept as stated); ``when`` itself when that changes nothing. A lasting
    span is returned as stated (its narrowed bounds are in the box). The
    result never reaches beyond ``when``.

    Examples:
        >>> collapse = When.from_edtf("[2020-01..2020-02-03]")
        >>> took_effect = When.from_edtf("2020-01-24").box()
        >>> narrowed_when(collapse, (took_effect[2], *collapse.box()[1:])).to_edtf()
        '[2020-01-24..2020-02-03]'
    """
    if when.is_interval and not when.is_point:
        return when
    lo, hi = when.bounds
    new_lo = max(lo, box[0])
    new_hi = min(hi, box[3])
    if new_lo >= new_hi:
        return when
    start: When | End | None = None  # None: the stated end, made only if needed
    end: When | End | None = None
    first: float | int = lo
    last: float | int = hi
    if new_lo != -INF:
        day = _day(new_lo, when.tz)
        if day.bounds[0] >= lo:  # a whole day inside the stated span holds the bound
            start, first = day, day.bounds[0]
    if new_hi != INF:
        day = _day(new_hi - 1, when.tz)
        if day.bounds[1] <= hi:
            end, last = day, day.bounds[1]
    if (first, last) == (lo, hi):
        return when
    if start is None:
        start = when.start
    if end is None:
        end = when.end
    if isinstance(start, When) and isinstance(end, When) and start.bounds == end.bounds:
        return start
    return When.between(start, end)


def _day(seconds: float | int, tz: str) -> When:
    """The calendar day (in ``tz``) that holds the instant ``seconds``."""
    moment = _dt.datetime.fromtimestamp(int(seconds), tz=_zone(tz))
    return _day_of(moment.year, moment.month, moment.day, tz)


@lru_cache(maxsize=64)
def _zone(tz: str) -> ZoneInfo:
    return ZoneInfo(tz)


@lru_cache(maxsize=4096)
def _day_of(year: int, month: int, day: int, tz: str) -> When:
    return When.of(year, month, day, tz=tz)


def _stamp(value: float | int, zone: str) -> str:
    """An instant on the wall clock of ``zone``: ``2020-01-24 00:00:01 (Asia/Damascus)``."""
    if value == INF:
        return "the end of time"
    if value == -INF:
        return "the beginning of time"
    moment = _dt.datetime.fromtimestamp(int(value), tz=_zone(zone))
    return moment.strftime("%Y-%m-%d %H:%M:%S") + (" UTC" if zone == "UTC" else f" ({zone})")
