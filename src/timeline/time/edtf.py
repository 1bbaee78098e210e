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
from timeline.time.value import CalendarValue

__all__ = ["EXPECTED", "format_value", "parse_value"]

EXPECTED = (
    "expected EDTF such as 2020, 2020-01, 2020-01-12, 2020-01-12T10:00:00Z, "
    "2020-21 (a season), 2012-39 (late 2012), 201X, 2020-01~, 2020?, "
    "or an interval such as 2016/2019, 2020-01/.., ../2012, 2020-01/"
)

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

_QBITS = {None: 0, "~": 1, "?": 2, "%": 3}
_QSYM = ("", "~", "?", "%")


def parse_value(text: str, whole: str, *, extended: bool) -> CalendarValue:
    """Read one calendar value; ``whole`` is the full input, quoted in errors.

    With ``extended`` false only EDTF is accepted (no weeks, times with seconds).
    """
    m = _VALUE.fullmatch(text)
    if m is None:
        raise WhenError(f"cannot read {whole!r}: {EXPECTED}")
    g = m.groupdict()
    year_unspecified = 0
    if g["year"] is not None:
        year = int(g["year"])
    elif g["ylong"] is not None:
        year = int(g["ylong"][1:])
    else:
        digits = g["yx"]
        year_unspecified = digits.count("X")
        year = int(digits.replace("X", "0"))

    left = [_QBITS[g["yl"]], _QBITS[g["ml"]], _QBITS[g["dl"]]]
    right = [_QBITS[g["yr"]], _QBITS[g["mr"]], _QBITS[g["dr"]]]
    # A qualifier right of a component applies to it and every component to its left.
    qualifiers = (
        left[0] | right[0] | right[1] | right[2],
        left[1] | right[1] | right[2],
        left[2] | right[2],
    )

    month_text = g["month"]
    day_text = g["day"]
    week_text = g["week"]
    hour_text = g["hour"]
    if not extended:
        if week_text is not None:
            raise WhenError(f"EDTF has no week notation, in {whole!r}: use an interval of days")
        if hour_text is not None and g["second"] is None:
            raise WhenError(f"EDTF times need seconds (T10:00:00), in {whole!r}")
    if hour_text is not None and any(qualifiers):
        raise WhenError(f"a date with a time cannot be qualified, in {whole!r}")
    if year_unspecified and (month_text is not None or week_text is not None):
        raise WhenError(f"a year with unspecified digits cannot have a month, in {whole!r}")
    month_unspecified = month_text == "XX"
    day_unspecified = day_text == "XX"
    if day_text is not None and not day_unspecified and month_unspecified:
        raise WhenError(f"a day needs a known month, in {whole!r}: write XX-XX")
    if hour_text is not None and (day_unspecified or month_unspecified):
        raise WhenError(f"a time needs a known date, in {whole!r}")
    month = None if month_text is None or month_unspecified else int(month_text)
    if month is not None and month > 12 and day_text is not None:
        raise WhenError(f"a season or quarter cannot have a day, in {whole!r}")

    offset = None
    tz_text = g["tz"]
    if tz_text is not None and tz_text != "Z":
        sign = -1 if tz_text[0] == "-" else 1
        offset = sign * (int(tz_text[1:3]) * 3600 + int(tz_text[4:6] or 0) * 60)
    elif tz_text == "Z":
        offset = 0

    return CalendarValue(
        year,
        month,
        None if day_text is None or day_unspecified else int(day_text),
        None if hour_text is None else int(hour_text),
        None if g["minute"] is None else int(g["minute"]),
        None if g["second"] is None else int(g["second"]),
        None if week_text is None else int(week_text),
        year_unspecified,
        month_unspecified,
        day_unspecified,
        qualifiers,
        offset,
        tz_text,
    ).validate(whole)


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
