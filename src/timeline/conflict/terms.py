"""Dated terms of an agreement: what it schedules, and whether each item is due at a time.

A :class:`Term` is one scheduled item of an agreement ("a ceasefire from 00:01
on 6 March", "joint patrols along the M4 from 15 March", "a corridor 6 km
either side of the M4"), with its own :class:`~timeline.When` and
:class:`TermKind`. A term is a plan, not an event: documents list it under
the agreement that sets it and apart from what happened, and a snapshot says
of it only whether it is *due* by then (:class:`TermStatus`), never that it
was carried out.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping
from typing import Any

import attrs

from timeline.conflict.fact import Fact
from timeline.errors import EventError
from timeline.events import RecordSpec
from timeline.time import Tri, When
from timeline.time.when import End

__all__ = ["Term", "TermKind", "TermState", "TermStatus", "term_due"]


class TermKind(enum.Enum):
    """What a dated term schedules."""

    CEASEFIRE_START = "ceasefire_start"
    """A ceasefire starts ("from 00:01 on 6 March")."""
    PATROLS = "patrols"
    """Patrols begin (joint patrols along a road, from a day)."""
    WITHDRAWAL_DEADLINE = "withdrawal_deadline"
    """Forces or weapons are to be withdrawn by a day."""
    ZONE = "zone"
    """A zone or corridor is set up (with its width, if given)."""
    OTHER = "other"
    """Any other scheduled item (say what in the summary)."""

    def __str__(self) -> str:
        return self.value.replace("_", " ")


class TermStatus(enum.Enum):
    """Whether a term is due at a time: its date has come, has not, or may have."""

    DUE = "due"
    """Its date has certainly come (it says nothing of whether it was carried out)."""
    NOT_YET_DUE = "not_yet_due"
    """Its date has certainly not come."""
    POSSIBLY_DUE = "possibly_due"
    """Its date (or the agreement setting it) straddles the time: it may or may not be due."""

    def __str__(self) -> str:
        return self.value.replace("_", " ")


def _to_kind(value: TermKind | str) -> TermKind:
    if isinstance(value, TermKind):
        return value
    try:
        return TermKind(value)
    except ValueError:
        expected = ", ".join(k.value for k in TermKind)
        raise EventError(
            f"Term.kind: unknown kind of term {value!r}; expected one of {expected}",
            field="kind",
            where="Term.kind",
        ) from None


def _to_when(value: When | str | Mapping[str, Any]) -> When:
    if isinstance(value, When):
        return value
    text: Any = value
    tz: Any = "UTC"
    extra: dict[str, Any] = {}
    if isinstance(value, Mapping):  # as the codec writes a When: {"text": ..., "tz": ...}
        text, tz = value.get("text"), value.get("tz", "UTC")
        extra = {k: value[k] for k in ("phrase", "hint") if k in value}
    if isinstance(text, str) and isinstance(tz, str):
        try:
            when = When.parse(text, tz=tz)
            return when.replace(**extra) if extra else when
        except Exception as exc:
            raise EventError(
                f"Term.when: cannot read {text!r} as a date: {exc}", field="when", where="Term.when"
            ) from exc
    raise EventError(
        f"Term.when: expected a When or EDTF text, got {type(value).__name__}",
        field="when",
        where="Term.when",
    )


def _text(name: str, *, optional: bool) -> Any:
    def check(instance: Any, attribute: Any, value: Any) -> None:
        if value is None and optional:
            return
        if not isinstance(value, str) or not value.strip():
            raise EventError(
                f"Term.{name}: expected a non-empty string, got {value!r}",
                field=name,
                where=f"Term.{name}",
            )

    return check


@attrs.frozen(kw_only=True)
class Term:
    """One dated term of an agreement: what it schedules, and when.

    ``Term(kind="patrols", when="2020-03-15", summary="Joint Russian–Turkish patrols
    along the M4", place="m4-highway")``. ``when`` is the day (or span) the
    term is set for; a span (``"2020-03-15/.."``) is due from its start.
    ``width_km`` (with ``each_side``: that far on each side of a line) is for
    a :attr:`TermKind.ZONE` only.
    """

    kind: TermKind = attrs.field(converter=_to_kind)
    """What it schedules."""
    when: When = attrs.field(converter=_to_when)
    """When it is set for (a span: from its start)."""
    summary: str = attrs.field(validator=_text("summary", optional=False))
    """What it schedules, in a line."""
    id: str | None = attrs.field(default=None, validator=_text("id", optional=True))
    """An id of your choosing, to name the term (optional)."""
    place: str | None = attrs.field(default=None, validator=_text("place", optional=True))
    """Where (a place id or name), if said."""
    width_km: float | None = attrs.field(default=None)
    """For a zone: its width in kilometres, if given."""
    each_side: bool = False
    """For a zone: the width is on each side of a line (a road, a front)."""

    def __attrs_post_init__(self) -> None:
        """Check the width: a zone's only, a positive number."""
        width = self.width_km
        if width is not None:
            if self.kind is not TermKind.ZONE:
                raise EventError(
                    f"Term.width_km: only a zone has a width; this term is {self.kind.value!r}",
                    field="width_km",
                    where="Term.width_km",
                )
            if (
                isinstance(width, bool)
                or not isinstance(width, int | float)
                or not math.isfinite(width)
                or width <= 0
            ):
                raise EventError(
                    f"Term.width_km: expected a positive number of kilometres, got {width!r}",
                    field="width_km",
                    where="Term.width_km",
                )
            if isinstance(width, int):
                object.__setattr__(self, "width_km", float(width))
        if not isinstance(self.each_side, bool):
            raise EventError(
                f"Term.each_side: expected true or false, got {self.each_side!r}",
                field="each_side",
                where="Term.each_side",
            )
        if self.each_side and self.width_km is None:
            raise EventError(
                "Term.each_side: give width_km with each_side",
                field="each_side",
                where="Term.each_side",
            )

    @property
    def due_from(self) -> When | End:
        """From when it is due: ``when`` itself, or the start of a lasting span."""
        when = self.when
        if when.is_interval and not when.is_point:
            return when.start
        return when

    def describe(self) -> str:
        """The term in words: ``"zone (6 km either side): A corridor along the M4"``."""
        kind = str(self.kind)
        if self.width_km is not None:
            width = f"{self.width_km:g} km"
            kind += f" ({width} either side)" if self.each_side else f" ({width} wide)"
        return f"{kind}: {self.summary}"

    @staticmethod
    def __timeline_spec__() -> RecordSpec:
        """The codec's spec for this record."""
        return RecordSpec(Term)


def term_due(term: Term, at: When) -> Tri:
    """Is ``term`` due by the end of ``at``? YES, NO, or MAYBE when its date straddles ``at``.

    The rule of snapshots (:func:`timeline.conflict.happened_by`), applied to
    :attr:`Term.due_from`: YES when it lies wholly at or before the end of
    ``at``, NO when it lies wholly after, MAYBE otherwise. A span with an
    open start is due; one whose start is unknown may be.
    """
    start = term.due_from
    if start is End.OPEN:
        return Tri.YES
    if not isinstance(start, When):
        return Tri.MAYBE
    cut = at.latest_ts
    if cut is None:
        return Tri.YES
    earliest, latest = start.bounds
    if latest <= cut:
        return Tri.YES
    if earliest >= cut:
        return Tri.NO
    return Tri.MAYBE


@attrs.frozen(kw_only=True)
class TermState(Fact):
    """A dated term as a snapshot sees it: which agreement set it, and whether it is due.

    The :class:`~timeline.conflict.fact.Fact` fields are those of the report
    that set it (an agreement signed or in force); ``certain`` is False when
    that report only possibly happened by then, and then a term whose date
    has come is only *possibly* due.
    """

    accord: str
    """Id of the agreement (or ceasefire) that sets it."""
    term: Term
    """The term."""
    due: Tri = Tri.MAYBE
    """Whether its date has come by then (YES, NO, MAYBE), whatever the report's certainty."""

    @property
    def status(self) -> TermStatus:
        """Due, not yet due, or possibly due (a due term of an uncertain report: possibly)."""
        if self.due is Tri.NO:
            return TermStatus.NOT_YET_DUE
        if self.due is Tri.YES and self.certain:
            return TermStatus.DUE
        return TermStatus.POSSIBLY_DUE

    @property
    def possible_statuses(self) -> frozenset[TermStatus]:
        """Every status it may be in: one when certain, else not yet due and due."""
        status = self.status
        if status is TermStatus.POSSIBLY_DUE:
            return frozenset({TermStatus.DUE, TermStatus.NOT_YET_DUE})
        return frozenset({status})
