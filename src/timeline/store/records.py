"""What a store speaks in: expected versions, recorded events, append results."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Final, TypeAlias

import attrs

from timeline.events import Event

__all__ = [
    "ANY",
    "EXISTS",
    "NO_STREAM",
    "AppendResult",
    "Expect",
    "ExpectedVersion",
    "Recorded",
]


class Expect(Enum):
    """Symbolic expected versions for :meth:`EventStore.append`."""

    ANY = "any"
    """No check: append whatever the stream's version."""
    NO_STREAM = "no stream"
    """The stream must not exist yet (version 0)."""
    EXISTS = "exists"
    """The stream must already have at least one event."""

    def __repr__(self) -> str:
        return self.name


ANY: Final = Expect.ANY
NO_STREAM: Final = Expect.NO_STREAM
EXISTS: Final = Expect.EXISTS

ExpectedVersion: TypeAlias = Expect | int
"""What :meth:`EventStore.append` accepts as ``expected_version``."""


@attrs.frozen(slots=True)
class Recorded:
    """An event as the store recorded it.

    Attributes:
        event: the event, as appended (immutable).
        stream: the stream it belongs to.
        version: its place in the stream, from 1.
        position: its place in the whole store, global and gapless from 1.
        recorded_at: when the store accepted it (timezone-aware, UTC): the
            store's own clock, kept for audit; it never goes backwards.
        reported_at: when the reporting these events come from became known
            (a report's publication day), as given to
            :meth:`~timeline.store.EventStore.append` (timezone-aware, UTC), or
            ``None`` if none was given. Reports may be imported in any order,
            so this may go backwards along the log.
    """

    event: Event
    stream: str
    version: int
    position: int
    recorded_at: datetime
    reported_at: datetime | None = None

    @property
    def known_time(self) -> datetime:
        """When the record counts as known: :attr:`reported_at` if set, else :attr:`recorded_at`.

        Projections' ``known_at=R`` (a datetime) keeps the records whose
        ``known_time <= R``.
        """
        reported = self.reported_at
        return self.recorded_at if reported is None else reported


@attrs.frozen(slots=True)
class AppendResult:
    """What an append did.

    Attributes:
        version: the stream's version after the append.
        positions: the global position of each event passed, in order (for a
            repeat of an already recorded event, its existing position).
        appended: how many events were newly recorded (0 for a pure retry).
    """

    version: int
    positions: tuple[int, ...]
    appended: int
