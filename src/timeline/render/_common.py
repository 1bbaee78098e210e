"""Helpers the renderers share: calendar dates of a ``When``, kind fields as text."""

from __future__ import annotations

import enum
import hashlib
import re
from collections.abc import Callable, Mapping
from typing import Any, Final

import attrs

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
    "kind_fields",
    "local_span",
    "start_value",
    "year_text",
]

Civil = tuple[int, int, int]
"""A calendar date as ``(year, month, day)``."""

BASE_FIELDS: Final = frozenset(
    {"id", "when", "summary", "actors", "places", "citations", "tags", "data"}
)
"""Fields every event has; the others are the kind's own."""


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


def kind_fields(event: Event, name: Callable[[str], str] = str) -> list[tuple[str, str]]:
    """The kind's own fields as ``(label, text)`` pairs, empty ones left out.

    ``name`` maps an id to a display name (actors, places); labels drop a
    trailing underscore (``from_`` reads ``from``).
    """
    out: list[tuple[str, str]] = []
    for field in attrs.fields(type(event)):
        if field.name in BASE_FIELDS or not field.init:
            continue
        text = _text(getattr(event, field.name), name)
        if text:
            out.append((field.name.rstrip("_").replace("_", " "), text))
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
