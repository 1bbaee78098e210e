"""Who said what: sources, grades, stances, citations and reported figures.

Facts are claims. A :class:`Citation` ties a claim to the :class:`Source` that
made it, with the source's :class:`Stance` (it asserts, denies or declines to
confirm), when it reported, and optionally a URL, a short quote, the credibility
of this particular claim and the claims it contradicts. Grades follow the
Admiralty scale (NATO AJP-2.1): the reliability of a source (A–F) and the
credibility of one piece of information (1–6) are graded independently; a
:class:`Grade` carries any other scale.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from timeline.errors import EventError
from timeline.events._errors import error_at
from timeline.events._frozen import FrozenDict
from timeline.events._plans import RecordSpec
from timeline.events._specs import INT, STR, WHEN, _Enum, _Map, _Optional, _Tuple, _Union
from timeline.time.when import When

__all__ = [
    "Citation",
    "Credibility",
    "Figure",
    "Grade",
    "Reliability",
    "Source",
    "SourceKind",
    "Stance",
]


class Reliability(enum.Enum):
    """Admiralty source reliability, A (completely reliable) to F (cannot be judged)."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"

    @property
    def scale(self) -> str:
        """The scale's name: ``"admiralty"``."""
        return "admiralty"

    @property
    def description(self) -> str:
        """The grade's standard wording (``"Usually reliable"`` for B)."""
        return _RELIABILITY[self.value]

    def __str__(self) -> str:
        return f"{self.value} ({self.description})"


_RELIABILITY = {
    "A": "Completely reliable",
    "B": "Usually reliable",
    "C": "Fairly reliable",
    "D": "Not usually reliable",
    "E": "Unreliable",
    "F": "Reliability cannot be judged",
}


class Credibility(enum.IntEnum):
    """Admiralty information credibility, 1 (confirmed) to 6 (truth cannot be judged)."""

    CONFIRMED = 1
    PROBABLY_TRUE = 2
    POSSIBLY_TRUE = 3
    DOUBTFUL = 4
    IMPROBABLE = 5
    CANNOT_BE_JUDGED = 6

    @property
    def scale(self) -> str:
        """The scale's name: ``"admiralty"``."""
        return "admiralty"

    @property
    def description(self) -> str:
        """The grade's standard wording (``"Probably true"`` for 2)."""
        return _CREDIBILITY[self.value]

    def __str__(self) -> str:
        return f"{self.value} ({self.description})"


_CREDIBILITY = {
    1: "Confirmed by other sources",
    2: "Probably true",
    3: "Possibly true",
    4: "Doubtful",
    5: "Improbable",
    6: "Truth cannot be judged",
}


def _text(value: Any, where: str) -> str | None:
    if value is None:
        return None
    return STR.convert(value, where)  # type: ignore[no-any-return]


def _to_scale(value: str) -> str:
    return STR.convert(value, "scale")  # type: ignore[no-any-return]


def _to_grade_value(value: str) -> str:
    return STR.convert(value, "value")  # type: ignore[no-any-return]


def _to_name(value: str) -> str:
    return STR.convert(value, "name")  # type: ignore[no-any-return]


def _to_description(value: str | None) -> str | None:
    return _text(value, "description")


def _to_affiliation(value: str | None) -> str | None:
    return None if value is None else check_id(value, "affiliation")


def _to_url(value: str | None) -> str | None:
    return _text(value, "url")


def _to_quote(value: str | None) -> str | None:
    return _text(value, "quote")


def _to_via(value: str | None) -> str | None:
    return None if value is None else check_id(value, "via")


def _to_text(value: str | None) -> str | None:
    return _text(value, "text")


@attrs.frozen(kw_only=True)
class Grade:
    """A grade on another scale: ``Grade(scale="ic-confidence", value="moderate")``."""

    scale: str = attrs.field(converter=_to_scale)
    """The scale's name."""
    value: str = attrs.field(converter=_to_grade_value)
    """The grade on that scale."""
    description: str | None = attrs.field(default=None, converter=_to_description)
    """Optional wording of the grade."""

    def __attrs_post_init__(self) -> None:
        if not self.scale or not self.value:
            raise EventError(
                f"Grade: scale and value must not be empty, got {self!r}", where="Grade"
            )

    @staticmethod
    def __timeline_spec__() -> RecordSpec:
        """The codec's spec for this record."""
        return RecordSpec(Grade)


class Stance(enum.Enum):
    """What a source says about a claim. Keep nuance in the citation's quote."""

    ASSERTS = "asserts"
    """The source states the claim (or confirms it)."""
    DENIES = "denies"
    """The source states that the claim is false."""
    DECLINES_TO_CONFIRM = "declines_to_confirm"
    """The source is in a position to know but does not confirm (or comments on nothing)."""

    def __str__(self) -> str:
        return self.value.replace("_", " ")


