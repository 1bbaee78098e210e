"""TimelineJS 3 JSON: one slide per entry, each date at its own precision.

TimelineJS shows a date at the finest part present, so the parts written
follow the precision: a year-only event has only ``year``, a month-precision
date omits ``day``. Values that are spans in themselves (a decade, a season or
quarter, "late 2012", an ISO week) get an ``end_date`` at the same precision,
as intervals do; an ``end_date`` equal to the start is dropped; an open or
unknown end has no ``end_date``. TimelineJS cannot say uncertainty, so the
``display_date`` carries the text at the date's precision ("c. 2012?",
"from January 2020, end unknown").

Slides are the document's entries; claims about an entry, its corrections and
its sources go in the slide's text (HTML, escaped). ``unique_id`` is the event
id (made URL-safe when needed), ``group`` the kind. The document's provenance
is in the title slide and in a ``provenance`` member, which TimelineJS ignores.
"""

from __future__ import annotations

import hashlib
import json
import re
from html import escape as _html_escape
from typing import Any

from timeline.render._common import Civil, end_value, kind_fields, start_value
from timeline.render.document import Document, Entry
from timeline.time.calendar import DAY, civil_from_days
from timeline.time.value import GROUPINGS, CalendarValue

__all__ = ["date_parts", "render_timelinejs", "timelinejs_data"]


def escape(text: str) -> str:
    """``text`` safe in TimelineJS's HTML (``&``, ``<``, ``>``; quotes need no escape in text)."""
    return _html_escape(text, quote=False)


_SAFE_ID = re.compile(r"[A-Za-z0-9_-]+")


def _civil(days: int) -> Civil:
    return civil_from_days(days)


def date_parts(value: CalendarValue, *, last: bool = False) -> dict[str, int]:
    """TimelineJS date parts of ``value``: its first (or ``last``) moment at its precision.

    Only the parts the value states are written: ``2018`` gives ``{"year": 2018}``,
    ``2020-01`` gives ``{"year": 2020, "month": 1}``. A decade, a sub-year grouping
    and an ISO week are spans: their first or last year, month or day.
    """
    if value.year_unspecified:
        year = value.year + (10**value.year_unspecified - 1 if last else 0)
        return {"year": year}
    if value.week is not None:
        lo, hi = value.span("UTC")
        year, month, day = _civil(hi // DAY - 1 if last else lo // DAY)
        return {"year": year, "month": month, "day": day}
    if value.month_unspecified or value.month is None:
        return {"year": value.year}
    if value.month > 12:
        group = GROUPINGS[value.month]
        index = value.year * 12 + group.first_month - 1 + (group.months - 1 if last else 0)
        return {"year": index // 12, "month": index % 12 + 1}
    parts = {"year": value.year, "month": value.month}
    if value.day_unspecified or value.day is None:
        return parts
    parts["day"] = value.day
    for name in ("hour", "minute", "second"):
        part = getattr(value, name)
        if part is None:
            break
        parts[name] = part
    return parts


def _unique_id(event_id: str) -> str:
    if _SAFE_ID.fullmatch(event_id):
        return event_id
    return "ev-" + hashlib.sha256(event_id.encode()).hexdigest()[:16]


def _html_list(items: list[str]) -> str:
    if not items:
        return ""
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def _text(doc: Document, entry: Entry) -> str:
    event = entry.event
    parts = [f"<p><em>{escape(event.kind)}</em></p>"]
    facts = []
    if entry.statement is not None:
        facts.append("Order: " + escape(entry.statement))
    if event.actors:
        facts.append("Actors: " + escape(", ".join(doc.name(a) for a in event.actors)))
    if event.places:
        facts.append("Places: " + escape(", ".join(doc.name(p) for p in event.places)))
    for label, value in kind_fields(event, doc.name):
        facts.append(f"{escape(label)}: {escape(value)}")
    parts.append(_html_list(facts))
    sources = []
    for c in event.citations:
        text = f"{escape(doc.source_name(c.source))} ({escape(str(c.stance))})"
        if c.reported is not None:
            text += f", reported {escape(c.reported.display())}"
        if c.quote:
            text += f": “{escape(c.quote)}”"
        sources.append(text)
    parts.append("<p>Sources:</p>" + _html_list(sources) if sources else "<p>No source cited.</p>")
    claims = []
    for claim in entry.claims:
        said = claim.event
        who = (
            ", ".join(f"{doc.source_name(x.source)} ({x.stance})" for x in said.citations)
            or "no source cited"
        )
        extra = "; ".join(
            f"{label}: {value}" for label, value in kind_fields(said, doc.name) if label != "target"
        )
        text = f"{escape(said.when.display())}: {escape(said.summary)}"
        if extra:
            text += f" [{escape(extra)}]"
        claims.append(f"{text} ({escape(who)})")
    if claims:
        parts.append("<p>Claims:</p>" + _html_list(claims))
    for view in entry.contradictions:
        sides = [escape(s.event.summary if s.event is not None else s.ref) for s in view.sides]
        parts.append(f"<p>Contradicting claims: {escape(view.summary)}</p>" + _html_list(sides))
    for note in entry.corrections:
        reason = note.correction.reason
        parts.append(
            f"<p>Corrected{': ' + escape(reason) if reason else ''} "
            f"(was: {escape(note.before.summary)}, {escape(note.before.when.display())})</p>"
        )
    return "".join(parts)


def _slide(doc: Document, entry: Entry) -> dict[str, Any]:
    when = entry.event.when
    first, last = start_value(when), end_value(when)
    slide: dict[str, Any] = {}
    if first is not None:
        slide["start_date"] = date_parts(first)
        if last is not None:
            end = date_parts(last, last=True)
            if end != slide["start_date"]:
                slide["end_date"] = end
    else:
        assert last is not None
        slide["start_date"] = date_parts(last, last=True)
    slide["display_date"] = when.display()
    slide["text"] = {"headline": escape(entry.event.summary), "text": _text(doc, entry)}
    slide["group"] = entry.event.kind
    slide["unique_id"] = _unique_id(entry.event.id)
    return slide


def timelinejs_data(doc: Document) -> dict[str, Any]:
    """The TimelineJS 3 JSON object of ``doc`` (a dict ready for ``json.dumps``)."""
    prov = doc.provenance
    return {
        "title": {
            "text": {
                "headline": escape(doc.title),
                "text": "<p>" + "<br>".join(escape(line) for line in prov.lines()) + "</p>",
            }
        },
        "events": [_slide(doc, entry) for entry in doc.entries],
        "provenance": prov.as_dict(),
    }


def render_timelinejs(doc: Document) -> str:
    """TimelineJS 3 JSON text of ``doc`` (UTF-8, indented, stable key order, final newline)."""
    return json.dumps(timelinejs_data(doc), ensure_ascii=False, indent=2) + "\n"
