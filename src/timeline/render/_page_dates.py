"""What the HTML page shows of dates: their forms, words and flags, once per distinct value.

Private to :mod:`timeline.render.html`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Final

import attrs

from timeline.render._common import end_value, start_value
from timeline.render._page_parts import esc
from timeline.render.document import Entry
from timeline.time import Precision, When
from timeline.time.display import display_value

#: Flag bits in the JSON (read by page.js).
_SPAN, _QUALIFIED, _OPEN_START, _OPEN_END, _UNKNOWN_START, _UNKNOWN_END = 1, 2, 4, 8, 16, 32
_PRECISION_WORDS: Final = {
    Precision.CENTURY: "to the century",
    Precision.DECADE: "to the decade",
    Precision.YEAR: "to the year",
    Precision.HALF: "to a half year",
    Precision.THIRD: "to a third of a year",
    Precision.QUARTER: "to the quarter",
    Precision.SEASON: "to the season",
    Precision.MONTH: "to the month",
    Precision.WEEK: "to the week",
    Precision.DAY: "to the day",
    Precision.HOUR: "to the hour",
    Precision.MINUTE: "to the minute",
    Precision.SECOND: "to the second",
}


def _num(value: float | int) -> int | None:
    """A bound as an int, or ``None`` for an infinite one (JSON has no infinity)."""
    if value in (math.inf, -math.inf):
        return None
    return int(value)


def flags_of(when: When) -> int:
    """The flag bits page.js reads for ``when`` (span, qualified, open or unknown ends)."""
    flags = 0
    if when.is_interval or when.precision < Precision.DAY:
        flags |= _SPAN
    if when.approximate or when.uncertain:
        flags |= _QUALIFIED | _SPAN
    if when.earliest_ts is None:
        flags |= _OPEN_START if when.open_start else _UNKNOWN_START
    if when.latest_ts is None:
        flags |= _OPEN_END if when.open_end else _UNKNOWN_END
    return flags


def _date_note(when: When) -> str:
    """What the date says about itself, in words: ``"to the month, approximate"``."""
    notes = ["interval" if when.is_interval else _PRECISION_WORDS[when.precision]]
    if when.approximate:
        notes.append("approximate")
    if when.uncertain:
        notes.append("uncertain")
    if when.open_start or when.open_end:
        notes.append("open-ended")
    elif when.earliest_ts is None or when.latest_ts is None:
        notes.append("one end unknown")
    return ", ".join(notes)


@attrs.frozen
class Dated:
    """What the page shows of one ``When``, computed once per distinct value."""

    display: str  # escaped
    edtf: str  # escaped
    note: str  # escaped
    row: tuple[int | None, int | None, int | None, int | None, int | None, int]


def dated_forms(when: When) -> Dated:
    """The shown forms of ``when``: its display, EDTF and note (escaped) and its data row."""
    start_lo, start_hi, _, end_hi = when.box()
    return Dated(
        display=esc(when.display()),
        edtf=esc(when.to_edtf()),
        note=esc(_date_note(when)),
        row=(
            when.earliest_ts,
            when.latest_ts,
            _num(start_lo),
            _num(start_hi),
            _num(end_hi),
            flags_of(when),
        ),
    )


def range_text(entries: Sequence[Entry]) -> str:
    """``", late 2012 – 3 February 2020"``: the first and last calendar values shown."""
    starts = [e.event.when for e in entries if e.event.when.earliest_ts is not None]
    ends = [e.event.when for e in entries if e.event.when.latest_ts is not None]
    if not starts or not ends:
        return ""
    first = start_value(min(starts, key=lambda w: w.earliest_ts or 0))
    last = end_value(max(ends, key=lambda w: w.latest_ts or 0))
    if first is None or last is None:
        return ""
    a, b = display_value(first), display_value(last)
    return f", {a}" if a == b else f", {a} – {b}"