class SourceKind(enum.Enum):
    """What kind of source speaks."""

    GOVERNMENT = "government"
    MINISTRY = "ministry"
    MILITARY = "military"
    OFFICIAL = "official"
    PERSON = "person"
    RESIDENT = "resident"
    MONITOR = "monitor"
    NGO = "ngo"
    NEWS_AGENCY = "news_agency"
    MEDIA = "media"
    ANONYMOUS = "anonymous"
    OTHER = "other"

    def __str__(self) -> str:
        return self.value.replace("_", " ")


_RELIABILITY_SPEC = _Optional(_Union((_Enum(Reliability), RecordSpec(Grade))))
_CREDIBILITY_SPEC = _Optional(_Union((_Enum(Credibility), RecordSpec(Grade))))
_SOURCE_KIND = _Enum(SourceKind)
_STANCE = _Enum(Stance)
_OPT_WHEN = _Optional(WHEN)
_STR_TUPLE = _Tuple(STR)


def _to_reliability(value: Reliability | Grade | str | None) -> Reliability | Grade | None:
    if value is None:
        return None
    return _RELIABILITY_SPEC.convert(value, "reliability")  # type: ignore[no-any-return]


def _to_credibility(value: Credibility | Grade | int | None) -> Credibility | Grade | None:
    if value is None:
        return None
    return _CREDIBILITY_SPEC.convert(value, "credibility")  # type: ignore[no-any-return]


def _to_source_kind(value: SourceKind | str) -> SourceKind:
    return _SOURCE_KIND.convert(value, "kind")  # type: ignore[no-any-return]


def _to_stance(value: Stance | str) -> Stance:
    if type(value) is Stance:
        return value
    return _STANCE.convert(value, "stance")  # type: ignore[no-any-return]


def _to_opt_when(value: When | str | None) -> When | None:
    if value is None or type(value) is When:
        return value
    return _OPT_WHEN.convert(value, "reported")  # type: ignore[no-any-return]


def _to_refs(value: Iterable[str]) -> tuple[str, ...]:
    if value == ():
        return ()
    return _STR_TUPLE.convert(value, "contradicts")  # type: ignore[no-any-return]


def _to_id(value: str) -> str:
    if type(value) is str and value and value.isprintable() and value.strip() == value:
        return value
    return check_id(value, "id")


def check_id(value: Any, where: str) -> str:
    """``value`` if it is a usable id: a non-empty printable string, no surrounding space."""
    if type(value) is not str:
        value = STR.convert(value, where)
    if not value or not value.isprintable() or value != value.strip():
        raise error_at(
            where,
            f"{value!r} is not a usable id; expected a non-empty string of printable "
            "characters without surrounding spaces",
        )
    return value  # type: ignore[no-any-return]


@attrs.frozen(kw_only=True)
class Source:
    """Who reports: a government, ministry, monitor, news agency, person, resident...

    ``Source(id="sohr", name="Syrian Observatory for Human Rights",
    kind="monitor", reliability="C")``. ``affiliation`` names the actor the
    source speaks for, if any (the Turkish defence ministry speaks for Turkey).
    """

    id: str = attrs.field(converter=_to_id)
    """Stable id that citations name."""
    name: str = attrs.field(converter=_to_name)
    """Display name."""
    kind: SourceKind = attrs.field(default=SourceKind.OTHER, converter=_to_source_kind)
    """What kind of source it is."""
    reliability: Reliability | Grade | None = attrs.field(default=None, converter=_to_reliability)
    """Admiralty reliability A–F (or a :class:`Grade` on another scale), if graded."""
    affiliation: str | None = attrs.field(default=None, converter=_to_affiliation)
    """Id of the actor the source speaks for, if any."""
    url: str | None = attrs.field(default=None, converter=_to_url)
    """Where the source can be found, if anywhere."""

    @staticmethod
    def __timeline_spec__() -> RecordSpec:
        """The codec's spec for this record."""
        return RecordSpec(Source)


