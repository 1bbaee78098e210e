"""Small events for store tests: a fixed date, plain events and a user-defined kind."""

from __future__ import annotations

from typing import Any, Final

import attrs

from timeline.events import Event, kind
from timeline.time import When

__all__ = ["SAMPLE_WHEN", "SampleCapture", "make_event", "make_events"]

SAMPLE_WHEN: Final = When.from_edtf("2020-02-03")
"""The date of every sample event."""


@kind("timeline-testing.capture")
@attrs.frozen(kw_only=True)
class SampleCapture(Event):
    """A user-defined kind, to check that a store gives back the concrete class."""

    place: str
    by: str = ""


def make_event(event_id: str, summary: str = "something happened", **fields: Any) -> Event:
    """A plain :class:`~timeline.Event` with id ``event_id`` on :data:`SAMPLE_WHEN`.

    >>> make_event("nairab", "Nairab taken").id
    'nairab'
    """
    return Event(id=event_id, when=SAMPLE_WHEN, summary=summary, **fields)


def make_events(prefix: str, count: int) -> list[Event]:
    """``count`` distinct events with ids ``{prefix}-0``, ``{prefix}-1``...

    >>> make_events("a", 2)[1].id
    'a-1'
    """
    return [make_event(f"{prefix}-{i}", f"event {i} of {prefix}") for i in range(count)]
