"""The library's error types.

Every error the library raises on bad input derives from :class:`TimelineError`,
so callers can catch one type. Messages name the input and what would be accepted.
"""

from __future__ import annotations

__all__ = ["TimelineError", "WhenError"]


class TimelineError(ValueError):
    """Base class of every error raised by ``timeline`` on bad input or a broken rule."""


class WhenError(TimelineError):
    """A date, interval, phrase or time zone that cannot be understood."""
