"""Events to JSON-ready data and back, by kind name, with upcasters for older data.

``encode(event)`` gives a plain mapping::

    {"kind": "event", "id": "nairab-taken",
     "when": {"text": "2020-02-03", "tz": "UTC"}, "summary": "...", ...}

Fields left at their default are left out; ``when`` is written as its
canonical text (:meth:`When.to_text`) with its zone and, when present, the
phrase it was resolved from and its display hint. ``decode`` reverses it and
checks everything; ``dumps`` / ``loads`` do the same to compact canonical JSON
text (sorted keys, no spaces, UTF-8 kept), so equal events give identical text.
With the ``fast`` extra installed, msgspec writes and reads that text
wherever it gives exactly what the stdlib would (otherwise the stdlib does);
:func:`loads_trusted` reads text a store wrote itself without checking each
value again.

Data written under an older kind name, or with older field names, loads
through upcasters::

    codec.upcaster("seizure", to="capture", rename={"town": "place"})
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from timeline.errors import DecodeError, EventError
from timeline.events.base import (
    Event,
    Upcaster,
    add_upcaster,
    canonical_json,
    decode_event,
    decode_event_trusted,
    decode_record,
    encode_event,
    encode_record,
    parse_json,
    registered_upcasters,
)

__all__ = [
    "DecodeError",
    "Upcaster",
    "decode",
    "decode_value",
    "dumps",
    "encode",
    "encode_value",
    "loads",
    "loads_trusted",
    "register_upcaster",
    "upcaster",
    "upcasters",
]

#: An upcaster takes the mapping of an old event and returns the mapping of a newer one.


def encode(event: Event) -> dict[str, Any]:
    """The JSON-ready mapping of ``event``: ``{"kind": ..., "id": ..., "when": {...}, ...}``.

    Raises :class:`~timeline.events.KindError` if the event's class is not a
    registered kind.
    """
    return encode_event(event)


def decode(data: Mapping[str, Any]) -> Event:
    """The event encoded in ``data``, after any upcasters for its kind.

    Raises :class:`DecodeError` naming the kind, the event id (when given), the
    field and what was expected, or :class:`~timeline.events.UnknownKindError`
    listing the known kinds.
    """
    return decode_event(data)


def dumps(event: Event) -> str:
    """Compact canonical JSON text of ``event``: identical events give identical text."""
    return canonical_json(encode_event(event))


def loads(text: str | bytes) -> Event:
    """The event in JSON ``text`` (as written by :func:`dumps`)."""
    return decode(_parse(text))


def loads_trusted(text: str | bytes) -> Event:
    """The event in ``text`` that :func:`dumps` of this library wrote (a store's own rows).

    The same event as :func:`loads` gives, made without re-checking each value
    (ids, summaries, names were checked when the event was made, before it was
    written): only for text the caller wrote itself. Older data (kinds with
    upcasters) and kinds with their own checks across fields are decoded the
    checked way.
    """
    try:
        data = parse_json(text)
    except (ValueError, TypeError) as exc:
        raise DecodeError(f"cannot decode event: not valid JSON ({exc})") from exc
    return decode_event_trusted(data)


def _parse(text: str | bytes) -> Any:
    try:
        return parse_json(text)
    except (ValueError, TypeError) as exc:
        raise DecodeError(f"cannot decode event: not valid JSON ({exc})") from exc


def encode_value(value: Any) -> Any:
    """The JSON-ready form of a record (``Source``, ``Citation``, ``Figure``, ``Place``...)."""
    return encode_record(value)


def decode_value(cls: type[Any], data: Any) -> Any:
    """The record of class ``cls`` (``Source``, ``Citation``...) encoded in ``data``."""
    if isinstance(cls, type) and issubclass(cls, Event):
        event = decode(data)
        if not isinstance(event, cls):
            raise DecodeError(f"expected a {cls.__name__} event, got kind {event.kind!r}")
        return event
    try:
        return decode_record(cls, data)
    except EventError as exc:
        if isinstance(exc, DecodeError) or getattr(cls, "__timeline_spec__", None) is None:
            raise
        raise DecodeError(str(exc), field=exc.field, where=exc.where) from exc


# -- upcasters -------------------------------------------------------------------------


def register_upcaster(old_kind: str, function: Upcaster) -> Upcaster:
    """Run ``function`` on every mapping of kind ``old_kind`` before decoding.

    The function gets a copy of the mapping and returns the new one; it may
    change ``"kind"`` (later upcasters of the new kind then run too). Usable
    as a decorator via ``functools.partial`` or directly; returns ``function``.
    """
    add_upcaster(old_kind, function)
    return function


def upcaster(
    old_kind: str,
    *,
    to: str | None = None,
    rename: Mapping[str, str] | None = None,
    drop: Iterable[str] = (),
    defaults: Mapping[str, Any] | None = None,
) -> Upcaster:
    """Declare how data of ``old_kind`` maps to the current classes, and register it.

    ``to`` is the new kind name (for a renamed kind); ``rename`` maps old field
    names to new ones; ``drop`` lists fields that no longer exist; ``defaults``
    fills fields that old data lacks. For a kind that kept its name but
    renamed fields, give the current name as ``old_kind`` and no ``to``::

        codec.upcaster("seizure", to="capture", rename={"town": "place"})
        codec.upcaster("capture", rename={"captor": "by"})

    Returns the registered function.
    """
    renames = dict(rename or {})
    dropped = frozenset(drop)
    filled = dict(defaults or {})

    def upcast(data: dict[str, Any]) -> dict[str, Any]:
        for old, new in renames.items():
            if old in data:
                if new in data:
                    raise DecodeError(
                        f"cannot upcast kind {old_kind!r} event {data.get('id', '?')!r}: "
                        f"it has both {old!r} and {new!r}"
                    )
                data[new] = data.pop(old)
        for name in dropped:
            data.pop(name, None)
        for name, value in filled.items():
            data.setdefault(name, value)
        if to is not None:
            data["kind"] = to
        return data

    upcast.__name__ = f"upcast_{old_kind}"
    upcast.__doc__ = f"Upcaster of kind {old_kind!r}" + (f" to {to!r}" if to else "")
    return register_upcaster(old_kind, upcast)


def upcasters() -> Mapping[str, tuple[Upcaster, ...]]:
    """The registered upcasters by kind name (a snapshot)."""
    return registered_upcasters()
