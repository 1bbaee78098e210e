"""Resolving the date phrases of reporting against a report's publication date.

``resolve("last week", date(2020, 2, 3), tz="Asia/Damascus")`` is the ISO
week 2020-W05 (27 January - 2 February 2020) in Damascus time. Every phrase
becomes an honest span: as wide as the words allow, never narrower, and never
a silent guess. What is not understood raises :class:`~timeline.WhenError`
naming the phrase and listing what is.

The phrases understood (case- and whitespace-insensitive; a leading "on" or
"in" is ignored), with R the reference day:

- "Monday", "on Sunday": the most recent such day, R included (a Monday
  report's "on Monday" is that day, as in wire copy).
- "last Thursday", "next Monday": the nearest such day before / after R, R
  excluded, when it is also that day of the ISO week before / after R's;
  when the nearest one is in R's own week ("last Thursday" on a Saturday,
  "next Friday" on a Monday) the two readings differ and this raises.
  "this Friday": that day of R's ISO week.
- "today", "yesterday": R, the day before R.
- "the following day", "the day after", "the previous day", "the day before",
  "N days later|earlier": counted from R (pass the day of the event they
  follow as the reference).
- "overnight", "last night": the night ending on R; "tonight": the night
  starting on R. A night is sometime from 18h the evening before to the end of
  05h that morning, hint "night" ("night of 2–3 February 2020").
- "this morning|afternoon|evening", "<day> morning|afternoon|evening|night"
  ("on Friday evening", "yesterday afternoon"), "early|late (on) <day>"
  ("early on Tuesday"): sometime in that part of the day (morning 00-11h,
  afternoon 12-17h, evening 17-23h, early = morning, late 12-23h), where <day>
  is any phrase here naming one day.
- "this weekend", "last weekend", "next weekend", "over the weekend":
  sometime on Saturday or Sunday of R's ISO week, the week before or after, or
  the most recent weekend begun by R.
- "the past few days", "the last N days": sometime from N days (few: 7)
  before R to R.
- "this week", "last week": the ISO week of R, the one before.
- "this month", "last month"; "this year", "last year": likewise.
- "earlier this week|month|year": an interval of days from the first day of
  that unit to the day before R. On the unit's first day no earlier day of it
  exists, so this raises rather than guess at the previous unit.
- "N days|weeks ago": about the day N days (7N days) before R, approximate
  (``2020-01-31~``: a day either way). "N months|years ago": the month or year
  N units before R's. N is digits, "a", "an" or "one" to "twelve".
- "January", "in Sept.": the most recent such month not after R's month
  (R's own month counts).
- "17 September", "September 17": the most recent such day not after R.
- "early|mid|late 2012": the EDTF thirds 2012-37, -38 and -39; the year may
  also be "last year" or "this year" ("late last year").
- "early|mid|late December", "mid-March 2019", "the start|beginning|end of
  January", "at the end of the month|last month": sometime in the days 1-10,
  11-20 or 21-end of the month (start = early, end = late). Without a year,
  the most recent such month not after R's; a part of R's own month that has
  not begun by R raises (this year's, or last year's? R cannot say).
- "around|about|circa 20 January": that date, approximate ("c. 20 January").
- "since X": an interval from X (any phrase here, not starting after R) to R.
- "recently": an interval of unknown start ending on R (EDTF "/R"): it
  happened by R, and the words say no more. It sorts before everything else,
  and its start is never made up.
- "17 September 2018", "September 17, 2018", "Sept. 17, 2018": that day.
- "January 2020", "Jan 2020": that month.
- "the 2010s", "1990's": that decade (201X). "the 1900s", which may mean the
  decade or the century, is the century (19XX), the wider of the two.
- "2018", "2020-02-03", and any EDTF (plus ISO weeks and short times, as
  read by ``When.parse``): that value.

"This week / month / year" and "early this year" name the whole calendar unit,
which may run past R: that is what the words say. Intersect with R yourself
when the context says the event had already happened.
"""

