"""The two clocks and where records come from: the checks every projection module shares.

A lower module of the package: the runners, the resolver, the chronology and
the snapshots all take a ``known_at``, an ``order`` or a source of records,
and check them here the same way.

What was known at ``known_at``:

* a store position ``n`` (the audit form): the records at positions ``<= n``,
  what the store held then, always a prefix of the log;
* an aware datetime ``R``: the records whose
  :attr:`~timeline.store.Recorded.known_time` is ``<= R`` (the reported time
  if the record has one, else the recorded time). Recorded times never go
  backwards along the log, so without reported times this is a prefix too
  (found by bisection); reports imported out of order make it a filter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from itertools import pairwise
from typing import Literal, TypeAlias

from timeline.errors import ProjectionError
from timeline.events import Event
from timeline.store import EventStore, Recorded

__all__ = [
    "KnownAt",
    "Order",
    "Records",
    "check_kinds",
    "check_known_at",
    "check_order",
    "known_position",
    "known_prefix",
    "known_records",
    "position",
    "records_of",
    "valid_key",
]

Order: TypeAlias = Literal["valid", "append"]
"""The order a projection is run in: ``"valid"`` (valid time) or ``"append"`` (store position)."""

KnownAt: TypeAlias = datetime | int | None
"""A recorded time: an aware datetime, a store position, or ``None`` for everything recorded."""

Records: TypeAlias = EventStore | Iterable[Recorded]
"""What a projection reads: an :class:`~timeline.store.EventStore`, or records in any order."""


def valid_key(recorded: Recorded) -> tuple[tuple[float | int, float | int], int]:
    """The valid-time order of records: ``(event.when.sort_key, position)``.

    Earliest first, the wider span first among equal starts, then store order.
    """
    return (recorded.event.when.sort_key, recorded.position)


def position(recorded: Recorded) -> int:
    """The append order of records: the store position."""
    return recorded.position


def known_position(records: Sequence[Recorded], known_at: KnownAt) -> int:
    """The number of leading records (in position order) known at ``known_at``.

    ``records`` is a store's log in position order. Without reported times
    (or for a position ``known_at``) what was known is exactly this prefix;
    with reports imported out of order, later records may be known too (see
    :attr:`~timeline.store.Recorded.known_time`).
    """
    known_at = check_known_at(known_at)
    count = known_prefix(records, known_at)
    if count is not None:
        return count
    assert isinstance(known_at, datetime)  # a position or None is always a prefix
    count = 0
    while count < len(records) and records[count].known_time <= known_at:
        count += 1
    return count


def known_prefix(
    records: Sequence[Recorded], known_at: KnownAt, *, reported: bool | None = None
) -> int | None:
    """How many leading records were known at ``known_at``, if they are all that was known.

    ``None`` when what was known is not a prefix of ``records`` (a record
    reported earlier was recorded after one reported later): use
    :func:`known_records` then. ``reported`` says whether any record has a
    reported time (``None``: look); without any, this is a bisection.
    """
    known_at = check_known_at(known_at)
    if known_at is None:
        return len(records)
    if isinstance(known_at, int):
        limit = known_at
        return _bisect(records, lambda r: r.position <= limit)
    moment = known_at
    if reported is None:
        reported = any(r.reported_at is not None for r in records)
    if not reported:  # recorded times never go backwards: a prefix
        return _bisect(records, lambda r: r.recorded_at <= moment)
    count, total = 0, len(records)
    while count < total and records[count].known_time <= moment:
        count += 1
    if any(r.known_time <= moment for r in records[count:]):
        return None
    return count


def known_records(
    records: Sequence[Recorded], known_at: KnownAt, *, reported: bool | None = None
) -> Sequence[Recorded]:
    """The records (in position order) known at ``known_at``; see :func:`known_prefix`."""
    count = known_prefix(records, known_at, reported=reported)
    if count is not None:
        return records[:count]
    assert isinstance(known_at, datetime)  # a position or None is always a prefix
    moment = known_at
    return [r for r in records if r.known_time <= moment]


def _bisect(records: Sequence[Recorded], known: Callable[[Recorded], bool]) -> int:
    """The number of leading records for which ``known`` holds (it holds on a prefix)."""
    lo, hi = 0, len(records)
    while lo < hi:
        mid = (lo + hi) // 2
        if known(records[mid]):
            lo = mid + 1
        else:
            hi = mid
    return lo


def check_known_at(known_at: object) -> KnownAt:
    """``known_at`` if it is a recorded time (an aware datetime, a position >= 0, None)."""
    if known_at is None:
        return None
    if isinstance(known_at, bool):
        raise ProjectionError("known_at: expected an aware datetime or a store position, not bool")
    if isinstance(known_at, int):
        if known_at < 0:
            raise ProjectionError(f"known_at: a store position is >= 0, got {known_at}")
        return known_at
    if isinstance(known_at, datetime):
        if known_at.utcoffset() is None:
            raise ProjectionError(
                f"known_at: {known_at!r} is a naive datetime; give it a time zone "
                "(recorded times are UTC instants)"
            )
        return known_at
    raise ProjectionError(
        "known_at: expected an aware datetime (a recorded time) or an int (a store position), "
        f"got {type(known_at).__name__}"
    )


def check_order(order: object) -> Order:
    """``order`` if it is ``"valid"`` or ``"append"``."""
    if order not in ("valid", "append"):
        raise ProjectionError(f"order: expected 'valid' or 'append', got {order!r}")
    return order


def check_kinds(kinds: Iterable[str] | None) -> frozenset[str] | None:
    """Kind names as a frozenset (one name may be given alone; ``None`` stays None)."""
    if kinds is None:
        return None
    if isinstance(kinds, str):
        return frozenset({kinds})
    names = frozenset(kinds)
    for name in names:
        if not isinstance(name, str):
            raise ProjectionError(f"kinds: expected kind names (str), got {name!r}")
    return names


def records_of(source: Records) -> list[Recorded]:
    """The records of a store or an iterable, in position order."""
    if isinstance(source, EventStore):
        return list(source.read_all())
    if isinstance(source, (str, bytes, Event)) or not isinstance(source, Iterable):
        raise ProjectionError(
            f"expected an EventStore or an iterable of Recorded, got {type(source).__name__}"
        )
    records = list(source)
    for item in records:
        if not isinstance(item, Recorded):
            raise ProjectionError(
                f"expected Recorded items (as a store's read_all() gives), "
                f"got {type(item).__name__}"
            )
    if any(a.position >= b.position for a, b in pairwise(records)):
        records.sort(key=position)
    return records
