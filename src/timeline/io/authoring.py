"""The authoring format: event streams written by hand in TOML.

A stream file is what an analyst writes in a text editor: stream metadata,
named sources declared once and cited by id, optional actors and places with
their aliases, and one ``[[events]]`` table per event::

    [stream]
    name = "idlib-2020"
    title = "Idlib, early 2020"
    zone = "Asia/Damascus"        # the zone dates are read in
    reference = 2020-02-03        # the day relative phrases are resolved against

    [sources.sohr]
    name = "Syrian Observatory for Human Rights"
    kind = "monitor"
    reliability = "C"

    [[events]]
    id = "maaret-al-nouman-captured"
    kind = "conflict.capture"
    when_phrase = "last week"     # resolved with timeline.resolve, kept verbatim
    summary = "Syrian government forces capture Maaret al-Nouman"
    place = "maaret-al-nouman"
    by = "syrian-government"

    [[events.citations]]
    source = "sohr"
    stance = "asserts"

Why TOML: comments are allowed (YAML has them too, JSON does not); values are
never typed by guesswork (YAML reads the country code ``NO`` as ``false`` and
``3.10`` as a float: the "Norway problem"); and Python reads it with the
standard library's :mod:`tomllib`, so authoring adds no dependency.

Loading (:func:`load_stream`, :func:`loads_stream`, :func:`load_into`)
validates the whole file before anything is appended and collects every
problem: an :class:`AuthoringError` lists them, each naming the file, the line,
the event (its position and id) and the field. A file with any problem
appends nothing. Event ids are the author's, so loading a file twice appends
nothing new (the store's idempotent append).

Exporting (:func:`dumps_stream`, :func:`export_toml`) writes a store's stream
back in this format; :func:`timeline.io.export_jsonl` writes the lossless
interchange format. ``load(export(store))`` gives the same events.

See ``docs/authoring.md`` for the full description of the format.
"""

from __future__ import annotations

import difflib
import keyword
import os
import re
import tempfile
import tomllib
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, Final

import attrs

from timeline import codec
from timeline.errors import AuthoringError, ExportError, Problem, WhenError
from timeline.events import (
    Actor,
    Citation,
    Event,
    EventError,
    FrozenDict,
    Gazetteer,
    Place,
    Source,
    UnknownKindError,
    kind_class,
)
from timeline.io import _toml_write as toml_write
from timeline.io._toml_lines import Path, TomlLines, locate
from timeline.io._toml_write import TomlWriteError
from timeline.store.base import ANY, AppendResult, DuplicateEventError, EventStore
from timeline.time import When, resolve
from timeline.time.calendar import check_zone

__all__ = [
    "FORMAT_VERSION",
    "RESERVED_EVENT_KEYS",
    "AuthoringError",
    "ExportError",
    "LoadResult",
    "Problem",
    "StreamFile",
    "StreamMeta",
    "TomlWriteError",
    "dumps_stream",
    "export_toml",
    "load_into",
    "load_stream",
    "loads_stream",
    "stream_of",
]

FORMAT_VERSION: Final = 1
"""The version of the authoring format this module reads and writes (``format`` in ``[stream]``)."""

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
        "tags",
        "data",
    }
)
"""The keys of an ``[[events]]`` table common to every kind; other keys are the kind's fields."""

_TOP_KEYS: Final = ("stream", "sources", "actors", "places", "events")
_STREAM_KEYS: Final = ("format", "name", "title", "description", "zone", "reference", "reported")
_SOURCE_KEYS: Final = ("name", "kind", "reliability", "affiliation", "url")
_ACTOR_KEYS: Final = ("name", "aliases", "kind")
_PLACE_KEYS: Final = ("name", "aliases", "coordinates", "within")
_CITATION_KEYS: Final = (
    "source",
    "stance",
    "reported",
    "reported_phrase",
    "url",
    "quote",
    "credibility",
    "via",
    "contradicts",
)
_WHEN_KEYS: Final = frozenset({"text", "tz", "phrase", "hint"})
_HINTS: Final = ("night",)
_PHRASE_KEYS: Final = ("when", "reported")
#: Kind fields that name another event by id (checked like ``target``).
_EVENT_REF_FIELDS: Final = ("target", "incident")


# -- what a file holds ---------------------------------------------------------------------------


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
    """How many events were newly recorded (0 when the file was loaded before)."""
    positions: tuple[int, ...]
    """The store position of each event of the file, in file order."""
    version: int
    """The stream's version after the load."""


# -- loading -----------------------------------------------------------------------------------


