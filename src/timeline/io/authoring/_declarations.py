"""A stream file's catalog as events, and back: what loading appends before the file's events.

Loading appends the file's :class:`~timeline.events.StreamSettings` and its
declarations, skipping what the store's catalog already holds identically, so
the same source declared by two files appends once and reloading a file
appends nothing. A declaration of a known id with other content must say
``amend = true``; otherwise it is a problem naming the declaration in force.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from timeline.events import (
    Actor,
    ActorDeclared,
    Event,
    Place,
    PlaceDeclared,
    Retired,
    Source,
    SourceDeclared,
    StreamSettings,
)
from timeline.io.authoring.stream_file import StreamFile, StreamMeta
from timeline.projections import Catalog
from timeline.time import When

__all__ = ["declaration_day", "declarations", "meta_of", "settings_of"]

_SECTION: Final = {"source": "sources", "actor": "actors", "place": "places"}

#: ``(path in the file, message)`` of a declaration that contradicts the catalog.
Conflict = tuple[tuple[str, ...], str]


def declaration_day(stream: StreamFile) -> When:
    """The ``when`` of a file's declarations: its reference day, else ``reported``, else its
    first event's ``when`` (deterministic, so reloading the file appends nothing)."""
    meta = stream.meta
    if meta.reference is not None:
        return When.parse(meta.reference.isoformat(), tz=meta.zone)
    if meta.reported is not None:
        return meta.reported
    if stream.events:
        return stream.events[0].when
    return When.parse("1970-01-01")


def settings_of(meta: StreamMeta, stream: str, when: When) -> StreamSettings:
    """The :class:`StreamSettings` event of a ``[stream]`` table, for store stream ``stream``."""
    return StreamSettings(
        stream=stream,
        when=when,
        title=meta.title,
        description=meta.description,
        zone=meta.zone,
        reference=meta.reference,
        reported=meta.reported,
    )


def meta_of(settings: StreamSettings | None, name: str) -> StreamMeta:
    """The ``[stream]`` table of a stream's settings (defaults when it has none)."""
    if settings is None:
        return StreamMeta(name=name)
    return StreamMeta(
        name=name,
        title=settings.title,
        description=settings.description,
        zone=settings.zone,
        reference=settings.reference_day,
        reported=settings.reported,
    )


def _same_settings(a: StreamSettings, b: StreamSettings) -> bool:
    keys = ("stream", "title", "description", "zone", "reference", "reported")
    return all(_eq(getattr(a, k), getattr(b, k)) for k in keys)


def _eq(a: Any, b: Any) -> bool:
    if isinstance(a, When) and isinstance(b, When):
        return (a, a.phrase) == (b, b.phrase)
    return bool(a == b)


def declarations(
    stream: StreamFile, target: str, catalog: Catalog
) -> tuple[list[Event], list[Conflict]]:
    """The catalog events loading ``stream`` into store stream ``target`` appends.

    Returns the events (the settings, then sources, actors and places, each
    retirement after its declaration) and the conflicts: declarations of a
    known id with other content that do not say ``amend = true``.
    """
    when = declaration_day(stream)
    out: list[Event] = []
    conflicts: list[Conflict] = []
    settings = settings_of(stream.meta, target, when)
    held = catalog.settings(target)
    if held is None or not _same_settings(held, settings):
        out.append(settings)
    known: dict[str, Any] = {
        "source": catalog.sources,
        "actor": catalog.actors,
        "place": catalog.places,
    }
    entries: Iterable[tuple[str, Source | Actor | Place]] = [
        *(("source", s) for s in stream.sources.values()),
        *(("actor", a) for a in stream.actors),
        *(("place", p) for p in stream.places),
    ]
    for what, entity in entries:
        old = known[what].get(entity.id)
        amends = old is not None
        if old == entity:
            pass
        elif amends and (what, entity.id) not in stream.amended:
            where = catalog.declared_at(what, entity.id)
            at = (
                "" if where is None else f" in stream {where.stream!r} at position {where.position}"
            )
            conflicts.append(
                (
                    (_SECTION[what], entity.id),
                    f"{what} {entity.id!r} is already declared{at} with other content "
                    f"({old!r}); add amend = true to this table to amend it",
                )
            )
            continue
        else:
            out.append(_declared(what, entity, when, amends))
        if (what, entity.id) in stream.retired and (what, entity.id) not in catalog.retired:
            out.append(Retired(entity=entity.id, what=what, when=when))  # type: ignore[arg-type]
    return out, conflicts


def _declared(what: str, entity: Source | Actor | Place, when: When, amends: bool) -> Event:
    if what == "source":
        assert isinstance(entity, Source)
        return SourceDeclared(source=entity, when=when, amends=amends)
    if what == "actor":
        assert isinstance(entity, Actor)
        return ActorDeclared(actor=entity, when=when, amends=amends)
    assert isinstance(entity, Place)
    return PlaceDeclared(place=entity, when=when, amends=amends)
