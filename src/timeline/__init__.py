"""timeline: event-sourced chronologies of real-world events.

Record what happened as an append-only stream of events with honest, partial
dates and sourced claims; project it into chronologies and snapshots; render
those into documents people read.
"""

import warnings
from typing import Any

from timeline import codec
from timeline.errors import LocalTimeError, TimelineError, WhenError
from timeline.events import (
    Actor,
    ActorDeclared,
    CatalogEvent,
    Citation,
    Claim,
    Constraint,
    Contradiction,
    Correction,
    Credibility,
    DecodeError,
    EntityError,
    Event,
    EventError,
    Figure,
    FrozenDict,
    Gazetteer,
    Grade,
    KindError,
    Place,
    PlaceDeclared,
    Reliability,
    Retired,
    Retraction,
    Source,
    SourceDeclared,
    SourceKind,
    Stance,
    StreamSettings,
    UnknownKindError,
    kind,
    kind_class,
    kinds,
)
from timeline.projections import (
    Catalog,
    Chronology,
    LiveProjection,
    MergeableProjection,
    Projection,
    ProjectionError,
    Snapshot,
    SnapshotIndex,
    fold,
    replay,
    snapshot,
)
from timeline.store import (
    ANY,
    EXISTS,
    NO_STREAM,
    AppendResult,
    ConcurrencyError,
    DuplicateEventError,
    EventStore,
    MemoryStore,
    PostgresStore,
    Recorded,
    SQLiteStore,
    StoreError,
    StoreFormatError,
    open_store,
)
from timeline.time import End, Precision, Tri, When, resolve

__version__ = "0.1.0.dev0"

__all__ = [
    "ANY",
    "EXISTS",
    "NO_STREAM",
    "Actor",
    "ActorDeclared",
    "AppendResult",
    "Catalog",
    "CatalogEvent",
    "Chronology",
    "Citation",
    "Claim",
    "ConcurrencyError",
    "Constraint",
    "Contradiction",
    "Correction",
    "Credibility",
    "DecodeError",
    "DuplicateEventError",
    "End",
    "EntityError",
    "Event",
    "EventError",
    "EventStore",
    "Figure",
    "FrozenDict",
    "Gazetteer",
    "Grade",
    "KindError",
    "LiveProjection",
    "LocalTimeError",
    "MemoryStore",
    "MergeableProjection",
    "Place",
    "PlaceDeclared",
    "PostgresStore",
    "Precision",
    "Projection",
    "ProjectionError",
    "Recorded",
    "Reliability",
    "Retired",
    "Retraction",
    "SQLiteStore",
    "Snapshot",
    "SnapshotIndex",
    "Source",
    "SourceDeclared",
    "SourceKind",
    "Stance",
    "StoreError",
    "StoreFormatError",
    "StreamSettings",
    "TimelineError",
    "Tri",
    "UnknownKindError",
    "When",
    "WhenError",
    "__version__",
    "codec",
    "fold",
    "kind",
    "kind_class",
    "kinds",
    "open_store",
    "replay",
    "resolve",
    "snapshot",
]


def __getattr__(name: str) -> Any:
    # ``run`` is the old name of ``replay``, kept for one release.
    if name == "run":
        warnings.warn(
            "timeline.run is deprecated; use timeline.replay", DeprecationWarning, stacklevel=2
        )
        return replay
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
