"""The self-contained HTML page: an SVG timeline, filters, a snapshot panel.

:func:`render_html` turns recorded events into one HTML file that needs
nothing else: its CSS and JavaScript are inline, it fetches nothing from the
network (a Content-Security-Policy of ``default-src 'none'`` makes the
browser enforce that, and the inline script and style are allowed by their
SHA-256 hashes only), and it works when opened from disk.

How the page is built
    * Every entry is written as HTML by Python, in chronological order (valid
      time, then store position), with an anchor (``#ev-<id>``), its date at
      its own precision, kind, actors, places, sources with their stances,
      and its kind's own fields. Up to ``INLINE_ENTRIES`` entries, all are in
      the page as HTML: it reads without JavaScript, and find-in-page and
      screen readers see every entry. Past that the list is windowed (below).
    * The SVG timeline is drawn by the script from a compact JSON block of
      numbers (bounds in epoch seconds, kind / actor / source indexes, flags).
      A date known only to a month, a year or "late 2012", an approximate or
      uncertain date and an interval are drawn as a *span* (a bar from the
      earliest to the latest instant they may cover); a date stated to the day
      or finer as a *point*; an open end as a bar that fades out in an arrow.
    * Filters (kind, actor, source) and the snapshot panel work on the same
      data; the snapshot at a date sorts the shown entries into those that
      had certainly begun by the end of that day, those that possibly had
      (their start is uncertain across it) and those that had not. The day
      ends in the stream's zone (``zone=``; by default the zone most entries
      are dated in), and the panel names it.

Escaping
    Every piece of text from the data goes through :func:`html.escape` (text
    and attribute values alike). Data for the script sits in a
    ``<script type="application/json">`` block, whose ``<``, ``>``, ``&`` and
    U+2028 / U+2029 are written as JSON ``\\uXXXX`` escapes, so no value can
    close the element or start a comment; the script reads text back with
    ``textContent`` and writes it with ``textContent`` only, never as markup.

100,000 events: a windowed list and level of detail
    The JSON holds numbers and anchors, not text (summaries stay in the
    entries), about 90 bytes an event. The SVG draws at most ``MAX_MARKS``
    individual marks in packed lanes; past that (a long stream or a zoomed-out
    view) it draws one count column per calendar bucket, each a link that
    zooms into its bucket, and zooming in brings the marks back. The list is
    paged (``PAGE_SIZE`` entries a page). A page of more than
    ``INLINE_ENTRIES`` entries writes its first page as HTML and the other
    entries, one a line, in an inert ``<script type="text/html">`` block that
    the browser does not parse into elements; the script makes an entry from
    its line when a page, a link, the snapshot panel or print needs it, and
    searches and filters over the data and the lines, so every entry stays
    reachable. 100,000 entries are ready in Chromium in under 2 s
    (``benchmarks/bench_page.py``).

The same input gives byte-identical output: nothing depends on the clock,
the locale or dict order.
"""

# The entries, the data block and the Content-Security-Policy hashes are written together
# here; the fixed parts around them (legend, facets, provenance, the inert block) are in
# _page_parts, and the dates' shown forms in _page_dates.

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from importlib import resources
from typing import Any, Final

from timeline.errors import RenderError
from timeline.events import Citation, Claim, Event
from timeline.render._accords import (
    ACCORD_FIELDS,
    accord_index,
    accord_of,
    dated_terms,
    relations,
    scheduled,
)
from timeline.render._common import anchor as anchor_of
from timeline.render._common import (
    announcer_date,
    kind_fields,
    main_zone,
)
from timeline.render._page_dates import Dated, dated_forms, range_text
from timeline.render._page_parts import (
    NOSCRIPT_CSS,
    SVG_DEFS,
    facet_html,
    inert_entries,
    legend_html,
    provenance_html,
)
from timeline.render._page_parts import (
    esc as _esc,
)
from timeline.render.document import ContradictionView, Document, Entry
from timeline.time import When
from timeline.time.calendar import check_zone

