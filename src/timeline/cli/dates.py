"""Dates on the command line: ``--from``, ``--to``, ``--at`` and ``--known-at``.

Valid times are EDTF values read in the stream file's zone (:func:`in_zone`);
recorded times (``--known-at``) are ISO datetimes or dates, in UTC.
"""

from __future__ import annotations

import argparse
import re
from datetime import UTC, date, datetime, timedelta

from timeline.cli.loading import UsageError
from timeline.errors import TimelineError
from timeline.time import When

__all__ = ["in_zone", "parse_known_at", "parse_when"]


def parse_when(text: str) -> When:
    """An EDTF value (or ISO week / time) for ``--from``, ``--to`` and ``--at``."""
    try:
        return When.parse(text)
    except TimelineError as error:
        raise argparse.ArgumentTypeError(str(error)) from error


def parse_known_at(text: str) -> datetime:
    """A recorded time: an ISO datetime (UTC when no offset) or a date (its end, UTC)."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            day = date.fromisoformat(text)
            start = datetime(day.year, day.month, day.day, tzinfo=UTC)
            return start + timedelta(days=1) - timedelta(microseconds=1)
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date (2020-02-03) or an ISO datetime (2020-02-03T12:00Z)"
        ) from error
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def in_zone(when: When | None, zone: str) -> When | None:
    """``when`` (parsed in UTC) read in ``zone`` instead, as the file's dates are.

    ``None`` when ``when`` is ``None`` or ``zone`` is UTC: callers keep their value then.
    """
    if when is None or zone == "UTC":
        return None
    try:
        # Read again in the zone, so that a wall time it skips or shows twice (DST)
        # is refused with both instants named, as in a stream file, not moved.
        return When.parse(when.to_text(), tz=zone).replace(phrase=when.phrase, hint=when.hint)
    except TimelineError as error:
        raise UsageError(str(error)) from error
