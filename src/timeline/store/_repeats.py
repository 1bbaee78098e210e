"""Sorting a batch into new events and repeats of recorded ones (private to ``timeline.store``)."""

from __future__ import annotations

from collections.abc import Mapping

from timeline import codec
from timeline.errors import DuplicateEventError
from timeline.events import Event

Known = Mapping[str, tuple[str, int, Event | None]]
"""Recorded event ids -> (stream, position, event; ``None`` if it cannot be read back)."""


def _same_content(recorded: Event | None, new: Event) -> bool:
    """Whether two events with the same id have identical content."""
    if recorded is None:
        return False
    return recorded == new or codec.dumps(recorded) == codec.dumps(new)


def _sort_repeats(
    stream: str, events: list[Event], ids: list[str], known: Known, head: int
) -> tuple[list[Event], list[str], tuple[int, ...]]:
    """Split a batch into its new events (and their ids) and a position for every event.

    An id already recorded in ``stream`` with identical content, or repeated
    identically inside the batch, takes its existing position; anything else
    under a used id raises :class:`DuplicateEventError`.
    """
    new: list[Event] = []
    new_ids: list[str] = []
    positions: list[int] = []
    in_batch: dict[str, tuple[Event, int]] = {}
    for event, event_id in zip(events, ids, strict=True):
        found = known.get(event_id)
        if found is not None:
            known_stream, position, recorded = found
            if known_stream != stream or not _same_content(recorded, event):
                raise DuplicateEventError(event_id, known_stream, position, stream)
        elif event_id in in_batch:
            earlier, position = in_batch[event_id]
            if not _same_content(earlier, event):
                raise DuplicateEventError(event_id, stream, None, stream)
        else:
            position = head + len(new) + 1
            in_batch[event_id] = (event, position)
            new.append(event)
            new_ids.append(event_id)
        positions.append(position)
    return new, new_ids, tuple(positions)