__all__ = ["INLINE_ENTRIES", "MAX_MARKS", "PAGE_SIZE", "render_html", "script_json"]

#: Kind fields an entry shows in rows of their own (relations, terms, what is announced).
_SHOWN_APART: frozenset[str] = ACCORD_FIELDS | {"announces", "dated"}

#: Most individual marks the SVG draws before it switches to count columns (level of detail).
MAX_MARKS: Final = 2000
#: Entries per page of the list.
PAGE_SIZE: Final = 200
#: Most entries a page writes as HTML; a longer list writes its first page as HTML and the
#: rest in an inert block, materialised by the script as they are shown (a windowed list).
INLINE_ENTRIES: Final = 1000

_JSON_ESCAPES: Final = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def script_json(value: Any) -> str:
    """``value`` as JSON that is safe inside ``<script type="application/json">``.

    Keys are sorted and separators compact (the same value always gives the
    same text); ``<``, ``>``, ``&``, U+2028 and U+2029 are written as
    ``\\uXXXX`` escapes, so the text can never contain ``</script>`` or
    ``<!--`` and parses back to ``value`` with any JSON reader.
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.translate(_JSON_ESCAPES)


def _asset(name: str) -> str:
    return resources.files("timeline").joinpath("render", "assets", name).read_text("utf-8")


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _utc(at: datetime) -> str:
    """``2020-01-01 00:33:30 UTC``: an instant in UTC to the second (text safe in HTML)."""
    # isoformat, not strftime: the same text for years from 1000 (a store's clock), in a
    # fifth of the time.
    return at.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "seconds") + " UTC"


class _Index:
    """Names in first-seen order, each with a small integer for the JSON."""

    def __init__(self) -> None:
        self.names: dict[str, int] = {}
        self.counts: list[int] = []

    def add(self, name: str) -> int:
        index = self.names.get(name)
        if index is None:
            index = self.names[name] = len(self.names)
            self.counts.append(0)
        self.counts[index] += 1
        return index

    def sorted(self) -> list[tuple[int, str, int]]:
        """``(index, name, count)`` by name, for the filter lists."""
        return sorted(
            ((i, name, self.counts[i]) for name, i in self.names.items()),
            key=lambda t: (t[1].casefold(), t[1]),
        )


def _anchors(events: Sequence[Event]) -> list[str]:
    """A unique, stable HTML id for each event, readable when the event id allows it."""
    used: set[str] = set()
    result = []
    for event in events:
        anchor = anchor_of(event.id)
        base, n = anchor, 1
        while anchor in used:
            n += 1
            anchor = f"{base}-{n}"
        used.add(anchor)
        result.append(anchor)
    return result


class _Page:
    """Writes the parts of the page that come from the document."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.entries = doc.all_entries()
        self.anchors = _anchors([e.event for e in self.entries])
        self.by_id: dict[str, str] = {}
        self._dates: dict[When, Dated] = {}
        self._seen: dict[int, tuple[When, Dated]] = {}
        self._escaped: dict[str, str] = {}
        # Many entries cite the same source the same way and name the same actors: their
        # markup is made once (a large share of the time at 100,000 events).
        self._citations: dict[Citation, str] = {}
        self._names: dict[str, str] = {}
        for entry, anchor in zip(self.entries, self.anchors, strict=True):
            self.by_id.setdefault(entry.id, anchor)
        self.accords = accord_index(self.entries)

    def accord(self, accord_id: str) -> str:
        """An agreement named by its first report, linked to that entry when the page has it."""
        ref = self.accords.get(accord_id)
        if ref is None:
            return f"<code>{_esc(accord_id)}</code> (not in this record)"
        return f'<a href="#{_esc(self.by_id[ref.event])}">{_esc(ref.text())}</a>'

    def accord_rows(self, event: Event) -> list[tuple[str, str]]:
        """Rows for an agreement's relations (linked) and its dated terms (plans)."""
        rows = []
        found = relations(event)
        if found:
            rows.append(("Relations", "; ".join(f"{verb} {self.accord(t)}" for verb, t in found)))
        terms = dated_terms(event)
        if terms:
            items = "".join(
                f"<li><time>{_esc(t.when.display())}</time> · {_esc(t.describe())}</li>"
                for t in terms
            )
            rows.append(("Dated terms (scheduled, not events)", f'<ul class="terms">{items}</ul>'))
        return rows

    def scheduled(self) -> str:
        """The dated terms of every agreement, by their dates, apart from what happened."""
        items = scheduled(self.entries)
        if not items:
            return ""
        out = [
            '<section class="scheduled" aria-labelledby="scheduled-h">',
            '<h2 id="scheduled-h">Scheduled by agreements</h2>',
            '<p class="note">Dated terms agreed, by the date they are set for: plans and '
            "deadlines, not events that took place.</p><ul>",
        ]
        for term, entry in items:
            accord = accord_of(entry.event)
            ref = self.accords.get(accord) if accord is not None else None
            label = ref.text() if ref is not None else entry.event.summary
            out.append(
                f"<li><time>{_esc(term.when.display())}</time> · {_esc(term.describe())}"
                f' — set by <a href="#{_esc(self.by_id[entry.id])}">{_esc(label)}</a></li>'
            )
        out.append("</ul></section>")
        return "".join(out)

    def dated(self, when: When) -> Dated:
        """The shown forms of ``when`` (equal values share one computation)."""
        # By the object first: hashing a When builds a tuple, and each entry's date is looked
        # up twice (the data row, the entry); the object is kept so its id stays its own.
        seen = self._seen.get(id(when))
        if seen is not None and seen[0] is when:
            return seen[1]
        found = self._dates.get(when)
        if found is None:
            found = self._dates[when] = dated_forms(when)
        self._seen[id(when)] = (when, found)
        return found

    def ref(self, ref: str) -> str:
        """A claim reference, linked to its entry when the page has it."""
        anchor = self.by_id.get(ref.partition("#")[0])
        if anchor is None:
            return f"<code>{_esc(ref)}</code>"
        return f'<a href="#{_esc(anchor)}"><code>{_esc(ref)}</code></a>'

    def escaped(self, text: str) -> str:
        """``text`` escaped, made once per distinct text (kinds and streams repeat)."""
        found = self._escaped.get(text)
        if found is None:
            found = self._escaped[text] = _esc(text)
        return found

    def name(self, entity_id: str) -> str:
        """The escaped display name of an actor or place (made once per id)."""
        found = self._names.get(entity_id)
        if found is None:
            found = self._names[entity_id] = _esc(self.doc.name(entity_id))
        return found

    def citation(self, citation: Citation) -> str:
        """A citation as a list item (made once per distinct citation)."""
        try:
            found = self._citations.get(citation)
        except TypeError:  # a citation holding an unhashable value: made each time
            return self._citation(citation)
        if found is None:
            found = self._citations[citation] = self._citation(citation)
        return found

    def _citation(self, citation: Citation) -> str:
        doc = self.doc
        source = doc.sources.get(citation.source)
        parts = [f'<li class="cite stance-{_esc(citation.stance.value)}">']
        name = _esc(doc.source_name(citation.source))
        url = citation.url or (source.url if source is not None else None)
        if url is not None and url.startswith(("https://", "http://")):
            parts.append(f'<a class="src" href="{_esc(url)}" rel="noreferrer">{name}</a>')
        else:
            parts.append(f'<span class="src">{name}</span>')
        if source is not None:
            about = [str(source.kind)]
            if source.reliability is not None:
                about.append(f"reliability {source.reliability}")
            parts.append(f' <span class="about">({_esc(", ".join(about))})</span>')
        parts.append(f' <span class="stance">{_esc(citation.stance)}</span>')
        if citation.via is not None:
            parts.append(f' <span class="via">via {_esc(doc.source_name(citation.via))}</span>')
        if citation.reported is not None:
            parts.append(
                f' <span class="reported">reported {_esc(citation.reported.display())}</span>'
            )
        if citation.credibility is not None:
            parts.append(f' <span class="grade">credibility {_esc(citation.credibility)}</span>')
        if citation.quote is not None:
            parts.append(f' <q class="quote">{_esc(citation.quote)}</q>')
        if citation.contradicts:
            refs = ", ".join(self.ref(r) for r in citation.contradicts)
            parts.append(f' <span class="contradicts">contradicts {refs}</span>')
        parts.append("</li>")
        return "".join(parts)

    def announced(self, entry: Entry) -> str:
        """What an announcement announces: a link to its entry, and the date it gives."""
        target = entry.announces or ""
        dated = announcer_date(entry.event, self.doc.source_name)
        return self.ref(target) + (f" ({_esc(dated)})" if dated else "")

    def announcements(self, entry: Entry) -> str:
        """The announcements of an entry, each linked, with its date and the date it gives."""
        out = []
        for item in entry.announcements:
            anchor = self.by_id.get(item.id, anchor_of(item.id))
            text = f"{item.event.when.display()}: {item.event.summary}"
            dated = announcer_date(item.event, self.doc.source_name)
            out.append(
                f'<a href="#{_esc(anchor)}">{_esc(text)}</a>'
                + (f" ({_esc(dated)})" if dated else "")
            )
        return "; ".join(out)

    def contradiction(self, view: ContradictionView) -> str:
        out = [
            '<div class="contra" role="group" aria-label="Contradicting claims">',
            f'<p class="contra-h">Contradicting claims: {_esc(view.summary)}</p><ul>',
        ]
        for side in view.sides:
            who = f" ({_esc(self.doc.source_name(side.source))})" if side.source else ""
            what = _esc(side.event.summary) if side.event is not None else "not in this record"
            out.append(f"<li>{self.ref(side.ref)}{who}: {what}</li>")
        out.append("</ul></div>")
        return "".join(out)

    def entry(self, index: int, entry: Entry, anchor: str, *, hidden: bool = False) -> str:
        """One entry as a list item (``hidden``: written hidden, shown by the script's pager)."""
        doc = self.doc
        event = entry.event
        when = event.when
        a = anchor  # made of [A-Za-z0-9._-] only (_anchors): nothing to escape
        dated = self.dated(when)
        classes = "entry claim" if isinstance(event, Claim) else "entry"
        out = [
            f'<li class="{classes}" id="{a}" data-i="{index}"' + (" hidden>" if hidden else ">"),
            f'<article aria-labelledby="{a}-h">',
            f'<p class="meta"><time class="date" datetime="{dated.edtf}">',
            dated.display,
            f'</time> <span class="note">({dated.note})</span>',
            f' <span class="kind">{self.escaped(event.kind)}</span>',
            '<span class="snap"></span></p>',
            f'<h3 id="{a}-h"><a class="summary" href="#{a}">{_esc(event.summary)}</a></h3>',
        ]
        if when.phrase is not None:
            out.append(f'<p class="phrase">Dated from “{_esc(when.phrase)}”.</p>')
        if entry.statement is not None:
            out.append(f'<p class="phrase">Order: {_esc(entry.statement)}.</p>')
        rows: list[tuple[str, str]] = []
        if event.actors:
            rows.append(("Actors", ", ".join(self.name(x) for x in event.actors)))
        if event.places:
            rows.append(("Places", ", ".join(self.name(x) for x in event.places)))
        if isinstance(event, Claim):
            rows.append(("About", self.ref(event.target)))
        if entry.announces is not None:
            rows.append(("Announces", self.announced(entry)))
        for label, text in kind_fields(event, doc.name, skip=_SHOWN_APART):
            if isinstance(event, Claim) and label == "target":
                continue
            rows.append((label.capitalize(), _esc(text)))
        rows.extend(self.accord_rows(event))
        if entry.announcements:
            rows.append(("Announced", self.announcements(entry)))
        if event.tags:
            rows.append(("Tags", ", ".join(_esc(t) for t in sorted(event.tags))))
        rows.append(("EDTF", f"<code>{dated.edtf}</code>"))
        rows.append(
            (
                "Recorded",
                f"{self.escaped(entry.stream)}, position {entry.position}, "
                f"{_utc(entry.recorded_at)}",
            )
        )
        out.append('<dl class="details">')
        out.extend(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)
        out.append("</dl>")
        if event.citations:
            out.append('<ul class="cites" aria-label="Sources">')
            out.extend(self.citation(c) for c in event.citations)
            out.append("</ul>")
        else:
            out.append('<p class="nocite">No source cited.</p>')
        for note in entry.corrections:
            before = note.before
            changes = []
            if before.summary != event.summary:
                changes.append(f"summary was “{_esc(before.summary)}”")
            if before.when != event.when:
                changes.append(f"date was {_esc(before.when.display())}")
            reason = note.correction.reason
            out.append(
                f'<p class="corr">Corrected (recorded {_esc(_utc(note.recorded_at))})'
                + (f": {_esc(reason)}" if reason else "")
                + (f" — {'; '.join(changes)}" if changes else "")
                + ".</p>"
            )
        out.extend(self.contradiction(view) for view in entry.contradictions)
        out.append("</article></li>\n")
        return "".join(out)

    def retracted(self) -> str:
        if not self.doc.retracted:
            return ""
        out = [
            '<section class="retracted" aria-labelledby="retracted-h">',
            '<h2 id="retracted-h">Withdrawn</h2><ul>',
        ]
        for item in self.doc.retracted:
            reason = item.retraction.reason
            out.append(
                f"<li><time>{_esc(item.event.when.display())}</time> "
                f"<s>{_esc(item.event.summary)}</s> — retracted "
                f"(recorded {_esc(_utc(item.recorded_at))})"
                + (f": {_esc(reason)}" if reason else "")
                + "</li>"
            )
        out.append("</ul></section>")
        return "".join(out)


