"""Reading and writing calendar values as EDTF (ISO 8601-2) text.

Supported: EDTF level 0 and level 1 in full (dates, date-times, intervals,
``Y``-prefixed and negative years, seasons, ``~ ? %`` qualifiers, unspecified
``X`` digits on the right, open ``..`` and unknown interval ends), and from
level 2 the sub-year groupings 21-41 and qualification of single components
(``2004?-06-~11``). The extended reader used by :meth:`When.parse` also takes
the ISO 8601 forms EDTF lacks: weeks (``2020-W05``) and times to the hour or
minute (``2020-02-03T10``, ``2020-02-03T10:30``).
"""

from __future__ import annotations

import re

from timeline.errors import WhenError
from timeline.time.calendar import civil_from_days
from timeline.time.value import CalendarValue, End, Endpoint

__all__ = ["EXPECTED", "format_value", "parse_value"]

EXPECTED = (
    "expected EDTF such as 2020, 2020-01, 2020-01-12, 2020-01-12T10:00:00Z, "
    "2020-21 (a season), 2012-39 (late 2012), 201X, 2020-01~, 2020?, "
    "or an interval such as 2016/2019, 2020-01/.., ../2012, 2020-01/"
)

_MAX_YEAR_DIGITS = 1000
"""The most digits a ``Y``-prefixed year may have (Python reads at most 4300)."""

_Q = r"[~?%]"
_VALUE = re.compile(
    rf"""
    (?P<yl>{_Q})?
    (?:
        (?P<ylong>Y-?[1-9][0-9]{{4,}})
      | (?P<year>-?[0-9]{{4}})
      | (?P<yx>[0-9]{{2}}XX|[0-9]{{3}}X)
    )
    (?P<yr>{_Q})?
    (?:
        -W(?P<week>[0-9]{{2}})
      | -(?P<ml>{_Q})?(?P<month>[0-9]{{2}}|XX)(?P<mr>{_Q})?
        (?:-(?P<dl>{_Q})?(?P<day>[0-9]{{2}}|XX)(?P<dr>{_Q})?
           (?:T(?P<hour>[0-9]{{2}})(?::(?P<minute>[0-9]{{2}})(?::(?P<second>[0-9]{{2}}))?)?
              (?P<tz>Z|[+-][0-9]{{2}}(?::[0-9]{{2}})?)?
           )?
        )?
    )?
    """,
    re.VERBOSE,
)

_SIMPLE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?([~?%])?")
_QBITS = {None: 0, "~": 1, "?": 2, "%": 3}
_NO_QUALIFIERS = (0, 0, 0)
_new_value = tuple.__new__  # skips NamedTuple's keyword handling on the hot path
_QSYM = ("", "~", "?", "%")


def parse_value(text: str, whole: str, *, extended: bool) -> CalendarValue:
    """Read one calendar value; ``whole`` is the full input, quoted in errors.

    With ``extended`` false only EDTF is accepted (no weeks, times with seconds).
    """
    simple = _SIMPLE.fullmatch(text)
    if simple is None:
        return _parse_general(text, whole, extended=extended)
    # The common shapes (2020, 2020-01, 2020-01-12, each perhaps with ~ ? %) take a
    # short path: these are what chronologies are made of.
    year, month, day, mark = simple.groups()
    bits = _QBITS[mark]
    return _new_value(
        CalendarValue,
        (
            int(year),
            None if month is None else int(month),
            None if day is None else int(day),
            None,
            None,
            None,
            None,
            0,
            False,
            False,
            (bits, bits if month else 0, bits if day else 0) if bits else _NO_QUALIFIERS,
            None,
            None,
        ),
    ).validate(whole)