@attrs.frozen(kw_only=True)
class Citation:
    """One source's stance on the claim an event makes.

    ``Citation(source="erdogan", stance=Stance.ASSERTS, reported=When.parse("2020-02-03"))``.
    ``contradicts`` holds references to claims this one contradicts: an event id,
    or ``"event-id#source-id"`` for one source's citation on that event.
    ``via`` names the source that relayed it (sources close to the government
    *told dpa*).
    """

    source: str = attrs.field(converter=_to_id)
    """Id of the :class:`Source` that makes (or refuses) the claim."""
    stance: Stance = attrs.field(default=Stance.ASSERTS, converter=_to_stance)
    """Asserts, denies or declines to confirm."""
    reported: When | None = attrs.field(
        default=None,
        converter=_to_opt_when,
        eq=lambda w: w if w is None else (w, w.phrase),
    )
    """When the source reported it (a fact about the source, not the event)."""
    url: str | None = attrs.field(default=None, converter=_to_url)
    """Where the report is, if online."""
    quote: str | None = attrs.field(default=None, converter=_to_quote)
    """A short quote of what the source said."""
    credibility: Credibility | Grade | None = attrs.field(default=None, converter=_to_credibility)
    """Admiralty credibility 1–6 of this claim (or a :class:`Grade`), if graded."""
    via: str | None = attrs.field(default=None, converter=_to_via)
    """Id of the source that relayed the report, if it came second hand."""
    contradicts: tuple[str, ...] = attrs.field(default=(), converter=_to_refs)
    """References of the claims this one contradicts (``"event-id"`` or ``"event-id#source"``)."""

    @property
    def ref_source(self) -> str:
        """The suffix that addresses this citation inside an event: ``"#" + source``."""
        return "#" + self.source

    @staticmethod
    def __timeline_spec__() -> RecordSpec:
        """The codec's spec for this record."""
        return RecordSpec(Citation)


def _to_opt_int(value: int | None) -> int | None:
    return _OPT_INT.convert(value, "figure bound")  # type: ignore[no-any-return]


_OPT_INT = _Optional(INT)


def _to_parts(value: Mapping[str, Figure | int]) -> FrozenDict[Figure]:
    return _PARTS.convert(value, "parts")  # type: ignore[no-any-return]


@attrs.frozen(kw_only=True)
class Figure:
    """A reported number with honest bounds: exact, at least, at most, or between.

    ``Figure.exact(13, parts={"idlib": 8, "latakia": 3, "hama": 2})``;
    ``Figure(high=1_000_000, text="nearly 1 million")``. ``text`` keeps the
    words reported; ``parts`` a breakdown (by place, side, category).
    """

    low: int | None = attrs.field(default=None, converter=_to_opt_int)
    """The least it may be (``None``: no lower bound stated)."""
    high: int | None = attrs.field(default=None, converter=_to_opt_int)
    """The most it may be (``None``: no upper bound stated)."""
    text: str | None = attrs.field(default=None, converter=_to_text)
    """The words reported ("at least 8", "nearly 1 million")."""
    parts: FrozenDict[Figure] = attrs.field(factory=FrozenDict, converter=_to_parts)
    """A breakdown, name to figure."""

    def __attrs_post_init__(self) -> None:
        if self.low is None and self.high is None and self.text is None:
            raise EventError(
                "Figure: give low, high or text; an empty figure says nothing", where="Figure"
            )
        if self.low is not None and self.high is not None and self.low > self.high:
            raise EventError(f"Figure: low {self.low} is above high {self.high}", where="Figure")

    @classmethod
    def exact(cls, value: int, *, text: str | None = None, parts: Any = None) -> Figure:
        """Exactly ``value``."""
        return cls(low=value, high=value, text=text, parts=parts or {})

    @classmethod
    def at_least(cls, value: int, *, text: str | None = None) -> Figure:
        """``value`` or more ("at least 8")."""
        return cls(low=value, text=text)

    @classmethod
    def between(cls, low: int, high: int, *, text: str | None = None) -> Figure:
        """From ``low`` to ``high`` inclusive ("3-4 million")."""
        return cls(low=low, high=high, text=text)

    @property
    def is_exact(self) -> bool:
        """Whether low and high are the same number."""
        return self.low is not None and self.low == self.high

    def __str__(self) -> str:
        if self.text is not None:
            return self.text
        if self.is_exact:
            return str(self.low)
        if self.high is None:
            return f"at least {self.low}"
        if self.low is None:
            return f"at most {self.high}"
        return f"{self.low}–{self.high}"

    @staticmethod
    def __timeline_spec__() -> _FigureSpec:
        """The codec's spec for this record (an exact bare figure encodes as a number)."""
        return _FIGURE


class _FigureSpec(RecordSpec):
    __slots__ = ()

    def convert(self, value: Any, where: str) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return Figure(low=value, high=value)
        return super().convert(value, where)

    def encode(self, value: Any) -> Any:
        if (
            value.low is not None
            and value.low == value.high
            and value.text is None
            and not value.parts
        ):
            return value.low
        return super().encode(value)


_FIGURE = _FigureSpec(Figure)
_PARTS = _Map(_FIGURE)
