"""Projections: folds over the store, chronologies and snapshots at any date.

* :mod:`~timeline.projections.fold`: the :class:`Projection` protocol, the
  runners (:func:`run`, :class:`LiveProjection`) and the one place where
  corrections and retractions are resolved (:class:`Resolver`,
  :func:`effective_events`).
"""

from timeline.projections.fold import (
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

__all__ = [
    "KnownAt",
    "LiveProjection",
    "Order",
    "Projection",
    "ProjectionError",
    "Resolver",
    "claims_by_target",
    "effective_events",
    "fold",
    "known_position",
    "run",
    "valid_key",
]
