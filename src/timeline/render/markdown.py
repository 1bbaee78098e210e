"""The Markdown chronology: grouped by year and month, sources as footnotes.

Each entry is dated at its own precision (``"2018"``, ``"January 2020"``,
``"night of 2–3 February 2020"``) and shows its kind, summary, actors, places
and the kind's own fields. Every citation is a footnote naming the source and
its stance (asserts, denies, declines to confirm), when it reported, its quote
and URL. Claims about an event are listed under it; claims that contradict
each other are shown side by side in a table; corrections say what the entry
was before and why it changed; retracted events are listed apart at the end.

The output is CommonMark with the GitHub extensions (tables, footnotes) and
renders on GitHub and in MkDocs (with the ``footnotes`` extension). Text from
the data is escaped, so a summary cannot inject markup.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from timeline.events import Citation, Claim, Event
from timeline.render._common import (
    anchor,
    announcer_date,
    first_day,
    kind_fields,
    start_value,
    year_text,
)
from timeline.render.document import ContradictionView, Document, Entry, Side
from timeline.render.mermaid import render_mermaid
from timeline.time import Precision
from timeline.time.display import MONTH_NAMES
from timeline.time.value import GROUPINGS

__all__ = ["escape_markdown", "render_markdown"]

_ESCAPES = {
    "\\": "\\\\",
    "`": "\\`",
    "*": "\\*",
    "_": "\\_",
    "[": "\\[",
    "]": "\\]",
    "<": "&lt;",
    ">": "&gt;",
    "&": "&amp;",
    "|": "&#124;",
    "~": "&#126;",
    "$": "&#36;",
    "#": "&#35;",
}
_TABLE = str.maketrans(_ESCAPES)
_SPACE = re.compile(r"\s+")


def escape_markdown(text: str) -> str:
    """``text`` as literal Markdown: markup characters escaped, line breaks made spaces.

    The escapes work on GitHub and in Python-Markdown alike (backslash escapes
    for the characters both honour, HTML entities for the rest).
    """
    if not text.isprintable() or "  " in text:
        text = _SPACE.sub(" ", text)
    return text.strip().translate(_TABLE)


def _time(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


class _Writer:
    """Collects lines and numbered footnotes."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.lines: list[str] = []
        self.notes: list[str] = []
        self.about: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self.urls: dict[str, str] = {}
        # Each announcement's id, with the entry of what it announces.
        self.announced: dict[str, Entry] = {
            item.id: entry for entry in doc.entries for item in entry.announcements
        }

    def cite(self, citation: Citation) -> str:
        """A footnote for ``citation``; returns ``"Name (stance)[^n]"``."""
        doc = self.doc
        number = len(self.notes) + 1
        about = self.about.get(citation.source)
        if about is None:
            about = self.about[citation.source] = self._about(citation.source)
        parts = [about, str(citation.stance)]
        if citation.reported is not None:
            parts.append(f"reported {escape_markdown(citation.reported.display())}")
        if citation.via is not None:
            parts.append(f"via {escape_markdown(doc.source_name(citation.via))}")
        if citation.credibility is not None:
            parts.append(f"credibility {escape_markdown(str(citation.credibility))}")
        if citation.quote:
            parts.append(f"“{escape_markdown(citation.quote)}”")
        url = citation.url or self.urls.get(citation.source)
        if url:
            parts.append(_link(url))
        self.notes.append(f"[^{number}]: " + "; ".join(parts))
        return f"{self.names[citation.source]} ({citation.stance})[^{number}]"

    def _about(self, source_id: str) -> str:
        """The footnote's opening for a source: its name, kind and reliability (cached)."""
        doc = self.doc
        source = doc.sources.get(source_id)
        name = escape_markdown(doc.source_name(source_id))
        self.names[source_id] = name
        text = f"**{name}**"
        if source is not None:
            about = [str(source.kind)]
            if source.reliability is not None:
                about.append(f"reliability {source.reliability}")
            text += f" ({escape_markdown(', '.join(about))})"
            if source.url:
                self.urls[source_id] = source.url
        return text

    def sources(self, event: Event) -> str:
        return "; ".join(self.cite(c) for c in event.citations)


def _link(url: str) -> str:
    if re.fullmatch(r"https?://[^\s<>]+", url):
        return f"<{url}>"
    return escape_markdown(url)


def _names(doc: Document, ids: tuple[str, ...]) -> str:
    return ", ".join(escape_markdown(doc.name(i)) for i in ids)


