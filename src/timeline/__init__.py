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
from timeline.time import End, Precision, Tri, When, resolve

__version__ = "0.1.0.dev0"

__all__ = [
    "Citation",
    "Credibility",
    "DecodeError",
    "End",
    "EntityError",
    "Event",
    "EventError",
    "Figure",
    "FrozenDict",
    "Grade",
    "KindError",
    "LiveProjection",
    "Precision",
    "Projection",
    "ProjectionError",
    "Reliability",
    "Source",
    "SourceKind",
    "Stance",
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
