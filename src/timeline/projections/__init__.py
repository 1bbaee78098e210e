"""Projections: folds over the store, chronologies and snapshots at any date.

* :mod:`~timeline.projections.fold`: the :class:`Projection` protocol, the
  runners (:func:`run`, :class:`LiveProjection`) and the one place where
  corrections and retractions are resolved (:class:`Resolver`,
  :func:`effective_events`).
* :mod:`~timeline.projections.chronology`: :class:`Chronology`, the
  valid-time index with window queries, filters, grouping and paging.
* :mod:`~timeline.projections.snapshot`: :func:`snapshot` and
  :class:`SnapshotIndex`, the state at valid time ``at`` as known at
  ``known_at``, from checkpoints.
"""

from timeline.projections._instants import ValidTime
from timeline.projections.chronology import Chronology, Cursor, Group, GroupBy, Match, Page
from timeline.projections.fold import (
    CorrectionWarning,
    KnownAt,
    LiveProjection,
    Order,
    Projection,
    ProjectionError,
    Resolver,
    claims_by_target,
    effective_events,
    fold,
    known_position,
    run,
    valid_key,
)
from timeline.projections.snapshot import Snapshot, SnapshotIndex, snapshot

__all__ = [
    "Chronology",
    "CorrectionWarning",
    "Cursor",
    "Group",
    "GroupBy",
    "KnownAt",
    "LiveProjection",
    "Match",
    "Order",
    "Page",
    "Projection",
    "ProjectionError",
    "Resolver",
    "Snapshot",
    "SnapshotIndex",
    "ValidTime",
    "claims_by_target",
    "effective_events",
    "fold",
    "known_position",
    "run",
    "snapshot",
    "valid_key",
]
