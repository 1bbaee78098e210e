"""The base event and the registry of kinds.

Define a kind by subclassing :class:`Event` and registering a kind name with
the :func:`kind` decorator, stacked on ``attrs.frozen(kw_only=True)`` so that
type checkers see the fields::

    @timeline.kind("example.capture")
    @attrs.frozen(kw_only=True)
    class Capture(timeline.Event):
        place: str
        by: str
        from_: str | None = None      # written "from" in JSON

Fields are checked against their annotations when an instance is made (lists,
sets and dicts become tuples, frozensets and ``FrozenDict``). Serialization
goes by the kind name, never by the Python import path, so data outlives class
renames; :func:`timeline.codec.upcaster` maps old names.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any, ClassVar, Final, TypeVar

import attrs

from timeline.errors import DecodeError, EventError, KindError, TimelineError, UnknownKindError
from timeline.events._canonical import canonical_bytes
from timeline.events._canonical import canonical_json as canonical_json
from timeline.events._canonical import parse_json as parse_json
from timeline.events._convert import (
    _EMPTY_DATA,
    _NO_TAGS,
    _NONE,
    _PENDING,
    _to_actors,
    _to_citations,
    _to_constraints,
    _to_data,
    _to_id,
    _to_places,
    _to_summary,
    _to_tags,
    _to_when,
)
from timeline.events._errors import _fail, _show, nested
from timeline.events._fields import resolve_type, transform_fields
from timeline.events._frozen import FrozenDict
from timeline.events._plans import Plan, plan_for, slot_setter
from timeline.events._specs import Spec, spec_for
from timeline.events.constraints import Constraint
from timeline.events.sources import Citation
from timeline.time.when import When

__all__ = ["Event", "kind", "kind_class", "kinds"]

E = TypeVar("E", bound="Event")


def _when_eq(value: When) -> tuple[When, str | None]:
    return (value, value.phrase)


@attrs.frozen(kw_only=True, field_transformer=transform_fields, init=False)
class Event:
    """An immutable record of something that happened (or was said to).

    ``Event(id="nairab-taken", when=When.from_edtf("2020-02-03"),
    summary="Syrian army takes Nairab")``. Lists, sets and dicts are accepted
    and stored as tuples, frozensets and :class:`FrozenDict`; ``when`` also
    accepts EDTF text or an aware datetime. Without an ``id``, one is made
    from the content (``"ev-"`` and 16 hex digits of a SHA-256 of the
    canonical encoding), so the same content always gets the same id.
    """

    kind: ClassVar[str] = "event"
    """The registered kind name of the class (``"event"`` for the base)."""
    name_fields: ClassVar[Mapping[str, str]] = MappingProxyType({})
    """Fields whose id names a thing the event sets up, by namespace.

    ``{"agreement": "agreement"}`` on an agreement's events: the id they hold
    becomes a name other events may refer to (see :attr:`name_reference_fields`).
    """
    name_reference_fields: ClassVar[Mapping[str, str]] = MappingProxyType({})
    """Fields (an id, or a tuple of ids) that must name a thing of a namespace.

    ``{"amends": "agreement"}``: each id must be set up by an event of the
    store or of the same append (through its :attr:`name_fields`), or the
    append is refused with :class:`~timeline.errors.UnknownReferenceError`.
    """

    id: str = attrs.field(default=None, converter=_to_id)
    """Stable id: a user-given slug, or generated from the content."""
    when: When = attrs.field(converter=_to_when, eq=_when_eq)
    """Valid time: when it happened in the world, as precisely as known."""
    summary: str = attrs.field(converter=_to_summary)
    """One line saying what happened."""
    actors: tuple[str, ...] = attrs.field(default=(), converter=_to_actors)
    """Ids (or names) of the actors involved."""
    places: tuple[str, ...] = attrs.field(default=(), converter=_to_places)
    """Ids (or names) of the places involved."""
    citations: tuple[Citation, ...] = attrs.field(default=(), converter=_to_citations)
    """Who reports it, with what stance."""
    tags: frozenset[str] = attrs.field(default=frozenset(), converter=_to_tags)
    """Free labels."""
    data: FrozenDict[Any] = attrs.field(factory=FrozenDict, converter=_to_data)
    """Free JSON-ready data, kept immutable."""
    constraints: tuple[Constraint, ...] = attrs.field(default=(), converter=_to_constraints)
    """Its order relative to other events (``after``, ``before``, ``during``), as stated."""

    def __init__(
        self,
        *,
        id: str | None = None,
        when: When | str | _dt.date,
        summary: str,
        actors: Iterable[str] = _NONE,
        places: Iterable[str] = _NONE,
        citations: Iterable[Citation | Mapping[str, Any]] = _NONE,
        tags: Iterable[str] = _NO_TAGS,
        data: Mapping[str, Any] = _EMPTY_DATA,
        constraints: Iterable[Constraint | Mapping[str, Any]] = _NONE,
    ) -> None:
        """Make an event; see the class docs. Subclasses get an attrs-generated ``__init__``.

        The same converters as the subclasses' run here, skipped for values
        left at their defaults (this is the hot path of bulk appends).
        """
        # Each slot is written through its descriptor (half the cost of
        # object.__setattr__); defaults are tested by identity first.
        # The common id and summary (plain one-line ASCII-safe text) are checked
        # inline, as the converters would; anything else goes through them.
        if id is None:
            _SET_ID(self, _PENDING)
        elif type(id) is str and id and id.isprintable() and id.strip() == id:
            _SET_ID(self, id)
        else:
            _SET_ID(self, _to_id(id))
        _SET_WHEN(self, when if type(when) is When else _to_when(when))
        if type(summary) is str and summary.isascii() and "\n" not in summary:
            _SET_SUMMARY(self, summary if "\r" not in summary else _to_summary(summary))
        else:
            _SET_SUMMARY(self, _to_summary(summary))
        _SET_ACTORS(self, () if actors is _NONE or actors == () else _to_actors(actors))
        _SET_PLACES(self, () if places is _NONE or places == () else _to_places(places))
        _SET_CITATIONS(
            self, () if citations is _NONE or citations == () else _to_citations(citations)
        )
        _SET_TAGS(self, _NO_TAGS if tags is _NO_TAGS or tags == _NO_TAGS else _to_tags(tags))
        _SET_DATA(self, _EMPTY_DATA if data is _EMPTY_DATA else _to_data(data))
        _SET_CONSTRAINTS(
            self, () if constraints is _NONE or constraints == () else _to_constraints(constraints)
        )
        if self.id is _PENDING:
            _SET_ID(self, content_id(self))

    def __attrs_post_init__(self) -> None:
        """Check fields a subclass declared without converters, then make the id if missing.

        Subclasses that define their own ``__attrs_post_init__`` must call this one.
        """
        cls = type(self)
        checks = _CHECKS.get(cls)
        if checks is None:
            checks = _checks_for(cls)
        for name, spec, where in checks:
            value = getattr(self, name)
            new = spec.convert(value, where)
            if new is not value:
                object.__setattr__(self, name, new)
        if self.id is _PENDING:
            object.__setattr__(self, "id", content_id(self))

    @classmethod
    def __timeline_spec__(cls) -> Spec:
        """The codec's spec for fields that hold an event (a correction's replacement)."""
        return _EventSpec(cls)

    def sources(self) -> tuple[str, ...]:
        """Ids of the sources cited, in citation order, without repeats."""
        return tuple(dict.fromkeys(c.source for c in self.citations))


(
    _SET_ID,
    _SET_WHEN,
    _SET_SUMMARY,
    _SET_ACTORS,
    _SET_PLACES,
    _SET_CITATIONS,
    _SET_TAGS,
    _SET_DATA,
    _SET_CONSTRAINTS,
) = (slot_setter(Event, field.name) for field in attrs.fields(Event))

_CHECKS: dict[type, tuple[tuple[str, Spec, str], ...]] = {}


def _checks_for(cls: type) -> tuple[tuple[str, Spec, str], ...]:
    """Fields of ``cls`` that have no converter, with the spec that checks them."""
    checks = []
    for field in attrs.fields(cls):
        if field.converter is None and field.init:
            tp = resolve_type(cls, field.type, field.name)
            checks.append((field.name, spec_for(tp, field.name), f"{cls.__name__}.{field.name}"))
    _CHECKS[cls] = result = tuple(checks)
    return result


# -- the registry ------------------------------------------------------------------------

_KIND_NAME = re.compile(r"^[a-z][a-z0-9_.-]*$")
_KINDS: dict[str, type[Event]] = {"event": Event}
KINDS: Final[Mapping[str, type[Event]]] = MappingProxyType(_KINDS)


def kind(name: str) -> Callable[[type[E]], type[E]]:
    """Register a subclass of :class:`Event` under the kind name ``name``.

    Stack it on ``@attrs.frozen(kw_only=True)`` so type checkers see the
    fields; alone, it applies that decorator itself (fine at run time, but
    mypy then cannot see the new fields). Either way, the fields are checked
    against their annotations and lists, sets and dicts are made immutable
    when an instance is made. Names are lowercase (``[a-z][a-z0-9_.-]*``); a name is
    taken once (re-registering the same class, or a class of the same
    module and name on reload, replaces it).
    """
    if not isinstance(name, str) or not _KIND_NAME.match(name):
        raise KindError(
            f"kind name {name!r} is not valid: expected lowercase letters, digits, "
            "'_', '.' or '-', starting with a letter"
        )

    def register(cls: type[E]) -> type[E]:
        if not (isinstance(cls, type) and issubclass(cls, Event)):
            raise KindError(f"@kind({name!r}) decorates subclasses of timeline.Event, not {cls!r}")
        if "__attrs_attrs__" not in cls.__dict__:
            cls = attrs.frozen(kw_only=True, field_transformer=transform_fields)(cls)
        _CHECKS.pop(cls, None)
        old = _KINDS.get(name)
        if old is not None and old is not cls and not _same_place(old, cls):
            raise KindError(
                f"kind {name!r} is already registered to {old.__module__}.{old.__qualname__}"
            )
        for other_name, other in list(_KINDS.items()):
            if other is cls and other_name != name:
                raise KindError(f"{cls.__qualname__} is already registered as kind {other_name!r}")
        cls.kind = name
        _KINDS[name] = cls
        _PLANS_BY_KIND.pop(name, None)
        _TRUSTED.pop(name, None)
        try:
            event_plan(cls)
        except KindError:
            del _KINDS[name]
            raise
        except NameError:
            pass  # forward references: the plan is built on first use
        return cls

    return register


def _same_place(a: type, b: type) -> bool:
    return (a.__module__, a.__qualname__) == (b.__module__, b.__qualname__)


def kinds() -> Mapping[str, type[Event]]:
    """Every registered kind name and its class (read-only, live)."""
    return KINDS


def kind_class(name: str) -> type[Event]:
    """The class registered under ``name``; :class:`UnknownKindError` lists the known kinds."""
    cls = _KINDS.get(name)
    if cls is None:
        known = ", ".join(sorted(_KINDS))
        raise UnknownKindError(f"unknown kind {name!r}; known kinds: {known}")
    return cls


# -- encoding core (timeline.codec is the public face) ----------------------------------------

_PLANS_BY_KIND: dict[str, Plan] = {}


def event_plan(cls: type[Event]) -> Plan:
    """The cached codec plan of a registered event class."""
    if _KINDS.get(cls.kind) is not cls:
        raise KindError(
            f"{cls.__module__}.{cls.__qualname__} is not a registered kind; "
            "decorate it with @timeline.kind('name')"
        )
    plan = _PLANS_BY_KIND.get(cls.kind)
    if plan is None or plan.cls is not cls:
        plan = _PLANS_BY_KIND[cls.kind] = plan_for(cls, f"kind {cls.kind!r}")
    return plan


def encode_event(event: Event, *, with_id: bool = True) -> dict[str, Any]:
    """The JSON-ready mapping of ``event`` (see :func:`timeline.codec.encode`)."""
    cls = type(event)
    plan = _PLANS_BY_KIND.get(cls.kind)
    if plan is None or plan.cls is not cls:
        if not isinstance(event, Event):
            raise EventError(f"cannot encode {event!r}: expected a timeline.Event")
        plan = event_plan(cls)
    return plan.encode(event, {"kind": cls.kind}, skip=None if with_id else "id")


def content_id(event: Event) -> str:
    """The id made from ``event``'s content: ``"ev-"`` + 16 hex digits of SHA-256."""
    text = canonical_bytes(encode_event(event, with_id=False))
    return "ev-" + hashlib.sha256(text).hexdigest()[:16]