def _details(doc: Document, event: Event) -> list[str]:
    """Actors, places, kind fields and tags of an event, as sub-bullet texts."""
    out = []
    who = []
    if event.actors:
        who.append(f"Actors: {_names(doc, event.actors)}")
    if event.places:
        who.append(f"Places: {_names(doc, event.places)}")
    if who:
        out.append(" · ".join(who))
    fields = [
        f"{escape_markdown(label)}: {escape_markdown(text)}"
        for label, text in kind_fields(event, doc.name)
    ]
    if fields:
        out.append(" · ".join(fields))
    if event.tags:
        out.append("Tags: " + ", ".join(escape_markdown(t) for t in sorted(event.tags)))
    return out


def _heading(entry: Entry) -> str:
    """The line of an entry: date at its precision, kind, summary."""
    event = entry.event
    return (
        f"**{escape_markdown(event.when.display())}** · *{escape_markdown(event.kind)}* · "
        f"{escape_markdown(event.summary)}"
    )


def _group(entry: Entry) -> tuple[int | None, int | None]:
    """The (year, month) an entry is listed under; month ``None`` for spans coarser than one."""
    when = entry.event.when
    day = first_day(when)
    if day is None:
        return None, None
    value = start_value(when)
    fine = when.precision >= Precision.MONTH
    if value is not None and value.month is not None and value.month in GROUPINGS:
        fine = False
    return day[0], (day[1] if fine else None)


def _write_entry(w: _Writer, entry: Entry) -> None:
    doc = w.doc
    event = entry.event
    cites = w.sources(event)
    line = f"- {_heading(entry)}"
    linked = entry.announcements or entry.id in w.announced
    if linked:  # an anchor for the links between an announcement and what it announces
        line = f'- <a id="{anchor(entry.id)}"></a>{_heading(entry)}'
    w.lines.append(line)
    details = _details(doc, event)
    if linked or entry.announces is not None:
        details.extend(_announcement_lines(w, entry))
    for detail in details:
        w.lines.append(f"    - {detail}")
    if cites:
        w.lines.append(f"    - Sources: {cites}")
    else:
        w.lines.append("    - Sources: none cited")
    for note in entry.corrections:
        before = note.before
        change = []
        if before.summary != event.summary:
            change.append(f"summary was “{escape_markdown(before.summary)}”")
        if before.when != event.when:
            change.append(f"date was {escape_markdown(before.when.display())}")
        reason = note.correction.reason
        text = f"    - Corrected (recorded {_time(note.recorded_at)})"
        if reason:
            text += f": {escape_markdown(reason)}"
        if change:
            text += f" ({'; '.join(change)})"
        w.lines.append(text)
    for claim in entry.claims:
        c = claim.event
        text = f"    - Claim, {escape_markdown(c.when.display())}: {escape_markdown(c.summary)}"
        extra = [
            f"{escape_markdown(label)}: {escape_markdown(value)}"
            for label, value in kind_fields(c, doc.name)
            if label != "target"
        ]
        if extra:
            text += " (" + "; ".join(extra) + ")"
        claim_cites = w.sources(c)
        if claim_cites:
            text += f" — {claim_cites}"
        w.lines.append(text)
        for note in claim.corrections:
            w.lines.append(
                f"        - Corrected (recorded {_time(note.recorded_at)})"
                + (f": {escape_markdown(note.correction.reason)}" if note.correction.reason else "")
            )
    for view in entry.contradictions:
        _write_contradiction(w, view)


def _announcement_lines(w: _Writer, entry: Entry) -> list[str]:
    """Links between an announcement and what it announces, both ways, with the date it gives."""
    doc = w.doc
    out = []
    target = w.announced.get(entry.id)
    if entry.announces is not None:
        dated = announcer_date(entry.event, doc.source_name)
        text = (
            _entry_link(target)
            if target is not None
            else f"{escape_markdown(entry.announces)} (not in this document)"
        )
        out.append(f"Announces: {text}" + (f" ({escape_markdown(dated)})" if dated else ""))
    for item in entry.announcements:
        dated = announcer_date(item.event, doc.source_name)
        out.append(
            f"Announced: {_entry_link(item)}" + (f" ({escape_markdown(dated)})" if dated else "")
        )
    return out


def _entry_link(entry: Entry) -> str:
    """``[1 March 2020: summary](#ev-id)``."""
    text = f"{entry.event.when.display()}: {entry.event.summary}"
    return f"[{escape_markdown(text)}](#{anchor(entry.id)})"


def _side_header(doc: Document, side: Side) -> str:
    if side.source is not None:
        return escape_markdown(doc.source_name(side.source))
    if side.event is not None and side.event.citations:
        return ", ".join(escape_markdown(doc.source_name(s)) for s in side.event.sources())
    return escape_markdown(side.ref)


