"""The reader of a whole stream file: the catalog, then every event, then what links them.

:class:`Reader` makes one validation pass over a file and collects every
problem; only a file without any gives a :class:`StreamFile`. After the events
are read one by one, the checks that need them all are made: duplicate ids,
and the ids that events refer to (``target``, ``claims``, ``contradicts``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

from timeline import codec
from timeline.errors import AuthoringError, ConstraintError, EntityError
from timeline.events import Actor, Correction, Event, Gazetteer, Place, Source
from timeline.events.references import EVENT_REFERENCE_FIELDS
from timeline.io.authoring._accords import check_accords
from timeline.io.authoring._catalog import ACTOR_KEYS, PLACE_KEYS, CatalogReader
from timeline.io.authoring._event import EventContext, EventReader
from timeline.io.authoring._problems import parse, show, suggestion
from timeline.io.authoring._toml_lines import Path
from timeline.io.authoring.stream_file import StreamFile, StreamMeta
from timeline.store.catalog import Catalog
from timeline.time.constraints import Network

__all__ = ["Reader"]

_TOP_KEYS: Final = ("stream", "sources", "actors", "places", "events")
#: Kind fields that name another event by id: the one definition the store checks too.
_EVENT_REF_FIELDS: Final = EVENT_REFERENCE_FIELDS


def _register_packs() -> None:
    """Import the library's domain packs so their kinds (``conflict.*``) can be named."""
    try:
        import timeline.conflict  # noqa: F401
    except ModuleNotFoundError as exc:  # a build without the pack
        if exc.name != "timeline.conflict":
            raise


def _extend(names: Gazetteer, entries: Iterable[Actor | Place]) -> None:
    """Add the store's entries the file does not declare itself (the file's own win)."""
    for entry in entries:
        try:
            names.add(entry)
        except EntityError:
            continue  # the file declares this id or name itself