# This module stays whole (about 600 lines, past the house guide): its rule table is
# read top to bottom, first match wins, and the order only shows with the handlers
# beside it. The calendar arithmetic of the newer families lives in ``_day_parts``.

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import NamedTuple, TypeAlias

from timeline.errors import WhenError
from timeline.time._day_parts import (
    WEEKDAYS,
    about,
    month_part,
    month_part_start,
    night_of,
    part_of_day,
    weekday_after,
    weekday_before,
    weekday_in_week,
    weekend,
)
from timeline.time.calendar import (
    check_zone,
    civil_from_days,
    days_from_civil,
    days_in_month,
    iso_week_of,
    iso_week_start,
)
from timeline.time.precision import Precision
from timeline.time.value import CalendarValue
from timeline.time.when import End, When

__all__ = ["Reference", "resolve"]

Reference: TypeAlias = date | datetime | When | str
"""What ``resolve`` accepts as the reference day: a date, a datetime (its date in
the zone), a ``When`` of day precision, or an ISO date string ``"2020-02-03"``."""

_WEEKDAYS = WEEKDAYS
_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_THIRDS = {"early": 37, "mid": 38, "late": 39}
_FEW = {"few": 7, "several": 7, "couple of": 2}

_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>[0-9]{4})"
_COUNT = r"[0-9]+|" + "|".join(_NUMBERS)
_NUMBER = rf"(?P<n>{_COUNT})"


class _Ref(NamedTuple):
    """The reference day (a day count since 1970-01-01) and the zone of the result."""

    days: int
    tz: str

    @property
    def ymd(self) -> tuple[int, int, int]:
        return civil_from_days(self.days)


Handler = Callable[[re.Match[str], _Ref], When]


class _Rule(NamedTuple):
    pattern: re.Pattern[str]
    handler: Handler
    understood: str


# -- building blocks ---------------------------------------------------------------


def _day(days: int, ref: _Ref) -> When:
    year, month, day = civil_from_days(days)
    return When.of(year, month, day, tz=ref.tz)


def _month_back(year: int, month: int, back: int) -> tuple[int, int]:
    """(year, month) ``back`` months before ``year``-``month``."""
    index = year * 12 + (month - 1) - back
    return index // 12, index % 12 + 1


def _month_number(name: str) -> int:
    return (
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "oct",
        "nov",
        "dec",
    ).index(name[:3]) + 1


def _number(text: str) -> int:
    return _NUMBERS[text] if text in _NUMBERS else int(text)


def _year_named(text: str, ref: _Ref) -> int:
    """The year ``text`` names: four digits, ``"last year"`` or ``"this year"``."""
    if text == "last year":
        return ref.ymd[0] - 1
    if text == "this year":
        return ref.ymd[0]
    return int(text)


def _unit_start(unit: str, ref: _Ref) -> int:
    """Day count of the first day of the week / month / year that holds the reference."""
    year, month, _ = ref.ymd
    if unit == "week":
        return iso_week_start(*iso_week_of(ref.days))
    if unit == "month":
        return days_from_civil(year, month, 1)
    return days_from_civil(year, 1, 1)


def _unit_back(unit: str, back: int, ref: _Ref) -> When:
    """The day / ISO week / month / year ``back`` units before the reference's."""
    year, month, _ = ref.ymd
    if unit == "day":
        return _day(ref.days - back, ref)
    if unit == "week":
        return When.iso_week(*iso_week_of(ref.days - 7 * back), tz=ref.tz)
    if unit == "month":
        return When.of(*_month_back(year, month, back), tz=ref.tz)
    return When.of(year - back, tz=ref.tz)


# -- handlers ------------------------------------------------------------------------


def _weekday(m: re.Match[str], ref: _Ref) -> When:
    wanted = _WEEKDAYS.index(m["weekday"])
    today = (ref.days + 3) % 7  # 0 = Monday; 1970-01-01 was a Thursday
    return _day(ref.days - (today - wanted) % 7, ref)


def _today(m: re.Match[str], ref: _Ref) -> When:
    return _day(ref.days, ref)


def _yesterday(m: re.Match[str], ref: _Ref) -> When:
    return _day(ref.days - 1, ref)


