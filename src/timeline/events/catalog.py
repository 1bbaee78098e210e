"""Catalog kinds: declaring sources, actors and places, retiring them, and stream settings.

The catalog (who the sources are and how they are graded, the actors and
places events name, each stream's title and zone) is part of the record, so
it is recorded as events like everything else: appended, versioned, exported
and replayed. :class:`timeline.projections.Catalog` folds them.

A declaration's ``when`` is the day it was declared, not a time in the world
(loading a stream file uses its ``reference`` day, else its ``reported`` day,
else its first event's day, so reloading a file appends nothing). Without a
``summary``, each kind writes one::

    SourceDeclared(source=Source(id="sohr", name="SOHR"), when="2020-02-03").summary
    # 'Source declared: SOHR'

A later declaration of the same id with other content (a regrade) is an
amendment and says so with ``amends=True``. Catalog events are not world
events: chronologies, snapshots and documents leave them out.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Literal

import attrs

from timeline.events._errors import error_at
from timeline.events.base import Event, kind
from timeline.events.entities import Actor, Place
from timeline.events.sources import Source, check_id
from timeline.time.when import When

__all__ = [
    "ActorDeclared",
    "CatalogEvent",
    "PlaceDeclared",
    "Retired",
    "SourceDeclared",
    "StreamSettings",
    "declared_entry",
]

CatalogWhat = Literal["source", "actor", "place"]


def _one_line(text: str) -> str:
    return " ".join(text.split())


@attrs.frozen(kw_only=True)
class CatalogEvent(Event):
    """The base of the catalog kinds: events about the record itself, not about the world."""

    def __attrs_post_init__(self) -> None:
        if "\n" in self.summary or "\r" in self.summary:
            raise error_at("summary", f"{self.summary!r} has a line break; a summary is one line")
        super().__attrs_post_init__()


def _source_summary(self: Any) -> str:
    verb = "amended" if self.amends else "declared"
    return _one_line(f"Source {verb}: {self.source.name}")


@kind("catalog.source")
@attrs.frozen(kw_only=True)
class SourceDeclared(CatalogEvent):
    """A source declared (or, with ``amends=True``, regraded or otherwise amended).

    ``SourceDeclared(source=Source(id="sohr", name="SOHR", reliability="C"),
    when="2020-02-03")``.
    """

    source: Source
    """The source as declared; the latest declaration of an id is the one in force."""
    amends: bool = False
    """Whether this replaces an earlier declaration of the same id with other content."""
    summary: str = attrs.field(default=attrs.Factory(_source_summary, takes_self=True))
    """One line (default: ``"Source declared: <name>"``)."""


def _actor_summary(self: Any) -> str:
    verb = "amended" if self.amends else "declared"
    return _one_line(f"Actor {verb}: {self.actor.name}")


@kind("catalog.actor")
@attrs.frozen(kw_only=True)
class ActorDeclared(CatalogEvent):
    """An actor declared (or amended, with ``amends=True``)."""

    actor: Actor
    """The actor as declared."""
    amends: bool = False
    """Whether this replaces an earlier declaration of the same id with other content."""
    summary: str = attrs.field(default=attrs.Factory(_actor_summary, takes_self=True))
    """One line (default: ``"Actor declared: <name>"``)."""


def _place_summary(self: Any) -> str:
    verb = "amended" if self.amends else "declared"
    return _one_line(f"Place {verb}: {self.place.name}")


@kind("catalog.place")
@attrs.frozen(kw_only=True)
class PlaceDeclared(CatalogEvent):
    """A place declared (or amended, with ``amends=True``)."""

    place: Place
    """The place as declared."""
    amends: bool = False
    """Whether this replaces an earlier declaration of the same id with other content."""
    summary: str = attrs.field(default=attrs.Factory(_place_summary, takes_self=True))
    """One line (default: ``"Place declared: <name>"``)."""


def _retired_summary(self: Any) -> str:
    return f"{str(self.what).capitalize()} retired: {self.entity}"


def _to_entity(value: str) -> str:
    return check_id(value, "entity")


@kind("catalog.retired")
@attrs.frozen(kw_only=True)
class Retired(CatalogEvent):
    """A source, actor or place retired: kept for what cites it, no longer declared for new use."""

    entity: str = attrs.field(converter=_to_entity)
    """The id retired."""
    what: CatalogWhat
    """Which catalog it is in: ``"source"``, ``"actor"`` or ``"place"``."""
    summary: str = attrs.field(default=attrs.Factory(_retired_summary, takes_self=True))
    """One line (default: ``"Source retired: <id>"``)."""


def _to_reference(value: _dt.date | str | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        raise error_at(
            "reference", f"expected a day (datetime.date or 'YYYY-MM-DD'), got {value!r}"
        )
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise error_at("reference", f"expected a day (datetime.date or 'YYYY-MM-DD'), got {value!r}")


def _settings_summary(self: Any) -> str:
    return _one_line(f"Stream settings: {self.title or self.stream}")


@kind("stream.settings")
@attrs.frozen(kw_only=True)
class StreamSettings(CatalogEvent):
    """A stream's settings: its title, description, zone and reference day.

    ``stream`` names the stream they apply to (the settings of two streams
    stay apart even in one store stream); the latest settings of a stream are
    in force. ``reference`` is kept as ISO text (``"2020-02-03"``);
    :attr:`reference_day` gives it as a ``datetime.date``.
    """

    stream: str
    """The stream these settings are for."""
    title: str | None = None
    """A human title."""
    description: str | None = None
    """What the stream covers."""
    zone: str = "UTC"
    """IANA zone that the stream's plain dates are read in."""
    reference: str | None = attrs.field(default=None, converter=_to_reference)
    """The day relative phrases are resolved against, as ``YYYY-MM-DD`` (a ``date`` is accepted)."""
    reported: When | None = None
    """The default ``reported`` of citations that give none."""
    summary: str = attrs.field(default=attrs.Factory(_settings_summary, takes_self=True))
    """One line (default: ``"Stream settings: <title>"``)."""

    @property
    def reference_day(self) -> _dt.date | None:
        """:attr:`reference` as a ``datetime.date``."""
        return None if self.reference is None else _dt.date.fromisoformat(self.reference)


def declared_entry(event: Event) -> tuple[CatalogWhat, str, Source | Actor | Place] | None:
    """``(what, id, entry)`` that ``event`` declares, or ``None`` if it is no declaration.

    >>> declared_entry(SourceDeclared(source=Source(id="sohr", name="SOHR"), when="2020"))[:2]
    ('source', 'sohr')
    """
    if isinstance(event, SourceDeclared):
        return "source", event.source.id, event.source
    if isinstance(event, ActorDeclared):
        return "actor", event.actor.id, event.actor
    if isinstance(event, PlaceDeclared):
        return "place", event.place.id, event.place
    return None
