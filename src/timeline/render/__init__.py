"""Documents people read, made from a stream: Markdown, HTML, Mermaid, TimelineJS, iCalendar.

Every renderer is a function from one :class:`Document` to text. Build the
document once with :func:`build_document` (a store, a ``known_at`` recorded
time, filters, the sources registry) and render it in any format::

    doc = build_document(store, sources=sources)
    markdown = render_markdown(doc, mermaid=True)
    calendar = render_ical(doc)

Every document carries its :class:`Provenance` (streams, ``known_at``, head
position, a SHA-256 of the events used, the library version); nothing depends
on the wall clock, so the same inputs give byte-identical output.
"""

from timeline.render.document import (
    ContradictionView,
    CorrectionNote,
    Document,
    Entry,
    Filters,
    Provenance,
    RenderError,
    Retracted,
    Side,
    build_document,
)
from timeline.render.html import render_html
from timeline.render.ical import render_ical
from timeline.render.markdown import escape_markdown, render_markdown
from timeline.render.mermaid import render_mermaid
from timeline.render.timelinejs import render_timelinejs, timelinejs_data

__all__ = [
    "ContradictionView",
    "CorrectionNote",
    "Document",
    "Entry",
    "Filters",
    "Provenance",
    "RenderError",
    "Retracted",
    "Side",
    "build_document",
    "escape_markdown",
    "render_html",
    "render_ical",
    "render_markdown",
    "render_mermaid",
    "render_timelinejs",
    "timelinejs_data",
]
