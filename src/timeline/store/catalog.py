"""The catalog projection: sources, actors, places and stream settings, as the record holds them.

:class:`Catalog` folds the catalog kinds (:mod:`timeline.events.catalog`) in
store order: the latest declaration of an id is in force, a retired one stays
(old citations still name it) and is listed in :attr:`Catalog.retired`, and
each stream's latest :class:`~timeline.events.StreamSettings` give its title
and zone. With ``known_at``, it is the catalog as known then: a source
regraded later shows its earlier grade.

Renderers, snapshots and the command read names, grades, affiliations, titles
and zones from here, never from a side channel.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Final, Protocol

import attrs

from timeline.errors import StoreInputError
from timeline.events import (
    Actor,
    ActorDeclared,
    CatalogEvent,
    EntityError,
    Gazetteer,
    Place,
    PlaceDeclared,
    Retired,
    Source,
    SourceDeclared,
    StreamSettings,
)
from timeline.store.records import Recorded
from timeline.time import Fold, When

__all__ = ["CATALOG_KINDS", "Catalog", "Declared"]

#: The kinds a catalog folds: what a store reads (from an index) to build one.
CATALOG_KINDS: Final = frozenset(
    cls.kind for cls in (SourceDeclared, ActorDeclared, PlaceDeclared, Retired, StreamSettings)
)


class _Readable(Protocol):
    # A store, as far as a catalog needs one (a protocol: stores sit above this module).
    def read_all(
        self, after: int = 0, *, kinds: Iterable[str] | None = None
    ) -> Iterator[Recorded]: ...


@attrs.frozen
class Declared:
    """Where an entry of the catalog was declared: its stream and store position."""

    stream: str
    """The store stream of the declaration."""
    position: int
    """Its store position."""


class Catalog:
    """Sources, actors, places and stream settings folded from catalog events.

    ``Catalog.of(store)`` (or records, as ``store.read_all()`` gives), or
    :meth:`add` records one at a time in position order. Non-catalog events
    are ignored.
    """

    __slots__ = ("_actors", "_places", "_retired", "_settings", "_sources", "_where")

    def __init__(self) -> None:
        """An empty catalog."""
        self._sources: dict[str, Source] = {}
        self._actors: dict[str, Actor] = {}
        self._places: dict[str, Place] = {}
        self._retired: set[tuple[str, str]] = set()
        self._settings: dict[str, StreamSettings] = {}
        self._where: dict[tuple[str, str], Declared] = {}

    @classmethod
    def of(
        cls,
        source: _Readable | Iterable[Recorded],
        known_at: datetime | int | None = None,
    ) -> Catalog:
        """The catalog of a store or of records, as known at ``known_at`` (default: all).

        ``known_at`` is a time (records whose :attr:`~timeline.store.Recorded.known_time`
        is not later) or a store position (records up to it). From a store,
        only the catalog kinds are read (an index lookup in SQLite); a store's
        whole catalog (no ``known_at``) is :meth:`EventStore.catalog`, which
        reads only what was declared since the store last looked.
        """
        if isinstance(known_at, bool) or not isinstance(known_at, datetime | int | None):
            raise StoreInputError(
                f"known_at: expected an aware datetime or a store position, got {known_at!r}"
            )
        if isinstance(known_at, datetime) and known_at.utcoffset() is None:
            raise StoreInputError(f"known_at: {known_at!r} is a naive datetime; give it a zone")
        held = getattr(source, "catalog", None)
        if known_at is None and cls is Catalog and callable(held):
            return held()  # type: ignore[no-any-return]
        records = source.read_all(kinds=CATALOG_KINDS) if hasattr(source, "read_all") else source
        catalog = cls()
        for recorded in records:
            if known_at is None or (
                recorded.position <= known_at
                if isinstance(known_at, int)
                else recorded.known_time <= known_at
            ):
                catalog.add(recorded)
        return catalog

    def copy(self) -> Catalog:
        """A catalog of the same entries that later :meth:`add` calls leave alone (O(entries))."""
        twin = Catalog()
        twin._sources, twin._actors = dict(self._sources), dict(self._actors)
        twin._places, twin._retired = dict(self._places), set(self._retired)
        twin._settings, twin._where = dict(self._settings), dict(self._where)
        return twin

    def add(self, recorded: Recorded) -> bool:
        """Fold one record (in position order); whether it was a catalog event."""
        event = recorded.event
        if not isinstance(event, CatalogEvent):
            return False
        where = Declared(recorded.stream, recorded.position)
        if isinstance(event, SourceDeclared):
            self._sources[event.source.id] = event.source
            self._declared(("source", event.source.id), where)
        elif isinstance(event, ActorDeclared):
            self._actors[event.actor.id] = event.actor
            self._declared(("actor", event.actor.id), where)
        elif isinstance(event, PlaceDeclared):
            self._places[event.place.id] = event.place
            self._declared(("place", event.place.id), where)
        elif isinstance(event, Retired):
            self._retired.add((event.what, event.entity))
        elif isinstance(event, StreamSettings):
            before = self._settings.get(event.stream)
            if before is not None:
                # A later report's [stream] table states what it states: a title,
                # description or day it leaves out keeps the one in force.
                kept = {
                    name: getattr(before, name)
                    for name in ("title", "description", "reference", "reported")
                    if getattr(event, name) is None
                }
                event = attrs.evolve(event, **kept) if kept else event
            self._settings[event.stream] = event
        return True

    def _declared(self, key: tuple[str, str], where: Declared) -> None:
        self._where[key] = where
        self._retired.discard(key)  # declared again: back in use

    @property
    def sources(self) -> Mapping[str, Source]:
        """Every declared source by id (the latest declaration; retired ones included)."""
        return dict(self._sources)

    @property
    def actors(self) -> Mapping[str, Actor]:
        """Every declared actor by id."""
        return dict(self._actors)

    @property
    def places(self) -> Mapping[str, Place]:
        """Every declared place by id."""
        return dict(self._places)

    def entries(self, what: str) -> Mapping[str, Source | Actor | Place]:
        """The declared ``"source"``, ``"actor"`` or ``"place"`` entries by id: a read-only
        view, not a copy (what the store's append checks ask on every append)."""
        if what == "source":
            return MappingProxyType(self._sources)
        if what == "actor":
            return MappingProxyType(self._actors)
        return MappingProxyType(self._places)

    @property
    def retired(self) -> frozenset[tuple[str, str]]:
        """What was retired, as ``(what, id)`` pairs (``("source", "sohr")``)."""
        return frozenset(self._retired)

    def declared_at(self, what: str, entity_id: str) -> Declared | None:
        """Where the declaration in force of ``entity_id`` (a ``"source"``, ...) was recorded."""
        return self._where.get((what, entity_id))

    def gazetteer(self) -> Gazetteer:
        """The declared actors and places, for display names and matching across spellings.

        An id or alias that two entries claim (possible only in records that
        bypassed the store's checks, such as an import of older history) stays
        with the entry declared first.
        """
        gazetteer = Gazetteer()
        entities: list[Actor | Place] = [*self._actors.values(), *self._places.values()]
        for entity in entities:
            try:
                gazetteer.add(entity)
            except EntityError:
                continue
        return gazetteer

    def streams(self) -> tuple[str, ...]:
        """The streams that have settings, in the order first set."""
        return tuple(self._settings)

    def settings(self, stream: str) -> StreamSettings | None:
        """The settings in force of ``stream`` (``None`` if never set)."""
        return self._settings.get(stream)

    def zone(self, stream: str) -> str:
        """The zone of ``stream``'s plain dates (``"UTC"`` when not set)."""
        settings = self._settings.get(stream)
        return "UTC" if settings is None else settings.zone

    def when(self, stream: str, text: str, *, fold: Fold = "raise") -> When:
        """``text`` (EDTF, or :meth:`~timeline.When.parse` text) read on ``stream``'s wall clock.

        What a stream file does with ``when = "2014-07-17"``: the day in the
        stream's zone, not in UTC. An :class:`~timeline.events.Event` is built,
        and its content id fixed, before any store sees it, so a plain string
        passed as ``when`` is read in UTC; to append events in code that mean
        what the same dates mean in the stream's file, read their dates here::

            catalog = Catalog.of(store)
            store.append("idlib-2020", [Event(when=catalog.when("idlib-2020", "2020-02-03"), ...)])

        ``fold`` is as for :meth:`~timeline.When.parse`.
        """
        return When.parse(text, tz=self.zone(stream), fold=fold)

    def title(self, stream: str) -> str | None:
        """The title of ``stream``, if set."""
        settings = self._settings.get(stream)
        return None if settings is None else settings.title
