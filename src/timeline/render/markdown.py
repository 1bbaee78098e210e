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
from timeline.render._accords import (
    ACCORD_FIELDS,
    AccordRef,
    accord_index,
    accord_of,
    dated_terms,
    linked,
    relations,
    scheduled,
)
from timeline.render._common import (
    anchor,
    announcer_date,
    first_day,
    has_kind_fields,
    kind_fields,
    start_value,
    year_text,
)
from timeline.render.document import ContradictionView, Counts, Document, Entry, Side
from timeline.render.mermaid import render_mermaid
from timeline.time import Precision, When
from timeline.time.display import MONTH_NAMES
from timeline.time.value import GROUPINGS

__all__ = ["escape_markdown", "explain_counts", "render_markdown"]

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
    """Collects lines and numbered footnotes, one footnote per distinct citation.

    What repeats across a large document is worked out once: the text of a
    date (and the heading it goes under), the escaped name of an actor, place
    or source, and the reference to a citation's footnote.
    """

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.lines: list[str] = []
        self.notes: list[str] = []
        self.about: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self.urls: dict[str, str] = {}
        # A citation -> its reference; a footnote's text -> its number (the same
        # source cited the same way, on any entry, is one footnote, reused).
        self.refs: dict[Citation, str] = {}
        self.numbers: dict[str, int] = {}
        self.entity_names: dict[str, str] = {}
        self.joined: dict[tuple[str, ...], str] = {}
        self.tags: dict[frozenset[str], str] = {}
        self.kinds: dict[str, str] = {}
        self.dates: dict[When, tuple[str, tuple[int | None, int | None]]] = {}
        # Agreements by id, and the entries relations and terms link to (anchored).
        self.accords: dict[str, AccordRef] = {}
        self.linked: set[str] = set()
        # Each announcement's id, with the entry of what it announces.
        self.announced: dict[str, Entry] = {
            item.id: entry for entry in doc.entries for item in entry.announcements
        }

    def cite(self, citation: Citation) -> str:
        """The footnote reference for ``citation``: ``"Name (stance)[^n]"``."""
        ref = self.refs.get(citation)
        if ref is None:
            text = self._note(citation)
            number = self.numbers.get(text)
            if number is None:
                number = self.numbers[text] = len(self.notes) + 1
                self.notes.append(f"[^{number}]: {text}")
            ref = f"{self.names[citation.source]} ({citation.stance})[^{number}]"
            self.refs[citation] = ref
        return ref

    def _note(self, citation: Citation) -> str:
        """The text of the footnote for ``citation``."""
        doc = self.doc
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
        return "; ".join(parts)

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
        """The references of every citation of ``event``, joined."""
        return "; ".join([self.cite(c) for c in event.citations])

    def name(self, entity_id: str) -> str:
        """The escaped display name of an actor or place (cached)."""
        text = self.entity_names.get(entity_id)
        if text is None:
            text = self.entity_names[entity_id] = escape_markdown(self.doc.name(entity_id))
        return text

    def kind(self, kind: str) -> str:
        """A kind name, escaped (cached)."""
        text = self.kinds.get(kind)
        if text is None:
            text = self.kinds[kind] = escape_markdown(kind)
        return text

    def entities(self, ids: tuple[str, ...]) -> str:
        """The escaped display names of actors or places, joined (cached per tuple)."""
        text = self.joined.get(ids)
        if text is None:
            text = self.joined[ids] = ", ".join([self.name(i) for i in ids])
        return text

    def tags_line(self, tags: frozenset[str]) -> str:
        """``"Tags: a, b"``, sorted and escaped (cached: a stream uses few sets of tags)."""
        text = self.tags.get(tags)
        if text is None:
            text = ", ".join([escape_markdown(t) for t in sorted(tags)])
            text = self.tags[tags] = f"Tags: {text}"
        return text

    def date(self, when: When) -> tuple[str, tuple[int | None, int | None]]:
        """The escaped display text of ``when`` and the (year, month) it is listed under."""
        found = self.dates.get(when)
        if found is None:
            found = self.dates[when] = (escape_markdown(when.display()), _group(when))
        return found


def _link(url: str) -> str:
    if re.fullmatch(r"https?://[^\s<>]+", url):
        return f"<{url}>"
    return escape_markdown(url)


def _details(w: _Writer, event: Event) -> list[str]:
    """Actors, places, kind fields and tags of an event, as sub-bullet texts."""
    out = []
    actors, places = event.actors, event.places
    if actors and places:
        out.append(f"Actors: {w.entities(actors)} · Places: {w.entities(places)}")
    elif actors:
        out.append(f"Actors: {w.entities(actors)}")
    elif places:
        out.append(f"Places: {w.entities(places)}")
    if has_kind_fields(type(event)):
        fields = [
            f"{escape_markdown(label)}: {escape_markdown(text)}"
            for label, text in kind_fields(event, w.doc.name, skip=ACCORD_FIELDS)
        ]
        if fields:
            out.append(" · ".join(fields))
    if event.tags:
        out.append(w.tags_line(event.tags))
    return out


def _heading(w: _Writer, event: Event, date: str) -> str:
    """The line of an entry: date at its precision, kind, summary."""
    return f"**{date}** · *{w.kind(event.kind)}* · {escape_markdown(event.summary)}"


def _group(when: When) -> tuple[int | None, int | None]:
    """The (year, month) an entry is listed under; month ``None`` for spans coarser than one."""
    day = first_day(when)
    if day is None:
        return None, None
    value = start_value(when)
    fine = when.precision >= Precision.MONTH
    if value is not None and value.month is not None and value.month in GROUPINGS:
        fine = False
    return day[0], (day[1] if fine else None)


