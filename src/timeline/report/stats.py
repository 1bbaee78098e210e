"""Counts over a record: :func:`stats_of` (what ``timeline stats`` prints).

From Python, pass the records of a store::

    from timeline.report import stats_of

    counts = stats_of(list(store.read_all()))
    counts["events"], counts["kinds"], counts["first"], counts["last"]
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from timeline.events import CatalogEvent, Claim, Contradiction, Correction, Retraction
from timeline.store import Recorded
from timeline.time import End, When

__all__ = ["stats_of"]


def stats_of(records: Sequence[Recorded]) -> dict[str, Any]:
    """Counts of ``records``: events by stream, kind, precision, source; the time covered.

    The result is a plain dict, ready for JSON (``timeline stats --json`` prints it):

    * ``events``: how many records of the world's events: the catalog (declarations,
      stream settings, :class:`~timeline.events.CatalogEvent`) is not counted
      anywhere; ``head``: the last record's position (0 when none);
    * ``streams``, ``kinds``, ``precisions``, ``sources``: counts by each, sorted by name
      (an event citing two sources counts once for each);
    * ``uncited``: events citing no source (corrections, retractions and
      contradictions are not asked for one); ``uncertain_or_approximate``: events
      whose date is uncertain or approximate; ``claims``: claim events;
    * ``first`` / ``last``: the valid time covered, from the earliest known start to
      the latest known end, as displayed dates (``"late 2012"``), or ``None``;
      events whose start or end is open (``..``) or unknown (empty) are never
      bounds, and count apart in ``open_start``, ``unknown_start``, ``open_end``
      and ``unknown_end``;
    * ``recorded_from`` / ``recorded_to``: the first and last recorded times
      (ISO, UTC, to the second), or ``None``.
    """
    by_stream: dict[str, int] = {}
    by_kind: dict[str, int] = {}
    by_precision: dict[str, int] = {}
    by_source: dict[str, int] = {}
    uncited = uncertain = 0
    first: When | None = None
    last: When | None = None
    ends = {"open_start": 0, "unknown_start": 0, "open_end": 0, "unknown_end": 0}
    head = records[-1].position if records else 0
    records = [r for r in records if not isinstance(r.event, CatalogEvent)]
    for recorded in records:
        event = recorded.event
        by_stream[recorded.stream] = by_stream.get(recorded.stream, 0) + 1
        by_kind[event.kind] = by_kind.get(event.kind, 0) + 1
        precision = str(event.when.precision)
        by_precision[precision] = by_precision.get(precision, 0) + 1
        for source in event.sources():
            by_source[source] = by_source.get(source, 0) + 1
        if not event.citations and not isinstance(event, Correction | Retraction | Contradiction):
            uncited += 1
        if event.when.uncertain or event.when.approximate:
            uncertain += 1
        start, end = event.when.start, event.when.end
        if isinstance(start, End):
            ends["open_start" if start is End.OPEN else "unknown_start"] += 1
        elif first is None or start.sort_key < first.sort_key:
            first = start
        if isinstance(end, End):
            ends["open_end" if end is End.OPEN else "unknown_end"] += 1
        elif last is None or _end_key(end) > _end_key(last):
            last = end
    return {
        "events": len(records),
        "head": head,
        "streams": dict(sorted(by_stream.items())),
        "kinds": dict(sorted(by_kind.items())),
        "precisions": dict(sorted(by_precision.items())),
        "sources": dict(sorted(by_source.items())),
        "uncited": uncited,
        "uncertain_or_approximate": uncertain,
        "claims": by_kind.get(Claim.kind, 0),
        "first": None if first is None else first.display(),
        "last": None if last is None else last.display(),
        **ends,
        "recorded_from": _iso(records[0].recorded_at) if records else None,
        "recorded_to": _iso(records[-1].recorded_at) if records else None,
    }


def _end_key(when: When) -> float:
    """Where ``when`` ends, for comparing ends; an unbounded end is the latest."""
    hi = when.latest_ts
    return float("inf") if hi is None else hi


def _iso(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
