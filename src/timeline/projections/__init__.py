"""Projections: folds over the store, chronologies and snapshots at any date.

Modules, from the bottom up (each imports only those above it in this list):

* :mod:`~timeline.projections.projection`: the :class:`Projection` protocol,
  :class:`MergeableProjection` and :func:`fold`.
* :mod:`~timeline.projections.resolver`: the one place where corrections,
  retractions and claims are resolved (:class:`Resolver`,
  :func:`effective_events`).
* :mod:`~timeline.projections.catalog`: :class:`Catalog`, the sources,
  actors, places and stream settings the record declares.
* :mod:`~timeline.projections.snapshots`: :func:`snapshot` and
  :class:`Snapshot`, the state at valid time ``at`` as known at ``known_at``.
* :mod:`~timeline.projections.chronology`: :class:`Chronology`, the
  valid-time index with window queries, filters, grouping and paging, and
  :class:`SnapshotIndex`, snapshots from checkpoints along it.
* :mod:`~timeline.projections.fold`: the runners, :func:`replay` and
  :class:`LiveProjection`.
* :mod:`~timeline.projections.table`: events as a table (the columns of
  ``Chronology.to_frame()`` and ``Snapshot.to_frame()``), built for pandas or
  polars; it sits below the snapshots and the chronology, which call it.

The underscore modules hold what several of them share: the clocks and
argument checks (``_records``), record selection (``_select``), valid times
as instants (``_instants``), the valid-time index (``_index``), checkpoints
(``_checkpoints``), block summaries for mergeable projections
(``_summaries``), query filters (``_filters``) and calendar buckets
(``_buckets``).
"""

import warnings
from typing import Any

from timeline.errors import MissingExtraError
from timeline.projections._instants import ValidTime
from timeline.projections.catalog import Catalog, Declared
from timeline.projections.chronology import (
    Chronology,
    Cursor,
    Group,
    GroupBy,
    Match,
    Page,
    SnapshotIndex,
)
from timeline.projections.fold import (
    CorrectionWarning,
    KnownAt,
    LiveProjection,
    Order,
    Projection,
    ProjectionError,
    Records,
    Resolver,
    claims_by_target,
    effective_events,
    fold,
    known_position,
    replay,
    valid_key,
)
from timeline.projections.projection import MergeableProjection
from timeline.projections.resolver import ConstraintWarning
from timeline.projections.snapshots import Snapshot, snapshot

__all__ = [
    "Catalog",
    "Chronology",
    "ConstraintWarning",
    "CorrectionWarning",
    "Cursor",
    "Declared",
    "Group",
    "GroupBy",
    "KnownAt",
    "LiveProjection",
    "Match",
    "MergeableProjection",
    "MissingExtraError",
    "Order",
    "Page",
    "Projection",
    "ProjectionError",
    "Records",
    "Resolver",
    "Snapshot",
    "SnapshotIndex",
    "ValidTime",
    "claims_by_target",
    "effective_events",
    "fold",
    "known_position",
    "replay",
    "snapshot",
    "valid_key",
]


def __getattr__(name: str) -> Any:
    # ``run`` is the old name of ``replay``, kept for one release.
    if name == "run":
        warnings.warn(
            "timeline.projections.run is deprecated; use timeline.projections.replay",
            DeprecationWarning,
            stacklevel=2,
        )
        return replay
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
