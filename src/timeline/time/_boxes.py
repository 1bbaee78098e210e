"""The boxes behind ``When``'s three-valued relations: where an event may start and end.

A box is ``(start_lo, start_hi, end_lo, end_hi)`` in inclusive integer seconds,
with ``±inf`` for open or unknown ends. Qualified values (``~``, ``?``) are
widened by one unit of their coarsest qualified component on each side, so
relations never claim a certainty the source did not give. Shared by
:class:`~timeline.time.when.When` only; kept apart so that module reads in one sitting.
"""

from __future__ import annotations

import math
from typing import Final

from timeline.time.precision import Tri
from timeline.time.value import CalendarValue, End, Endpoint

__all__ = ["Box", "before", "box_of", "during"]

INF: Final = math.inf
Box = tuple[float | int, float | int, float | int, float | int]


def box_of(
    start: Endpoint, end: Endpoint | None, point: bool, lo_bound: float, hi_bound: float, tz: str
) -> Box:
    """The box of a value (``end`` is ``None``), a lasting span, or an uncertain ``point``."""
    if end is None:
        assert isinstance(start, CalendarValue)
        lo, hi = start.span(tz)
        pad = start.pad(tz)
        return (lo - pad, hi + pad - 1, lo - pad + 1, hi + pad)
    if point:
        # Somewhere between the ends, like a single value over the whole of them.
        first: float | int = -INF
        last: float | int = INF
        if isinstance(start, CalendarValue):
            first = lo_bound - start.pad(tz)
        if isinstance(end, CalendarValue):
            last = hi_bound + end.pad(tz)
        return (first, last - 1, first + 1, last)
    s_lo: float | int
    s_hi: float | int
    e_lo: float | int
    e_hi: float | int
    if isinstance(start, CalendarValue):
        lo, hi = start.span(tz)
        pad = start.pad(tz)
        s_lo, s_hi = lo - pad, hi + pad - 1
    elif start is End.OPEN:
        s_lo = s_hi = -INF
    else:
        s_lo, s_hi = -INF, INF  # narrowed below by the end
    if isinstance(end, CalendarValue):
        lo, hi = end.span(tz)
        pad = end.pad(tz)
        e_lo, e_hi = lo - pad + 1, hi + pad
    elif end is End.OPEN:
        e_lo = e_hi = INF
    else:
        e_lo, e_hi = -INF, INF
    # An event starts before it ends.
    e_lo = max(e_lo, s_lo + 1)
    s_hi = min(s_hi, e_hi - 1)
    return (s_lo, s_hi, e_lo, e_hi)


def before(box: Box, other: Box) -> Tri:
    """Does the event of ``box`` certainly end before the event of ``other`` begins?"""
    _, _, e_lo, e_hi = box
    o_s_lo, o_s_hi, _, _ = other
    if o_s_hi == -INF or e_lo == INF:
        # Nothing ends before an open start (the beginning of time), and an open
        # end never ends: compared as numbers, two infinities would only say MAYBE.
        return Tri.NO
    if e_hi <= o_s_lo:
        return Tri.YES
    if e_lo > o_s_hi:
        return Tri.NO
    return Tri.MAYBE


def during(box: Box, other: Box) -> Tri:
    """Does the event of ``box`` lie wholly within that of ``other`` (shared ends allowed)?"""
    s_lo, s_hi, e_lo, e_hi = box
    o_s_lo, o_s_hi, o_e_lo, o_e_hi = other
    starts_inside = Tri.YES if o_s_hi <= s_lo else Tri.NO if o_s_lo > s_hi else Tri.MAYBE
    ends_inside = Tri.YES if e_hi <= o_e_lo else Tri.NO if e_lo > o_e_hi else Tri.MAYBE
    return starts_inside & ends_inside
