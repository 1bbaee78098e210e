"""iCalendar (RFC 5545), written by hand: one VEVENT per entry.

How dates are written:

* date precision (days, and intervals of days) is an all-day event:
  ``DTSTART;VALUE=DATE`` and an exclusive ``DTEND;VALUE=DATE``, so
  "2–3 February 2020" runs from 2 to 4 February (exclusive);
* coarser precisions (a week, a month, a season, "late 2012", a year, a
  decade) are all-day events over their whole span ("January 2020" is
  1 January to 1 February), with the EDTF in ``X-TIMELINE-EDTF``, the
  precision in ``X-TIMELINE-PRECISION``, and "some time in ..." in the
  ``DESCRIPTION``: the calendar shows where the event may lie, the text says
  how little is known;
* times (hour, minute, second) are UTC date-times (``...Z``), never ``TZID``
  (which would need a VTIMEZONE); DTEND is the exclusive end of the stated
  precision (an hour-precision "10h" runs 10:00 to 11:00);
* uncertain or approximate dates (``?``, ``~``, ``%``) get
  ``STATUS:TENTATIVE`` and say so in the ``DESCRIPTION``;
* open and unknown ends: iCalendar has no such thing. The event is written
  over the one calendar end that is known (the start of "from 12 January
  2020 on", the end of "until 2012") and the ``DESCRIPTION`` says that the
  event runs on, or that its start or end is not known. Nothing is invented:
  no end date is made up;
* years outside 1–9999, which iCalendar cannot write, are clamped to that
  range, and the ``DESCRIPTION`` says so.

``DTSTAMP`` is the recorded time of the version shown (the latest correction,
or the event itself), so output is deterministic; ``SEQUENCE`` counts the
corrections. Lines end in CRLF and are folded at 75 octets without splitting
a UTF-8 sequence; TEXT values escape ``\\``, ``;``, ``,`` and newlines.
"""

from __future__ import annotations

from datetime import UTC, datetime

from timeline.events import Event
from timeline.render._common import Civil, end_value, kind_fields, local_span, start_value
from timeline.render.document import Document, Entry
from timeline.time import End, Precision, When
from timeline.time.calendar import DAY, civil_from_days, days_from_civil

__all__ = ["escape_text", "fold_line", "render_ical"]

_MIN_DAYS = days_from_civil(1, 1, 1)
_MAX_DAYS = days_from_civil(9999, 12, 31)