#: An upcaster takes the mapping of an old event and returns the mapping of a newer one.
Upcaster = Callable[[dict[str, Any]], dict[str, Any]]

_UPCASTERS: dict[str, list[Upcaster]] = {}


def decode_event(data: Mapping[str, Any]) -> Event:
    """The event encoded in ``data``, after any upcasters (see :func:`timeline.codec.decode`).

    Raises :class:`DecodeError` naming the kind, the event id (when given), the
    field and what was expected, or :class:`~timeline.events.UnknownKindError`
    listing the known kinds.
    """
    if type(data) is not dict and not isinstance(data, Mapping):
        raise DecodeError(f"cannot decode {_show(data)}: expected a mapping with a 'kind'")
    name = data.get("kind")
    if name not in _KINDS or name in _UPCASTERS:
        if not isinstance(name, str):
            raise DecodeError(
                f"cannot decode event {data.get('id', '?')!r}: 'kind' must be a kind name, "
                f"got {_show(name)}"
            )
        data = _upcast(dict(data))
        name = data["kind"]
        if name not in _KINDS:
            known = ", ".join(sorted(_KINDS))
            raise UnknownKindError(
                f"cannot decode event {data.get('id', '?')!r}: unknown kind {name!r}; "
                f"known kinds: {known}"
            )
    cls = _KINDS[name]
    plan = _PLANS_BY_KIND.get(name)
    if plan is None or plan.cls is not cls:
        plan = event_plan(cls)
    event: Event = plan.decode(data, lambda: _where(name, data), ignore="kind")
    return event