class Reader(CatalogReader):
    """One validation pass over a file, collecting problems."""

    def __init__(
        self,
        text: str,
        file: str,
        known_ids: frozenset[str],
        path: str | None,
        catalog: Catalog | None = None,
        known_accords: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__(text, file)
        self.known_ids = known_ids
        # Ids of the agreements and ceasefires of the target store (relations may name them).
        self.known_accords = known_accords
        self.path = path
        # The target store's catalog: a later report may cite what an earlier one declared.
        self.catalog = catalog

    def read(self) -> StreamFile:
        """The file's contents; :class:`AuthoringError` with every problem if it has any."""
        _register_packs()
        data = parse(self.text, self.file)
        for key in data:
            if key not in _TOP_KEYS:
                self.problem(
                    (key,),
                    f"unknown top-level key {key!r}{suggestion(key, _TOP_KEYS)}; "
                    "a stream file has [stream], [sources.*], [actors.*], [places.*], [[events]]",
                    field=key,
                )
        meta = self.stream(data.get("stream"))
        sources = self.sources(data.get("sources", {}))
        actors = self.entities(data.get("actors", {}), "actors", Actor, ACTOR_KEYS)
        places = self.entities(data.get("places", {}), "places", Place, PLACE_KEYS)
        self.shared_ids(actors, places)
        actor_names = self.gazetteer(actors, "actors")
        place_names = self.gazetteer(places, "places")
        if self.catalog is not None:
            self.declared_sources.update(self.catalog.sources)
            _extend(actor_names, self.catalog.actors.values())
            _extend(place_names, self.catalog.places.values())
        sources = self.affiliations(sources, actor_names)
        places = self.within(places, place_names)
        events = self.events(
            data.get("events", []), self.defaults, sources, actor_names, place_names
        )
        if self.problems or meta is None:
            self.problems.sort(key=lambda p: (p.line is None, p.line or 0))
            raise AuthoringError(self.file, self.problems)
        return StreamFile(
            meta=meta,
            sources=sources,
            actors=tuple(actors.values()),
            places=tuple(places.values()),
            events=tuple(events),
            path=self.path,
            amended=frozenset(self.amended),
            retired=frozenset(self.retired),
            warnings=tuple(self.warnings),
        )

    def shared_ids(self, actors: Mapping[str, Actor], places: Mapping[str, Place]) -> None:
        """A problem for each id declared both as an actor and as a place (or in the store)."""
        catalog = self.catalog
        for place_id in places:
            actor_line = self.lines.line(("actors", place_id)) if place_id in actors else None
            if place_id in actors:
                where = f"[actors.{place_id}]" + (f" (line {actor_line})" if actor_line else "")
            elif catalog is not None and place_id in catalog.actors:
                where = "an actor in the store"
            else:
                continue
            self.problem(
                ("places", place_id),
                f"id {place_id!r} is already declared by {where}; actors and places share "
                "one set of ids: give the place another id",
                field=f"places.{place_id}",
            )
        if catalog is not None:
            for actor_id in actors:
                if actor_id in catalog.places and actor_id not in places:
                    self.problem(
                        ("actors", actor_id),
                        f"id {actor_id!r} is already declared by a place in the store; actors "
                        "and places share one set of ids: give the actor another id",
                        field=f"actors.{actor_id}",
                    )

    # -- [[events]] ----------------------------------------------------------------------------

    def events(
        self,
        value: Any,
        meta: StreamMeta | None,
        sources: Mapping[str, Source],
        actors: Gazetteer,
        places: Gazetteer,
    ) -> list[Event]:
        """The events that could be read, in file order, each id once."""
        if not isinstance(value, list):
            self.problem(
                ("events",),
                f"events must be an array of tables ([[events]]), got {show(value)}",
                field="events",
            )
            return []
        zone = meta.zone if meta is not None else "UTC"
        context = EventContext(
            zone=zone,
            reference=meta.reference if meta is not None else None,
            reported=meta.reported if meta is not None else None,
            declared=frozenset(self.declared_sources),
            actors=actors,
            places=places,
        )
        built: list[tuple[int, Event]] = []
        for index, body in enumerate(value):
            if not isinstance(body, dict):
                self.problem(
                    ("events", index),
                    f"expected a table, got {show(body)}",
                    field="events",
                    event=index,
                )
                continue
            event = EventReader(self, index, body, context).read()
            if event is not None:
                built.append((index, event))
        events = self.duplicates(built, value)
        self.references(value)
        self.corrections(built, {event.id: event for event in events})
        self.constraints(built)
        return events

    def constraints(self, built: list[tuple[int, Event]]) -> None:
        """A problem at the first event whose constraints cannot hold with those before it.

        Among the events of the file, in file order (a constraint naming an event
        the store holds is checked when the file is appended to it).
        """
        if not any(event.constraints for _, event in built):
            return
        by_id = {event.id: event for _, event in built}
        named = {c.event for _, event in built for c in event.constraints} & by_id.keys()
        network = Network()
        network.add(
            (
                (event.id, event.when.box(), ())
                for event in by_id.values()
                if event.constraints or event.id in named
            ),
            zones={event.id: event.when.tz for event in by_id.values()},
        )
        for index, event in built:
            statements = [(event.id, c.statement()) for c in event.constraints if c.event in by_id]
            try:
                network.constrain(statements)
            except ConstraintError as exc:
                self.problem(
                    ("events", index, "constraints"),
                    exc.message,
                    field="constraints",
                    event=index,
                    event_id=event.id,
                )
                return

    def corrections(self, built: list[tuple[int, Event]], by_id: Mapping[str, Event]) -> None:
        """A problem for each change of a correction that cannot apply to its target here."""
        for index, event in built:
            if not isinstance(event, Correction) or event.target not in by_id:
                continue
            for field, message in event.refused_changes(by_id[event.target]).items():
                self.problem(
                    ("events", index, *field.split(".", 1)),
                    message,
                    field=field,
                    event=index,
                    event_id=event.id,
                )

    def duplicates(self, built: list[tuple[int, Event]], bodies: list[Any]) -> list[Event]:
        """``built`` with repeats of the same event dropped, each id once.

        Ids are compared on the raw tables, so a reused id is reported even when
        one of its events has problems of its own (one error must not hide
        another). A table repeated word for word is appended once, with a
        warning: it is most likely a copy-paste. The same id with other content
        is a problem.
        """
        events_at = dict(built)
        first: dict[str, int] = {}
        events: list[Event] = []
        for index, body in enumerate(bodies):
            event_id = body.get("id") if isinstance(body, dict) else None
            if not isinstance(event_id, str):
                if index in events_at:
                    events.append(events_at[index])
                continue
            seen = first.get(event_id)
            if seen is None:
                first[event_id] = index
                if index in events_at:
                    events.append(events_at[index])
                continue
            if self._same(seen, index, bodies, events_at):
                self.warning(
                    ("events", index),
                    f"[[events]] #{index + 1} repeats #{seen + 1}"
                    + self._line_note(seen)
                    + " word for word; it is read once: remove the copy",
                    event=index,
                    event_id=event_id,
                )
                continue
            self.problem(
                ("events", index, "id"),
                f"id {event_id!r} is already used by event #{seen + 1}"
                + self._line_note(seen)
                + " with other content; ids must be unique",
                field="id",
                event=index,
                event_id=event_id,
            )
        return events

    def _line_note(self, index: int) -> str:
        line = self.lines.line(("events", index))
        return f" (line {line})" if line else ""

    @staticmethod
    def _same(first: int, later: int, bodies: list[Any], events_at: dict[int, Event]) -> bool:
        """Whether two tables with one id say the same thing (as events, or as tables)."""
        if first in events_at and later in events_at:
            return codec.dumps(events_at[first]) == codec.dumps(events_at[later])
        return bool(bodies[first] == bodies[later])

    def references(self, bodies: list[Any]) -> None:
        """Check the ids events refer to (from the raw tables, so failed events are checked too)."""
        tables = [(i, b) for i, b in enumerate(bodies) if isinstance(b, dict)]
        known = {b["id"] for _, b in tables if isinstance(b.get("id"), str)} | self.known_ids
        for index, body in tables:
            event_id = body.get("id")
            ctx: dict[str, Any] = {
                "event": index,
                "event_id": event_id if isinstance(event_id, str) else None,
            }
            for key in _EVENT_REF_FIELDS:
                ref = body.get(key)
                if isinstance(ref, str) and ref not in known:
                    self.problem(
                        ("events", index, key),
                        f"{ref!r} is not the id of an event in this file{suggestion(ref, known)}",
                        field=key,
                        **ctx,
                    )
            constraints = body.get("constraints")
            for c, constraint in enumerate(constraints if isinstance(constraints, list) else []):
                ref = constraint.get("event") if isinstance(constraint, dict) else None
                if isinstance(ref, str) and ref not in known:
                    self.problem(
                        ("events", index, "constraints", c, "event"),
                        f"{ref!r} is not the id of an event in this file{suggestion(ref, known)}",
                        field=f"constraints[{c}].event",
                        **ctx,
                    )
            claims = body.get("claims")
            if body.get("kind") == "contradiction" and isinstance(claims, list):
                for i, ref in enumerate(claims):
                    self.claim_ref(ref, known, ("events", index, "claims", i), f"claims[{i}]", ctx)
            citations = body.get("citations")
            for c, citation in enumerate(citations if isinstance(citations, list) else []):
                refs = citation.get("contradicts") if isinstance(citation, dict) else None
                for i, ref in enumerate(refs if isinstance(refs, list) else []):
                    self.claim_ref(
                        ref,
                        known,
                        ("events", index, "citations", c, "contradicts", i),
                        f"citations[{c}].contradicts[{i}]",
                        ctx,
                    )
        check_accords(
            tables,
            self.known_accords,
            lambda path, message, field, ctx: self.problem(path, message, field=field, **ctx),
        )

    def claim_ref(
        self, ref: Any, known: set[str], path: Path, field: str, ctx: dict[str, Any]
    ) -> None:
        """A problem if the claim reference ``ref`` names no known event."""
        if not isinstance(ref, str):
            return  # the field's own check reports the type
        event_id, _, _source = ref.partition("#")
        if event_id not in known:
            self.problem(
                path,
                f"{ref!r} does not name an event in this file{suggestion(event_id, known)} "
                "(a claim reference is 'event-id' or 'event-id#source-id')",
                field=field,
                **ctx,
            )