def _overnight(m: re.Match[str], ref: _Ref) -> When:
    return night_of(ref.days + (1 if m.group(0) == "tonight" else 0), ref.tz)


def _near_weekday(m: re.Match[str], ref: _Ref) -> When:
    wanted, which = _WEEKDAYS.index(m["weekday"]), m["which"]
    if which == "this":
        return _day(weekday_in_week(ref.days, wanted), ref)
    # "last Thursday" is the nearest Thursday before R, or the Thursday of last week:
    # the same day unless the nearest one is in R's own week. Then R cannot settle it.
    step = -7 if which == "last" else 7
    nearest = (weekday_before if which == "last" else weekday_after)(ref.days, wanted)
    of_that_week = weekday_in_week(ref.days + step, wanted)
    if nearest != of_that_week:
        raise WhenError(
            f"{m.group(0)!r} on {_day(ref.days, ref).display()}: the {m['weekday'].title()} "
            f"of this week ({_day(nearest, ref).to_text()}) or of {which} week "
            f"({_day(of_that_week, ref).to_text()})? The reference day cannot say; "
            "write the date"
        )
    return _day(nearest, ref)


def _day_count(m: re.Match[str], ref: _Ref, words: str) -> int:
    """The day ``words`` (a phrase here) names, or an error if it names no single day."""
    inner = _resolve_text(words, ref)
    if inner is None:
        raise _not_understood(words)
    if inner.is_interval or inner.precision is not Precision.DAY or inner.approximate:
        raise WhenError(
            f"{m.group(0)!r} names part of a day, and {words!r} is not one day ({inner.to_text()})"
        )
    value = inner.value
    assert value.month is not None
    assert value.day is not None
    return days_from_civil(value.year, value.month, value.day)


def _part_of_day(m: re.Match[str], ref: _Ref) -> When:
    words = m.groupdict().get("day")
    days = ref.days if words is None else _day_count(m, ref, words)
    if m["part"] == "night":
        return night_of(days + 1, ref.tz)
    return part_of_day(days, m["part"], ref.tz)


def _weekend(m: re.Match[str], ref: _Ref) -> When:
    return weekend(ref.days, m["which"] or "the", ref.tz)


def _past_days(m: re.Match[str], ref: _Ref) -> When:
    count = _FEW.get(m["n"]) or _number(m["n"])
    return When.between(_day(ref.days - count, ref), _day(ref.days, ref))


def _next_day(m: re.Match[str], ref: _Ref) -> When:
    words = m.group(0)
    step = -1 if ("previous" in words or "preceding" in words or "before" in words) else 1
    return _day(ref.days + step, ref)


def _days_later(m: re.Match[str], ref: _Ref) -> When:
    count = _number(m["n"])
    return _day(ref.days + (count if m["dir"] in ("later", "after") else -count), ref)


def _around(m: re.Match[str], ref: _Ref) -> When:
    inner = _resolve_text(m["rest"], ref)
    if inner is None:
        raise _not_understood(m["rest"])
    return about(inner, m["rest"])


def _month_part(m: re.Match[str], ref: _Ref) -> When:
    part, named = m["part"], m.groupdict()
    year, ref_month, _ = ref.ymd
    if named["month"] is None:
        if named.get("which") == "last":
            year, ref_month = _month_back(year, ref_month, 1)
        return month_part(year, ref_month, part, ref.tz)
    month = _month_number(m["month"])
    if named["year"] is not None:
        return month_part(int(m["year"]), month, part, ref.tz)
    if month > ref_month:
        year -= 1
    if month_part_start(year, month, part) > ref.days:
        raise WhenError(
            f"{m.group(0)!r} on {_day(ref.days, ref).to_text()}: that part of this month "
            "has not begun, and the reference day cannot say whether last year's is meant; "
            "give the year"
        )
    return month_part(year, month, part, ref.tz)


def _this_or_last(m: re.Match[str], ref: _Ref) -> When:
    return _unit_back(m["unit"], 1 if m["which"] == "last" else 0, ref)