def decode_event_trusted(data: Mapping[str, Any]) -> Event:
    """The event in ``data`` that this library encoded itself (a store reading its own rows).

    Skips the checks :func:`decode_event` makes on every value: only the
    shape is converted (lists to tuples, ``{"text", "tz"}`` to a cached
    ``When``). Kinds with their own ``__attrs_post_init__`` (which may check
    relations between fields), kinds with upcasters, data without an id and
    anything unexpected go the checked way, so the result is always the
    event :func:`decode_event` gives.
    """
    if type(data) is dict:
        name = data.get("kind")
        decode = _TRUSTED.get(name, _UNSEEN) if type(name) is str else None
        if decode is _UNSEEN:
            decode = _trusted_decoder(name)  # type: ignore[arg-type]
        if decode is not None:
            try:
                event = decode(data, "kind")  # type: ignore[operator]
            except TimelineError:
                event = None  # a value of the wrong shape: the checked way says what is wrong
            if event is not None:
                return event  # type: ignore[no-any-return]
    return decode_event(data)


_EVENT_POST: Final = Event.__attrs_post_init__
_UNSEEN: Final = object()
#: The trusted decoder of each kind name, or None where that kind is decoded the checked
#: way; emptied for a name when its kind is registered again or gets an upcaster.
_TRUSTED: dict[str, Callable[[dict[str, Any], str], Any] | None] = {}


