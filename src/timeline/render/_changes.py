"""What a document says of an entry's past: its corrections step by step, and stated order.

Private to :mod:`timeline.render`: :mod:`timeline.render.document` builds its
entries with these, and re-exports :class:`CorrectionNote`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

import attrs

from timeline.errors import TimelineError
from timeline.events import Correction, Event
from timeline.projections import Resolver
from timeline.store import Recorded

__all__ = ["CorrectionNote", "Step", "correction_steps", "stated_order"]


@attrs.frozen
class CorrectionNote:
    """A correction applied to an entry: what it was before, and why it changed.

    Attributes:
        correction: the :class:`~timeline.events.Correction` event.
        before: the event as it stood before this correction.
        recorded_at: when the correction became known (its ``known_time``: the
            reported time of its report, else when the store recorded it).
        position: the correction's store position.
    """

    correction: Correction
    before: Event
    recorded_at: datetime
    position: int


@attrs.frozen
class Step:
    """One correction applied: its note (the event before it) and the event after it."""

    note: CorrectionNote
    after: Event


def correction_steps(original: Event, corrections: Sequence[Recorded]) -> list[Step]:
    """Each correction applied in turn: the event before it, and after."""
    steps = []
    event = original
    for recorded in corrections:
        fix = recorded.event
        if not isinstance(fix, Correction):
            continue
        try:
            after = fix.apply(event)
        except TimelineError:
            continue  # rejected: the resolver has said so (a note of the document)
        steps.append(
            Step(CorrectionNote(fix, event, recorded.known_time, recorded.position), after)
        )
        event = after
    return steps


def stated_order(event: Event, resolver: Resolver, originals: Mapping[str, Recorded]) -> str | None:
    """What the sources state of an event's order and date, when constraints narrow it."""
    stated = resolver.stated(event.id)
    if stated is None or (not event.constraints and stated == event.when):
        return None
    parts = [] if event.constraints else ["narrowed by the order other events state"]
    for constraint in event.constraints:
        other = originals.get(constraint.event)
        name = f"“{other.event.summary}”" if other is not None else constraint.event
        parts.append(constraint.describe(name))
    if stated != event.when or stated.phrase != event.when.phrase:
        parts.append(f"{stated.display()} by its sources")
    return "; ".join(parts) if parts else None
