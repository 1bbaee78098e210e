"""timeline: event-sourced chronologies of real-world events.

Record what happened as an append-only stream of events with honest, partial
dates and sourced claims; project it into chronologies and snapshots; render
those into documents people read.
"""

from timeline.errors import TimelineError, WhenError
from timeline.time import End, Precision, Tri, When, resolve

__version__ = "0.1.0.dev0"

__all__ = [
    "End",
    "Precision",
    "TimelineError",
    "Tri",
    "When",
    "WhenError",
    "__version__",
    "resolve",
]
