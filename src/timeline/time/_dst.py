"""Wall times that a zone skips or shows twice (daylight saving), and the policy for them.

``2020-03-08T02:30`` in America/New_York does not exist: the clocks went from
02:00 to 03:00. ``2020-11-01T01:30`` there happens twice, an hour apart. A
``When`` never picks one in silence. With ``fold="raise"`` (the default) such a
time is a :class:`~timeline.errors.LocalTimeError` naming both instants. With
``"earlier"`` or ``"later"`` the chosen instant is written into the value as its
UTC offset (``2020-11-01T01:30-05:00``), so the text the codec stores says
which one was meant and reads back the same with no policy at all, in every
copy of the record. ``"compatible"`` reads the time as releases before this
policy did (the offset in force before the change: a gap moves forward, an
overlap takes its first instant) and leaves the value as written: it is how
stored records are decoded, so a record of an older release keeps its instants.

Only times of day are concerned. A day, month or year starts at the first
instant of its first day that exists (midnight, or the end of a gap at
midnight), which is not a choice.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Final, Literal

from timeline.errors import LocalTimeError
from timeline.time.calendar import DAY, days_from_civil, wall_instants
from timeline.time.edtf import format_value
from timeline.time.value import CalendarValue

__all__ = ["FOLDS", "Fold", "check_fold", "settle"]

Fold = Literal["raise", "earlier", "later", "compatible"]
FOLDS: Final = ("raise", "earlier", "later", "compatible")


def check_fold(fold: object) -> Fold:
    """``fold`` if it is a policy; else a :class:`LocalTimeError` listing them."""
    if fold not in FOLDS:
        raise LocalTimeError(
            f"unknown fold {fold!r}: expected one of {', '.join(map(repr, FOLDS))}",
            where=str(fold)[:80],
        )
    return fold


def settle(value: CalendarValue, zone: str, fold: Fold, text: str) -> CalendarValue:
    """``value``, with its UTC offset written in when ``fold`` chose among two instants.

    Raises :class:`LocalTimeError` (quoting ``text``) for a skipped or repeated
    wall time when ``fold`` is ``"raise"``.
    """
    if value.hour is None or value.offset is not None or fold == "compatible":
        return value
    assert value.month is not None
    assert value.day is not None
    second = value.second or 0
    minute = value.minute or 0
    instants, gap = wall_instants(
        zone, value.year, value.month, value.day, value.hour, minute, second
    )
    if len(instants) == 1:
        return value
    if fold == "raise":
        raise _ambiguous(value, zone, text, instants, gap=gap)
    chosen = instants[0] if fold == "earlier" else instants[1]
    naive = days_from_civil(value.year, value.month, value.day) * DAY
    naive += value.hour * 3600 + minute * 60 + second
    offset = naive - chosen
    return value._replace(offset=offset, offset_text=_offset_text(offset))


def _offset_text(offset: int) -> str:
    sign = "-" if offset < 0 else "+"
    hours, rest = divmod(abs(offset), 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{sign}{hours:02d}:{minutes:02d}"
    return text if not seconds else f"{text}:{seconds:02d}"


def _ambiguous(
    value: CalendarValue, zone: str, text: str, instants: tuple[int, ...], *, gap: bool
) -> LocalTimeError:
    shown = [datetime.fromtimestamp(i, UTC).strftime("%Y-%m-%dT%H:%M:%SZ") for i in instants]
    naive = days_from_civil(value.year, value.month or 1, value.day or 1) * DAY
    naive += (value.hour or 0) * 3600 + (value.minute or 0) * 60 + (value.second or 0)
    offsets = [_offset_text(naive - i) for i in instants]
    written = format_value(value)
    what = (
        f"does not exist in {zone} (the clocks skip it)"
        if gap
        else f"happens twice in {zone} (the clocks go back over it)"
    )
    return LocalTimeError(
        f"{text!r} {what}: it is either {shown[0]} (read at UTC{offsets[0]}) "
        f"or {shown[1]} (read at UTC{offsets[1]}); write the offset ({written}{offsets[0]} "
        f"or {written}{offsets[1]}) or pass fold='earlier' or fold='later'",
        gap=gap,
        candidates=tuple(shown),
        where=text,
    )
