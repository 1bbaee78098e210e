"""Strategies for single values: dates, sources, citations, figures, events of every kind.

Import them from :mod:`timeline.strategies`. Every strategy shrinks toward
simple values (a plain year).
"""

from __future__ import annotations

import enum
import operator
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from functools import lru_cache
from typing import Any

import attrs
from hypothesis import reject
from hypothesis import strategies as st

from timeline.errors import TimelineError
from timeline.events import (
    Actor,
    Citation,
    Claim,
    Contradiction,
    Correction,
    Credibility,
    Event,
    Figure,
    FrozenDict,
    Grade,
    Place,
    Reliability,
    Retraction,
    Source,
    SourceKind,
    Stance,
    kind_class,
    kinds,
)
from timeline.strategies.networks import constraints
from timeline.time.calendar import days_in_month, iso_weeks_in_year
from timeline.time.precision import Precision
from timeline.time.value import GROUPINGS, CalendarValue
from timeline.time.when import End, Hint, When

__all__ = [
    "calendar_values",
    "citations",
    "events",
    "figures",
    "grades",
    "json_values",
    "register_kind_strategy",
    "slugs",
    "sources",
    "whens",
]

#: Precisions EDTF can write, simplest first (so examples shrink toward a year).
EDTF_PRECISIONS: tuple[Precision, ...] = (
    Precision.YEAR,
    Precision.MONTH,
    Precision.DAY,
    Precision.DECADE,
    Precision.CENTURY,
    Precision.SEASON,
    Precision.QUARTER,
    Precision.THIRD,
    Precision.HALF,
    Precision.SECOND,
)
#: Every precision; weeks, hours and minutes need :meth:`When.parse` rather than EDTF.
ALL_PRECISIONS: tuple[Precision, ...] = (
    *EDTF_PRECISIONS,
    Precision.WEEK,
    Precision.HOUR,
    Precision.MINUTE,
)

_GROUP_CODES = {
    precision: sorted(code for code, g in GROUPINGS.items() if g.precision is precision)
    for precision in (Precision.SEASON, Precision.QUARTER, Precision.THIRD, Precision.HALF)
}
_OFFSETS = (None, "Z", "+03:00", "-05:00", "+05:30", "+02")


def _qualifiers(draw: st.DrawFn, components: int) -> tuple[int, int, int]:
    bits = [draw(st.sampled_from((0, 0, 1, 2, 3))) for _ in range(components)]
    bits += [0] * (3 - components)
    return (bits[0], bits[1], bits[2])