def _earlier_this(m: re.Match[str], ref: _Ref) -> When:
    unit = m["unit"]
    first = _unit_start(unit, ref)
    if first >= ref.days:
        raise WhenError(
            f"the reference day {_day(ref.days, ref).to_text()} is the first day of its "
            f"{unit}, so no day of this {unit} is earlier"
        )
    return When.interval(_day(first, ref), _day(ref.days - 1, ref))


def _ago(m: re.Match[str], ref: _Ref) -> When:
    unit, count = m["unit"], _number(m["n"])
    if unit in ("day", "week"):  # reporting means about a day, not a whole week
        back = count * (7 if unit == "week" else 1)
        return about(_day(ref.days - back, ref), m.group(0))
    return _unit_back(unit, count, ref)


def _third(m: re.Match[str], ref: _Ref) -> When:
    return When.of(_year_named(m["which"], ref), _THIRDS[m["part"]], tz=ref.tz)


def _since(m: re.Match[str], ref: _Ref) -> When:
    # "since since X" is "since X": drop repeats here rather than recurse once per
    # word, so a phrase of any length is answered (not a RecursionError).
    rest = _REPEATED_SINCE.sub("", m["rest"])
    inner = _resolve_text(rest, ref)
    if inner is None:
        raise _not_understood(m["rest"])
    start = inner.start
    if not isinstance(start, When):
        raise WhenError(f"'since' needs a known start, and {inner.to_text()!r} has none")
    reference_day = _day(ref.days, ref)
    begins, ends = start.earliest_ts, reference_day.latest_ts
    if begins is not None and ends is not None and begins >= ends:
        raise WhenError(
            f"{start.to_text()!r} starts after the reference day {reference_day.to_text()}"
        )
    return When.interval(start, reference_day)


def _recently(m: re.Match[str], ref: _Ref) -> When:
    return When.interval(End.UNKNOWN, _day(ref.days, ref))


def _bare_month(m: re.Match[str], ref: _Ref) -> When:
    month = _month_number(m["month"])
    year, ref_month, _ = ref.ymd
    return When.of(year if month <= ref_month else year - 1, month, tz=ref.tz)


def _month_year(m: re.Match[str], ref: _Ref) -> When:
    return When.of(int(m["year"]), _month_number(m["month"]), tz=ref.tz)


def _full_date(m: re.Match[str], ref: _Ref) -> When:
    return When.of(int(m["year"]), _month_number(m["month"]), int(m["day"]), tz=ref.tz)


def _day_month(m: re.Match[str], ref: _Ref) -> When:
    month, day = _month_number(m["month"]), int(m["day"])
    if not 1 <= day <= (29 if month == 2 else days_in_month(2001, month)):
        raise WhenError(f"no month {month:02d} has a day {day}")
    year = ref.ymd[0]
    while day > days_in_month(year, month) or days_from_civil(year, month, day) > ref.days:
        year -= 1
    return When.of(year, month, day, tz=ref.tz)


def _decade(m: re.Match[str], ref: _Ref) -> When:
    digits = m["decade"]
    if digits.endswith("0"):  # "the 1900s": the decade or the century; say the wider
        return When.parse(f"{digits[:2]}XX", tz=ref.tz)
    return When.parse(f"{digits}X", tz=ref.tz)


def _edtf(m: re.Match[str], ref: _Ref) -> When:
    return When.parse(m.group(0).upper(), tz=ref.tz)


def _rule(pattern: str, handler: Handler, understood: str) -> _Rule:
    return _Rule(re.compile(pattern), handler, understood)


_ANY_WEEKDAY = "|".join(_WEEKDAYS)
_PART = r"(?P<part>morning|afternoon|evening|night)"

