"""MkDocs hook: the Idlib pages, generated from ``seeds/`` on every build.

Registered in ``mkdocs.yml`` (``hooks: [docs_ext/idlib_pages.py]``). On each
build (and each rebuild of ``mkdocs serve``), :func:`on_files` loads
``seeds/idlib-2020.toml`` through the library's public API and adds these
files to the site, in memory only (nothing is written into ``docs/``):

* ``idlib/chronology.md``: the Markdown chronology
  (:func:`timeline.render.render_markdown`, without the Mermaid block, so the
  site never loads Mermaid from a CDN);
* ``idlib/timeline.html``: the self-contained HTML page
  (:func:`timeline.render.html.render_html`, with its snapshot panel), which
  ``docs/idlib/index.md`` links to and embeds;
* ``idlib/snapshot-2020-02-03.md`` and ``idlib/snapshot-2020-01-15.md``: the
  snapshot reports (:func:`timeline.render.snapshot.render_snapshot_markdown`)
  at the end of those days, Idlib time.
* ``idlib/idlib-2020.ics`` and ``idlib/idlib-2020.timelinejs.json``: the
  iCalendar and TimelineJS files, to download.

The seed is loaded by the command's own loader, :func:`timeline.cli.load_file`
(the store's clock fixed at the seed's reference day, 00:00 UTC), so the docs
and the command cannot drift apart: every build gives the same bytes as
``timeline render seeds/idlib-2020.toml`` for the same format.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from timeline import TimelineError, When, cli
from timeline.render import build_document, render_ical, render_markdown, render_timelinejs
from timeline.render.html import render_html
from timeline.render.snapshot import build_snapshot, html_states, render_snapshot_markdown

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "idlib-2020.toml"
"""The seed stream the pages are made from."""

FOLDER = "idlib"
"""Where the generated files go in the site (next to ``docs/idlib/index.md``)."""

SNAPSHOT_DAYS = ("2020-02-03", "2020-01-15")
"""The days a snapshot report is made for: the day of the report, and mid-January."""

_NOTE = (
    '!!! info "Generated from `seeds/idlib-2020.toml` when the site is built"\n'
    "    {what} Made by `{function}`; the command `{command}` prints the same text.\n"
    "    See [the Idlib pages](index.md) for how, and [the HTML timeline](timeline.html)"
    " for the interactive page.\n"
)


def generate(seed: Path = SEED) -> dict[str, str | bytes]:
    """The generated files, by path inside the site: ``{"idlib/chronology.md": text, ...}``.

    Text, except the iCalendar file (bytes, to keep its CRLF line ends).
    """
    loaded = cli.load_file(str(seed))
    records = list(loaded.store.read_all())
    names = loaded.gazetteer
    sources = loaded.sources
    title = loaded.title
    zone = cli.zone_of(loaded)

    doc = build_document(records, sources=sources, gazetteer=names, title=title)
    chronology = render_markdown(doc)
    pages: dict[str, str | bytes] = {
        f"{FOLDER}/chronology.md": _with_note(
            chronology,
            what="Every event of the seed stream in valid-time order, grouped by year and month,"
            " each dated at its own precision, with its sources as footnotes.",
            function="timeline.render.render_markdown",
            command=f"timeline render seeds/{seed.name} --format md",
        ),
        f"{FOLDER}/timeline.html": render_html(
            doc, states=html_states(doc, records, gazetteer=names)
        ),
        # Bytes: iCalendar lines end in CRLF, which must reach the file as they are.
        f"{FOLDER}/{seed.stem}.ics": render_ical(doc).encode(),
        f"{FOLDER}/{seed.stem}.timelinejs.json": render_timelinejs(doc),
    }
    for day in SNAPSHOT_DAYS:
        at = When.parse(day, tz=zone)
        report = build_snapshot(records, at=at, sources=sources, gazetteer=names, title=title)
        pages[f"{FOLDER}/snapshot-{day}.md"] = _with_note(
            render_snapshot_markdown(report),
            what=f"The state of the conflict at the end of {at.display()} ({zone}),"
            " as known at the latest recorded time.",
            function="timeline.render.snapshot.render_snapshot_markdown",
            command=f"timeline snapshot seeds/{seed.name} --at {day}",
        )
    return pages


def _with_note(markdown: str, *, what: str, function: str, command: str) -> str:
    """``markdown`` with a note on where it comes from, right under its title."""
    title, _, rest = markdown.partition("\n")
    note = _NOTE.format(what=what, function=function, command=command)
    return f"{title}\n\n{note}{rest}"


def on_files(files: Files, *, config: Any) -> Files:
    """Add the generated Idlib files to the site (MkDocs event)."""
    try:
        generated = generate()
    except (TimelineError, cli.DataError, cli.UsageError) as error:  # a bad or missing seed
        raise PluginError(f"the Idlib pages cannot be made: {error}") from error
    for path, content in generated.items():
        existing = files.get_file_from_path(path)
        if existing is not None:
            raise RuntimeError(
                f"docs/{path} exists, but the docs build generates it from {SEED.name}: "
                "delete the file (generated output is never committed)"
            )
        files.append(File.generated(config, path, content=content))
    return files


def on_serve(server: Any, *, config: Any, builder: Any) -> Any:
    """Rebuild on changes to the seeds under ``mkdocs serve`` (MkDocs event)."""
    server.watch(str(SEED.parent))
    return server