@st.composite
def calendar_values(
    draw: st.DrawFn,
    *,
    min_year: int = 1,
    max_year: int = 9999,
    precisions: Sequence[Precision] = EDTF_PRECISIONS,
    qualifiers: bool = True,
) -> CalendarValue:
    """One calendar value of a precision drawn from ``precisions``, years in the range."""
    precision = draw(st.sampled_from(tuple(precisions)))
    year = draw(st.integers(min_year, max_year))
    qualify = qualifiers and draw(st.booleans())
    if precision in (Precision.CENTURY, Precision.DECADE):
        digits = 2 if precision is Precision.CENTURY else 1
        width = 10**digits
        first = -(-max(min_year, 0) // width)  # 201X-style years are written with 4 digits
        last = (min(max_year, 9999) + 1) // width - 1
        if first <= last:
            return CalendarValue(
                draw(st.integers(first, last)) * width,
                year_unspecified=digits,
                qualifiers=_qualifiers(draw, 1) if qualify else (0, 0, 0),
            )
        precision = Precision.YEAR
    if precision is Precision.YEAR:
        return CalendarValue(year, qualifiers=_qualifiers(draw, 1) if qualify else (0, 0, 0))
    if precision in _GROUP_CODES:
        code = draw(st.sampled_from(_GROUP_CODES[precision]))
        return CalendarValue(year, code, qualifiers=_qualifiers(draw, 2) if qualify else (0, 0, 0))
    if precision is Precision.WEEK:
        week = draw(st.integers(1, iso_weeks_in_year(year)))
        return CalendarValue(year, week=week)
    month_unspecified = draw(st.booleans()) if precision is Precision.MONTH else False
    month = draw(st.integers(1, 12))
    if precision is Precision.MONTH:
        return CalendarValue(
            year,
            None if month_unspecified else month,
            month_unspecified=month_unspecified,
            qualifiers=_qualifiers(draw, 2) if qualify and not month_unspecified else (0, 0, 0),
        )
    day = draw(st.integers(1, days_in_month(year, month)))
    if precision is Precision.DAY:
        day_unspecified = draw(st.integers(0, 5)) == 0
        return CalendarValue(
            year,
            month,
            None if day_unspecified else day,
            day_unspecified=day_unspecified,
            qualifiers=_qualifiers(draw, 3) if qualify and not day_unspecified else (0, 0, 0),
        )
    hour = draw(st.integers(0, 23))
    minute = None if precision is Precision.HOUR else draw(st.integers(0, 59))
    second = draw(st.integers(0, 59)) if precision is Precision.SECOND else None
    offset_text = draw(st.sampled_from(_OFFSETS))
    offset = None
    if offset_text is not None:
        sign = -1 if offset_text.startswith("-") else 1
        offset = (
            0
            if offset_text == "Z"
            else sign * (int(offset_text[1:3]) * 3600 + int(offset_text[4:6] or 0) * 60)
        )
    return CalendarValue(
        year, month, day, hour, minute, second, offset=offset, offset_text=offset_text
    )


@st.composite
def whens(
    draw: st.DrawFn,
    *,
    min_year: int = 1,
    max_year: int = 9999,
    precisions: Sequence[Precision] = EDTF_PRECISIONS,
    intervals: bool = True,
    open_ends: bool = True,
    qualifiers: bool = True,
    zones: Sequence[str] = ("UTC",),
    points: bool = True,
) -> When:
    """Any ``When``: single values, and (unless disabled) intervals with open or unknown ends.

    Two ends are sometimes an uncertain point (``[a..b]``, ``[..b]``,
    ``[a..]``: one instant somewhere between them) rather than a lasting
    span; ``points=False`` draws spans only.

    ``min_year`` / ``max_year`` bound the years (years outside 1-9999 are
    allowed: they order and compare, but have no pendulum bounds);
    ``precisions`` limits the calendar precisions (default: those EDTF can
    write; pass :data:`ALL_PRECISIONS` for weeks, hours and minutes too);
    ``zones`` lists the IANA zones to draw from.
    """
    values = calendar_values(
        min_year=min_year, max_year=max_year, precisions=precisions, qualifiers=qualifiers
    )
    tz = draw(st.sampled_from(tuple(zones)))
    if not intervals or not draw(st.booleans()):
        return When(draw(values), tz=tz)
    ends: list[st.SearchStrategy[CalendarValue | End]] = [values]
    if open_ends:
        ends.append(st.sampled_from((End.OPEN, End.UNKNOWN)))
    start = draw(st.one_of(ends))
    end = draw(st.one_of(ends))
    if isinstance(start, End) and isinstance(end, End):
        end = draw(values)
    if isinstance(start, CalendarValue) and isinstance(end, CalendarValue):
        if start.span(tz)[0] > end.span(tz)[0]:
            start, end = end, start
        if start.span(tz)[0] >= end.span(tz)[1]:
            end = start
    if points and End.UNKNOWN not in (start, end) and draw(st.booleans()):
        return When(start, end, tz=tz, point=True)
    return When(start, end, tz=tz)


# -- events, sources, citations ------------------------------------------------------------------
#
# Every strategy below draws from the library's own types, shrinks toward the
# simplest value (a plain "event" with a year, no citations) and only builds
# values the constructors accept.

_SLUG_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789-"
#: Text without surrogates (not UTF-8 writable) or line breaks.
_TEXT_CHARS = st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"))


@lru_cache(maxsize=64)
def slugs(*, min_size: int = 1, max_size: int = 12) -> st.SearchStrategy[str]:
    """Short ids such as ``"nairab"`` or ``"sohr-2"`` (lowercase letters, digits, ``-``)."""
    first = st.sampled_from(_SLUG_ALPHABET[:-1])
    rest = st.text(_SLUG_ALPHABET, min_size=max(min_size - 1, 0), max_size=max(max_size - 1, 0))
    return st.builds(operator.add, first, rest)


@lru_cache(maxsize=64)
def _one_line(max_size: int = 30) -> st.SearchStrategy[str]:
    return st.text(_TEXT_CHARS, max_size=max_size)


@lru_cache(maxsize=1)
def _words() -> st.SearchStrategy[str]:
    """Non-empty one-line text without surrounding spaces: ``"Saraqeb"``, ``"west of it"``."""
    word = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp", "Zs")), min_size=1)
    return st.lists(word, min_size=1, max_size=3).map(" ".join)


def json_values(max_leaves: int = 6) -> st.SearchStrategy[Any]:
    """JSON-ready values: null, booleans, integers, finite floats, strings, lists, objects."""
    scalars = (
        st.none()
        | st.booleans()
        | st.integers(-(2**53), 2**53)
        | st.floats(allow_nan=False, allow_infinity=False)
        | _one_line(12)
    )
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(_one_line(8), inner, max_size=3)
        ),
        max_leaves=max_leaves,
    )


