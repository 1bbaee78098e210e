"""What an event refers to: other events by id, the catalog's sources, actors and places, and names.

One definition of "a reference", so that every place that checks them (the
store on append, ``timeline validate``, the stream-file reader) asks the same
question of an event. A reference names the field it sits in, so an error can
point at it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

import attrs

from timeline.events.base import Event
from timeline.events.claims import Contradiction

__all__ = ["EVENT_REFERENCE_FIELDS", "Reference", "names_set_up", "references"]

#: Kind fields that name another event by id, whatever the kind (a claim's or a
#: correction's ``target``, a casualty report's ``incident``, an announcement's
#: ``announces``).
EVENT_REFERENCE_FIELDS: Final = ("target", "incident", "announces")

#: What a reference's id names: an event, a catalog entry, or a name of a kind's
#: namespace (``"agreement"``: see :attr:`timeline.Event.name_reference_fields`).
Target = str


@attrs.frozen
class Reference:
    """One id an event refers to.

    Attributes:
        field: where in the event: ``"target"``, ``"claims[1]"``, ``"citations[0].source"``.
        to: what the id names: ``"event"``, ``"source"``, ``"actor"``, ``"place"``,
            or a namespace of names (``"agreement"``).
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
    for name, namespace in type(event).name_reference_fields.items():
        value = getattr(event, name, None)
        if isinstance(value, str):
            yield Reference(name, namespace, value)
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                yield Reference(f"{name}[{i}]", namespace, item)


def names_set_up(event: Event) -> Iterator[tuple[str, str]]:
    """The ``(namespace, id)`` names ``event`` sets up through its kind's ``name_fields``.

    Examples:
        >>> from timeline import Event
        >>> list(names_set_up(Event(id="e", when="2020", summary="nothing named")))
        []
    """
    for name, namespace in type(event).name_fields.items():
        value = getattr(event, name, None)
        if isinstance(value, str):
            yield namespace, value
