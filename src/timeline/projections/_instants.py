"""Turning what users pass as valid times into epoch seconds, and span bookkeeping."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any, TypeAlias

from sortedcontainers import SortedKeyList

from timeline.errors import ProjectionError, TimelineError
from timeline.store import Recorded
from timeline.time import When

__all__ = [
    "Key",
    "SpanIndex",
    "ValidTime",
    "earliest",
    "is_qualified",
    "key_of",
    "keys_of",
    "latest",
    "pad_of",
    "presorted",
    "probe",
    "snapshot_instant",
    "to_instant",
    "widened",
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


def widened(recorded: Recorded) -> tuple[float | int, float | int]:
    """The earliest start and latest end of a record's event, ``~`` and ``?`` honoured.

    Unqualified values keep their bounds; a qualified one is widened by one unit
    of its coarsest qualified component on each side (``When.box()``: a day for
    "2020-02-06~", a year for "2020~"), as the relations do.
    """
    when = recorded.event.when
    if not is_qualified(when):
        return when.bounds
    box = when.box()
    return box[0], box[3]


_PLAIN = (0, 0, 0)


def is_qualified(when: When) -> bool:
    """Whether ``when`` carries ``~`` or ``?`` anywhere (cheap for a single value)."""
    if not when.is_interval:
        return when.value.qualifiers != _PLAIN
    return when.approximate or when.uncertain


def pad_of(recorded: Recorded) -> float | int:
    """How far :func:`widened` reaches beyond the bounds (0 for an unqualified value)."""
    when = recorded.event.when
    (lo, hi), box = when.bounds, when.box()  # the box is cached on the When
    if box[0] == lo and box[3] == hi:
        return 0
    pads = [d for d in (lo - box[0], box[3] - hi) if d == d and d not in (INF, -INF)]
    return max(pads, default=0)


def key_of(recorded: Recorded) -> Key:
    """The valid-time order key of a record (the order of ``valid_key``, flattened)."""
    lo, neg_hi = recorded.event.when.sort_key
    return (lo, neg_hi, recorded.position)


def keys_of(records: Iterable[Recorded]) -> list[Key]:
    """:func:`key_of` of every record (one pass, no call per record)."""
    return [(k[0], k[1], r.position) for r in records for k in (r.event.when.sort_key,)]


def presorted(records: list[Recorded], keys: list[Key]) -> SortedKeyList[Recorded, Key]:
    """A ``SortedKeyList`` (by :func:`key_of`) of ``records``, in order, with their ``keys``.

    ``SortedKeyList(records, key=key_of)`` would sort again and compute every
    key again; this fills its sublists directly (the layout of sortedcontainers
    2.x: ``_lists``, ``_keys``, ``_maxes``, pinned in the test suite), so the
    index and the span index can share one tuple per record.
    """
    result: SortedKeyList[Recorded, Key] = SortedKeyList(key=key_of)
    raw: Any = result  # its private layout is not in the stubs
    load = raw._load
    raw._lists = [records[i : i + load] for i in range(0, len(records), load)]
    raw._keys = [keys[i : i + load] for i in range(0, len(keys), load)]
    raw._maxes = [sub[-1] for sub in raw._keys]
    raw._len = len(records)
    return result


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

    def __init__(self, records: Iterable[Recorded] = (), keys: list[Key] | None = None) -> None:
        """An index of ``records``; given their ``keys``, they must be in key order."""
        if keys is None:
            ordered = sorted(records, key=key_of)
            keys = keys_of(ordered)
        else:
            ordered = records if isinstance(records, list) else list(records)
        grouped: dict[int, tuple[list[Recorded], list[Key]]] = {}
        for recorded, key in zip(ordered, keys, strict=True):
            lo, hi = recorded.event.when.bounds
            c = -1 if hi == INF or lo == -INF else int(hi - lo).bit_length()
            group = grouped.get(c)
            if group is None:
                group = grouped[c] = ([], [])
            group[0].append(recorded)
            group[1].append(key)
        self._classes: dict[int, SortedKeyList[Recorded, Key]] = {
            c: presorted(items, item_keys) for c, (items, item_keys) in grouped.items()
        }

    @staticmethod
    def _class(recorded: Recorded) -> int:
        lo, hi = recorded.event.when.bounds
        if hi == INF or lo == -INF:
            return -1
        return int(hi - lo).bit_length()

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

    def around(self, instant: float | int, pad: float | int) -> Iterator[Recorded]:
        """Records with ``earliest < instant + pad`` and ``latest > instant - pad``."""
        top = probe(instant + pad)
        for c, bucket in self._classes.items():
            if c < 0:
                found = bucket.irange_key(max_key=top, inclusive=(True, False))
            else:
                low = probe(instant - pad - (1 << c))
                found = bucket.irange_key(min_key=low, max_key=top, inclusive=(True, False))
            for recorded in found:
                if latest(recorded) > instant - pad:
                    yield recorded

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
