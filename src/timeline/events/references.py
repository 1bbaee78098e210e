"""What an event refers to: other events by id, and the catalog's sources, actors and places.

One definition of "a reference", so that every place that checks them (the
store on append, ``timeline validate``, the stream-file reader) asks the same
question of an event. A reference names the field it sits in, so an error can
point at it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final, Literal

import attrs

from timeline.events.base import Event
from timeline.events.claims import Contradiction

__all__ = ["EVENT_REFERENCE_FIELDS", "Reference", "references"]

#: Kind fields that name another event by id, whatever the kind (a claim's or a
#: correction's ``target``, a casualty report's ``incident``, an announcement's
#: ``announces``).
EVENT_REFERENCE_FIELDS: Final = ("target", "incident", "announces")

Target = Literal["event", "source", "actor", "place"]


@attrs.frozen
class Reference:
    """One id an event refers to.

    Attributes:
        field: where in the event: ``"target"``, ``"claims[1]"``, ``"citations[0].source"``.
        to: what the id names: ``"event"``, ``"source"``, ``"actor"`` or ``"place"``.
        id: the id itself (for a claim reference ``"event-id#source-id"``, the event id).
    """

    field: str
    to: Target
    id: str


def references(event: Event) -> Iterator[Reference]:
    """Every reference ``event`` makes, in field order.

    Examples:
        >>> from timeline import Claim
        >>> claim = Claim(target="nairab", when="2020-02-03", summary="SOHR confirms",
        ...               citations=[{"source": "sohr"}])
        >>> for reference in references(claim):
        ...     print(reference.field, reference.to, reference.id)
        target event nairab
        citations[0].source source sohr
    """
    for name in EVENT_REFERENCE_FIELDS:
        value = getattr(event, name, None)
        if isinstance(value, str):
            yield Reference(name, "event", value)
    if isinstance(event, Contradiction):
        for i, claim in enumerate(event.claims):
            yield Reference(f"claims[{i}]", "event", claim.partition("#")[0])
    for i, constraint in enumerate(event.constraints):
        yield Reference(f"constraints[{i}].event", "event", constraint.event)
    for i, actor in enumerate(event.actors):
        yield Reference(f"actors[{i}]", "actor", actor)
    for i, place in enumerate(event.places):
        yield Reference(f"places[{i}]", "place", place)
    for c, citation in enumerate(event.citations):
        yield Reference(f"citations[{c}].source", "source", citation.source)
        for i, claim in enumerate(citation.contradicts):
            yield Reference(f"citations[{c}].contradicts[{i}]", "event", claim.partition("#")[0])
