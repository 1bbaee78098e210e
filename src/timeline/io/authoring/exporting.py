"""Exporting a store's stream in the authoring format.

:func:`dumps_stream` writes a :class:`StreamFile` as TOML an author would
write, and :func:`export_toml` writes one stream of a store to a file;
``load(export(store))`` gives the same events. For the lossless interchange
format of a whole store, see :func:`timeline.io.export_jsonl`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import attrs

from timeline import codec
from timeline.errors import ExportError, WhenError
from timeline.events import Actor, CatalogEvent, Event, Gazetteer, Place, Source
from timeline.io._files import write_atomically
from timeline.io.authoring import _toml_write as toml_write
from timeline.io.authoring._declarations import meta_of
from timeline.io.authoring.stream_file import FORMAT_VERSION, StreamFile, StreamMeta
from timeline.projections import Catalog
from timeline.store import EventStore, Recorded
from timeline.time import When, resolve

__all__ = ["dumps_stream", "export_toml", "stream_of"]


def dumps_stream(stream: StreamFile) -> str:
    """The TOML text of ``stream``: loading it gives the same metadata, declarations and events.

    Dates are written the way an author would (``when = "2020-01"``,
    ``when_phrase = "last week"`` checked against the stream's reference)
    whenever that reads back exactly; otherwise as the codec's inline table
    (``when = { text = "2020-W05", tz = "UTC", phrase = "last week" }``).
    Each citation's own ``reported`` is written too, so the events read back
    the same whatever the stream's default.

    Raises:
        TomlWriteError: a value TOML cannot hold (``None`` inside ``data``,
            for one), named by its place; export JSON Lines instead.
    """
    meta = stream.meta
    header: dict[str, Any] = {"format": FORMAT_VERSION, "name": meta.name}
    if meta.title is not None:
        header["title"] = meta.title
    if meta.description is not None:
        header["description"] = meta.description
    header["zone"] = meta.zone
    if meta.reference is not None:
        header["reference"] = meta.reference
    if meta.reported is not None:
        # Citations write their own ``reported``; the default is kept for the stream's settings.
        header.update(_when_keys(meta.reported, meta, "reported", zone_key=None))
    out = [
        "# A timeline stream file (the authoring format, format = 1): see docs/authoring.md.",
        *toml_write.table(("stream",), header),
    ]
    for source in stream.sources.values():
        body = codec.encode_value(source)
        body.pop("id")
        if ("source", source.id) in stream.retired:
            body["retire"] = True
        out += ["", *toml_write.table(("sources", source.id), body)]
    for section, what, entities in (
        ("actors", "actor", stream.actors),
        ("places", "place", stream.places),
    ):
        for entity in entities:
            body = codec.encode_value(entity)
            body.pop("id")
            if (what, entity.id) in stream.retired:
                body["retire"] = True
            out += ["", *toml_write.table((section, entity.id), body)]
    for event in stream.events:
        out += ["", *toml_write.table(("events",), _event_table(event, meta), array=True)]
    return "\n".join(out) + "\n"


def _event_table(event: Event, meta: StreamMeta) -> dict[str, Any]:
    data = codec.encode(event)
    body: dict[str, Any] = {"id": data.pop("id"), "kind": data.pop("kind")}
    data.pop("when")
    body.update(_when_keys(event.when, meta, "when", zone_key="zone"))
    body["summary"] = data.pop("summary")
    citations = data.pop("citations", None)
    body.update(data)
    if citations is not None:
        tables = []
        for citation, encoded in zip(event.citations, citations, strict=True):
            encoded.pop("reported", None)
            table = {"source": encoded.pop("source")}
            table.update(encoded)
            if citation.reported is not None:
                table.update(_when_keys(citation.reported, meta, "reported", zone_key=None))
            tables.append(table)
        body["citations"] = tables
    return body


def _when_keys(when: When, meta: StreamMeta, key: str, *, zone_key: str | None) -> dict[str, Any]:
    """The keys that write ``when`` so that it reads back exactly."""
    zone_ok = when.tz == meta.zone or zone_key is not None
    extra = {zone_key: when.tz} if zone_key is not None and when.tz != meta.zone else {}
    if when.phrase is None and when.hint is None and zone_ok:
        return {key: when.to_text(), **extra}
    if when.phrase is not None and meta.reference is not None and zone_ok:
        try:
            again = resolve(when.phrase, meta.reference, tz=when.tz)
        except WhenError:
            again = None
        if again is not None and again.to_text() == when.to_text() and again.hint == when.hint:
            return {key: when.to_text(), f"{key}_phrase": when.phrase, **extra}
    inline: dict[str, Any] = {"text": when.to_text(), "tz": when.tz}
    if when.phrase is not None:
        inline["phrase"] = when.phrase
    if when.hint is not None:
        inline["hint"] = when.hint
    return {key: inline}


def export_toml(
    store: EventStore,
    dest: str | os.PathLike[str],
    *,
    stream: str | None = None,
    catalog: StreamFile | Catalog | None = None,
) -> int:
    """Write the events of one stream of ``store`` to ``dest`` in the authoring format.

    The stream's settings (``[stream]``) and every source, actor and place
    come from the store's own catalog (:class:`~timeline.projections.Catalog`),
    written as tables, not as events; ``catalog`` overrides it. Sources,
    actors and places that events name but the catalog does not declare are
    declared minimally (their id as their name), so the file always loads
    back. The file is written atomically (a temporary file renamed into place).

    Args:
        store: any store.
        dest: the file to write.
        stream: the stream to export (default: the catalog's, or the store's
            only stream).
        catalog: metadata and declarations to write instead of the store's.

    Returns:
        The number of events written (catalog events become tables, not events).

    Raises:
        ExportError: no stream was named and the store does not have exactly one.
        TomlWriteError: a value TOML cannot hold (see :func:`dumps_stream`).
    """
    name = stream
    if name is None and isinstance(catalog, StreamFile):
        name = catalog.meta.name
    if name is None:
        names = store.streams()
        if len(names) != 1:
            raise ExportError(
                f"cannot export to {os.fspath(dest)}: the store has streams {names!r}; "
                "name the one to export (stream=...)"
            )
        name = names[0]
    if catalog is None:
        catalog = Catalog.of(store)
    events = tuple(r.event for r in store.read(name))
    result = stream_of(events, name=name, catalog=catalog)
    text = dumps_stream(result)
    write_atomically(os.fspath(dest), lambda out: out.write(text), suffix=".toml")
    return len(result.events)


def stream_of(
    events: Sequence[Event], *, name: str, catalog: StreamFile | Catalog | None = None
) -> StreamFile:
    """A :class:`StreamFile` of ``events`` with ``catalog``'s settings and declarations.

    ``catalog`` is a store's :class:`~timeline.projections.Catalog` (its
    settings of stream ``name`` and every declaration), a :class:`StreamFile`,
    or ``None``: then the catalog events among ``events`` are folded. Catalog
    events are left out of the result's events (they are its tables).
    Anything the events name that the catalog does not declare (a source, an
    actor, a place) is declared minimally so the result loads back.
    """
    if catalog is None:
        catalog = _fold(events, name)
    events = [e for e in events if not isinstance(e, CatalogEvent)]
    retired: frozenset[tuple[str, str]] = catalog.retired
    if isinstance(catalog, Catalog):
        meta = meta_of(catalog.settings(name), name)
        sources = dict(catalog.sources)
        actors = list(catalog.actors.values())
        places = list(catalog.places.values())
    else:
        meta = attrs.evolve(catalog.meta, name=name)
        sources = dict(catalog.sources)
        actors = list(catalog.actors)
        places = list(catalog.places)
    for event in events:
        for citation in event.citations:
            for source_id in (citation.source, citation.via):
                if source_id is not None and source_id not in sources:
                    sources[source_id] = Source(id=source_id, name=source_id)
    if actors:
        _declare_missing(actors, Actor, _names_of(events, "actor_fields", "actors"))
    if places:
        _declare_missing(places, Place, _names_of(events, "place_fields", "places"))
    return StreamFile(
        meta=meta,
        sources=sources,
        actors=tuple(actors),
        places=tuple(places),
        events=tuple(events),
        retired=retired,
    )


def _fold(events: Iterable[Event], name: str) -> Catalog:
    """The catalog of the catalog events among ``events`` (all of stream ``name``)."""
    catalog = Catalog()
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    for position, event in enumerate(events, start=1):
        if isinstance(event, CatalogEvent):
            catalog.add(Recorded(event, name, position, position, epoch))
    return catalog


def _names_of(events: Iterable[Event], fields_attr: str, common: str) -> list[str]:
    out: list[str] = []
    for event in events:
        out += getattr(event, common)
        for name in getattr(type(event), fields_attr, ()):
            value = getattr(event, name, None)
            if isinstance(value, str):
                out.append(value)
            elif isinstance(value, tuple):
                out += [v for v in value if isinstance(v, str)]
    return out


def _declare_missing(entities: list[Any], cls: Callable[..., Any], names: Iterable[str]) -> None:
    gazetteer = Gazetteer(entities)
    for name in names:
        if name not in gazetteer:
            entity = cls(id=name, name=name)
            gazetteer.add(entity)
            entities.append(entity)
