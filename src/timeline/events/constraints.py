"""A constraint: an event's order relative to another event, with an optional offset.

``Constraint(relation="after", event="idlib-ceasefire-took-effect")`` on the
collapse of a ceasefire says it came after the ceasefire took effect;
``Constraint(relation="after", event="nairab-taken", offset="2 days")`` says
at least two days after. An event keeps its constraints in
:attr:`Event.constraints <timeline.Event.constraints>`; the network that
narrows bounds with them is :class:`timeline.time.constraints.Network`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import attrs

from timeline.errors import TimelineError
from timeline.events._errors import error_at
from timeline.events._plans import RecordSpec
from timeline.events._specs import STR, _Literal
from timeline.events.sources import check_id
from timeline.time.constraints import RELATIONS, Relation, Statement, parse_offset

__all__ = ["Constraint"]

_RELATION = _Literal(RELATIONS)


def _to_relation(value: Any) -> Relation:
    if type(value) is str and value in RELATIONS:
        return value
    return _RELATION.convert(value, "relation")  # type: ignore[no-any-return]


def _to_event(value: Any) -> str:
    return check_id(value, "event")


def _to_offset(value: Any) -> str | None:
    if value is None:
        return None
    text = STR.convert(value, "offset")
    try:
        parse_offset(text)
    except TimelineError as exc:
        raise error_at("offset", exc.message) from None
    return text  # type: ignore[no-any-return]


@lru_cache(maxsize=256)
def _gap(offset: str) -> int:
    return parse_offset(offset)


@attrs.frozen(kw_only=True)
class Constraint:
    """One event's place relative to another: ``after``, ``before`` or ``during`` it.

    ``offset`` (``"2 days"``, ``"0 days"``, ``"6 hours"``) is the least time
    between the two: "after X, offset 2 days" begins at least two days after X
    ends. Without one, ``after`` and ``before`` mean only that the two do not
    overlap. ``during`` takes no offset.
    """

    relation: Relation = attrs.field(converter=_to_relation)
    """``"after"``, ``"before"`` or ``"during"``."""
    event: str = attrs.field(converter=_to_event)
    """The id of the other event (one recorded before, or in the same append)."""
    offset: str | None = attrs.field(default=None, converter=_to_offset)
    """The least time between the two, with its unit (``"2 days"``), as stated."""

    def __attrs_post_init__(self) -> None:
        """Refuse an offset on ``during``."""
        if self.relation == "during" and self.offset is not None:
            raise error_at("offset", f"{self.offset!r}: 'during' takes no offset")

    @property
    def gap(self) -> int:
        """The offset in seconds (0 without one)."""
        return 0 if self.offset is None else _gap(self.offset)

    def statement(self) -> Statement:
        """``(relation, event, gap)``, as :class:`~timeline.time.constraints.Network` takes it."""
        return (self.relation, self.event, self.gap)

    def describe(self, name: str | None = None) -> str:
        """Words for the constraint: ``"2 days after nairab-taken"`` (``name`` replaces the id)."""
        other = self.event if name is None else name
        if self.offset is None or self.relation == "during":
            return f"{self.relation} {other}"
        return f"at least {self.offset} {self.relation} {other}"

    @staticmethod
    def __timeline_spec__() -> RecordSpec:
        """The codec's spec for this record."""
        return RecordSpec(Constraint)