def _parse_general(text: str, whole: str, *, extended: bool) -> CalendarValue:
    m = _VALUE.fullmatch(text)
    if m is None:
        raise WhenError(f"cannot read {whole!r}: {EXPECTED}", where=whole)
    (yl, ylong, year_text, yx, yr, week_text, ml, month_text, mr, dl, day_text, dr) = m.group(
        "yl", "ylong", "year", "yx", "yr", "week", "ml", "month", "mr", "dl", "day", "dr"
    )
    hour_text, minute_text, second_text, tz_text = m.group("hour", "minute", "second", "tz")
    year_unspecified = 0
    if year_text is not None:
        year = int(year_text)
        if year == 0 and year_text[0] == "-":
            raise WhenError(
                f"cannot read {whole!r}: year zero is written 0000, not -0000", where=whole
            )
    elif ylong is not None:
        if len(ylong.lstrip("Y-")) > _MAX_YEAR_DIGITS:
            raise WhenError(
                f"cannot read {_cut(whole)}: a year has at most {_MAX_YEAR_DIGITS} digits",
                where=_cut(whole),
            )
        year = int(ylong[1:])
    else:
        year_unspecified = yx.count("X")
        year = int(yx.replace("X", "0"))

    qualifiers = _NO_QUALIFIERS
    if yl or yr or ml or mr or dl or dr:
        # A qualifier right of a component applies to it and every component to its left.
        q = _QBITS
        qualifiers = (
            q[yl] | q[yr] | q[mr] | q[dr],
            q[ml] | q[mr] | q[dr],
            q[dl] | q[dr],
        )
        if hour_text is not None:
            raise WhenError(f"a date with a time cannot be qualified, in {whole!r}", where=whole)

    if not extended:
        if week_text is not None:
            raise WhenError(
                f"EDTF has no week notation, in {whole!r}: use an interval of days", where=whole
            )
        if hour_text is not None and second_text is None:
            raise WhenError(f"EDTF times need seconds (T10:00:00), in {whole!r}", where=whole)
    if year_unspecified and (month_text is not None or week_text is not None):
        raise WhenError(
            f"a year with unspecified digits cannot have a month, in {whole!r}", where=whole
        )

    month: int | None = None
    day: int | None = None
    month_unspecified = day_unspecified = False
    if month_text is not None:
        if month_text == "XX":
            month_unspecified = True
        else:
            month = int(month_text)
        if day_text is not None:
            if day_text == "XX":
                day_unspecified = True
            elif month_unspecified:
                raise WhenError(
                    f"a day needs a known month, in {whole!r}: write XX-XX", where=whole
                )
            else:
                day = int(day_text)
            if month is not None and month > 12:
                raise WhenError(f"a season or quarter cannot have a day, in {whole!r}", where=whole)

    hour = minute = second = offset = None
    if hour_text is not None:
        if day_unspecified or month_unspecified:
            raise WhenError(f"a time needs a known date, in {whole!r}", where=whole)
        hour = int(hour_text)
        minute = None if minute_text is None else int(minute_text)
        second = None if second_text is None else int(second_text)
        if tz_text == "Z":
            offset = 0
        elif tz_text is not None:
            sign = -1 if tz_text[0] == "-" else 1
            offset = sign * (int(tz_text[1:3]) * 3600 + int(tz_text[4:6] or 0) * 60)

    value = _new_value(
        CalendarValue,
        (
            year,
            month,
            day,
            hour,
            minute,
            second,
            None if week_text is None else int(week_text),
            year_unspecified,
            month_unspecified,
            day_unspecified,
            qualifiers,
            offset,
            tz_text,
        ),
    )
    return value.validate(whole)


def _cut(text: str) -> str:
    """``text`` quoted for a message, cut to 80 characters."""
    shown = repr(text)
    return shown if len(shown) <= 80 else shown[:77] + "..."


def _year_text(value: CalendarValue) -> str:
    year = value.year
    if value.year_unspecified:
        digits = f"{year:04d}"
        return digits[: -value.year_unspecified] + "X" * value.year_unspecified
    if year > 9999 or year < -9999:
        return f"Y{year}"
    if year < 0:
        return f"-{-year:04d}"
    return f"{year:04d}"


def format_value(value: CalendarValue) -> str:
    """The canonical text of one calendar value (extended forms for weeks and short times)."""
    parts = [_year_text(value)]
    if value.week is not None:
        return f"{parts[0]}-W{value.week:02d}"
    if value.month is not None or value.month_unspecified:
        parts.append("XX" if value.month_unspecified else f"{value.month:02d}")
        if value.day is not None or value.day_unspecified:
            parts.append("XX" if value.day_unspecified else f"{value.day:02d}")

    # Canonical qualifier placement: for each bit, one marker right of the longest
    # run of components from the left that carry it, then left markers for the rest.
    qualifiers = value.qualifiers[: len(parts)]
    right = [0] * len(parts)
    left = [0] * len(parts)
    for bit in (1, 2):
        run = 0
        while run < len(parts) and qualifiers[run] & bit:
            run += 1
        if run:
            right[run - 1] |= bit
        for index in range(run, len(parts)):
            if qualifiers[index] & bit:
                left[index] |= bit
    text = "-".join(_QSYM[left[i]] + parts[i] + _QSYM[right[i]] for i in range(len(parts)))

    if value.hour is not None:
        text += f"T{value.hour:02d}"
        if value.minute is not None:
            text += f":{value.minute:02d}"
            if value.second is not None:
                text += f":{value.second:02d}"
        if value.offset_text is not None:
            text += value.offset_text
    return text


def parse_end(text: str, whole: str, extended: bool) -> Endpoint:
    """One end of the interval ``whole``: ``..`` is open, empty is unknown, else a value."""
    if text == "..":
        return End.OPEN
    if text == "":
        return End.UNKNOWN
    return parse_value(text, whole, extended=extended)


def format_end(end: Endpoint) -> str:
    """The text of one interval end, as :func:`parse_end` reads it."""
    return end.value if isinstance(end, End) else format_value(end)


def format_strict_end(end: Endpoint, *, first: bool) -> str:
    """One interval end in strict EDTF: weeks and short times widened to days and seconds."""
    if isinstance(end, End):
        return end.value
    if end.week is not None:
        lo, _ = end.span("UTC")
        days = lo // 86_400 + (0 if first else 6)
        year, month, day = civil_from_days(days)
        return format_value(CalendarValue(year, month, day))
    if end.hour is not None and end.second is None:
        if first:
            return format_value(end._replace(minute=end.minute or 0, second=0))
        return format_value(
            end._replace(minute=59 if end.minute is None else end.minute, second=59)
        )
    return format_value(end)
