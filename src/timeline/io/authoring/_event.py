"""Reading one ``[[events]]`` table into an event.

An event table has the keys common to every kind (``id``, ``kind``, ``when``
or ``when_phrase``, ``summary``, ``citations``...) and the fields of its kind.
Dates given as phrases are resolved against the reference day and kept
verbatim; names of actors and places are resolved across their aliases; each
citation's source must be declared. Every refused value is a problem naming the
event and the field.
"""

from __future__ import annotations

import typing
from datetime import date
from typing import Any, Final

import attrs

from timeline.errors import EventError, UnknownKindError, WhenError
from timeline.events import Citation, Constraint, Event, Gazetteer, kind_class
from timeline.io.authoring import _toml_write as toml_write
from timeline.io.authoring._problems import refused_field, show, suggestion
from timeline.io.authoring._toml_lines import Path
from timeline.io.authoring._values import (
    HINTS,
    ValueReader,
    as_day,
    field_problems,
    json_key,
)
from timeline.io.authoring.stream_file import RESERVED_EVENT_KEYS
from timeline.time import When, resolve

__all__ = ["EventContext", "EventReader"]

_CONSTRAINT_KEYS: Final = ("relation", "event", "offset")
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
_COMMON: Final = RESERVED_EVENT_KEYS - {"id", "kind"}


@attrs.frozen(kw_only=True)
class EventContext:
    """What every event of a file is read with: the stream's defaults and the catalog."""

    zone: str
    reference: date | None
    reported: When | None
    declared: frozenset[str]
    actors: Gazetteer
    places: Gazetteer


class EventReader:
    """Validation of one ``[[events]]`` table."""

    def __init__(
        self, reader: ValueReader, index: int, body: dict[str, Any], context: EventContext
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
        if "constraints" in body:
            fields["constraints"] = self.constraints(body["constraints"])
        if cls is not None:
            self.kind_fields(cls, fields)
            checked = {
                k: v for k, v in fields.items() if k not in ("when", "citations", "constraints")
            }
            for name, message in field_problems(cls, checked):
                key = json_key(name)
                self.problem((key,), message, key)
        if self.failed or cls is None:
            return None
        return self.construct(cls, fields)

    def kind(self) -> type[Event] | None:
        name = self.body.get("kind", "event")
        if not isinstance(name, str):
            self.problem(("kind",), f"expected a kind name, got {show(name)}", "kind")
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
            self.problem(("when_phrase",), f"expected a string, got {show(phrase)}", "when_phrase")
            return None
        hint = body.get("when_hint")
        if hint is not None and hint not in HINTS:
            self.problem(
                ("when_hint",),
                f"when_hint must be one of {', '.join(map(repr, HINTS))}, got {show(hint)}",
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
                f"citations must be an array of tables ([[events.citations]]), got {show(value)}",
                "citations",
            )
            return []
        out: list[Any] = []
        for c, body in enumerate(value):
            prefix = f"citations[{c}]"
            path: Path = ("citations", c)
            if not isinstance(body, dict):
                self.problem(path, f"expected a table, got {show(body)}", prefix)
                continue
            for key in body:
                if key not in _CITATION_KEYS:
                    self.problem(
                        (*path, key),
                        f"unknown key {key!r}{suggestion(key, _CITATION_KEYS)}; "
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
                        f"unknown source {source!r}{suggestion(source, declared)}; declare it as "
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
            refused = field_problems(Citation, fields)
            for name, message in refused:
                self.problem((*path, name), message, f"{prefix}.{name}")
            if refused:
                continue
            try:
                out.append(Citation(**fields))
            except (EventError, TypeError) as exc:
                field, message = refused_field(exc, fields)
                self.problem(
                    (*path, field) if field else path,
                    message,
                    f"{prefix}.{field}" if field else prefix,
                )
        return out

    # -- constraints ----------------------------------------------------------------------------

    def constraints(self, value: Any) -> list[Constraint]:
        """``[[events.constraints]]`` tables: ``relation``, ``event`` and an optional ``offset``."""
        if not isinstance(value, list):
            self.problem(
                ("constraints",),
                "constraints must be an array of tables ([[events.constraints]]), "
                f"got {show(value)}",
                "constraints",
            )
            return []
        out: list[Constraint] = []
        for c, body in enumerate(value):
            prefix = f"constraints[{c}]"
            path: Path = ("constraints", c)
            if not isinstance(body, dict):
                self.problem(path, f"expected a table, got {show(body)}", prefix)
                continue
            unknown = [key for key in body if key not in _CONSTRAINT_KEYS]
            for key in unknown:
                self.problem(
                    (*path, key),
                    f"unknown key {key!r}{suggestion(key, _CONSTRAINT_KEYS)}; "
                    f"expected {', '.join(_CONSTRAINT_KEYS)}",
                    f"{prefix}.{key}",
                )
            missing = [key for key in ("relation", "event") if key not in body]
            for key in missing:
                self.problem(path, f"missing key {key!r}", f"{prefix}.{key}")
            if unknown or missing:
                continue
            try:
                out.append(Constraint(**body))
            except EventError as exc:
                field, message = refused_field(exc, body)
                self.problem(
                    (*path, field) if field else path,
                    message,
                    f"{prefix}.{field}" if field else prefix,
                )
        return out

    def reported(self, fields: dict[str, Any], path: Path, prefix: str) -> When | None:
        zone = self.context.zone
        phrase = fields.get("reported_phrase")
        if phrase is not None and not isinstance(phrase, str):
            self.problem(
                (*path, "reported_phrase"),
                f"expected a string, got {show(phrase)}",
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
        # The event's own reference day if usable (a bad one is reported with when).
        reference = as_day(self.body.get("reference")) or self.context.reference
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
        attributes = {json_key(a.name): a for a in attrs.fields(cls) if a.init}
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
                    f"unknown key {key!r}{suggestion(key, [*allowed, *RESERVED_EVENT_KEYS])}; "
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
        if attribute.name == "dated_terms" and isinstance(value, list):
            return [self.dated_term(key, i, item, zone) for i, item in enumerate(value)]
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

    def dated_term(self, key: str, i: int, item: Any, zone: str) -> Any:
        """A dated term's table with its ``when`` read in the stream's zone, its place resolved."""
        if not isinstance(item, dict):
            return item  # the field's own check reports the type
        item = dict(item)
        when = item.get("when")
        if isinstance(when, str | date | dict):
            path = ("events", self.index, key, i, "when")
            found = self.reader.plain_when(when, zone, path, self.ctx, f"{key}[{i}].when")
            if found is None:
                self.failed = True
            else:
                item["when"] = found
        place = item.get("place")
        if isinstance(place, str) and len(self.context.places):
            name = self.name(
                place, self.context.places, (key, i, "place"), f"{key}[{i}].place", "place"
            )
            if name is not None:
                item["place"] = name
        return item

    # -- the event -------------------------------------------------------------------------------

    def construct(self, cls: type[Event], fields: dict[str, Any]) -> Event | None:
        try:
            return cls(**fields)
        except (EventError, TypeError, ValueError) as exc:
            names = {a.name: json_key(a.name) for a in attrs.fields(cls)}
            field, message = refused_field(exc, {*names, *names.values()})
            key = names.get(field, field) if field else None
            self.problem(
                (key,) if key else (),
                message,
                key or f"kind {cls.kind!r}",
            )
            return None


def _is_when_field(cls: type, name: str) -> bool:
    try:
        hints = typing.get_type_hints(cls)
    except Exception:  # unresolvable annotations: leave the value to the field's converter
        return False
    tp = hints.get(name)
    return tp is When or When in typing.get_args(tp)
