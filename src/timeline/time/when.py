"""``When``: what is known about when something happened.

A :class:`When` is one calendar value (``2018``, ``2020-01``, ``2020-02-03``,
``2012-39`` for "late 2012", an ISO week, a time), an interval between two
of them whose ends may also be open (``..``) or unknown, or an *uncertain point*
between two of them (EDTF ``[a..b]``). A time zone says which instants a
calendar value covers.

The model behind the bounds and relations: a ``When`` describes an event that
occupies some stretch ``[start, end)`` of time. A single value says the whole
event lies somewhere inside that value (``2018``: some time in 2018); an
interval says the event started within its first value and ended within its
second (``2016/2019``: started in 2016, ended in 2019): a lasting span. An
uncertain point says the event (an instant, or a short event) lies somewhere
between the start of its first value and the end of its second
(``[2020-01..2020-02-03]``: sometime between January and 3 February 2020), the
same claim a single value makes about itself. ``earliest`` and ``latest`` are
the outer bounds of every instant the event may cover.

Everything is kept as integer seconds since the epoch, so sorting and
comparing never builds a datetime; pendulum values are made on demand, cached.

This module is one class and stays whole (about 680 lines): construction,
bounds, relations, text and order all read the same few slots. Reading and writing
EDTF lives in :mod:`timeline.time.edtf`, the words in ``_words``, the relation
boxes in ``_boxes``, the ends written out and the pendulum instants in ``_ends``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final, Literal

from timeline.errors import WhenError
from timeline.time import _boxes
from timeline.time._dst import Fold, check_fold, settle
from timeline.time._ends import instant, point_end, settled, strict_interval
from timeline.time._words import display_span
from timeline.time.calendar import DAY, check_zone, days_from_civil, days_in_month
from timeline.time.edtf import (
    EXPECTED,
    format_end,
    format_strict_end,
    format_value,
    parse_end,
    parse_value,
)
from timeline.time.precision import Precision, Tri
from timeline.time.value import APPROXIMATE, UNCERTAIN, CalendarValue, End, Endpoint

if TYPE_CHECKING:
    import pendulum

__all__ = ["End", "Fold", "Hint", "When"]

INF: Final = _boxes.INF  # open and unknown ends, as the relation boxes use them
Hint = Literal["night", "morning", "afternoon", "evening"]
_HINTS: Final = frozenset({"night", "morning", "afternoon", "evening"})


class When:
    """What is known about when something happened. Immutable and hashable.

    Build one with :meth:`from_edtf`, :meth:`parse`, :meth:`of`,
    :meth:`iso_week` or :meth:`interval`; relative phrases come from
    :func:`timeline.resolve`.
    """

    __slots__ = (
        "_box",
        "_end",
        "_hi",
        "_hint",
        "_key",
        "_lo",
        "_phrase",
        "_point",
        "_start",
        "_tz",
    )

    _start: Endpoint
    _end: Endpoint | None
    _tz: str
    _phrase: str | None
    _hint: Hint | None
    _lo: float | int
    _hi: float | int
    _key: tuple[float | int, float | int]
    _box: tuple[float | int, float | int, float | int, float | int] | None
    _point: bool

    def __init__(
        self,
        start: Endpoint,
        end: Endpoint | None = None,
        *,
        tz: str = "UTC",
        phrase: str | None = None,
        hint: Hint | None = None,
        point: bool = False,
    ) -> None:
        """Low-level constructor; prefer the named constructors.

        ``point`` makes two ends an uncertain point (EDTF ``[start..end]``)
        rather than a lasting span (``start/end``).
        """
        check_zone(tz)
        if hint is not None and hint not in _HINTS:
            raise WhenError(
                f"unknown hint {hint!r}: expected one of {sorted(_HINTS)}", where=str(hint)
            )
        if end is None and isinstance(start, End):
            raise WhenError("a single When needs a calendar value, not an open or unknown end")
        if end is not None and isinstance(start, End) and isinstance(end, End):
            raise WhenError("an interval needs at least one calendar value at one end")
        if point and (end is None or End.UNKNOWN in (start, end)):
            raise WhenError(
                "an uncertain point needs two ends, each a calendar value or open "
                "([2020-01..2020-02-03], [..2012], [2020..])"
            )
        lo: float | int
        hi: float | int
        if end is None:
            assert isinstance(start, CalendarValue)
            lo, hi = start.span(tz)
        else:
            lo, hi = -INF, INF
            if isinstance(start, CalendarValue):
                lo = start.span(tz)[0]
            if isinstance(end, CalendarValue):
                hi = end.span(tz)[1]
        self._fill(start, end, tz, phrase, hint, lo, hi, point=point)
        if lo >= hi:
            raise WhenError(
                f"interval {self.to_text()!r} ends before it starts: "
                "the end must not be earlier than the start",
                where=self.to_text(),
            )

    def _fill(
        self,
        start: Endpoint,
        end: Endpoint | None,
        tz: str,
        phrase: str | None,
        hint: Hint | None,
        lo: float | int,
        hi: float | int,
        *,
        point: bool = False,
    ) -> None:
        """Set every slot: the one place that lists them (``__init__`` and :func:`_fast`)."""
        self._start = start
        self._end = end
        self._tz = tz
        self._phrase = phrase
        self._hint = hint
        self._box = None
        self._lo = lo
        self._hi = hi
        self._point = point
        # A point is not known to begin at its earliest instant: it sorts after every
        # value and span that begins there (their second key is -latest <= -(lo + 1)).
        self._key = (lo, -lo - 0.5) if point else (lo, -hi)

    # -- construction -------------------------------------------------------

    @classmethod
    def from_edtf(cls, text: str, *, tz: str = "UTC", fold: Fold = "raise") -> When:
        """Read EDTF (ISO 8601-2): level 0 and 1 in full, level 2 groupings and qualifiers.

        ``When.from_edtf("2020-01")``, ``"2016/2019"``, ``"2012-39"`` (late 2012),
        ``"2020-01-12/.."``, ``"1984?"``. Raises :class:`~timeline.WhenError`
        naming the input and what is accepted.

        ``fold`` says what a time of day means when ``tz`` skips it or shows it
        twice (daylight saving): ``"raise"`` (a
        :class:`~timeline.errors.LocalTimeError` naming both instants),
        ``"earlier"`` or ``"later"`` (that instant, written into the value as its
        UTC offset), or ``"compatible"`` (as releases before 0.2 read it).
        """
        if tz == "UTC" and text.__class__ is str:
            plain = _PLAIN_DATE.fullmatch(text)
            if plain is not None:
                return _plain_utc(text, *plain.groups())
        return cls._read(text, tz, extended=False, fold=fold)

    @classmethod
    def parse(cls, text: str, *, tz: str = "UTC", fold: Fold = "raise") -> When:
        """Read :meth:`to_text` output: EDTF plus ISO weeks and times to the hour or minute.

        ``fold`` is as for :meth:`from_edtf`.
        """
        return cls._read(text, tz, extended=True, fold=fold)

    @classmethod
    def _read(cls, text: str, tz: str, *, extended: bool, fold: Fold = "raise") -> When:
        if not isinstance(text, str):
            raise WhenError(
                f"cannot read {text!r}: expected a string; {EXPECTED}", where=repr(text)
            )
        if fold != "raise":
            check_fold(fold)
        if text[:1] == "[":
            return cls._read_point(text, tz, extended=extended, fold=fold)
        if "/" not in text:
            value = parse_value(text, text, extended=extended)
            if tz != "UTC":
                check_zone(tz)
                value = settle(value, tz, fold, text)
            return _fast(value, None, tz, *value.span(tz))
        first, _, second = text.partition("/")
        if "/" in second:
            raise WhenError(
                f"cannot read {text!r}: an interval has one '/'; {EXPECTED}", where=text
            )
        start = parse_end(first, text, extended)
        end = parse_end(second, text, extended)
        if tz != "UTC":
            check_zone(tz)
            start, end = settled(start, tz, fold, text), settled(end, tz, fold, text)
        if isinstance(start, End) or isinstance(end, End):
            return cls(start, end, tz=tz)
        lo, hi = start.span(tz)[0], end.span(tz)[1]
        if lo >= hi:
            raise WhenError(
                f"interval {text!r} ends before it starts: "
                "the end must not be earlier than the start",
                where=text,
            )
        return _fast(start, end, tz, lo, hi)

    @classmethod
    def _read_point(cls, text: str, tz: str, *, extended: bool, fold: Fold) -> When:
        """``[a..b]``: one instant (or short event) somewhere from ``a`` to ``b``."""
        inner = text[1:-1] if text.endswith("]") else None
        if inner is None or inner.count("..") != 1 or "," in inner:
            raise WhenError(
                f"cannot read {text!r}: an uncertain point is written [first..last], "
                "[..last] or [first..] (one range, no list); "
                f"{EXPECTED}",
                where=text,
            )
        first, _, second = inner.partition("..")
        start = End.OPEN if first == "" else parse_value(first, text, extended=extended)
        end = End.OPEN if second == "" else parse_value(second, text, extended=extended)
        if tz != "UTC":
            check_zone(tz)
            start, end = settled(start, tz, fold, text), settled(end, tz, fold, text)
        return cls(start, end, tz=tz, point=True)

    @classmethod
    def of(
        cls,
        year: int,
        month: int | None = None,
        day: int | None = None,
        hour: int | None = None,
        minute: int | None = None,
        second: int | None = None,
        *,
        tz: str = "UTC",
        approximate: bool = False,
        uncertain: bool = False,
        phrase: str | None = None,
        fold: Fold = "raise",
    ) -> When:
        """A single calendar value from its parts: ``When.of(2020, 1)`` is January 2020.

        ``month`` may also be an EDTF grouping code (21-24 seasons, 33-36
        quarters, 37-39 early / mid / late, 40-41 halves). ``fold`` is as for
        :meth:`from_edtf`.
        """
        if (day is not None and month is None) or (hour is not None and day is None):
            raise WhenError("When.of needs every coarser part: a day needs a month, a time a day")
        if (minute is not None and hour is None) or (second is not None and minute is None):
            raise WhenError("When.of needs every coarser part: seconds need minutes and an hour")
        bits = (APPROXIMATE if approximate else 0) | (UNCERTAIN if uncertain else 0)
        qualifiers = (bits, bits if month is not None else 0, bits if day is not None else 0)
        value = CalendarValue(year, month, day, hour, minute, second, qualifiers=qualifiers)
        if hour is not None and bits:
            raise WhenError("a date with a time cannot be qualified")
        text = format_value(value)
        value = value.validate(text)
        if tz != "UTC" and hour is not None:
            check_zone(tz)
            value = settle(value, tz, check_fold(fold), text)
        return cls(value, tz=tz, phrase=phrase)

    @classmethod
    def iso_week(cls, year: int, week: int, *, tz: str = "UTC", phrase: str | None = None) -> When:
        """ISO 8601 week ``week`` of ISO year ``year`` (Monday to Sunday)."""
        value = CalendarValue(year, week=week)
        return cls(value.validate(format_value(value)), tz=tz, phrase=phrase)

    @classmethod
    def interval(
        cls,
        start: When | End,
        end: When | End,
        *,
        phrase: str | None = None,
        hint: Hint | None = None,
    ) -> When:
        """The interval that starts within ``start`` and ends within ``end``.

        Each end is a single ``When`` or :attr:`End.OPEN` / :attr:`End.UNKNOWN`.
        The zone is that of the calendar ends (they must agree).
        """
        zones = {w.tz for w in (start, end) if isinstance(w, When)}
        if len(zones) > 1:
            raise WhenError(f"interval ends are in different zones: {sorted(zones)}")
        return cls(
            _single(start, "start"),
            _single(end, "end"),
            tz=zones.pop() if zones else "UTC",
            phrase=phrase,
            hint=hint,
        )

    @classmethod
    def between(
        cls,
        start: When | End,
        end: When | End,
        *,
        phrase: str | None = None,
        hint: Hint | None = None,
    ) -> When:
        """An uncertain point: one instant (or short event) sometime from ``start`` to ``end``.

        EDTF ``[start..end]``: ``When.between(When.of(2020, 1), When.of(2020, 2, 3))``
        is "sometime between January and 3 February 2020", unlike
        :meth:`interval`, which says the event *lasted* from one to the other.
        Each end is a single ``When`` or :attr:`End.OPEN` (``[..2012]``: 2012
        or before).
        """
        zones = {w.tz for w in (start, end) if isinstance(w, When)}
        if len(zones) > 1:
            raise WhenError(f"the ends of a point are in different zones: {sorted(zones)}")
        return cls(
            _single(start, "start"),
            _single(end, "end"),
            tz=zones.pop() if zones else "UTC",
            phrase=phrase,
            hint=hint,
            point=True,
        )

    def replace(
        self,
        *,
        tz: str | None = None,
        phrase: str | Literal[False] | None = False,
        hint: Hint | Literal[False] | None = False,
    ) -> When:
        """A copy with another zone, phrase or hint (``False`` keeps the current one)."""
        return When(
            self._start,
            self._end,
            tz=self.tz if tz is None else tz,
            phrase=self.phrase if phrase is False else phrase,
            hint=self.hint if hint is False else hint,
            point=self._point,
        )

    # -- what it says --------------------------------------------------------

    @property
    def tz(self) -> str:
        """IANA zone whose wall clock the calendar values are read in (default UTC)."""
        return self._tz

    @property
    def phrase(self) -> str | None:
        """The words this value was resolved from, kept verbatim (``"last week"``), if any."""
        return self._phrase

    @property
    def hint(self) -> Hint | None:
        """A display hint the calendar cannot say: ``"night"`` for an overnight span."""
        return self._hint

    @property
    def is_interval(self) -> bool:
        """Whether it has two ends (a lasting span, or an uncertain point) rather than one value."""
        return self._end is not None

    @property
    def is_point(self) -> bool:
        """Whether it is an uncertain point: one instant sometime between its ends (``[a..b]``).

        ``False`` for a lasting span (``a/b``) and for a single value (which
        already says "sometime within" about itself).
        """
        return self._point

    @property
    def start(self) -> When | End:
        """The first end: this value itself when single, else a single ``When`` or an ``End``."""
        if self._end is None:
            return self
        return _as_when(self._start, self.tz)

    @property
    def end(self) -> When | End:
        """The second end: this value itself when single, else a single ``When`` or an ``End``."""
        if self._end is None:
            return self
        return _as_when(self._end, self.tz)

    @property
    def value(self) -> CalendarValue:
        """The calendar value of a single ``When`` (``WhenError`` for an interval)."""
        if not isinstance(self._start, CalendarValue) or self._end is not None:
            raise WhenError(f"{self.to_text()!r} has two ends; use .start and .end")
        return self._start

    def _values(self) -> tuple[CalendarValue, ...]:
        return tuple(v for v in (self._start, self._end) if isinstance(v, CalendarValue))

    @property
    def precision(self) -> Precision:
        """How finely it is stated; for an interval, its coarser calendar end."""
        return min(v.precision for v in self._values())

    @property
    def approximate(self) -> bool:
        """Whether any part is marked approximate (EDTF ``~`` or ``%``)."""
        return any(v.approximate for v in self._values())

    @property
    def uncertain(self) -> bool:
        """Whether any part is marked uncertain (EDTF ``?`` or ``%``)."""
        return any(v.uncertain for v in self._values())

    @property
    def open_start(self) -> bool:
        """Whether the interval runs back without limit (``../2012``)."""
        return self._start is End.OPEN

    @property
    def open_end(self) -> bool:
        """Whether the interval runs on without limit (``2020/..``)."""
        return self._end is End.OPEN

    # -- bounds ---------------------------------------------------------------

    @property
    def earliest_ts(self) -> int | None:
        """Earliest instant it may cover, in seconds since the epoch (``None``: no bound)."""
        return None if self._lo == -INF else int(self._lo)

    @property
    def latest_ts(self) -> int | None:
        """Exclusive upper bound in seconds since the epoch (``None``: no bound)."""
        return None if self._hi == INF else int(self._hi)

    @property
    def earliest(self) -> pendulum.DateTime | None:
        """Inclusive lower bound as a pendulum ``DateTime`` in :attr:`tz` (``None``: open)."""
        return None if self._lo == -INF else instant(int(self._lo), self.tz, self.to_text())

    @property
    def latest(self) -> pendulum.DateTime | None:
        """Exclusive upper bound as a pendulum ``DateTime`` in :attr:`tz` (``None``: open)."""
        return None if self._hi == INF else instant(int(self._hi), self.tz, self.to_text())

    @property
    def bounds(self) -> tuple[float | int, float | int]:
        """``(earliest, latest)`` in epoch seconds, with ``±inf`` for open or unknown ends."""
        return (self._lo, self._hi)

    @property
    def sort_key(self) -> tuple[float | int, float | int]:
        """Key of the chronological order: ``(earliest, -latest)`` in epoch seconds.

        Earliest first, then the wider span first (so "January 2020" heads the
        days inside January); open ends are ``±inf``. An uncertain point is
        not known to begin at its earliest instant, so it sorts after every
        value and span that begins there: its key is ``(earliest, -earliest - 0.5)``
        (read the bounds from :attr:`bounds`, not from this key). Plain numbers, computed
        once, so sorting a million values never builds a datetime. Values with
        the same bounds tie: add your own tiebreak, as a chronology adds the
        store position (``key=lambda r: (r.event.when.sort_key, r.position)``).
        """
        return self._key

    # -- three-valued relations -------------------------------------------------

    def box(self) -> tuple[float | int, float | int, float | int, float | int]:
        """``(start_lo, start_hi, end_lo, end_hi)``: where the event may start and end.

        Inclusive integer seconds, with ``±inf`` for open or unknown ends.
        Qualified values (``~``, ``?``) are widened by one unit of their
        coarsest qualified component on each side, so relations never claim a
        certainty the source did not give.
        """
        if self._box is None:
            self._box = _boxes.box_of(
                self._start, self._end, self._point, self._lo, self._hi, self.tz
            )
        return self._box

    def before(self, other: When) -> Tri:
        """Does this certainly end before ``other`` begins? YES, NO or MAYBE."""
        return _boxes.before(self.box(), other.box())

    def after(self, other: When) -> Tri:
        """Does this begin after ``other`` ends? Same as ``other.before(self)``."""
        return other.before(self)

    def overlaps(self, other: When) -> Tri:
        """Do the two share at least one instant? YES, NO or MAYBE."""
        return ~self.before(other) & ~other.before(self)

    def during(self, other: When) -> Tri:
        """Does this lie wholly within ``other`` (shared ends allowed)? YES, NO or MAYBE."""
        return _boxes.during(self.box(), other.box())

    def contains(self, other: When) -> Tri:
        """Does ``other`` lie wholly within this? Same as ``other.during(self)``."""
        return other.during(self)

    # -- text --------------------------------------------------------------------

    def to_text(self) -> str:
        """Canonical text: EDTF, with ISO weeks and short times where EDTF has no form.

        ``When.parse(w.to_text()) == w`` for every value (the zone, phrase and
        hint are kept apart).
        """
        if self._end is None:
            assert isinstance(self._start, CalendarValue)
            return format_value(self._start)
        if self._point:
            return f"[{point_end(self._start)}..{point_end(self._end)}]"
        return f"{format_end(self._start)}/{format_end(self._end)}"

    def to_edtf(self) -> str:
        """Strict EDTF. Weeks and hour / minute times, which EDTF cannot write, become
        the interval of their first and last day or second (same bounds)."""
        if self._end is None:
            assert isinstance(self._start, CalendarValue)
            value = self._start
            if value.week is None and (value.hour is None or value.second is not None):
                return format_value(value)
            return strict_interval(value, value)
        if self._point:
            first = "" if self._start is End.OPEN else format_strict_end(self._start, first=True)
            last = "" if self._end is End.OPEN else format_strict_end(self._end, first=False)
            return f"[{first}..{last}]"
        return strict_interval(self._start, self._end)

    def display(self) -> str:
        """Human text at the precision the value has: ``"January 2020"``, ``"late 2012"``."""
        return display_span(self._start, self._end, self._hint, point=self._point)

    def __str__(self) -> str:
        return self.display()

    def __repr__(self) -> str:
        extras = ""
        if self.tz != "UTC":
            extras += f", tz={self.tz!r}"
        if self.phrase is not None:
            extras += f", phrase={self.phrase!r}"
        if self.hint is not None:
            extras += f", hint={self.hint!r}"
        return f"When.parse({self.to_text()!r}{extras})"

    # -- identity and order ------------------------------------------------------

    def _identity(self) -> tuple[Any, ...]:
        return (self._start, self._end, self._tz, self._hint, self._point)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, When):
            return NotImplemented
        return self._identity() == other._identity()

    def __hash__(self) -> int:
        return hash(self._identity())

    def _total_key(self) -> tuple[Any, ...]:
        return (self._key, self.to_text(), self._tz, self._hint or "")

    def __lt__(self, other: When) -> bool:
        if not isinstance(other, When):
            return NotImplemented
        if self._key != other._key:
            return self._key < other._key
        return self._total_key() < other._total_key()

    def __le__(self, other: When) -> bool:
        if not isinstance(other, When):
            return NotImplemented
        return self == other or self < other

    def __gt__(self, other: When) -> bool:
        if not isinstance(other, When):
            return NotImplemented
        return other < self

    def __ge__(self, other: When) -> bool:
        if not isinstance(other, When):
            return NotImplemented
        return self == other or other < self

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.to_text(), self._tz, self._phrase, self._hint))


def _fast(start: CalendarValue, end: CalendarValue | None, tz: str, lo: int, hi: int) -> When:
    """A When from parts the parser has checked, with bounds it has computed.

    This is ``__init__`` without its checks: the zone, the ends and the bounds
    were all checked or computed on the way here, and reading dates is the hot
    path of loading a store (most dates in real data are plain ones).
    """
    when: When = object.__new__(When)
    when._fill(start, end, tz, None, None, lo, hi)
    return when


_PLAIN_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def _plain_utc(text: str, year_text: str, month_text: str | None, day_text: str | None) -> When:
    """``2020``, ``2020-01`` or ``2020-01-12`` in UTC: the bulk of real data, read in one step.

    Gives exactly what the general path gives (a property test holds them equal).
    """
    year = int(year_text)
    if month_text is None:
        value = _new_value(CalendarValue, (year, *_UNSTATED))
        return _fast(
            value,
            None,
            "UTC",
            days_from_civil(year, 1, 1) * DAY,
            days_from_civil(year + 1, 1, 1) * DAY,
        )
    month = int(month_text)
    if not 1 <= month <= 12:
        return When._read(text, "UTC", extended=False)  # groupings, and the error for 13
    day = None if day_text is None else int(day_text)
    if day is None:
        first = days_from_civil(year, month, 1)
        last = first + days_in_month(year, month)
    else:
        if not 1 <= day <= 28 and not 1 <= day <= days_in_month(year, month):
            return When._read(text, "UTC", extended=False)  # the error for a bad day
        first = days_from_civil(year, month, day)
        last = first + 1
    value = _new_value(CalendarValue, (year, month, day, *_UNSTATED[2:]))
    return _fast(value, None, "UTC", first * DAY, last * DAY)


# tuple.__new__ skips the Python-level __new__ NamedTuple generates (about 60 ns of the
# 1.6 us a plain date takes). It needs every field in order: the defaults of the fields
# after ``year`` are read from the class, so no field order is written here.
_new_value = tuple.__new__
_UNSTATED: Final = tuple(CalendarValue._field_defaults[f] for f in CalendarValue._fields[1:])


def _rebuild(text: str, tz: str, phrase: str | None, hint: Hint | None) -> When:
    # The text of a When already says which instant it means, or was read compatibly.
    return When.parse(text, tz=tz, fold="compatible").replace(phrase=phrase, hint=hint)


def _single(value: When | End, which: str) -> Endpoint:
    if isinstance(value, End):
        return value
    if value.is_interval:
        raise WhenError(
            f"an interval {which} must be a single value, not {value.to_text()!r}",
            where=value.to_text(),
        )
    return value.value


def _as_when(end: Endpoint, tz: str) -> When | End:
    return end if isinstance(end, End) else When(end, tz=tz)
