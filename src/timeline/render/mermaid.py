"""Mermaid ``timeline`` diagrams.

One ``section`` per year (the year the entry may start in), one period per
date as displayed at its precision, the summaries of the entries dated so as
its events, in chronological order (Mermaid keeps input order, so the
document's order is the diagram's).

Mermaid's syntax is fragile, so text is made safe: a period label cannot hold
``:`` or ``#`` (a colon becomes ``.`` or a dash, ``#`` is dropped); inside an
event text a colon would start a new event, so it is written as Mermaid's
entity ``#58;`` (and ``#``, ``<``, ``>`` as ``#35;``, ``#60;``, ``#62;``, so
no markup reaches Mermaid's HTML labels); newlines, ``;`` and ``%%`` (a
comment) never reach the output. The document's provenance is written in
``%%`` comment lines, which Mermaid skips.
"""

from __future__ import annotations

import re

from timeline.render._common import first_day, year_text
from timeline.render.document import Document

__all__ = ["mermaid_label", "mermaid_text", "render_mermaid"]

_SPACE = re.compile(r"\s+")


def _clean(text: str) -> str:
    text = _SPACE.sub(" ", text).strip().replace(";", ",")
    while "%%" in text:
        text = text.replace("%%", "%")
    return text


def mermaid_label(text: str) -> str:
    """``text`` as a period, section or title label.

    No ``:`` (``": "`` becomes a dash, others a dot), ``#``, ``<``, ``>``, ``;``,
    ``%%`` or line break is left.
    """
    text = _clean(text).replace("#", "").replace("<", "").replace(">", "")
    text = text.replace(": ", " – ").replace(":", ".")
    return _SPACE.sub(" ", text).strip() or "-"


def mermaid_text(text: str) -> str:
    """``text`` as an event of a period: colons and hashes as Mermaid entities."""
    text = _clean(text).replace("#", "#35;").replace(":", "#58;")
    text = text.replace("<", "#60;").replace(">", "#62;")
    return text or "(no summary)"


def render_mermaid(doc: Document, *, title: bool = True, provenance: bool = True) -> str:
    """The Mermaid ``timeline`` diagram of ``doc``'s entries (without the code fence).

    Args:
        doc: the document, from :func:`~timeline.render.build_document`.
        title: include the document title as the diagram's ``title``.
        provenance: say what the diagram was made from in ``%%`` comment lines,
            which Mermaid skips.

    Returns:
        The diagram text, ending in a newline.
    """
    lines = ["timeline"]
    if provenance:
        prov = doc.provenance
        lines.append(
            "    %% "
            + _clean(
                f"made from stream {', '.join(prov.streams) or '(none)'} known at "
                f"{prov.known_at_text}, head position {prov.head}, "
                f"sha256:{prov.content_hash}, timeline {prov.version}, filters: {prov.filters}"
            )
        )
    if title:
        lines.append(f"    title {mermaid_label(doc.title)}")
    section: str | None = None
    period: str | None = None
    for entry in doc.entries:
        day = first_day(entry.event.when)
        name = "Start open or unknown" if day is None else year_text(day[0])
        if name != section:
            lines.append(f"    section {mermaid_label(name)}")
            section, period = name, None
        label = mermaid_label(entry.event.when.display())
        text = mermaid_text(entry.event.summary)
        if label == period:
            lines[-1] += f" : {text}"
        else:
            lines.append(f"        {label} : {text}")
            period = label
    return "\n".join(lines) + "\n"