def _side_body(doc: Document, side: Side) -> str:
    event = side.event
    if event is None:
        return f"(claim {escape_markdown(side.ref)} is not in this document)"
    text = escape_markdown(event.summary)
    stances = [
        f"{escape_markdown(doc.source_name(c.source))} {c.stance}"
        for c in event.citations
        if side.source is None or c.source == side.source
    ]
    quotes = [
        f"“{escape_markdown(c.quote)}”"
        for c in event.citations
        if c.quote and (side.source is None or c.source == side.source)
    ]
    if isinstance(event, Claim) and event.figures:
        figures = "; ".join(
            f"{escape_markdown(k)}: {escape_markdown(str(v))}" for k, v in event.figures.items()
        )
        text += f" ({figures})"
    if stances:
        text += " — " + ", ".join(stances)
    if quotes:
        text += " " + " ".join(quotes)
    return text


def _write_contradiction(w: _Writer, view: ContradictionView) -> None:
    """A table with one column per claim: the claims side by side."""
    doc = w.doc
    w.lines.append("")
    w.lines.append(f"    **Contradicting claims:** {escape_markdown(view.summary)}")
    w.lines.append("")
    w.lines.append("    | " + " | ".join(_side_header(doc, s) for s in view.sides) + " |")
    w.lines.append("    |" + " --- |" * len(view.sides))
    w.lines.append("    | " + " | ".join(_side_body(doc, s) for s in view.sides) + " |")
    w.lines.append("")


def render_markdown(doc: Document, *, mermaid: bool = False) -> str:
    """The Markdown chronology of ``doc`` (see the module documentation).

    Args:
        doc: the document, from :func:`~timeline.render.build_document`.
        mermaid: put a Mermaid ``timeline`` diagram of the entries at the top.

    Returns:
        The Markdown text, ending in a newline. The same document always gives
        the same text.
    """
    w = _Writer(doc)
    prov = doc.provenance
    w.lines.append(f"# {escape_markdown(doc.title)}")
    w.lines.append("")
    w.lines.append(
        f"> Made from stream {escape_markdown(', '.join(prov.streams) or '(none)')} "
        f"known at {prov.known_at_text}, head position {prov.head}, "
        f"`sha256:{prov.content_hash[:16]}`, timeline {escape_markdown(prov.version)}. "
        f"{len(doc.all_entries())} events shown; filters: {escape_markdown(prov.filters)}."
    )
    if mermaid and doc.entries:
        w.lines.append("")
        w.lines.append("```mermaid")
        w.lines.append(render_mermaid(doc).rstrip("\n"))
        w.lines.append("```")
    if not doc.entries:
        w.lines.append("")
        w.lines.append("No events.")
    year: int | str | None = "unset"
    month: int | str | None = "unset"
    for entry in doc.entries:
        entry_year, entry_month = _group(entry)
        if entry_year != year:
            w.lines.append("")
            w.lines.append(
                f"## {year_text(entry_year)}"
                if entry_year is not None
                else "## Start open or unknown"
            )
            w.lines.append("")
            year, month = entry_year, None
        if entry_month != month:
            if entry_month is not None:
                assert entry_year is not None
                title = f"{MONTH_NAMES[entry_month - 1]} {year_text(entry_year)}"
            else:
                title = f"Across {year_text(entry_year or 0)}"
            w.lines.append("")
            w.lines.append(f"### {title}")
            w.lines.append("")
            month = entry_month
        _write_entry(w, entry)
    if doc.retracted:
        w.lines.extend(["", "## Withdrawn", ""])
        for item in doc.retracted:
            reason = (
                f": {escape_markdown(item.retraction.reason)}" if item.retraction.reason else ""
            )
            w.lines.append(
                f"- ~~{escape_markdown(item.event.when.display())} · "
                f"{escape_markdown(item.event.summary)}~~ "
                f"(retracted, recorded {_time(item.recorded_at)}{reason})"
            )
    w.lines.extend(["", "## Provenance", ""])
    for line in prov.lines():
        key, _, value = line.partition(": ")
        w.lines.append(f"- {key}: {escape_markdown(value)}")
    for note in doc.notes:
        w.lines.append(f"- note: {escape_markdown(note)}")
    if w.notes:
        w.lines.append("")
        w.lines.extend(w.notes)
    # One blank line between blocks, none at the ends: drop repeats before joining (a
    # pass over the joined text would copy a large document twice more).
    lines = w.lines
    kept = [
        line
        for i, line in enumerate(lines)
        if line or (0 < i < len(lines) - 1 and lines[i - 1] != "")
    ]
    while kept and kept[-1] == "":
        kept.pop()
    return "\n".join(kept) + "\n"
