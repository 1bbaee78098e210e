"""The fixed parts of the HTML page: legend, SVG defs, facets, provenance, the inert entries.

Private to :mod:`timeline.render.html`, which writes the page; kept apart so that module
holds the entries and the data block, and this one the chrome around them.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Final

from timeline.render.document import Document


def esc(text: object) -> str:
    """``text`` escaped for HTML text and attribute values alike."""
    return html.escape(str(text), quote=True)


#: A newline inside an entry, as a character reference: in the inert block each entry is one
#: line, and the HTML parser reads ``&#10;`` back as the same newline (``\r`` would be
#: normalised to a newline by the parser, so it is written the same way).
_NEWLINES: Final = str.maketrans({"\n": "&#10;", "\r": "&#10;"})


def inert_entries(entries: Sequence[str]) -> list[str]:
    """Entries' markup as an inert ``<script type="text/html" id="tl-entries">`` block.

    Each of ``entries`` is one entry's markup ending in a newline. The block holds one entry
    a line, for the page's script to make as they are needed. It cannot end early: every
    text from the data is escaped (no ``<`` but the markup's own), and the markup never
    writes ``</script`` or ``<!--``.

    An entry with a few characters beyond ASCII (dashes, quotes, an accented name) writes
    them as character references: Chromium reads a block of ASCII about twice as fast
    (100,000 entries: ready in 1.7 s rather than 2.9 s), and the entry parses the same. An
    entry mostly in another script stays as it is (references would triple its bytes).
    """
    lines = []
    for text in entries:
        if text.count("\n") != 1 or "\r" in text or not text.endswith("\n"):
            text = text.rstrip("\n").replace("\r\n", "\n").translate(_NEWLINES) + "\n"
        if not text.isascii() and (len(text.encode("utf-8")) - len(text)) * 8 <= len(text):
            text = text.encode("ascii", "xmlcharrefreplace").decode("ascii")
        lines.append(text)
    # Parts, not one string: at 100,000 entries a copy of the block costs a quarter second.
    return ['<script type="text/html" id="tl-entries">\n', "".join(lines), "</script>\n"]


def facet_html(
    name: str,
    legend: str,
    options: Sequence[tuple[int, str, int]],
    *,
    checked: bool,
    swatches: bool = False,
) -> str:
    """A fieldset of checkboxes, one per ``(index, label, count)``."""
    out = [
        f'<fieldset class="facet" data-facet="{name}"><legend>{esc(legend)}</legend>',
        '<div class="opts">',
    ]
    for i, label, count in options:
        box = f'<input type="checkbox" name="{name}" value="{i}"{" checked" if checked else ""}>'
        swatch = f'<span class="sw k{i % 10}" aria-hidden="true"></span>' if swatches else ""
        out.append(
            f"<label>{box}{swatch}<span>{esc(label)}</span>"
            f'<span class="count">{count}</span></label>'
        )
    if not options:
        out.append('<p class="none">none</p>')
    out.append("</div></fieldset>")
    return "".join(out)


def provenance_html(doc: Document) -> str:
    """The footer's provenance list, and the problems met while reading."""
    p = doc.provenance
    rows = [
        ("Streams", ", ".join(p.streams) or "(none)"),
        ("Known at", p.known_at_text),
        ("Head position", str(p.head)),
        ("Events read", str(p.events)),
        ("Content", f"sha256:{p.content_hash}"),
        ("Made by", f"timeline {p.version}"),
        ("Filters", p.filters),
    ]
    out = ['<dl class="prov">']
    out.extend(f"<dt>{esc(k)}</dt><dd><code>{esc(v)}</code></dd>" for k, v in rows)
    out.append("</dl>")
    if doc.notes:
        out.append('<div class="problems"><h3>Problems met while reading</h3><ul>')
        out.extend(f"<li>{esc(note)}</li>" for note in doc.notes)
        out.append("</ul></div>")
    return "".join(out)


def legend_html() -> str:
    """The legend of the timeline's marks."""
    return (
        '<ul class="legend" aria-label="Legend">'
        '<li><svg width="20" height="14" aria-hidden="true"><circle class="mk k0" cx="10" cy="7"'
        ' r="5"/></svg>known to the day</li>'
        '<li><svg width="40" height="14" aria-hidden="true"><rect class="mk k0 span" x="1" y="2"'
        ' width="38" height="10" rx="3"/></svg>coarser date or interval: earliest to latest</li>'
        '<li><svg width="40" height="14" aria-hidden="true"><rect class="mk k0 span q" x="1" y="2"'
        ' width="38" height="10" rx="3"/></svg>approximate or uncertain</li>'
        '<li><svg width="40" height="14" aria-hidden="true"><rect class="mk k0 span" x="1" y="2"'
        ' width="32" height="10" rx="3" mask="url(#fade-r)"/><path class="arrow k0"'
        ' d="M33 2 L39 7 L33 12"/></svg>open end (runs on)</li>'
        '<li><svg width="40" height="14" aria-hidden="true"><rect class="mk k0 span" x="1" y="2"'
        ' width="38" height="10" rx="3" mask="url(#fade-l)"/></svg>unknown start or end</li>'
        "</ul>"
    )


#: Entries after the first page are written ``hidden`` (the page the script shows first), so
#: the browser never lays out 10,000 entries while it parses; without the script, all show.
NOSCRIPT_CSS: Final = (
    ".list > .entry[hidden] { display: block; } .zoom, .snapshot, .search { display: none; }"
)

SVG_DEFS: Final = (
    '<svg class="defs" width="0" height="0" aria-hidden="true" focusable="false"><defs>'
    '<linearGradient id="g-r" x1="0" x2="1" y1="0" y2="0"><stop offset="0.35" stop-color="#fff"/>'
    '<stop offset="1" stop-color="#fff" stop-opacity="0.05"/></linearGradient>'
    '<linearGradient id="g-l" x1="1" x2="0" y1="0" y2="0"><stop offset="0.35" stop-color="#fff"/>'
    '<stop offset="1" stop-color="#fff" stop-opacity="0.05"/></linearGradient>'
    '<mask id="fade-r" maskContentUnits="objectBoundingBox"><rect width="1" height="1"'
    ' fill="url(#g-r)"/></mask>'
    '<mask id="fade-l" maskContentUnits="objectBoundingBox"><rect width="1" height="1"'
    ' fill="url(#g-l)"/></mask>'
    "</defs></svg>"
)
