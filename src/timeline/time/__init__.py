"""The time model: what is known about *when* (``When``), EDTF, relative phrases, display."""

from timeline.time.phrases import resolve
from timeline.time.precision import Precision, Tri
from timeline.time.value import CalendarValue
from timeline.time.when import End, Fold, Hint, When

__all__ = ["CalendarValue", "End", "Fold", "Hint", "Precision", "Tri", "When", "resolve"]