@lru_cache(maxsize=16)
def _whens_with_words(
    min_year: int = 1900, max_year: int = 2100, intervals: bool = True
) -> st.SearchStrategy[When]:
    """``whens()`` values that sometimes keep a phrase and a display hint."""
    base = whens(
        min_year=min_year,
        max_year=max_year,
        intervals=intervals,
        precisions=ALL_PRECISIONS,
        zones=("UTC", "Asia/Damascus", "Europe/Istanbul"),
    )
    phrases = st.none() | st.sampled_from(("last week", "overnight", "in January", "late 2012"))
    hints: st.SearchStrategy[Hint | None] = st.none() | st.just("night")

    @st.composite
    def build(draw: st.DrawFn) -> When:
        when = draw(base)
        phrase = draw(phrases)
        hint = draw(hints)
        if phrase is None and hint is None:
            return when
        return when.replace(phrase=phrase, hint=hint)

    return build()


def grades() -> st.SearchStrategy[Any]:
    """Admiralty reliability (A–F) and credibility (1–6) grades, and grades on another scale."""
    return st.sampled_from(tuple(Reliability)) | st.sampled_from(tuple(Credibility)) | _grades()


@lru_cache(maxsize=1)
def _grades() -> st.SearchStrategy[Grade]:
    """Grades on a scale other than the Admiralty one."""
    return st.builds(
        Grade,
        scale=st.sampled_from(("ic-confidence", "nato")),
        value=st.sampled_from(("low", "moderate", "high")),
        description=st.none() | _one_line(20),
    )


def sources(*, ids: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Source]:
    """A :class:`~timeline.Source`, with an optional Admiralty (or other) reliability grade."""
    reliability = st.none() | st.sampled_from(tuple(Reliability)) | _grades()
    return st.builds(
        Source,
        id=slugs() if ids is None else ids,
        name=_words(),
        kind=st.sampled_from(tuple(SourceKind)),
        reliability=reliability,
        affiliation=st.none() | slugs(),
        url=st.none() | st.just("https://example.org/report"),
    )


def citations(*, sources: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Citation]:
    """A :class:`~timeline.Citation`: source id, stance, reported time, url, quote, credibility.

    ``sources`` draws the cited source ids (default: short slugs).
    """
    credibility = st.none() | st.sampled_from(tuple(Credibility)) | _grades()
    source_ids = slugs() if sources is None else sources
    return st.builds(
        Citation,
        source=source_ids,
        stance=st.sampled_from(tuple(Stance)),
        reported=st.none() | _whens_with_words(min_year=1900, max_year=2100, intervals=False),
        url=st.none() | st.just("https://example.org/report"),
        quote=st.none() | _one_line(40),
        credibility=credibility,
        via=st.none() | slugs(),
        contradicts=st.lists(slugs(), max_size=2).map(tuple),
    )


def figures() -> st.SearchStrategy[Figure]:
    """A reported :class:`~timeline.Figure`: exact, at least, at most or between, with parts."""

    @st.composite
    def build(draw: st.DrawFn) -> Figure:
        low = draw(st.none() | st.integers(0, 10**6))
        high = draw(st.none() | st.integers(0, 10**6))
        text = draw(st.none() | _one_line(20))
        if low is None and high is None and text is None:
            low = high = draw(st.integers(0, 1000))
        if low is not None and high is not None and low > high:
            low, high = high, low
        parts = draw(st.dictionaries(slugs(), st.integers(0, 1000).map(Figure.exact), max_size=3))
        return Figure(low=low, high=high, text=text, parts=parts)

    return st.integers(0, 1000).map(Figure.exact) | build()