def escape_text(text: str) -> str:
    r"""A TEXT value escaped as RFC 5545 says: ``\\``, ``\;``, ``\,``, ``\n``."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold_line(line: str, limit: int = 75) -> str:
    """``line`` folded into CRLF-joined lines of at most ``limit`` octets (UTF-8).

    Continuation lines start with one space (which counts toward the limit);
    a multi-byte UTF-8 sequence is never split.
    """
    data = line.encode()
    if len(data) <= limit:
        return line
    pieces: list[str] = []
    start = 0
    room = limit
    while start < len(data):
        end = min(start + room, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:
            end -= 1  # do not cut inside a UTF-8 sequence
        pieces.append(data[start:end].decode())
        start = end
        room = limit - 1
    return "\r\n ".join(pieces)


def _date(days: int) -> str:
    year, month, day = civil_from_days(days)
    return f"{year:04d}{month:02d}{day:02d}"


def _stamp(seconds: int) -> str:
    days, rest = divmod(seconds, DAY)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{_date(days)}T{hours:02d}{minutes:02d}{secs:02d}Z"


def _utc(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _days(civil: Civil) -> int:
    return days_from_civil(*civil)


def _known_part(when: When) -> When:
    """The part of ``when`` a calendar can hold: the known end of a half-open span."""
    if isinstance(when.start, End):
        end = when.end
        assert isinstance(end, When)
        return end
    if isinstance(when.end, End):
        start = when.start
        assert isinstance(start, When)
        return start
    return when


def _dates(when: When) -> tuple[list[str], bool]:
    """DTSTART and DTEND lines for ``when``, and whether a year had to be clamped."""
    part = _known_part(when)
    values = [v for v in (start_value(part), end_value(part)) if v is not None]
    timed = all(v.precision >= Precision.HOUR for v in values)
    if timed:
        lo, hi = part.earliest_ts, part.latest_ts
        assert lo is not None
        assert hi is not None
        low, high = _MIN_DAYS * DAY, (_MAX_DAYS + 1) * DAY
        start = min(max(lo, low), high - 1)
        stop = min(hi, high)
        if stop <= start:
            stop = start + 1
        end = f"DTEND:{_stamp(stop)}" if stop < high else f"DURATION:PT{stop - start}S"
        return [f"DTSTART:{_stamp(start)}", end], (lo, hi) != (start, stop)
    first, after = local_span(part)
    assert first is not None
    assert after is not None
    lo_days, hi_days = _days(first), _days(after)
    start_days = min(max(lo_days, _MIN_DAYS), _MAX_DAYS)
    end_days = min(hi_days, _MAX_DAYS + 1)
    if end_days <= start_days:
        end_days = start_days + 1
    clamped = (lo_days, hi_days) != (start_days, end_days)
    if end_days <= _MAX_DAYS:
        end = f"DTEND;VALUE=DATE:{_date(end_days)}"
    else:
        end = f"DURATION:P{end_days - start_days}D"
    return [f"DTSTART;VALUE=DATE:{_date(start_days)}", end], clamped


_OPEN_TEXT = {
    (True, End.OPEN): "The event runs on without a known end; the calendar shows its start.",
    (True, End.UNKNOWN): "The end is not known; the calendar shows the start only.",
    (False, End.OPEN): "The event runs back without a known start; the calendar shows its end.",
    (False, End.UNKNOWN): "The start is not known; the calendar shows the end only.",
}


def _when_text(when: When, clamped: bool) -> list[str]:
    lines = [f"When: {when.display()} (EDTF {when.to_edtf()}, precision {when.precision})"]
    if when.precision < Precision.DAY:
        lines.append(
            f"Dated to the {when.precision} only: some time in the span shown, not the whole of it."
        )
    if when.uncertain or when.approximate:
        what = []
        if when.approximate:
            what.append("approximate")
        if when.uncertain:
            what.append("uncertain")
        lines.append(f"The date is {' and '.join(what)}.")
    if isinstance(when.end, End):
        lines.append(_OPEN_TEXT[(True, when.end)])
    elif isinstance(when.start, End):
        lines.append(_OPEN_TEXT[(False, when.start)])
    if clamped:
        lines.append("The date lies outside years 1-9999, which iCalendar cannot write.")
    return lines


def _sources(doc: Document, event: Event) -> list[str]:
    out = []
    for c in event.citations:
        text = f"- {doc.source_name(c.source)}: {c.stance}"
        if c.reported is not None:
            text += f", reported {c.reported.display()}"
        if c.via is not None:
            text += f", via {doc.source_name(c.via)}"
        if c.quote:
            text += f": “{c.quote}”"
        if c.url:
            text += f" <{c.url}>"
        out.append(text)
    return out


def _description(doc: Document, entry: Entry, clamped: bool) -> str:
    event = entry.event
    lines = _when_text(event.when, clamped)
    if entry.statement is not None:
        lines.append(f"Order: {entry.statement}")
    lines.append(f"Kind: {event.kind}")
    if event.actors:
        lines.append("Actors: " + ", ".join(doc.name(a) for a in event.actors))
    if event.places:
        lines.append("Places: " + ", ".join(doc.name(p) for p in event.places))
    lines.extend(f"{label}: {value}" for label, value in kind_fields(event, doc.name))
    sources = _sources(doc, event)
    lines.extend(["Sources:", *sources] if sources else ["Sources: none cited"])
    for claim in entry.claims:
        c = claim.event
        lines.append(f"Claim ({c.when.display()}): {c.summary}")
        lines.extend(
            f"  {label}: {value}" for label, value in kind_fields(c, doc.name) if label != "target"
        )
        lines.extend("  " + s for s in _sources(doc, c))
    for view in entry.contradictions:
        lines.append(f"Contradicting claims: {view.summary}")
        for side in view.sides:
            lines.append(f"  - {side.event.summary if side.event is not None else side.ref}")
    for note in entry.corrections:
        reason = f": {note.correction.reason}" if note.correction.reason else ""
        lines.append(
            f"Corrected on {note.recorded_at.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}{reason} "
            f"(was: {note.before.summary}, {note.before.when.display()})"
        )
    return "\n".join(lines)


def _vevent(doc: Document, entry: Entry) -> list[str]:
    event = entry.event
    dates, clamped = _dates(event.when)
    stamp = max([entry.recorded_at, *(n.recorded_at for n in entry.corrections)])
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(event.id)}@{escape_text(entry.stream)}.timeline",
        f"DTSTAMP:{_utc(stamp)}",
        *dates,
        f"SUMMARY:{escape_text(event.summary)}",
        f"DESCRIPTION:{escape_text(_description(doc, entry, clamped))}",
        f"CATEGORIES:{escape_text(event.kind)}",
    ]
    if event.places:
        lines.append(f"LOCATION:{escape_text(', '.join(doc.name(p) for p in event.places))}")
    if event.when.uncertain or event.when.approximate:
        lines.append("STATUS:TENTATIVE")
    lines.append("TRANSP:TRANSPARENT")
    if entry.corrections:
        lines.append(f"SEQUENCE:{len(entry.corrections)}")
    lines.append(f"X-TIMELINE-EDTF:{escape_text(event.when.to_edtf())}")
    lines.append(f"X-TIMELINE-PRECISION:{event.when.precision}")
    lines.append("END:VEVENT")
    return lines


def render_ical(doc: Document) -> str:
    """The iCalendar text of ``doc``: one VEVENT per entry, CRLF, folded at 75 octets.

    See the module documentation for how partial, uncertain and open dates
    are written. The same document always gives the same bytes.
    """
    prov = doc.provenance
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//timeline//timeline {escape_text(prov.version)}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(doc.title)}",
        f"X-TIMELINE-STREAMS:{escape_text(', '.join(prov.streams))}",
        f"X-TIMELINE-KNOWN-AT:{prov.known_at_text}",
        f"X-TIMELINE-HEAD:{prov.head}",
        f"X-TIMELINE-CONTENT-HASH:sha256:{prov.content_hash}",
        f"X-TIMELINE-FILTERS:{escape_text(prov.filters)}",
    ]
    for entry in doc.entries:
        lines.extend(_vevent(doc, entry))
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + "\r\n" for line in lines)
