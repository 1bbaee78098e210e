"""Turning what users pass as valid times into epoch seconds, and span bookkeeping."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import TypeAlias

from sortedcontainers import SortedKeyList

from timeline.errors import ProjectionError, TimelineError
from timeline.store import Recorded
from timeline.time import When

__all__ = [
    "Key",
    "SpanIndex",
    "ValidTime",
    "earliest",
    "key_of",
    "latest",
    "probe",
    "snapshot_instant",
    "to_instant",
]

ValidTime: TypeAlias = When | datetime | date | str | int | float
"""A valid time as accepted by queries: a ``When``, EDTF text, an aware datetime,
a date, or epoch seconds."""

Key: TypeAlias = tuple[float | int, float | int, int]
"""A record's place in valid-time order, flat for speed: ``(earliest, -latest, position)``."""

#: Beyond every instant: the key of an open or unknown end (shared by the package's modules).
INF = math.inf


class _Error(TimelineError):
    pass


def to_instant(
    value: ValidTime, *, end: bool, what: str, error: type[TimelineError] = _Error
) -> float | int:
    """Epoch seconds for ``value``: for a period (When, date, EDTF) its end or start.

    Open bounds come back as ``±inf``.
    """
    if isinstance(value, bool):
        raise error(f"{what}: expected a valid time, not a bool")
    if isinstance(value, int | float):
        if math.isnan(value):
            raise error(f"{what}: NaN is not a time")
        return value
    if isinstance(value, datetime):
        if value.utcoffset() is None:
            raise error(
                f"{what}: {value!r} is a naive datetime; give it a time zone "
                "(for example datetime(2020, 1, 15, tzinfo=UTC))"
            )
        stamp = value.timestamp()
        return int(stamp) if stamp.is_integer() else stamp
    if isinstance(value, date):
        value = When.of(value.year, value.month, value.day)
    elif isinstance(value, str):
        value = When.parse(value)
    if not isinstance(value, When):
        raise error(
            f"{what}: expected a When, EDTF text, an aware datetime, a date or epoch seconds, "
            f"got {type(value).__name__}"
        )
    bound = value.latest_ts if end else value.earliest_ts
    if bound is None:
        return INF if end else -INF
    return bound


def snapshot_instant(value: ValidTime) -> float:
    """The instant a snapshot is taken at: the end of ``value`` (which must have one)."""
    if value is None:
        raise ProjectionError("at: give the valid time of the snapshot")
    moment = to_instant(value, end=True, what="at", error=ProjectionError)
    if moment in (INF, -INF):
        raise ProjectionError(
            f"at: {value!r} has no end, so no instant to take the snapshot at; "
            "give a bounded valid time"
        )
    return moment


def earliest(recorded: Recorded) -> float | int:
    """The earliest instant of a record's event (``-inf`` when open)."""
    return recorded.event.when.sort_key[0]


def latest(recorded: Recorded) -> float | int:
    """The exclusive latest instant of a record's event (``inf`` when open)."""
    return recorded.event.when.bounds[1]


def key_of(recorded: Recorded) -> Key:
    """The valid-time order key of a record (the order of ``valid_key``, flattened)."""
    lo, neg_hi = recorded.event.when.sort_key
    return (lo, neg_hi, recorded.position)


def probe(instant: float | int) -> Key:
    """A key that sorts before every record whose earliest instant is ``instant`` or later."""
    return (instant, -INF, 0)


class SpanIndex:
    """Finds the records whose span straddles an instant (earliest < t < latest).

    Records are kept in classes by the length of their span (powers of two
    of seconds, and one class for unbounded spans); a record of class ``c``
    that straddles ``t`` starts within ``2**c`` seconds before it, so a
    query is one range search per non-empty class (at most ~40) plus the
    answers: O(C log n + s), whatever the size of the stream.
    """

    __slots__ = ("_classes",)

    def __init__(self, records: Iterable[Recorded] = ()) -> None:
        """An index of ``records``."""
        grouped: dict[int, list[Recorded]] = {}
        for recorded in records:
            grouped.setdefault(self._class(recorded), []).append(recorded)
        self._classes: dict[int, SortedKeyList[Recorded, Key]] = {
            c: SortedKeyList(items, key=key_of) for c, items in grouped.items()
        }

    @staticmethod
    def _class(recorded: Recorded) -> int:
        lo, hi = recorded.event.when.bounds
        span = hi - lo
        if span == INF:
            return -1
        return int(span).bit_length()

    def add(self, recorded: Recorded) -> None:
        """Index ``recorded``."""
        c = self._class(recorded)
        bucket = self._classes.get(c)
        if bucket is None:
            bucket = self._classes[c] = SortedKeyList(key=key_of)
        bucket.add(recorded)

    def remove(self, recorded: Recorded) -> None:
        """Forget ``recorded`` (which must be indexed)."""
        self._classes[self._class(recorded)].remove(recorded)

    def straddling(self, instant: float | int) -> Iterator[Recorded]:
        """Records with ``earliest < instant < latest`` (in no set order)."""
        top = probe(instant)
        for c, bucket in self._classes.items():
            if c < 0:
                found = bucket.irange_key(max_key=top, inclusive=(True, False))
            else:
                low = probe(instant - (1 << c))
                found = bucket.irange_key(min_key=low, max_key=top, inclusive=(True, False))
            for recorded in found:
                if latest(recorded) > instant:
                    yield recorded