def load_stream(path: str | os.PathLike[str], *, known_ids: Iterable[str] = ()) -> StreamFile:
    """Read and validate the stream file at ``path``.

    Args:
        path: the ``.toml`` file.
        known_ids: ids of events recorded elsewhere that this file's events may
            refer to (``target``, ``contradicts``...), besides its own.

    Raises:
        AuthoringError: listing every problem, each with file, line, event and field.
    """
    name = os.fspath(path)
    try:
        with open(name, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        raise AuthoringError(name, [Problem(file=name, line=None, message=str(exc))]) from exc
    try:
        text = raw.decode("utf-8-sig")  # a leading BOM (some Windows editors write one) is dropped
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problem = Problem(file=name, line=line, message=f"not valid UTF-8 ({exc.reason})")
        raise AuthoringError(name, [problem]) from exc
    return loads_stream(text, file=name, known_ids=known_ids, path=name)


def loads_stream(
    text: str,
    *,
    file: str = "<string>",
    known_ids: Iterable[str] = (),
    path: str | None = None,
) -> StreamFile:
    """Read and validate a stream file's ``text``; ``file`` names it in errors.

    See :func:`load_stream`.
    """
    return _Reader(text, file, frozenset(known_ids), path).read()


def load_into(
    store: EventStore, path: str | os.PathLike[str], *, stream: str | None = None
) -> LoadResult:
    """Validate the stream file at ``path``, then append its events to ``store`` in one call.

    Everything is checked first, including against the store (an id already
    recorded with other content, or in another stream, is a problem of the
    file); a file with any problem appends nothing. Events already recorded
    identically are skipped, so loading the same file twice appends nothing new.

    Args:
        store: any store.
        path: the ``.toml`` file.
        stream: the store stream to append to (default: the file's ``[stream] name``).

    Raises:
        AuthoringError: listing every problem, each with file, line, event and field.
    """
    recorded: dict[str, tuple[str, Event]] = {
        r.event.id: (r.stream, r.event) for r in store.read_all()
    }
    loaded = load_stream(path, known_ids=recorded)
    target = loaded.meta.name if stream is None else stream
    name = os.fspath(path)
    problems = []
    for index, event in enumerate(loaded.events):
        known = recorded.get(event.id)
        if known is None:
            continue
        where, old = known
        if where != target:
            message = (
                f"id {event.id!r} is already recorded in stream {where!r}; "
                "an event id belongs to one stream"
            )
        elif codec.dumps(old) != codec.dumps(event):
            message = (
                f"id {event.id!r} is already recorded in stream {where!r} with other content; "
                "record a correction (kind 'correction') instead of editing a recorded event"
            )
        else:
            continue
        problems.append((index, event.id, message))
    if problems:
        lines = locate(_read_text(name))
        raise AuthoringError(
            name,
            [
                Problem(
                    file=name,
                    line=lines.line(("events", index, "id")),
                    message=message,
                    event=index + 1,
                    event_id=event_id,
                    field="id",
                )
                for index, event_id, message in problems
            ],
        )
    try:
        result: AppendResult = store.append(target, loaded.events, expected_version=ANY)
    except DuplicateEventError as exc:  # appended concurrently since the check
        raise AuthoringError(name, [Problem(file=name, line=None, message=str(exc))]) from exc
    return LoadResult(
        stream=loaded, appended=result.appended, positions=result.positions, version=result.version
    )


def _read_text(path: str) -> str:
    with open(path, encoding="utf-8") as handle:
        return handle.read()


_SYNTAX_POSITION: Final = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_FIELD_PREFIX: Final = re.compile(r"^(?:[A-Z][A-Za-z0-9_]*\.)?([a-z_][a-z0-9_]*)(?:\[[^\]]*\])*: ")


class _Reader:
    """One validation pass over a file, collecting problems."""

    def __init__(self, text: str, file: str, known_ids: frozenset[str], path: str | None) -> None:
        self.text = text
        self.file = file
        self.known_ids = known_ids
        self.path = path
        self.problems: list[Problem] = []
        self._lines: TomlLines | None = None
        self.declared_sources: set[str] = set()

    # -- problems ------------------------------------------------------------------------------

    @property
    def lines(self) -> TomlLines:
        if self._lines is None:
            self._lines = locate(self.text)
        return self._lines

    def problem(
        self,
        path: Path,
        message: str,
        *,
        field: str | None = None,
        event: int | None = None,
        event_id: str | None = None,
    ) -> None:
        self.problems.append(
            Problem(
                file=self.file,
                line=self.lines.line(path),
                message=message,
                event=None if event is None else event + 1,
                event_id=event_id,
                field=field,
            )
        )

    # -- the document --------------------------------------------------------------------------

    def read(self) -> StreamFile:
        _register_packs()
        try:
            data = tomllib.loads(self.text)
        except tomllib.TOMLDecodeError as exc:
            message = str(exc)
            found = _SYNTAX_POSITION.search(message)
            line = column = None
            if found is not None:
                line, column = int(found.group(1)), int(found.group(2))
                message = message[: found.start()]
            problem = Problem(
                file=self.file,
                line=line,
                column=column,
                message=f"TOML syntax error: {message}",
            )
            raise AuthoringError(self.file, [problem]) from exc
        for key in data:
            if key not in _TOP_KEYS:
                self.problem(
                    (key,),
                    f"unknown top-level key {key!r}{_hint(key, _TOP_KEYS)}; "
                    "a stream file has [stream], [sources.*], [actors.*], [places.*], [[events]]",
                    field=key,
                )
        meta = self.stream(data.get("stream"))
        sources = self.sources(data.get("sources", {}))
        actors = self.entities(data.get("actors", {}), "actors", Actor, _ACTOR_KEYS)
        places = self.entities(data.get("places", {}), "places", Place, _PLACE_KEYS)
        actor_names = self.gazetteer(actors, "actors")
        place_names = self.gazetteer(places, "places")
        sources = self.affiliations(sources, actor_names)
        places = self.within(places, place_names)
        events = self.events(data.get("events", []), meta, sources, actor_names, place_names)
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
        )

    def table(self, value: Any, path: Path, field: str, **context: Any) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        self.problem(path, f"expected a table, got {_show(value)}", field=field, **context)
        return None

    def unknown_keys(
        self, table: Mapping[str, Any], allowed: Sequence[str], path: Path, prefix: str, **ctx: Any
    ) -> None:
        for key in table:
            if key not in allowed:
                self.problem(
                    (*path, key),
                    f"unknown key {key!r}{_hint(key, allowed)}; expected {', '.join(allowed)}",
                    field=f"{prefix}{key}",
                    **ctx,
                )

    # -- [stream] ------------------------------------------------------------------------------

    def stream(self, value: Any) -> StreamMeta | None:
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
                f"got {_show(name)}",
                field="stream.name",
            )
            ok = False
        texts: dict[str, str | None] = {}
        for key in ("title", "description"):
            text = table.get(key)
            if text is not None and not isinstance(text, str):
                self.problem(
                    ("stream", key), f"expected a string, got {_show(text)}", field=f"stream.{key}"
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

    def check_zone(self, zone: Any, path: Path, field: str, **ctx: Any) -> bool:
        if not isinstance(zone, str):
            self.problem(path, f"expected an IANA zone name, got {_show(zone)}", field=field, **ctx)
            return False
        try:
            check_zone(zone)
        except WhenError as exc:
            self.problem(path, str(exc), field=field, **ctx)
            return False
        return True

    def reference(self, value: Any, path: Path, prefix: str, **ctx: Any) -> date | None:
        field = f"{prefix}.reference" if prefix else "reference"
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.problem(
            path,
            "reference must be a date (2020-02-03, written without quotes, or as ISO text), "
            f"got {_show(value)}",
            field=field,
            **ctx,
        )
        return None

    # -- sources, actors, places ------------------------------------------------------------------

    def sources(self, value: Any) -> dict[str, Source]:
        out: dict[str, Source] = {}
        table = self.table(value, ("sources",), "sources")
        self.declared_sources.update(table or {})
        for source_id, body in (table or {}).items():
            path: Path = ("sources", source_id)
            fields = self.table(body, path, f"sources.{source_id}")
            if fields is None:
                continue
            self.unknown_keys(fields, _SOURCE_KEYS, path, f"sources.{source_id}.")
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
        out: dict[str, Any] = {}
        table = self.table(value, (section,), section)
        for entity_id, body in (table or {}).items():
            path: Path = (section, entity_id)
            fields = self.table(body, path, f"{section}.{entity_id}")
            if fields is None:
                continue
            self.unknown_keys(fields, keys, path, f"{section}.{entity_id}.")
            known = {k: v for k, v in fields.items() if k in keys}
            known.setdefault("name", entity_id)
            entity = self.build(cls, {"id": entity_id, **known}, path, f"{section}.{entity_id}")
            if entity is not None:
                out[entity_id] = entity
        return out

    def build(self, cls: type[Any], fields: dict[str, Any], path: Path, prefix: str) -> Any:
        """An attrs record from ``fields``; a problem per field refused (or one for the record)."""
        refused = _field_problems(cls, fields)
        for name, message in refused:
            self.problem((*path, name), message, field=f"{prefix}.{name}")
        if refused:
            return None
        try:
            return cls(**fields)
        except (EventError, TypeError, ValueError) as exc:
            field = _field_of(str(exc), fields)
            message = _strip_field(str(exc), field)
            self.problem(
                (*path, field) if field else path,
                message,
                field=f"{prefix}.{field}" if field else prefix,
            )
            return None

    def gazetteer(self, entities: Mapping[str, Any], section: str) -> Gazetteer:
        gazetteer = Gazetteer()
        for entity_id, entity in entities.items():
            try:
                gazetteer.add(entity)
            except EventError as exc:
                self.problem(
                    (section, entity_id, "aliases"), str(exc), field=f"{section}.{entity_id}"
                )
        return gazetteer

    def affiliations(self, sources: dict[str, Source], actors: Gazetteer) -> dict[str, Source]:
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
        return out

    def resolve_name(
        self, names: Gazetteer, name: str, path: Path, field: str, what: str, **ctx: Any
    ) -> str | None:
        try:
            return names.resolve(name)
        except EventError as exc:
            self.problem(path, f"no declared {what}: {exc}", field=field, **ctx)
            return None

    # -- [[events]] ----------------------------------------------------------------------------

    def events(
        self,
        value: Any,
        meta: StreamMeta | None,
        sources: Mapping[str, Source],
        actors: Gazetteer,
        places: Gazetteer,
    ) -> list[Event]:
        if not isinstance(value, list):
            self.problem(
                ("events",),
                f"events must be an array of tables ([[events]]), got {_show(value)}",
                field="events",
            )
            return []
        zone = meta.zone if meta is not None else "UTC"
        context = _EventContext(
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
                    f"expected a table, got {_show(body)}",
                    field="events",
                    event=index,
                )
                continue
            event = _EventReader(self, index, body, context).read()
            if event is not None:
                built.append((index, event))
        events = self.duplicates(built)
        self.references(value)
        return events

    def duplicates(self, built: list[tuple[int, Event]]) -> list[Event]:
        first: dict[str, tuple[int, Event]] = {}
        events: list[Event] = []
        for index, event in built:
            seen = first.get(event.id)
            if seen is None:
                first[event.id] = (index, event)
                events.append(event)
                continue
            other_index, other = seen
            if codec.dumps(other) == codec.dumps(event):
                continue  # the same event written twice: harmless, appended once
            other_line = self.lines.line(("events", other_index))
            self.problem(
                ("events", index, "id"),
                f"id {event.id!r} is already used by event #{other_index + 1}"
                + (f" (line {other_line})" if other_line else "")
                + " with other content; ids must be unique",
                field="id",
                event=index,
                event_id=event.id,
            )
        return events

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
                        f"{ref!r} is not the id of an event in this file{_hint(ref, known)}",
                        field=key,
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

    def claim_ref(
        self, ref: Any, known: set[str], path: Path, field: str, ctx: dict[str, Any]
    ) -> None:
        if not isinstance(ref, str):
            return  # the field's own check reports the type
        event_id, _, _source = ref.partition("#")
        if event_id not in known:
            self.problem(
                path,
                f"{ref!r} does not name an event in this file{_hint(event_id, known)} "
                "(a claim reference is 'event-id' or 'event-id#source-id')",
                field=field,
                **ctx,
            )

    # -- dates ---------------------------------------------------------------------------------

    def plain_when(
        self, value: Any, zone: str, path: Path, ctx: dict[str, Any], field: str
    ) -> When | None:
        """A ``when``-like value: EDTF text, a TOML date, or the codec's inline table."""
        name = field or path[-1]
        try:
            if isinstance(value, str):
                return When.parse(value, tz=zone)
            if isinstance(value, datetime):
                if value.tzinfo is None:
                    return When.parse(value.isoformat(timespec="minutes"), tz=zone)
                return When.parse(value.isoformat(), tz=zone)
            if isinstance(value, date):
                return When.parse(value.isoformat(), tz=zone)
            if isinstance(value, dict):
                extra = sorted(set(value) - _WHEN_KEYS)
                text = value.get("text")
                tz = value.get("tz", zone)
                phrase = value.get("phrase")
                hint = value.get("hint")
                if extra or not isinstance(text, str) or not isinstance(tz, str):
                    raise WhenError(
                        "an inline date table has text (EDTF), and optionally tz, phrase and "
                        f"hint; got {_show(value)}"
                    )
                if phrase is not None and not isinstance(phrase, str):
                    raise WhenError(f"phrase must be a string, got {_show(phrase)}")
                if hint is not None and hint not in _HINTS:
                    raise WhenError(f"hint must be one of {', '.join(_HINTS)}, got {_show(hint)}")
                when = When.parse(text, tz=tz)
                if phrase is not None or hint is not None:
                    when = when.replace(phrase=phrase, hint=hint)
                return when
        except WhenError as exc:
            message = str(exc)
            key = str(path[-1])
            if isinstance(value, str) and re.search(r"[a-z]{3}", value) and key in _PHRASE_KEYS:
                message += f"; for a phrase of reporting such as 'last week', use {key}_phrase"
            self.problem(path, message, field=str(name), **ctx)
            return None
        self.problem(
            path,
            f"expected EDTF text such as '2020-01' or '2016/2019', or a date, got {_show(value)}",
            field=str(name),
            **ctx,
        )
        return None


@attrs.frozen(kw_only=True)
class _EventContext:
    zone: str
    reference: date | None
    reported: When | None
    declared: frozenset[str]
    actors: Gazetteer
    places: Gazetteer


class _EventReader:
    """Validation of one ``[[events]]`` table."""

    def __init__(
        self, reader: _Reader, index: int, body: dict[str, Any], context: _EventContext
    ) -> None:
        self.reader = reader
        self.index = index
        self.body = body
        self.context = context
        event_id = body.get("id")
        self.event_id = event_id if isinstance(event_id, str) else None
        self.failed = False

    def problem(self, path: Path, message: str, field: str) -> None:
        self.failed = True
        self.reader.problem(
            ("events", self.index, *path),
            message,
            field=field,
            event=self.index,
            event_id=self.event_id,
        )

    @property
    def ctx(self) -> dict[str, Any]:
        return {"event": self.index, "event_id": self.event_id}

    def read(self) -> Event | None:
        body = self.body
        cls = self.kind()
        fields: dict[str, Any] = {}
        event_id = body.get("id")
        if event_id is None:
            self.problem(
                (),
                "missing key 'id': give every event an id of your choosing "
                "(a slug such as 'nairab-taken'); ids make loading idempotent",
                "id",
            )
        else:
            fields["id"] = event_id
        if "summary" not in body:
            self.problem((), "missing key 'summary' (one line saying what happened)", "summary")
        else:
            fields["summary"] = body["summary"]
        zone = body.get("zone", self.context.zone)
        if "zone" in body and not self.reader.check_zone(
            zone, ("events", self.index, "zone"), "zone", **self.ctx
        ):
            self.failed = True
            zone = self.context.zone
        when = self.when(zone)
        if when is not None:
            fields["when"] = when
        for name in ("tags", "data"):
            if name in body:
                fields[name] = body[name]
        for name, names, what in (
            ("actors", self.context.actors, "actor"),
            ("places", self.context.places, "place"),
        ):
            if name in body:
                fields[name] = self.names(body[name], names, (name,), name, what)
        if "citations" in body:
            fields["citations"] = self.citations(body["citations"])
        if cls is not None:
            self.kind_fields(cls, fields)
            checked = {k: v for k, v in fields.items() if k not in ("when", "citations")}
            for name, message in _field_problems(cls, checked):
                key = _json_key(name)
                self.problem((key,), message, key)
        if self.failed or cls is None:
            return None
        return self.construct(cls, fields)

    def kind(self) -> type[Event] | None:
        name = self.body.get("kind", "event")
        if not isinstance(name, str):
            self.problem(("kind",), f"expected a kind name, got {_show(name)}", "kind")
            return None
        try:
            return kind_class(name)
        except UnknownKindError as exc:
            self.problem(("kind",), str(exc), "kind")
            return None

    # -- when ----------------------------------------------------------------------------------

    def when(self, zone: str) -> When | None:
        body = self.body
        has_when = "when" in body
        phrase = body.get("when_phrase")
        if not has_when and phrase is None:
            self.problem(
                (),
                "missing key 'when' (EDTF text such as '2020-01') or 'when_phrase' "
                "(a phrase such as 'last week', resolved against the reference date)",
                "when",
            )
            return None
        reference = self.context.reference
        if "reference" in body:
            reference = self.reader.reference(
                body["reference"], ("events", self.index, "reference"), "", **self.ctx
            )
            if reference is None:
                self.failed = True
                return None
        if phrase is not None and not isinstance(phrase, str):
            self.problem(("when_phrase",), f"expected a string, got {_show(phrase)}", "when_phrase")
            return None
        hint = body.get("when_hint")
        if hint is not None and hint not in _HINTS:
            self.problem(
                ("when_hint",),
                f"when_hint must be one of {', '.join(map(repr, _HINTS))}, got {_show(hint)}",
                "when_hint",
            )
            return None
        given = None
        if has_when:
            given = self.reader.plain_when(
                body["when"], zone, ("events", self.index, "when"), self.ctx, "when"
            )
            if given is None:
                self.failed = True
                return None
        resolved = None
        if phrase is not None:
            resolved = self.resolve(phrase, reference, zone, required=given is None)
            if resolved is None and given is None:
                return None
        if given is None:
            assert resolved is not None
            if hint is not None and hint != resolved.hint:
                resolved = resolved.replace(hint=hint)
            return resolved
        if resolved is not None and (
            resolved.to_text() != given.to_text()
            or resolved.tz != given.tz
            or (hint is not None and hint != resolved.hint)
        ):
            self.problem(
                ("when_phrase",),
                f"when_phrase {phrase!r} resolves to {resolved.to_text()!r} "
                f"({resolved.display()}) against {reference}, but when is "
                f"{given.to_text()!r} ({given.display()}); correct one of them",
                "when_phrase",
            )
            return None
        if resolved is not None and hint is None:
            return resolved
        if phrase is not None or hint is not None:
            given = given.replace(
                phrase=phrase if phrase is not None else False,
                hint=hint if hint is not None else False,
            )
        return given

    def resolve(
        self, phrase: str, reference: date | None, zone: str, *, required: bool, key: str = "when"
    ) -> When | None:
        field = f"{key}_phrase"
        if reference is None:
            if required:
                self.problem(
                    (field,),
                    f"{field} {phrase!r} needs a reference date to be resolved against: "
                    "give reference = YYYY-MM-DD on the event or in [stream]",
                    field,
                )
            return None
        try:
            return resolve(phrase, reference, tz=zone)
        except WhenError as exc:
            if required:
                self.problem((field,), str(exc), field)
            return None

    # -- names ----------------------------------------------------------------------------------

    def names(
        self, value: Any, names: Gazetteer, path: Path, field: str, what: str
    ) -> list[str] | Any:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return value  # the Event converter reports the type problem
        if not len(names):
            return value
        out = []
        for i, name in enumerate(value):
            found = self.name(name, names, (*path, i), f"{field}[{i}]", what)
            out.append(found if found is not None else name)
        return out

    def name(self, name: str, names: Gazetteer, path: Path, field: str, what: str) -> str | None:
        try:
            return names.resolve(name)
        except EventError as exc:
            self.problem(path, f"no declared {what}: {exc}", field)
            return None

    # -- citations ------------------------------------------------------------------------------

    def citations(self, value: Any) -> list[Any]:
        if not isinstance(value, list):
            self.problem(
                ("citations",),
                f"citations must be an array of tables ([[events.citations]]), got {_show(value)}",
                "citations",
            )
            return []
        out: list[Any] = []
        for c, body in enumerate(value):
            prefix = f"citations[{c}]"
            path: Path = ("citations", c)
            if not isinstance(body, dict):
                self.problem(path, f"expected a table, got {_show(body)}", prefix)
                continue
            for key in body:
                if key not in _CITATION_KEYS:
                    self.problem(
                        (*path, key),
                        f"unknown key {key!r}{_hint(key, _CITATION_KEYS)}; "
                        f"expected {', '.join(_CITATION_KEYS)}",
                        f"{prefix}.{key}",
                    )
            fields = {k: v for k, v in body.items() if k in _CITATION_KEYS}
            for key in ("source", "via"):
                source = fields.get(key)
                if isinstance(source, str) and source not in self.context.declared:
                    declared = sorted(self.context.declared)
                    self.problem(
                        (*path, key),
                        f"unknown source {source!r}{_hint(source, declared)}; declare it as "
                        f"[sources.{toml_write.key(source)}] (declared: "
                        f"{', '.join(declared) or 'none'})",
                        f"{prefix}.{key}",
                    )
            if "source" not in fields:
                self.problem(path, "missing key 'source' (a declared source id)", prefix)
                continue
            before = len(self.reader.problems)
            reported = self.reported(fields, path, prefix)
            if reported is not None:
                fields["reported"] = reported
            elif len(self.reader.problems) > before:
                fields.pop("reported", None)  # reported already
            fields.pop("reported_phrase", None)
            refused = _field_problems(Citation, fields)
            for name, message in refused:
                self.problem((*path, name), message, f"{prefix}.{name}")
            if refused:
                continue
            try:
                out.append(Citation(**fields))
            except (EventError, TypeError) as exc:
                field = _field_of(str(exc), fields)
                self.problem(
                    (*path, field) if field else path,
                    _strip_field(str(exc), field),
                    f"{prefix}.{field}" if field else prefix,
                )
        return out

    def reported(self, fields: dict[str, Any], path: Path, prefix: str) -> When | None:
        zone = self.context.zone
        phrase = fields.get("reported_phrase")
        if phrase is not None and not isinstance(phrase, str):
            self.problem(
                (*path, "reported_phrase"),
                f"expected a string, got {_show(phrase)}",
                f"{prefix}.reported_phrase",
            )
            return None
        given = None
        if "reported" in fields:
            given = self.reader.plain_when(
                fields["reported"],
                zone,
                ("events", self.index, *path, "reported"),
                self.ctx,
                f"{prefix}.reported",
            )
            if given is None:
                self.failed = True
                return None
        if phrase is None:
            return given if given is not None else self.context.reported
        reference = _own_reference(self.body.get("reference"), self.context.reference)
        resolved = None
        if reference is not None:
            try:
                resolved = resolve(phrase, reference, tz=zone)
            except WhenError as exc:
                if given is None:
                    self.problem((*path, "reported_phrase"), str(exc), f"{prefix}.reported_phrase")
                    return None
        if given is None:
            if resolved is None:
                self.problem(
                    (*path, "reported_phrase"),
                    f"reported_phrase {phrase!r} needs a reference date: give reference = "
                    "YYYY-MM-DD on the event or in [stream]",
                    f"{prefix}.reported_phrase",
                )
            return resolved
        if resolved is not None and (
            resolved.to_text() != given.to_text() or resolved.tz != given.tz
        ):
            self.problem(
                (*path, "reported_phrase"),
                f"reported_phrase {phrase!r} resolves to {resolved.to_text()!r}, but reported "
                f"is {given.to_text()!r}",
                f"{prefix}.reported_phrase",
            )
            return None
        return resolved if resolved is not None else given.replace(phrase=phrase)

    # -- the kind's own fields -----------------------------------------------------------------

    def kind_fields(self, cls: type[Event], fields: dict[str, Any]) -> None:
        attributes = {_json_key(a.name): a for a in attrs.fields(cls) if a.init}
        own = {key: a for key, a in attributes.items() if key not in RESERVED_EVENT_KEYS}
        for key, value in self.body.items():
            if key in RESERVED_EVENT_KEYS:
                continue
            attribute = own.get(key)
            if attribute is None:
                allowed = sorted(own)
                fields_text = ", ".join(allowed) if allowed else "no fields of its own"
                self.problem(
                    (key,),
                    f"unknown key {key!r}{_hint(key, [*allowed, *RESERVED_EVENT_KEYS])}; "
                    f"kind {cls.kind!r} has {fields_text} (besides {', '.join(sorted(_COMMON))})",
                    key,
                )
                continue
            fields[attribute.name] = self.kind_value(cls, attribute, key, value)
        for key, attribute in own.items():
            if attribute.default is attrs.NOTHING and key not in self.body:
                self.problem(
                    (),
                    f"missing key {key!r}, required by kind {cls.kind!r}",
                    key,
                )

    def kind_value(self, cls: type[Event], attribute: Any, key: str, value: Any) -> Any:
        zone = self.context.zone
        if _is_when_field(cls, attribute.name) and isinstance(value, str | date):
            when = self.reader.plain_when(value, zone, ("events", self.index, key), self.ctx, key)
            if when is None:
                self.failed = True
            return when
        if not isinstance(value, str | list):
            return value
        if attribute.name in getattr(cls, "actor_fields", ()):
            names, what = self.context.actors, "actor"
        elif attribute.name in getattr(cls, "place_fields", ()):
            names, what = self.context.places, "place"
        else:
            return value
        if not len(names):
            return value
        if isinstance(value, str):
            found = self.name(value, names, (key,), key, what)
            return value if found is None else found
        return self.names(value, names, (key,), key, what)

    # -- the event -------------------------------------------------------------------------------

    def construct(self, cls: type[Event], fields: dict[str, Any]) -> Event | None:
        try:
            return cls(**fields)
        except (EventError, TypeError, ValueError) as exc:
            text = str(exc)
            names = {a.name: _json_key(a.name) for a in attrs.fields(cls)}
            field = _field_of(text, {**names, **{v: v for v in names.values()}})
            key = names.get(field, field) if field else None
            self.problem(
                (key,) if key else (),
                _strip_field(text, field),
                key or f"kind {cls.kind!r}",
            )
            return None


_COMMON: Final = RESERVED_EVENT_KEYS - {"id", "kind"}


def _register_packs() -> None:
    """Import the library's domain packs so their kinds (``conflict.*``) can be named."""
    try:
        import timeline.conflict  # noqa: F401
    except ModuleNotFoundError as exc:  # a build without the pack
        if exc.name != "timeline.conflict":
            raise


def _json_key(name: str) -> str:
    """The key a field is written under: a trailing ``_`` that dodges a keyword is dropped."""
    if name.endswith("_") and keyword.iskeyword(name[:-1]):
        return name[:-1]
    return name


def _own_reference(value: Any, default: date | None) -> date | None:
    """An event's own ``reference`` day if it is a usable one (problems are reported with when)."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return default
    return default


def _field_problems(cls: type, fields: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``(field, message)`` for each value of ``fields`` its attrs converter refuses.

    Checking field by field reports every bad field of a record, not only the
    first one its constructor would stop at. Fields without a plain converter
    are left to the constructor.
    """
    out: list[tuple[str, str]] = []
    by_name = attrs.fields_dict(cls)
    for name, value in fields.items():
        field = by_name.get(name)
        converter = None if field is None else field.converter
        if converter is None or isinstance(converter, attrs.Converter) or not callable(converter):
            continue
        try:
            converter(value)
        except (EventError, TypeError, ValueError) as exc:
            text = str(exc)
            out.append(
                (name, _strip_field(text, _field_of(text, {name: None, _json_key(name): None})))
            )
    return out


def _is_when_field(cls: type, name: str) -> bool:
    try:
        hints = typing.get_type_hints(cls)
    except Exception:  # unresolvable annotations: leave the value to the field's converter
        return False
    tp = hints.get(name)
    return tp is When or When in typing.get_args(tp)


def _field_of(message: str, fields: Mapping[str, Any]) -> str | None:
    """The field an error message starts with (``"Citation.stance: ..."``), if it is one."""
    match = _FIELD_PREFIX.match(message)
    if match is None:
        # Messages of the codec start with "kind 'x' event 'y': Class.field: ...".
        inner = message.split(": ", 1)
        if len(inner) == 2 and inner[0].startswith("kind "):
            return _field_of(inner[1], fields)
        return None
    name = match.group(1)
    return name if name in fields else None


def _strip_field(message: str, field: str | None) -> str:
    if field is None:
        return message
    match = _FIELD_PREFIX.match(message)
    if match is not None and match.group(1) == field and "[" not in match.group(0):
        return message[match.end() :]
    return message


def _show(value: Any) -> str:
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{text} ({type(value).__name__})"


def _hint(name: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


# -- exporting -----------------------------------------------------------------------------------


def dumps_stream(stream: StreamFile) -> str:
    """The TOML text of ``stream``: loading it gives the same metadata, declarations and events.

    Dates are written the way an author would (``when = "2020-01"``,
    ``when_phrase = "last week"`` checked against the stream's reference)
    whenever that reads back exactly; otherwise as the codec's inline table
    (``when = { text = "2020-W05", tz = "UTC", phrase = "last week" }``).
    The stream's default ``reported`` is not written: each citation's own
    ``reported`` is, so the events read back the same.

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
    out = [
        "# A timeline stream file (the authoring format, format = 1): see docs/authoring.md.",
        *toml_write.table(("stream",), header),
    ]
    for source in stream.sources.values():
        body = codec.encode_value(source)
        body.pop("id")
        out += ["", *toml_write.table(("sources", source.id), body)]
    for section, entities in (("actors", stream.actors), ("places", stream.places)):
        for entity in entities:
            body = codec.encode_value(entity)
            body.pop("id")
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
    catalog: StreamFile | None = None,
) -> int:
    """Write the events of one stream of ``store`` to ``dest`` in the authoring format.

    The store holds events only; the stream's metadata and declared sources,
    actors and places come from ``catalog`` (typically the :class:`StreamFile`
    the events were loaded from). Sources, actors and places that events name
    but the catalog does not declare are declared minimally (their id as
    their name), so the file always loads back. The file is written
    atomically (a temporary file renamed into place).

    Args:
        store: any store.
        dest: the file to write.
        stream: the stream to export (default: the catalog's, or the store's
            only stream).
        catalog: metadata and declarations to write with the events.

    Returns:
        The number of events written.

    Raises:
        ExportError: no stream was named and the store does not have exactly one.
        TomlWriteError: a value TOML cannot hold (see :func:`dumps_stream`).
    """
    name = stream if stream is not None else catalog.meta.name if catalog is not None else None
    if name is None:
        names = store.streams()
        if len(names) != 1:
            raise ExportError(
                f"cannot export to {os.fspath(dest)}: the store has streams {names!r}; "
                "name the one to export (stream=...)"
            )
        name = names[0]
    events = tuple(r.event for r in store.read(name))
    text = dumps_stream(stream_of(events, name=name, catalog=catalog))
    _write_atomically(os.fspath(dest), text)
    return len(events)


def stream_of(
    events: Sequence[Event], *, name: str, catalog: StreamFile | None = None
) -> StreamFile:
    """A :class:`StreamFile` of ``events`` with ``catalog``'s metadata and declarations.

    Anything the events name that the catalog does not declare (a source, an
    actor, a place) is declared minimally so the result loads back.
    """
    meta = StreamMeta(name=name) if catalog is None else attrs.evolve(catalog.meta, name=name)
    sources = dict(catalog.sources) if catalog is not None else {}
    for event in events:
        for citation in event.citations:
            for source_id in (citation.source, citation.via):
                if source_id is not None and source_id not in sources:
                    sources[source_id] = Source(id=source_id, name=source_id)
    actors = list(catalog.actors) if catalog is not None else []
    places = list(catalog.places) if catalog is not None else []
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
    )


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


def _write_atomically(path: str, text: str) -> None:
    directory = os.path.dirname(os.path.abspath(path))
    fd, temporary = tempfile.mkstemp(dir=directory, prefix=".export-", suffix=".toml")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