def _data(page: _Page) -> tuple[dict[str, Any], _Index, _Index, _Index]:
    doc = page.doc
    kinds, actors, sources = _Index(), _Index(), _Index()
    rows: list[list[Any]] = []
    low: int | None = None
    high: int | None = None
    # Display names by id, looked up once each (100,000 entries name a few hundred).
    actor_names: dict[str, str] = {}
    source_names: dict[str, str] = {}
    for entry in page.entries:
        event = entry.event
        row = page.dated(event.when).row
        lo, hi = row[0], row[1]
        actor_ids = []
        for a in dict.fromkeys(event.actors):
            name = actor_names.get(a)
            if name is None:
                name = actor_names[a] = doc.name(a)
            actor_ids.append(actors.add(name))
        source_ids = []
        for c in dict.fromkeys(c.source for c in event.citations):
            name = source_names.get(c)
            if name is None:
                name = source_names[c] = doc.source_name(c)
            source_ids.append(sources.add(name))
        rows.append(
            [
                *row,
                kinds.add(event.kind),
                sorted(set(actor_ids)),
                sorted(set(source_ids)),
            ]
        )
        for bound in (lo, hi):
            if bound is not None:
                low = bound if low is None or bound < low else low
                high = bound if high is None or bound > high else high
    data: dict[str, Any] = {
        "v": 1,
        "fields": ["lo", "hi", "startLo", "startHi", "endHi", "flags", "kind", "actors", "sources"],
        "rows": rows,
        "min": low,
        "max": high,
        "maxMarks": MAX_MARKS,
        "pageSize": PAGE_SIZE,
    }
    return data, kinds, actors, sources


