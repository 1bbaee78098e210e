"""What a stream file holds once read: its metadata, declarations and events.

These are the values :func:`~timeline.io.authoring.load_stream` returns and
:func:`~timeline.io.authoring.dumps_stream` writes; the reading and writing
live in their own modules of :mod:`timeline.io.authoring`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Final

import attrs

from timeline.errors import Problem
from timeline.events import Actor, Event, FrozenDict, Gazetteer, Place, Source
from timeline.time import When

__all__ = ["FORMAT_VERSION", "RESERVED_EVENT_KEYS", "LoadResult", "StreamFile", "StreamMeta"]

FORMAT_VERSION: Final = 1
"""The version of the authoring format read and written here (``format`` in ``[stream]``)."""

RESERVED_EVENT_KEYS: Final = frozenset(
    {
        "id",
        "kind",
        "when",
        "when_phrase",
        "when_hint",
        "reference",
        "zone",
        "summary",
        "actors",
        "places",
        "citations",
        "constraints",
        "tags",
        "data",
    }
)
"""The keys of an ``[[events]]`` table common to every kind; other keys are the kind's fields."""


def _opt_date(value: date | None) -> date | None:
    if value is not None and (not isinstance(value, date) or isinstance(value, datetime)):
        raise TypeError(f"expected a datetime.date or None, got {value!r}")
    return value


@attrs.frozen(kw_only=True)
class StreamMeta:
    """The ``[stream]`` table: which store stream, its title, and how dates are read."""

    name: str
    """The store stream the events are appended to."""
    title: str | None = None
    """A human title."""
    description: str | None = None
    """What the stream covers."""
    zone: str = "UTC"
    """IANA zone that dates are read in (events may override it with ``zone``)."""
    reference: date | None = attrs.field(default=None, converter=_opt_date)
    """The day relative phrases are resolved against (a report's publication day)."""
    reported: When | None = None
    """The default ``reported`` of citations that give none (usually the publication day)."""


def _frozen_sources(value: Mapping[str, Source]) -> FrozenDict[Source]:
    return value if isinstance(value, FrozenDict) else FrozenDict(value)


@attrs.frozen(kw_only=True)
class StreamFile:
    """A loaded stream file: its metadata, declarations and events, all validated."""

    meta: StreamMeta
    """The ``[stream]`` table."""
    sources: FrozenDict[Source] = attrs.field(factory=FrozenDict, converter=_frozen_sources)
    """The declared sources, by id, in file order."""
    actors: tuple[Actor, ...] = ()
    """The declared actors, in file order."""
    places: tuple[Place, ...] = ()
    """The declared places, in file order."""
    events: tuple[Event, ...] = ()
    """The events, in file order (the order they are appended in)."""
    path: str | None = None
    """The file it was read from (``None`` for text)."""
    amended: frozenset[tuple[str, str]] = frozenset()
    """Declarations marked ``amend = true``, as ``(what, id)`` (``("source", "sohr")``)."""
    retired: frozenset[tuple[str, str]] = frozenset()
    """Declarations marked ``retire = true``, as ``(what, id)``."""
    warnings: tuple[Problem, ...] = ()
    """What the reader noticed without refusing the file (an ``[[events]]`` table repeated
    word for word), each with its line."""

    @property
    def name(self) -> str:
        """The stream name (``meta.name``)."""
        return self.meta.name

    def gazetteer(self) -> Gazetteer:
        """The declared actors and places, for matching names across spellings."""
        return Gazetteer([*self.actors, *self.places])

    def event(self, event_id: str) -> Event:
        """The event with id ``event_id``; :class:`KeyError` if there is none."""
        for event in self.events:
            if event.id == event_id:
                return event
        raise KeyError(event_id)


@attrs.frozen(kw_only=True)
class LoadResult:
    """What :func:`load_into` did."""

    stream: StreamFile
    """The file as loaded."""
    appended: int
    """How many of the file's events were newly recorded (0 when the file was loaded before)."""
    positions: tuple[int, ...]
    """The store position of each event of the file, in file order."""
    version: int
    """The stream's version after the load."""
    declared: int = 0
    """How many catalog events (declarations, stream settings) were newly recorded before them."""