def _type_strategy(tp: Any, depth: int) -> st.SearchStrategy[Any]:
    """A strategy for values of one field's type (used for user-defined kinds).

    It follows the annotations the codec accepts (see :func:`timeline.kind`): the
    same types, read in the same order.
    """
    if tp is str:
        # Slugs first: they satisfy id-like validators and shrink simply; then
        # words, never empty and never with surrounding spaces.
        return slugs() | _words()
    if tp is bool:
        return st.booleans()
    if tp is int:
        return st.integers(-(2**53), 2**53)
    if tp is float:
        return st.floats(allow_nan=False, allow_infinity=False)
    if tp is When:
        return _whens_with_words(min_year=1900, max_year=2100)
    if tp is Any or tp is object:
        return json_values()
    if isinstance(tp, type) and issubclass(tp, Event):
        return _events_of([c for c in _kind_classes() if issubclass(c, tp)], depth + 1)
    if isinstance(tp, type) and hasattr(tp, "__timeline_spec__"):
        return _record_strategy(tp)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return st.sampled_from(tuple(tp))
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is typing.Union or origin is types.UnionType:
        rest = [a for a in args if a is not type(None)]
        inner = st.one_of([_type_strategy(a, depth) for a in rest])
        return st.none() | inner if len(rest) < len(args) else inner
    if origin is typing.Literal:
        return st.sampled_from(args)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return st.lists(_type_strategy(args[0], depth), max_size=3).map(tuple)
    if origin is tuple and args:
        return st.tuples(*(_type_strategy(a, depth) for a in args))
    if origin in (frozenset, set, AbstractSet):
        item = _type_strategy(args[0], depth) if args else json_values()
        return st.frozensets(item, max_size=3)
    if origin is FrozenDict or origin in (dict, Mapping) or tp in (dict, Mapping, FrozenDict):
        value = args[-1] if args else Any
        return st.dictionaries(_one_line(8), _type_strategy(value, depth), max_size=3)
    raise TypeError(f"no strategy for field type {tp!r}")


def _record_strategy(cls: type) -> st.SearchStrategy[Any]:
    known: dict[type, Callable[[], st.SearchStrategy[Any]]] = {
        Citation: citations,
        Source: sources,
        Figure: figures,
        Grade: _grades,
        Actor: lambda: st.builds(
            Actor, id=slugs(), name=slugs(), aliases=st.lists(slugs(), max_size=2)
        ),
        Place: lambda: st.builds(
            Place, id=slugs(), name=slugs(), aliases=st.lists(slugs(), max_size=2)
        ),
    }
    if cls in known:
        return known[cls]()
    return _built(cls, 0)