def render_html(
    doc: Document, *, states: Sequence[Mapping[str, Any]] = (), zone: str | None = None
) -> str:
    """One self-contained HTML page for ``doc``: SVG timeline, filters, snapshot panel.

    Args:
        doc: the document to show (:func:`~timeline.render.build_document`):
            its entries and their claims, in chronological order, each with an
            anchor ``#ev-<id>``; retracted events listed apart; the provenance
            in the footer.
        states: optional precomputed snapshot states for the snapshot panel,
            each ``{"at": <epoch seconds>, "label": str, "sections":
            [{"title": str, "items": [str, ...]}]}``, in time order; the panel
            shows the last one at or before the chosen date. All text in them
            is embedded as escaped JSON and shown as text.
        zone: the IANA zone whose days the snapshot panel works in (a chosen
            day ends at midnight there), named in the panel. By default the
            zone most of the document's entries are dated in: the stream's
            zone, since a stream's plain dates are read in it; UTC for none.
            Give the same zone to :func:`~timeline.render.snapshot.html_states`.

    Returns:
        The page as text (write it as UTF-8: it declares that charset). The
        same document always gives the same text, byte for byte.
    """
    page = _Page(doc)
    if zone is None:
        zone = main_zone(entry.event.when for entry in page.entries)
    elif not isinstance(zone, str) or not zone:
        raise RenderError(
            f"zone: {zone!r} is not a zone name; give an IANA zone such as 'Asia/Damascus'",
            field="zone",
            where="render_html",
        )
    try:
        check_zone(zone)
    except ValueError as error:
        raise RenderError(
            f"zone: {zone!r} is not a known IANA zone ({error}); give one such as "
            "'Asia/Damascus' or 'UTC'",
            field="zone",
            where="render_html",
        ) from error
    data, kinds, actors, sources = _data(page)
    data["zone"] = zone
    count = len(page.entries)
    # A long list is windowed: its first page is HTML, the rest inert until shown.
    window = count if count <= INLINE_ENTRIES else PAGE_SIZE
    data["ids"] = page.anchors
    data["window"] = window
    if states:
        data["states"] = [dict(s) for s in states]
    css = _asset("page.css")
    js = _asset("page.js")
    csp = (
        "default-src 'none'; img-src data:; "
        f"style-src {_csp_hash(css)} {_csp_hash(NOSCRIPT_CSS)}; script-src {_csp_hash(js)}; "
        "base-uri 'none'; form-action 'none'"
    )
    summary = f"{count} {'entry' if count == 1 else 'entries'}" + range_text(page.entries)
    title = _esc(doc.title)
    out = [
        "<!DOCTYPE html>\n",
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        f'<meta http-equiv="Content-Security-Policy" content="{_esc(csp)}">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        '<meta name="color-scheme" content="light dark">\n',
        '<meta name="generator" content="timeline">\n',
        '<link rel="icon" href="data:,">\n',
        f"<title>{title}</title>\n",
        f"<style>{css}</style>\n",
        f"<noscript><style>{NOSCRIPT_CSS}</style></noscript>\n",
        "</head>\n<body>\n",
        '<a class="skip" href="#entries">Skip to the entries</a>\n',
        SVG_DEFS,
        f'\n<header class="top"><h1>{title}</h1><p class="sub">{_esc(summary)}</p></header>\n',
        '<main>\n<section class="chart" aria-labelledby="chart-h">',
        '<div class="chart-head"><h2 id="chart-h">Timeline</h2>',
        legend_html(),
        "</div>",
        '<div class="zoom" role="group" aria-label="Zoom and pan the timeline">',
        '<button type="button" data-zoom="out" aria-label="Zoom out">−</button>',
        '<button type="button" data-zoom="in" aria-label="Zoom in">+</button>',
        '<button type="button" data-zoom="left" aria-label="Earlier">←</button>',
        '<button type="button" data-zoom="right" aria-label="Later">→</button>',
        '<button type="button" data-zoom="reset">Show all</button>',
        '<span class="hint">Drag across the timeline to zoom in; select a mark to open its'
        " entry.</span></div>",
        '<div class="chart-wrap"><svg id="tl-svg" class="tl" role="group"'
        ' aria-labelledby="chart-h chart-note"></svg>',
        '<noscript><p class="note">The drawn timeline needs JavaScript;'
        " every entry is listed below.</p></noscript>",
        '<svg id="tl-overview" class="overview" role="img"'
        ' aria-label="Overview of the whole range"></svg></div>',
        '<p id="chart-note" class="note" aria-live="polite"></p>',
        "</section>\n",
        '<section id="snapshot" class="snapshot" aria-labelledby="snap-h">',
        '<div class="snap-in"><h2 id="snap-h">Snapshot</h2>',
        f'<label for="snap-date">What had happened by the end of this day ({_esc(zone)})?</label>',
        '<input type="date" id="snap-date" name="snap-date"></div>',
        '<p id="snap-status" class="sr-only" role="status"></p>',
        '<div id="snap-out" class="snap-out">',
        '<p class="note">Choose a date to see which entries had certainly, possibly or not yet',
        " begun by then",
        ", and the state of things at that date" if states else "",
        ".</p></div></section>\n",
        '<div class="layout">\n<aside class="side">',
        '<form id="filters" class="filters" aria-labelledby="filters-h">',
        '<h2 id="filters-h">Filters</h2>',
        '<div class="search"><label for="tl-q">Search the entries</label>',
        '<input type="search" id="tl-q" name="q" autocomplete="off"></div>',
        facet_html("kind", "Kind", kinds.sorted(), checked=True, swatches=True),
        facet_html("actor", "Actor (any ticked; none: all)", actors.sorted(), checked=False),
        facet_html("source", "Source (any ticked; none: all)", sources.sorted(), checked=False),
        '<button type="reset" class="reset">Clear filters</button>',
        '<p id="filter-status" class="status" role="status"></p></form>',
        "</aside>\n",
        '<section id="entries" class="entries" aria-labelledby="entries-h" tabindex="-1">',
        '<h2 id="entries-h">Entries</h2>',
        '<nav class="pager" aria-label="Pages of entries, above the list" hidden></nav>',
        '<ol class="list">\n',
    ]
    pairs = list(zip(page.entries, page.anchors, strict=True))
    out.extend(
        page.entry(i, entry, anchor, hidden=i >= PAGE_SIZE)
        for i, (entry, anchor) in enumerate(pairs[:window])
    )
    out.append("</ol>")
    if not page.entries:
        out.append('<p class="empty">No entries.</p>')
    if window < count:
        out.append(
            f'<noscript><p class="note">Without JavaScript this page lists its first {window:,}'
            f" of {count:,} entries; the others are written in it for the script to show.</p>"
            "</noscript>"
        )
    # Two pagers, two names: a landmark's name tells it apart from the other (axe landmark-unique).
    out.append('<nav class="pager" aria-label="Pages of entries, below the list" hidden></nav>')
    out.append(page.scheduled())
    out.append(page.retracted())
    out.append("</section>\n</div>\n</main>\n")
    out.append('<footer class="foot"><h2>Provenance</h2>')
    out.append(provenance_html(doc))
    out.append(
        '<p class="note">Made by timeline. Dates are shown at the precision the sources give;'
        " a bar runs from the earliest to the latest instant a date may cover.</p>"
    )
    out.append("</footer>\n")
    out.append(f'<script type="application/json" id="tl-data">{script_json(data)}</script>\n')
    if window < count:
        out.extend(
            inert_entries(
                [
                    page.entry(i, entry, anchor)
                    for i, (entry, anchor) in enumerate(pairs[window:], start=window)
                ]
            )
        )
    out.append(f"<script>{js}</script>\n</body>\n</html>\n")
    return "".join(out)