def _trusted_decoder(name: str) -> Callable[[dict[str, Any], str], Any] | None:
    cls = _KINDS.get(name)
    decoder = None
    if cls is not None and name not in _UPCASTERS:
        plan = event_plan(cls)
        if plan.post is _EVENT_POST:
            decoder = plan.trusted_decoder(present=("id",))  # else the id is made: checked way
    if cls is not None:
        _TRUSTED[name] = decoder
    return decoder


def encode_record(value: Any) -> Any:
    """The JSON-ready form of a record or event (see :func:`timeline.codec.encode_value`)."""
    hook = getattr(type(value), "__timeline_spec__", None)
    if hook is None:
        raise EventError(f"cannot encode {_show(value)}: not a timeline record or event")
    return hook().encode(value)


def decode_record(cls: type[Any], data: Any) -> Any:
    """The record of class ``cls`` in ``data`` (see :func:`timeline.codec.decode_value`).

    Raises :class:`~timeline.events.EventError` for a bad value, or if ``cls``
    is not a timeline record.
    """
    if getattr(cls, "__timeline_spec__", None) is None:
        raise EventError(f"cannot decode into {cls!r}: not a timeline record")
    return plan_for(cls).decode(data, cls.__name__)


def add_upcaster(old_kind: str, function: Upcaster) -> None:
    """Run ``function`` on each mapping of kind ``old_kind`` before it is decoded.

    :func:`timeline.codec.register_upcaster` and :func:`timeline.codec.upcaster`
    are the public face.
    """
    if not isinstance(old_kind, str) or not old_kind:
        raise EventError(f"upcaster kind must be a kind name, got {_show(old_kind)}")
    _UPCASTERS.setdefault(old_kind, []).append(function)
    _TRUSTED.pop(old_kind, None)


def registered_upcasters() -> dict[str, tuple[Upcaster, ...]]:
    """The registered upcasters by kind name, in the order they run (a snapshot)."""
    return {name: tuple(functions) for name, functions in _UPCASTERS.items()}


def _where(name: str, data: Mapping[str, Any]) -> str:
    event_id = data.get("id")
    return f"kind {name!r} event {event_id!r}" if event_id is not None else f"kind {name!r} event"


def _upcast(data: dict[str, Any]) -> dict[str, Any]:
    seen: set[str] = set()
    while True:
        name = data.get("kind")
        if not isinstance(name, str) or name in seen or name not in _UPCASTERS:
            return data
        seen.add(name)
        for function in _UPCASTERS[name]:
            data = function(data)
            if not isinstance(data, dict):
                raise DecodeError(f"upcaster {function!r} of kind {name!r} returned {_show(data)}")
            if data.get("kind") != name:
                break


class _EventSpec(Spec):
    __slots__ = ("cls",)

    def __init__(self, cls: type[Event]) -> None:
        super().__init__(f"a {cls.__name__} event")
        self.cls = cls

    def convert(self, value: Any, where: str) -> Any:
        if not isinstance(value, self.cls) and isinstance(value, Mapping):
            try:
                value = decode_event(value)
            except DecodeError as exc:
                raise nested(where, exc) from exc
        if isinstance(value, self.cls):
            return value
        raise _fail(where, self.expected, value)

    def encode(self, value: Any) -> Any:
        return encode_event(value)

    def accepts(self, value: Any) -> bool:
        return isinstance(value, self.cls)