_RULES: tuple[_Rule, ...] = (
    _rule(rf"(?P<weekday>{_ANY_WEEKDAY})", _weekday, "'Monday' / 'on Sunday'"),
    _rule(
        rf"(?P<which>last|next|this) (?P<weekday>{_ANY_WEEKDAY})",
        _near_weekday,
        "'last Thursday' / 'next Monday' / 'this Friday'",
    ),
    _rule(r"today", _today, "'today'"),
    _rule(r"yesterday", _yesterday, "'yesterday'"),
    _rule(r"overnight|last night|tonight", _overnight, "'overnight' / 'last night' / 'tonight'"),
    _rule(
        r"the (?:following|next|previous|preceding) day|the day (?:after|before)",
        _next_day,
        "'the following day' / 'the previous day'",
    ),
    _rule(
        rf"{_NUMBER} days? (?P<dir>later|earlier|after|before)",
        _days_later,
        "'two days later'",
    ),
    _rule(
        r"(?:around|about|circa|c\.|approximately|roughly) (?P<rest>.+)",
        _around,
        "'around 20 January' (any single date here, approximate)",
    ),
    _rule(
        r"this (?P<part>morning|afternoon|evening)",
        _part_of_day,
        "'this morning|afternoon|evening'",
    ),
    _rule(
        r"(?:(?P<which>this|last|next) |(?:over |at )?the )weekend",
        _weekend,
        "'this weekend' / 'last weekend' / 'over the weekend'",
    ),
    _rule(
        rf"(?:over )?the (?:past|last) (?P<n>few|several|couple of|{_COUNT}) days",
        _past_days,
        "'the past few days' / 'the last three days'",
    ),
    _rule(
        r"(?P<which>this|last) (?P<unit>week|month|year)",
        _this_or_last,
        "'this week|month|year' / 'last week|month|year'",
    ),
    _rule(r"earlier this (?P<unit>week|month|year)", _earlier_this, "'earlier this month'"),
    _rule(
        rf"{_NUMBER} (?P<unit>day|week|month|year)s? ago",
        _ago,
        "'N days|weeks|months|years ago' (N: digits, 'a', or 'one' to 'twelve')",
    ),
    _rule(
        r"(?P<part>early|mid|late)[ -](?P<which>[0-9]{4}|last year|this year)",
        _third,
        "'early|mid|late 2012' / 'late last year' / 'early this year'",
    ),
    _rule(
        rf"(?P<part>early|mid|late)[ -]{_MONTH}(?:,? {_YEAR})?",
        _month_part,
        "'late December' / 'mid-March 2019'",
    ),
    _rule(
        rf"(?:at )?the (?P<part>start|beginning|end) of (?:{_MONTH}(?:,? {_YEAR})?"
        r"|(?P<which>the|this|last) month)",
        _month_part,
        "'the end of January' / 'at the start of the month' / 'the end of last month'",
    ),
    _rule(r"since (?P<rest>.+)", _since, "'since X' (X any phrase here)"),
    _rule(r"recently", _recently, "'recently' (unknown start, ending on the reference day)"),
    _rule(_MONTH, _bare_month, "'January' / 'in January' (the most recent one)"),
    _rule(rf"{_DAY} (?:of )?{_MONTH},? {_YEAR}", _full_date, "'17 September 2018'"),
    _rule(rf"{_MONTH} {_DAY},? {_YEAR}", _full_date, "'September 17, 2018' / 'Sept. 17, 2018'"),
    _rule(rf"{_MONTH},? {_YEAR}", _month_year, "'January 2020'"),
    _rule(rf"{_DAY} (?:of )?{_MONTH}", _day_month, "'17 September' (the most recent one)"),
    _rule(rf"{_MONTH} {_DAY}", _day_month, "'September 17' (the most recent one)"),
    _rule(r"(?:the )?(?P<decade>[0-9]{3})0'?s", _decade, "'the 2010s'"),
    # Last: these take any words before a part of a day, so every other rule goes first.
    _rule(
        r"(?P<part>early|late) (?:on )?(?P<day>.+)",
        _part_of_day,
        "'early on Tuesday' / 'late on Friday' (any day here)",
    ),
    _rule(
        rf"(?:on )?(?P<day>.+?) {_PART}",
        _part_of_day,
        "'on Friday evening' / 'yesterday afternoon' / 'Friday night'",
    ),
    _rule(r"[-0-9y~?%/.][^ ]*", _edtf, "'2018', '2020-02-03' and any EDTF"),
)

