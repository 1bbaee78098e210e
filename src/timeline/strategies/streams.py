"""Lists of events a store accepts, in the order given.

A store refuses an event that names another event it does not hold (a claim's
``target``, a casualty report's ``incident``, the claims of a contradiction),
so a list drawn from :func:`~timeline.strategies.events` cannot always be
appended as it is. :func:`event_streams` points every such reference back at
an earlier event of the list, and leaves out an event that has nothing earlier
to point at.
"""

from __future__ import annotations

from typing import Any

import attrs
from hypothesis import strategies as st

from timeline.events import Contradiction, Correction, Event
from timeline.events.references import EVENT_REFERENCE_FIELDS
from timeline.strategies.values import events as any_events

__all__ = ["event_streams"]


def event_streams(
    events: st.SearchStrategy[Event] | None = None, *, min_size: int = 0, max_size: int = 8
) -> st.SearchStrategy[list[Event]]:
    """Lists of events with distinct ids whose references name earlier events of the list.

    Append the list in one call, or event by event in its order, or cut it into
    batches: every prefix is a stream a store accepts. Draws from ``events``
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
        stream: list[Event] = []
        for event in pool:
            pointed = _point_back(draw, event, [earlier.id for earlier in stream])
            if pointed is not None:
                stream.append(pointed)
        return stream

    return build()


def _point_back(draw: st.DrawFn, event: Event, earlier: list[str]) -> Event | None:
    """``event`` with its references drawn from ``earlier``; ``None`` if it cannot have them."""
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