def _write_entry(w: _Writer, entry: Entry, date: str) -> None:
    doc = w.doc
    event = entry.event
    cites = w.sources(event)
    lines = w.lines
    heading = _heading(w, event, date)
    announced = bool(entry.announcements) or entry.id in w.announced
    if entry.id in w.linked or announced:  # an anchor for the links to this entry
        lines.append(f"- {_anchor(entry.id)}{heading}")
    else:
        lines.append(f"- {heading}")
    details = _details(w, event)
    if entry.statement is not None:
        details.insert(0, f"Order: {escape_markdown(entry.statement)}")
    if announced or entry.announces is not None:
        details.extend(_announcement_lines(w, entry))
    for detail in details:
        lines.append(f"    - {detail}")
    _write_accord(w, event)
    lines.append(f"    - Sources: {cites}" if cites else "    - Sources: none cited")
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


def _anchor(event_id: str) -> str:
    """An HTML anchor for an entry that other entries link to."""
    return f'<a id="{anchor(event_id)}"></a>'


def _accord_link(w: _Writer, target: str) -> str:
    """``[the Sochi memorandum of 17 September 2018](#ev-…)``, or the id if not in the document."""
    ref = w.accords.get(target)
    if ref is None:
        return f"{escape_markdown(target)} (not in this document)"
    return f"[{escape_markdown(ref.text())}](#{anchor(ref.event)})"


def _write_accord(w: _Writer, event: Event) -> None:
    """An agreement's relations (linked) and its dated terms, shown as plans."""
    found = relations(event)
    if found:
        text = "; ".join(f"{verb} {_accord_link(w, target)}" for verb, target in found)
        w.lines.append(f"    - Relations: {text}")
    terms = dated_terms(event)
    if terms:
        w.lines.append("    - Dated terms (scheduled, not events that took place):")
        for term in terms:
            when, what = escape_markdown(term.when.display()), escape_markdown(term.describe())
            w.lines.append(f"        - {when} · {what}")


def _write_scheduled(w: _Writer) -> None:
    """The dated terms of every agreement, by their dates, apart from the chronology."""
    items = scheduled(w.doc.all_entries())
    if not items:
        return
    w.lines.extend(["", "## Scheduled by agreements", ""])
    w.lines.append(
        "Dated terms agreed, by the date they are set for: plans and deadlines, "
        "not events that took place."
    )
    w.lines.append("")
    for term, entry in items:
        ref = w.accords.get(accord_of(entry.event) or "")
        setter = (
            f"[{escape_markdown(ref.text())}](#{anchor(entry.id)})"
            if ref is not None
            else f"[{escape_markdown(entry.event.summary)}](#{anchor(entry.id)})"
        )
        w.lines.append(
            f"- **{escape_markdown(term.when.display())}** · {escape_markdown(term.describe())}"
            f" — set by {setter}"
        )


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


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def explain_counts(counts: Counts) -> str:
    """Why the events shown differ from the records read, in a sentence for readers.

    >>> print(explain_counts(Counts(read=10, catalog=6, entries=3, claims=1)))
    10 records read, 4 events shown (3 entries, 1 claim listed under the event it is
    about). Not shown as entries: 6 catalog records (sources, actors, places, stream
    settings), which describe the record, not events.
    """
    shown = _count(counts.shown, "event", "events")
    detail = _count(counts.entries, "entry", "entries")
    if counts.claims:
        detail += ", " + _count(
            counts.claims,
            "claim listed under the event it is about",
            "claims listed under the events they are about",
        )
    parts = []
    if counts.catalog:
        parts.append(
            _count(counts.catalog, "catalog record", "catalog records")
            + " (sources, actors, places, stream settings), which describe the record, not events"
        )
    if counts.corrections:
        parts.append(
            _count(
                counts.corrections,
                "correction, folded into the entry it corrects",
                "corrections, folded into the entries they correct",
            )
        )
    if counts.contradictions:
        parts.append(
            _count(
                counts.contradictions,
                "contradiction, shown beside the claims it opposes",
                "contradictions, shown beside the claims they oppose",
            )
        )
    if counts.retractions:
        parts.append(_count(counts.retractions, "retraction", "retractions"))
    if counts.withdrawn:
        parts.append(
            _count(counts.withdrawn, "event", "events")
            + " withdrawn by a retraction (listed under Withdrawn; a claim goes with its event)"
        )
    if counts.filtered:
        parts.append(_count(counts.filtered, "event", "events") + " left out by the filters")
    if counts.repeated:
        parts.append(
            _count(counts.repeated, "repeated record", "repeated records")
            + " of an event already read"
        )
    text = f"{_count(counts.read, 'record', 'records')} read, {shown} shown ({detail})."
    if parts:
        text += " Not shown as entries: " + "; ".join(parts) + "."
    return text


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
    shown = doc.all_entries()
    w.accords = accord_index(shown)
    w.linked = linked(shown)
    prov = doc.provenance
    w.lines.append(f"# {escape_markdown(doc.title)}")
    w.lines.append("")
    w.lines.append(
        f"> Made from stream {escape_markdown(', '.join(prov.streams) or '(none)')} "
        f"known at {prov.known_at_text}, head position {prov.head}, "
        f"`sha256:{prov.content_hash[:16]}`, timeline {escape_markdown(prov.version)}. "
        f"{len(doc.all_entries())} events shown; filters: {escape_markdown(prov.filters)}."
    )
    if doc.counts is not None and doc.counts.read != doc.counts.shown:
        w.lines.append(">")
        w.lines.append(f"> {explain_counts(doc.counts)}")
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
        date, (entry_year, entry_month) = w.date(entry.event.when)
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
        _write_entry(w, entry, date)
    _write_scheduled(w)
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
