"""Dates on the command line: ``--from``, ``--to``, ``--at`` and ``--known-at``.

Valid times are EDTF values read in the stream file's zone (:func:`in_zone`);
recorded times (``--known-at``) are ISO datetimes or dates, in UTC, or the
name of a dataset release the store holds (``20.1``, ``ucdp-ged/20.1``):
the record as it stood once that release was known.
"""

from __future__ import annotations

import argparse
import re
from datetime import UTC, date, datetime, timedelta

import attrs

from timeline.cli.loading import UsageError
from timeline.errors import TimelineError
from timeline.store import EventStore
from timeline.time import When

__all__ = [
    "ReleaseName",
    "in_zone",
    "known_at_arg",
    "parse_known_at",
    "parse_when",
    "resolve_known_at",
]

# A release name: "20.1", "24.0.1", "v2", with an optional "stream/" in front.
_RELEASE = re.compile(r"(?:(?P<stream>[^/\s]+)/)?(?P<release>[A-Za-z0-9][A-Za-z0-9._+-]*)")


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


@attrs.frozen
class ReleaseName:
    """A ``--known-at`` that names a dataset release (``20.1`` or ``ucdp-ged/20.1``)."""

    release: str
    """The release's name."""
    stream: str | None = None
    """The stream it was imported into, if named."""

    def __str__(self) -> str:
        return self.release if self.stream is None else f"{self.stream}/{self.release}"


def known_at_arg(text: str) -> datetime | ReleaseName:
    """``--known-at``: a recorded time (:func:`parse_known_at`), or a release name."""
    if re.match(r"\d{4}-", text):
        return parse_known_at(text)
    found = _RELEASE.fullmatch(text)
    if found is None:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date (2020-02-03), an ISO datetime (2020-02-03T12:00Z) "
            "or a release name (20.1, ucdp-ged/20.1)"
        )
    return ReleaseName(found["release"], found["stream"])


def resolve_known_at(store: EventStore, known_at: datetime | ReleaseName | None) -> datetime | None:
    """``known_at`` as a recorded time: a release name becomes the time its release was known.

    That is the known time of the release's record (its ``--released`` day, or
    when it was imported), so the record reads as it stood with that release
    and nothing later.

    Raises:
        UsageError: no release of that name, or one in several streams
            (name the stream: ``ucdp-ged/20.1``); the message lists the releases.
    """
    if not isinstance(known_at, ReleaseName):
        return known_at
    from timeline.io.datasets.release import DatasetRelease  # only when a release is named

    held = [
        (recorded, recorded.event.release)
        for recorded in store.read_all(kinds=[DatasetRelease.kind])
        if isinstance(recorded.event, DatasetRelease)
    ]
    matches = [
        recorded
        for recorded, release in held
        if release == known_at.release and known_at.stream in (None, recorded.stream)
    ]
    named = ", ".join(f"{recorded.stream}/{release}" for recorded, release in held) or "none"
    if not matches:
        raise UsageError(
            f"--known-at {known_at}: no dataset release of that name in this store "
            f"(releases: {named}); or give a date (2020-02-03) or an ISO datetime"
        )
    if len({r.stream for r in matches}) > 1:
        raise UsageError(
            f"--known-at {known_at}: releases of that name were imported into several "
            f"streams; name one as STREAM/RELEASE (releases: {named})"
        )
    return matches[-1].known_time


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