UNDERSTOOD = "; ".join(rule.understood for rule in _RULES)
"""The phrases :func:`resolve` understands, as listed in its error messages."""

_PREFIX = re.compile(r"^(?:on|in) ")
_REPEATED_SINCE = re.compile(r"^(?:(?:since|on|in) )+(?=.)")
_SPACES = re.compile(r"\s+")


# -- the entry point -----------------------------------------------------------------


def resolve(phrase: str, reference: Reference, tz: str = "UTC") -> When:
    """Resolve a date phrase of reporting against the report's publication day.

    ``reference`` is the day the phrase is relative to: a ``datetime.date``, a
    ``datetime`` (aware: its date in ``tz``; naive: read as wall time in
    ``tz``), a ``When`` of day precision (its calendar day, whatever its
    zone), or an ISO date string. The result is
    a :class:`When` in zone ``tz`` whose :attr:`~When.phrase` is ``phrase``
    verbatim. See the module documentation for the phrases understood.

    >>> resolve("last week", "2020-02-03").to_text()
    '2020-W05'

    Raises :class:`~timeline.WhenError` naming the phrase for anything it does
    not understand (with the list of what it does), for a date that does not
    exist, and for a bad reference or zone.
    """
    check_zone(tz)
    if not isinstance(phrase, str):
        raise WhenError(f"cannot resolve {phrase!r}: expected a string", where=repr(phrase))
    ref = _Ref(_reference_day(reference, tz), tz)
    try:
        result = _resolve_text(phrase, ref)
    except WhenError as exc:
        # A rule matched, but the date it names cannot be (no such day, no start...).
        raise WhenError(f"cannot resolve {phrase!r}: {exc}", where=phrase) from exc
    if result is None:
        raise _not_understood(phrase)
    return result.replace(phrase=phrase)


def _resolve_text(phrase: str, ref: _Ref) -> When | None:
    """The When ``phrase`` names, or ``None`` if no rule matches it."""
    text = _PREFIX.sub("", _SPACES.sub(" ", phrase).strip().lower())
    for rule in _RULES:
        match = rule.pattern.fullmatch(text)
        if match is None:
            continue
        return rule.handler(match, ref)
    return None


def _not_understood(phrase: str) -> WhenError:
    return WhenError(
        f"cannot resolve {phrase!r}: not a date phrase this resolver understands. "
        f"Understood (any case, optional leading 'on'/'in'): {UNDERSTOOD}",
        where=phrase,
    )


def _reference_day(reference: Reference, tz: str) -> int:
    """Day count of the reference's calendar day in ``tz``."""
    if isinstance(reference, When):
        return _when_day(reference)
    if isinstance(reference, str):
        reference = _parse_reference(reference)
    if isinstance(reference, datetime):
        if reference.tzinfo is not None:
            reference = reference.astimezone(check_zone(tz))
        return days_from_civil(reference.year, reference.month, reference.day)
    if isinstance(reference, date):
        return days_from_civil(reference.year, reference.month, reference.day)
    raise WhenError(
        f"bad reference {reference!r}: expected a date, a datetime, a When of day "
        "precision or an ISO date string such as '2020-02-03'",
        where=repr(reference),
    )


def _when_day(reference: When) -> int:
    value: CalendarValue | None = None
    if not reference.is_interval and reference.precision is Precision.DAY:
        value = reference.value
    if value is None or value.day is None or value.month is None or any(value.qualifiers):
        raise WhenError(
            f"bad reference {reference.to_text()!r}: a When reference must be one "
            "unqualified day, such as When.of(2020, 2, 3)",
            where=reference.to_text(),
        )
    return days_from_civil(value.year, value.month, value.day)


def _parse_reference(text: str) -> date | datetime:
    try:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text.strip()):
            return date.fromisoformat(text.strip())
        return datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise WhenError(
            f"bad reference {text!r}: expected an ISO date such as '2020-02-03' "
            "(or an ISO date-time)",
            where=text,
        ) from exc
