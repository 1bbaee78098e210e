"""timeline: event-sourced chronologies of real-world events.

Record what happened as an append-only stream of events with honest, partial
dates and sourced claims; project it into chronologies and snapshots; render
those into documents people read.
"""

from timeline import codec
from timeline.errors import TimelineError, WhenError
from timeline.events import (
    Citation,
    Credibility,
    DecodeError,
    EntityError,
    Event,
    EventError,
    Figure,
    FrozenDict,
    Grade,
    KindError,
    Reliability,
    Source,
    SourceKind,
    Stance,
    UnknownKindError,
    kind,
    kinds,
)
from timeline.projections import LiveProjection, Projection, ProjectionError, fold, run
from timeline.store import (
    ANY,
    EXISTS,
    NO_STREAM,
    AppendResult,
    ConcurrencyError,
    DuplicateEventError,
    EventStore,
    MemoryStore,
    Recorded,
    SQLiteStore,
    StoreError,
    StoreFormatError,
)
from timeline.time import End, Precision, Tri, When, resolve

__version__ = "0.1.0.dev0"

__all__ = [
    "ANY",
    "EXISTS",
    "NO_STREAM",
    "AppendResult",
    "Citation",
    "ConcurrencyError",
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
    "Grade",
    "KindError",
    "LiveProjection",
    "MemoryStore",
    "Precision",
    "Projection",
    "ProjectionError",
    "Recorded",
    "Reliability",
    "SQLiteStore",
    "Source",
    "SourceKind",
    "Stance",
    "StoreError",
    "StoreFormatError",
    "TimelineError",
    "Tri",
    "UnknownKindError",
    "When",
    "WhenError",
    "__version__",
    "codec",
    "fold",
    "kind",
    "kinds",
    "resolve",
    "run",
]