def _built(cls: type, depth: int, **fixed: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Instances of an attrs class from its codec plan: required fields always, others maybe."""
    hints = typing.get_type_hints(cls)
    fields = [f for f in attrs.fields(cls) if f.init]

    @st.composite
    def build(draw: st.DrawFn) -> Any:
        # A kind may have rules its annotations cannot say: try a few draws
        # before giving up on the example, so lists of events rarely reject.
        for _ in range(_ATTEMPTS):
            kwargs: dict[str, Any] = {}
            for field in fields:
                if field.name in fixed:
                    value = draw(fixed[field.name])
                    if value is not None or field.default is None:
                        kwargs[field.name] = value
                    continue
                required = field.default is attrs.NOTHING
                if required or draw(st.booleans()):
                    kwargs[field.name] = draw(_type_strategy(hints[field.name], depth))
            try:
                return cls(**kwargs)
            except TimelineError:
                continue
        reject()

    return build()


_ATTEMPTS = 5


def _kind_classes() -> list[type[Event]]:
    return [kind_class(name) for name in _kind_names()]


def _kind_names() -> list[str]:
    names = sorted(kinds())
    names.remove("event")
    return ["event", *names]


def _events_of(classes: Sequence[type[Event]], depth: int) -> st.SearchStrategy[Event]:
    registry = tuple(f"{name}={id(kind_class(name))}" for name in _kind_names())
    return _events_of_cached(tuple(cls.kind for cls in classes), depth, registry)


@lru_cache(maxsize=256)
def _events_of_cached(
    names: tuple[str, ...], depth: int, registry: tuple[str, ...]
) -> st.SearchStrategy[Event]:
    """Strategies by kind name, cached while the registry stays the same."""
    return st.one_of([_event_strategy(kind_class(name), depth) for name in names])


@lru_cache(maxsize=1)
def _base_fields() -> dict[str, st.SearchStrategy[Any]]:
    return {
        "id": st.none() | slugs(),
        "when": _whens_with_words(min_year=1900, max_year=2100),
        "summary": _one_line(40),
        "actors": st.lists(slugs(), max_size=3),
        "places": st.lists(slugs(), max_size=3),
        "citations": st.lists(citations(), max_size=2),
        "tags": st.frozensets(slugs(), max_size=3),
        "data": st.dictionaries(_one_line(8), json_values(), max_size=3),
        "constraints": st.just(()) | st.lists(_constraints(), min_size=1, max_size=2),
    }


def _constraints() -> st.SearchStrategy[Any]:
    return constraints()


def _event_strategy(cls: type[Event], depth: int) -> st.SearchStrategy[Event]:
    custom = _KIND_STRATEGIES.get(cls.kind)
    if custom is not None and custom[0] is cls:
        return custom[1]
    base = dict(_base_fields())
    if issubclass(cls, Claim):
        base["target"] = slugs()
        base["figures"] = st.dictionaries(slugs(), figures(), max_size=3)
    if issubclass(cls, Retraction):
        base["target"] = slugs()
    if issubclass(cls, Contradiction):
        base["claims"] = st.lists(slugs(), min_size=2, max_size=3, unique=True)
    if issubclass(cls, Correction):
        return _corrections(cls, base, depth)
    return _built(cls, depth, **base)


def _corrections(
    cls: type[Correction], base: dict[str, st.SearchStrategy[Any]], depth: int
) -> st.SearchStrategy[Event]:
    others = [c for c in _kind_classes() if not issubclass(c, Correction)]

    @st.composite
    def build(draw: st.DrawFn) -> Event:
        target = draw(slugs())
        fields: dict[str, st.SearchStrategy[Any]] = {
            "target": st.just(target),
            "replacement": st.none(),
            "changes": st.none(),
        }
        if depth < 2 and draw(st.booleans()):
            original = draw(_events_of(others, depth + 1))
            fields["replacement"] = st.just(attrs.evolve(original, id=target))
        else:
            fields["changes"] = st.fixed_dictionaries({"summary": _one_line(30)})
        event: Event = draw(_built(cls, depth, **{**base, **fields}))
        return event

    return build()


_KIND_STRATEGIES: dict[str, tuple[type[Event], st.SearchStrategy[Event]]] = {}


def register_kind_strategy(cls: type[Event], strategy: st.SearchStrategy[Event]) -> None:
    """Make :func:`events` draw kind ``cls`` from ``strategy`` instead of its annotations.

    For kinds whose fields have rules the annotations cannot say (a domain
    pack's cross-field checks, say). ``strategy`` must only give ``cls`` events.
    """
    if kind_class(cls.kind) is not cls:
        raise TypeError(f"{cls!r} is not the registered class of kind {cls.kind!r}")
    _KIND_STRATEGIES[cls.kind] = (cls, strategy)
    _events_of_cached.cache_clear()


def events(
    kinds: Sequence[str | type[Event]] | None = None,
) -> st.SearchStrategy[Event]:
    """Events of every registered kind (or only ``kinds``, by name or class).

    Covers the base ``"event"``, :class:`~timeline.Claim`,
    :class:`~timeline.Correction`, :class:`~timeline.Retraction`,
    :class:`~timeline.Contradiction` and every user-defined kind registered
    when the strategy draws; user kinds' own fields are drawn from their
    annotations. Ids are sometimes given, sometimes generated; ``when``
    sometimes keeps a phrase and a hint. Shrinks toward a plain ``"event"``.
    """

    @st.composite
    def build(draw: st.DrawFn) -> Event:
        if kinds is None:
            classes = _kind_classes()
        else:
            classes = [k if isinstance(k, type) else kind_class(k) for k in kinds]
        event: Event = draw(_events_of(classes, 0))
        return event

    return build()
