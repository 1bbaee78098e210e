"""Lists of events a store accepts, in the order given.

A store refuses an event that names another event it does not hold (a claim's
``target``, a casualty report's ``incident``, the claims of a contradiction),
and, once it declares sources, actors or places, an event naming undeclared
ones. So a list drawn from :func:`~timeline.strategies.events` cannot always
be appended as it is. :func:`event_streams` points every such reference back
at an earlier event or declaration of the list, and leaves out an event that
has nothing earlier to point at or that would contradict the catalog.
"""

from __future__ import annotations

from typing import Any, cast

import attrs
from hypothesis import strategies as st

from timeline.errors import ConstraintError
from timeline.events import CatalogEvent, Claim, Contradiction, Correction, Event, Retraction
from timeline.events.catalog import declared_entry
from timeline.events.references import EVENT_REFERENCE_FIELDS, names_set_up, references
from timeline.strategies.values import events as any_events
from timeline.time.constraints import Box, Network, Statement

__all__ = ["event_streams"]


def event_streams(
    events: st.SearchStrategy[Event] | None = None, *, min_size: int = 0, max_size: int = 8
) -> st.SearchStrategy[list[Event]]:
    """Lists of events with distinct ids whose references name earlier events of the list.

    Append the list in one call, or event by event in its order, or cut it into
    batches: every prefix is a stream a store accepts. Declarations of sources,
    actors and places come first (and name no other entries), and later events
    name only declared ones of each declared kind. Draws from ``events``
    (default: :func:`~timeline.strategies.events`); an event whose reference
    has no earlier event to point at is left out, so the list may be shorter
    than ``min_size`` asks.

    Example::

        @given(event_streams())
        def test_my_projection(events):
            store = MemoryStore()
            store.append("s", events)
    """
    source = any_events() if events is None else events

    @st.composite
    def build(draw: st.DrawFn) -> list[Event]:
        pool = draw(
            st.lists(source, min_size=min_size, max_size=max_size, unique_by=lambda e: e.id)
        )
        # Declarations first, as a stream file appends them: an append's declarations
        # hold for its whole batch, so a later one would bind the events before it.
        pool = [
            attrs.evolve(event, actors=(), places=(), citations=())
            if isinstance(event, CatalogEvent)
            else event
            for event in sorted(pool, key=lambda event: not isinstance(event, CatalogEvent))
        ]
        stream: list[Event] = []
        declared: dict[str, dict[str, object]] = {"source": {}, "actor": {}, "place": {}}
        network = Network()
        names: dict[str, set[str]] = {}
        for event in pool:
            pointed = _point_back(draw, event, stream)
            if pointed is not None:
                pointed = _in_catalog(draw, pointed, declared)
            if pointed is not None:
                pointed = _named(draw, pointed, names)
            if pointed is not None:
                pointed = _holding(pointed, stream, network)
                stream.append(pointed)
                for namespace, name in names_set_up(pointed):
                    names.setdefault(namespace, set()).add(name)
        return stream

    return build()


def _point_back(draw: st.DrawFn, event: Event, earlier_events: list[Event]) -> Event | None:
    """``event`` with its references drawn from ``earlier``; ``None`` if it cannot have them."""
    earlier = [e.id for e in earlier_events]
    changes: dict[str, Any] = {}
    for name in EVENT_REFERENCE_FIELDS:
        if isinstance(getattr(event, name, None), str):
            if not earlier:
                field = attrs.fields_dict(type(event))[name]
                if field.default is not None:
                    return None  # a required reference with nothing to name
                changes[name] = None
            else:
                changes[name] = draw(st.sampled_from(earlier))
    if isinstance(event, Contradiction):
        if len(earlier) < 2:
            return None
        changes["claims"] = tuple(
            draw(st.lists(st.sampled_from(earlier), min_size=2, max_size=3, unique=True))
        )
    if event.constraints:
        plain = [e for e in earlier_events if _plain(e)]
        changes["constraints"] = (
            tuple(attrs.evolve(c, event=draw(st.sampled_from(plain)).id) for c in event.constraints)
            if plain and _plain(event)
            else ()
        )
    if isinstance(event, Correction) and event.replacement is not None and "target" in changes:
        changes["replacement"] = attrs.evolve(event.replacement, id=changes["target"])
    if any(citation.contradicts for citation in event.citations):
        changes["citations"] = tuple(
            attrs.evolve(
                citation,
                contradicts=tuple(draw(st.lists(st.sampled_from(earlier), max_size=2, unique=True)))
                if earlier
                else (),
            )
            for citation in event.citations
        )
    return attrs.evolve(event, **changes) if changes else event


def _plain(event: Event) -> bool:
    """Whether a constraint may name ``event`` (a dated event, not a control or declaration)."""
    return not isinstance(event, CatalogEvent | Correction | Retraction | Claim)


def _holding(event: Event, stream: list[Event], network: Network) -> Event:
    """``event``, or without its constraints if they cannot hold with those before."""
    if not event.constraints:
        return event
    by_id = {e.id: e for e in stream}
    items: list[tuple[str, Box, list[Statement]]] = [
        (c.event, by_id[c.event].when.box(), []) for c in event.constraints
    ]
    items.append((event.id, event.when.box(), [c.statement() for c in event.constraints]))
    try:
        network.add(items)
    except ConstraintError:
        return attrs.evolve(event, constraints=())
    return event


def _named(draw: st.DrawFn, event: Event, names: dict[str, set[str]]) -> Event | None:
    """``event`` with its name references (an agreement's ``amends``) drawn from ``names``."""
    changes: dict[str, Any] = {}
    for field, namespace in type(event).name_reference_fields.items():
        value = getattr(event, field, None)
        known = sorted(names.get(namespace, ()))
        if isinstance(value, tuple) and any(name not in known for name in value):
            changes[field] = (
                tuple(draw(st.lists(st.sampled_from(known), max_size=2, unique=True)))
                if known
                else ()
            )
        elif isinstance(value, str) and value not in known:
            if not known:
                return None  # a required name with nothing to name
            changes[field] = draw(st.sampled_from(known))
    return attrs.evolve(cast(Any, event), **changes) if changes else event


def _in_catalog(
    draw: st.DrawFn, event: Event, declared: dict[str, dict[str, object]]
) -> Event | None:
    """``event`` fitted to the catalog so far (and added to it); ``None`` if it cannot fit."""
    declaration = declared_entry(event)
    if declaration is not None:
        what, entity_id, entry = declaration
        other = {"actor": "place", "place": "actor"}.get(what)
        if other is not None and entity_id in declared[other]:
            return None  # an id names one entry
        current = declared[what].get(entity_id)
        if current is not None and current != entry and not getattr(event, "amends", False):
            event = attrs.evolve(cast(Any, event), amends=True)  # a declaration kind
        declared[what][entity_id] = entry
    changes: dict[str, Any] = {}
    for field, what in (("actors", "actor"), ("places", "place")):
        names = getattr(event, field)
        if declared[what] and any(name not in declared[what] for name in names):
            changes[field] = tuple(
                draw(st.lists(st.sampled_from(sorted(declared[what])), max_size=2, unique=True))
            )
    if declared["source"] and any(c.source not in declared["source"] for c in event.citations):
        sources = sorted(declared["source"])
        changes["citations"] = tuple(
            attrs.evolve(c, source=draw(st.sampled_from(sources))) for c in event.citations
        )
    if changes:
        event = attrs.evolve(event, **changes)
    for reference in references(event):  # a kind's own actor and place fields, say
        known = declared.get(reference.to)
        if known and reference.id not in known:
            return None
    return event
