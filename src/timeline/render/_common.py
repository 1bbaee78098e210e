"""Helpers the renderers share: calendar dates of a ``When``, kind fields as text."""

from __future__ import annotations

import enum
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Container, Iterable, Mapping
from typing import Any, Final

import attrs

from timeline.conflict import Term
from timeline.events import Event, Figure, Stance
from timeline.time import End, When
from timeline.time.calendar import DAY, civil_from_days
from timeline.time.value import CalendarValue

__all__ = [
    "BASE_FIELDS",
    "Civil",
    "anchor",
    "announcer_date",
    "end_value",
    "has_kind_fields",
    "kind_fields",
    "local_span",
    "main_zone",
    "start_value",
    "year_text",
]

Civil = tuple[int, int, int]
"""A calendar date as ``(year, month, day)``."""

BASE_FIELDS: Final = frozenset(
    {"id", "when", "summary", "actors", "places", "citations", "tags", "data", "constraints"}
)
"""Fields every event has; the others are the kind's own."""


def main_zone(whens: Iterable[When]) -> str:
    """The zone most of ``whens`` are dated in (the first by name on a tie; UTC for none).

    A stream's plain dates are read in its zone, so this is the stream's zone for a
    document of one stream: the snapshot panel and its states work in it.
    """
    zones = Counter(when.tz for when in whens)
    return min(zones, key=lambda z: (-zones[z], z)) if zones else "UTC"


def start_value(when: When) -> CalendarValue | None:
    """The calendar value the span starts in (``None`` for an open or unknown start)."""
    start = when.start
    return None if isinstance(start, End) else start.value


def end_value(when: When) -> CalendarValue | None:
    """The calendar value the span ends in (``None`` for an open or unknown end)."""
    end = when.end
    return None if isinstance(end, End) else end.value


def _wall_days(value: CalendarValue) -> tuple[int, int]:
    """First day and the day after the last, as day counts of the value's wall calendar."""
    lo, hi = value.span("UTC")
    return lo // DAY, -(-hi // DAY)


def local_span(when: When) -> tuple[Civil | None, Civil | None]:
    """First calendar day and the day after the last, in the value's own wall calendar.

    ``None`` for an open or unknown end. No pendulum is built, so any year works.
    """
    first = start_value(when)
    last = end_value(when)
    start = None if first is None else civil_from_days(_wall_days(first)[0])
    end = None if last is None else civil_from_days(_wall_days(last)[1])
    return start, end


def first_day(when: When) -> Civil | None:
    """The first calendar day the span may cover (``None`` when the start is open)."""
    first = start_value(when)
    return None if first is None else civil_from_days(_wall_days(first)[0])


def year_text(year: int) -> str:
    """A year as people write it; 0 and below as BCE (astronomical 0 is 1 BCE)."""
    return str(year) if year > 0 else f"{1 - year} BCE"


_OWN_FIELDS: dict[type, tuple[str, ...]] = {}


def _own_fields(cls: type) -> tuple[str, ...]:
    """The names of the kind's own fields, in order (cached per class)."""
    names = _OWN_FIELDS.get(cls)
    if names is None:
        names = _OWN_FIELDS[cls] = tuple(
            f.name for f in attrs.fields(cls) if f.name not in BASE_FIELDS and f.init
        )
    return names


def has_kind_fields(cls: type) -> bool:
    """Whether events of ``cls`` have fields of their own (beyond :data:`BASE_FIELDS`)."""
    return bool(_own_fields(cls))


def kind_fields(
    event: Event, name: Callable[[str], str] = str, *, skip: Container[str] = ()
) -> list[tuple[str, str]]:
    """The kind's own fields as ``(label, text)`` pairs, empty ones left out.

    ``name`` maps an id to a display name (actors, places); labels drop a
    trailing underscore (``from_`` reads ``from``). Fields named in ``skip``
    are left out (a renderer that shows them its own way).
    """
    out: list[tuple[str, str]] = []
    for field in _own_fields(type(event)):
        if field in skip:
            continue
        text = _text(getattr(event, field), name)
        if text:
            out.append((field.rstrip("_").replace("_", " "), text))
    return out


def _text(value: Any, name: Callable[[str], str]) -> str:
    if value is None:
        return ""
    if isinstance(value, When):
        return value.display()
    if isinstance(value, Figure):
        return str(value)
    if isinstance(value, Event):
        return value.summary
    if isinstance(value, Term):
        return f"{value.when.display()}: {value.describe()}"
    if isinstance(value, enum.Enum):
        return str(value.value).replace("_", " ")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return name(value)
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {_text(v, name)}" for k, v in value.items())
    if isinstance(value, frozenset | set):
        return ", ".join(sorted(_text(v, name) for v in value))
    if isinstance(value, tuple | list):
        return ", ".join(_text(v, name) for v in value)
    if attrs.has(type(value)):
        parts = (
            f"{f.name}: {_text(getattr(value, f.name), name)}"
            for f in attrs.fields(type(value))
            if getattr(value, f.name) not in (None, (), {})
        )
        return ", ".join(parts)
    return str(value)


_SAFE_ID: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,80}")


def anchor(event_id: str) -> str:
    """The HTML / Markdown anchor of an event's entry: ``ev-<id>``, or a hash for other ids."""
    if _SAFE_ID.fullmatch(event_id):
        return "ev-" + event_id
    raw = event_id.encode("utf-8", "surrogatepass")
    return "ev-x" + hashlib.sha256(raw).hexdigest()[:12]


def announcer_date(event: Event, source_name: Callable[[str], str] = str) -> str:
    """The date an announcement gives for what it announces, as its sources' claim.

    ``"dated by the announcer: 27 February 2020, per Turkish Defence Ministry"``; empty when the
    announcement gives no date. ``source_name`` maps a source id to its name.
    """
    dated = getattr(event, "dated", None)
    if not isinstance(dated, When):
        return ""
    sources = [source_name(c.source) for c in event.citations if c.stance is Stance.ASSERTS]
    per = f", per {', '.join(sources)}" if sources else " (no source cited)"
    return f"dated by the announcer: {dated.display()}{per}"
