"""Reading the catalog tables of a stream file: ``[stream]``, ``[sources.*]``, ``[actors.*]``,
``[places.*]``.

The catalog is what events refer to: the stream they go to and how its dates
are read, the sources they cite, the actors and places they name. Names in the
catalog (a source's ``affiliation``, a place's ``within``) are resolved against
the declared actors and places, across their aliases.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

import attrs

from timeline.errors import EntityError, EventError
from timeline.events import Gazetteer, Place, Source, describe_cycle, within_cycles
from timeline.io.authoring._problems import show
from timeline.io.authoring._toml_lines import Path
from timeline.io.authoring._values import ValueReader
from timeline.io.authoring.stream_file import FORMAT_VERSION, StreamMeta

__all__ = ["ACTOR_KEYS", "PLACE_KEYS", "CatalogReader"]

_STREAM_KEYS: Final = ("format", "name", "title", "description", "zone", "reference", "reported")
_SOURCE_KEYS: Final = ("name", "kind", "reliability", "affiliation", "url")
_FLAG_KEYS: Final = ("amend", "retire")
_WHAT: Final = {"sources": "source", "actors": "actor", "places": "place"}
ACTOR_KEYS: Final = ("name", "aliases", "kind")
"""The keys of an ``[actors.*]`` table."""
PLACE_KEYS: Final = ("name", "aliases", "coordinates", "within")
"""The keys of a ``[places.*]`` table."""


class CatalogReader(ValueReader):
    """Reads the catalog tables, collecting problems; remembers which source ids are declared."""

    def __init__(self, text: str, file: str) -> None:
        super().__init__(text, file)
        self.declared_sources: set[str] = set()
        self.amended: set[tuple[str, str]] = set()
        self.retired: set[tuple[str, str]] = set()
        # What the events are read with: the [stream] settings that could be read, even
        # when another is refused, so that one bad setting (a misspelt zone) is reported
        # once instead of cascading into every event that relies on the others.
        self.defaults = StreamMeta(name="")

    def flags(self, fields: dict[str, Any], section: str, entity_id: str) -> None:
        """Read the ``amend`` and ``retire`` keys of a catalog table (both booleans)."""
        for key, into in (("amend", self.amended), ("retire", self.retired)):
            if key not in fields:
                continue
            value = fields[key]
            if type(value) is not bool:
                self.problem(
                    (section, entity_id, key),
                    f"{key} must be true or false, got {show(value)}",
                    field=f"{section}.{entity_id}.{key}",
                )
            elif value:
                into.add((_WHAT[section], entity_id))

    # -- [stream] ------------------------------------------------------------------------------

    def stream(self, value: Any) -> StreamMeta | None:
        """The ``[stream]`` table; ``None`` (with problems) if it cannot be used."""
        if value is None:
            self.problem(
                (), "missing [stream] table (it needs at least name = ...)", field="stream"
            )
            return None
        table = self.table(value, ("stream",), "stream")
        if table is None:
            return None
        self.unknown_keys(table, _STREAM_KEYS, ("stream",), "stream.")
        ok = True
        version = table.get("format", FORMAT_VERSION)
        if version != FORMAT_VERSION or type(version) is not int:
            self.problem(
                ("stream", "format"),
                f"format {version!r} is not supported; this version reads format = "
                f"{FORMAT_VERSION}",
                field="stream.format",
            )
        name = table.get("name")
        if not isinstance(name, str) or not name or "\x00" in name:
            self.problem(
                ("stream", "name"),
                "name must be a non-empty string: the store stream the events go to, "
                f"got {show(name)}",
                field="stream.name",
            )
            ok = False
        texts: dict[str, str | None] = {}
        for key in ("title", "description"):
            text = table.get(key)
            if text is not None and not isinstance(text, str):
                self.problem(
                    ("stream", key), f"expected a string, got {show(text)}", field=f"stream.{key}"
                )
                text = None
            texts[key] = text
        zone = table.get("zone", "UTC")
        if not self.check_zone(zone, ("stream", "zone"), "stream.zone"):
            zone, ok = "UTC", False
        reference = None
        if "reference" in table:
            reference = self.reference(table["reference"], ("stream", "reference"), "stream")
            ok = ok and reference is not None
        reported = None
        if "reported" in table:
            reported = self.plain_when(table["reported"], zone, ("stream", "reported"), {}, "")
            if reported is None:
                ok = False
        self.defaults = StreamMeta(
            name=name if isinstance(name, str) else "",
            zone=zone,
            reference=reference,
            reported=reported,
        )
        if not ok or not isinstance(name, str):
            return None
        return StreamMeta(
            name=name,
            title=texts["title"],
            description=texts["description"],
            zone=zone,
            reference=reference,
            reported=reported,
        )

    # -- sources, actors, places ------------------------------------------------------------------

    def sources(self, value: Any) -> dict[str, Source]:
        """The ``[sources.*]`` tables, by id; a refused source is left out (with problems)."""
        out: dict[str, Source] = {}
        table = self.table(value, ("sources",), "sources")
        self.declared_sources.update(table or {})
        for source_id, body in (table or {}).items():
            path: Path = ("sources", source_id)
            fields = self.table(body, path, f"sources.{source_id}")
            if fields is None:
                continue
            self.unknown_keys(fields, (*_SOURCE_KEYS, *_FLAG_KEYS), path, f"sources.{source_id}.")
            self.flags(fields, "sources", source_id)
            if "name" not in fields:
                self.problem(path, "missing key 'name'", field=f"sources.{source_id}.name")
                continue
            known = {k: v for k, v in fields.items() if k in _SOURCE_KEYS}
            source = self.build(Source, {"id": source_id, **known}, path, f"sources.{source_id}")
            if source is not None:
                out[source_id] = source
        return out

    def entities(
        self, value: Any, section: str, cls: type[Any], keys: Sequence[str]
    ) -> dict[str, Any]:
        """The ``[actors.*]`` or ``[places.*]`` tables (``section``) as ``cls``, by id."""
        out: dict[str, Any] = {}
        table = self.table(value, (section,), section)
        for entity_id, body in (table or {}).items():
            path: Path = (section, entity_id)
            fields = self.table(body, path, f"{section}.{entity_id}")
            if fields is None:
                continue
            self.unknown_keys(fields, (*keys, *_FLAG_KEYS), path, f"{section}.{entity_id}.")
            self.flags(fields, section, entity_id)
            known = {k: v for k, v in fields.items() if k in keys}
            known.setdefault("name", entity_id)
            entity = self.build(cls, {"id": entity_id, **known}, path, f"{section}.{entity_id}")
            if entity is not None:
                out[entity_id] = entity
        return out

    def gazetteer(self, entities: Mapping[str, Any], section: str) -> Gazetteer:
        """A gazetteer of ``entities``; a problem for each alias that clashes."""
        gazetteer = Gazetteer()
        for entity_id, entity in entities.items():
            try:
                try:
                    gazetteer.add(entity)
                except EntityError as exc:
                    if exc.field != "within":
                        raise
                    # A cycle of within is reported once the names are resolved
                    # (_refuse_cycles); the place's names still resolve meanwhile.
                    gazetteer.add(attrs.evolve(entity, within=None))
            except EventError as exc:
                self.problem(
                    (section, entity_id, "aliases"), str(exc), field=f"{section}.{entity_id}"
                )
        return gazetteer

    def affiliations(self, sources: dict[str, Source], actors: Gazetteer) -> dict[str, Source]:
        """``sources`` with each ``affiliation`` resolved to a declared actor's id."""
        if not len(actors):
            return sources
        out = {}
        for source_id, source in sources.items():
            if source.affiliation is not None:
                found = self.resolve_name(
                    actors,
                    source.affiliation,
                    ("sources", source_id, "affiliation"),
                    f"sources.{source_id}.affiliation",
                    "actor",
                )
                if found is not None and found != source.affiliation:
                    source = attrs.evolve(source, affiliation=found)
            out[source_id] = source
        return out

    def within(self, places: dict[str, Place], names: Gazetteer) -> dict[str, Place]:
        """``places`` with each ``within`` resolved to a declared place's id."""
        out = {}
        for place_id, place in places.items():
            if place.within is not None:
                found = self.resolve_name(
                    names,
                    place.within,
                    ("places", place_id, "within"),
                    f"places.{place_id}.within",
                    "place",
                )
                if found is not None and found != place.within:
                    place = attrs.evolve(place, within=found)
            out[place_id] = place
        self._refuse_cycles(out)
        return out

    def _refuse_cycles(self, places: dict[str, Place]) -> None:
        """A problem for each cycle of ``within`` (a place inside itself, at some remove)."""
        for cycle in within_cycles(places):
            self.problem(
                ("places", cycle[0], "within"),
                f"places are within each other in a cycle: {describe_cycle(cycle)}; "
                "a place cannot contain itself",
                field=f"places.{cycle[0]}.within",
            )
