"""MkDocs hook: the Idlib pages, generated from ``seeds/`` on every build.

Registered in ``mkdocs.yml`` (``hooks: [docs_ext/idlib_pages.py]``). On each
build (and each rebuild of ``mkdocs serve``), :func:`on_files` loads the
record of both seed files, ``seeds/idlib-2020.toml`` (one report, 3 February
2020) and ``seeds/idlib-2020-followup.toml`` (the reporting of the weeks
after), into one SQLite store in a temporary folder, as ``make demo`` does
(:func:`timeline.demo_contrast.load_record`: each report on the day it became
known), and adds these files to the site, in memory only (nothing is written
into ``docs/``):

* ``idlib/chronology.md``: the Markdown chronology of both files
  (:func:`timeline.render.render_markdown`, without the Mermaid block, so the
  site never loads Mermaid from a CDN);
* ``idlib/timeline.html``: the self-contained HTML page
  (:func:`timeline.render.html.render_html`, with its snapshot panel), which
  ``docs/idlib/index.md`` links to and embeds;
* ``idlib/snapshot-<day>.md`` for each of :data:`SNAPSHOT_DAYS`: the snapshot
  reports (:func:`timeline.render.snapshot.render_snapshot_markdown`) at the
  end of those days, Idlib time, as known at the latest recorded time; and
  :data:`KNOWN_AT_PAGE`, the state of 6 March as known at 4 February;
* ``idlib/idlib-2020.ics`` and ``idlib/idlib-2020.timelinejs.json``: the
  iCalendar and TimelineJS files, to download.

The store is opened by the command's own loader, :func:`timeline.cli.load_file`,
so the docs and the command cannot drift apart: every page is the bytes
``timeline render idlib.db`` (or ``timeline snapshot idlib.db``) prints for
the store ``make demo`` writes (``out/idlib-2020/idlib.db``).
"""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from timeline import TimelineError, When, cli
from timeline.demo_contrast import RECORD_TITLE, load_record
from timeline.render import build_document, render_ical, render_markdown, render_timelinejs
from timeline.render.html import render_html
from timeline.render.snapshot import build_snapshot, html_states, render_snapshot_markdown
from timeline.store import SQLiteStore

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "idlib-2020.toml"
"""The first seed file: the report of 3 February 2020."""

FOLLOWUP = ROOT / "seeds" / "idlib-2020-followup.toml"
"""The second seed file: the reporting of the weeks after, loaded into the same store."""

TITLE = RECORD_TITLE
"""The title of the chronology of both files (the command's ``--title``), as ``make demo``'s."""

FOLDER = "idlib"
"""Where the generated files go in the site (next to ``docs/idlib/index.md``)."""

SNAPSHOT_DAYS = ("2020-03-06", "2020-02-03", "2020-01-15")
"""The days a snapshot report is made for: the Moscow ceasefire, the first report, mid-January."""

KNOWN_AT_PAGE = ("2020-03-06", "2020-02-04")
"""The snapshot made as known at an earlier recorded time: 6 March as known at 4 February."""

_NOTE = (
    '!!! info "Generated from `seeds/idlib-2020.toml` and `seeds/idlib-2020-followup.toml`'
    ' when the site is built"\n'
    "    {what} Made by `{function}`; the command `{command}` prints the same text.\n"
    "    See [the Idlib pages](index.md) for how, and [the HTML timeline](timeline.html)"
    " for the interactive page.\n"
)


def generate(seed: Path = SEED, followup: Path | None = FOLLOWUP) -> dict[str, str | bytes]:
    """The generated files, by path inside the site: ``{"idlib/chronology.md": text, ...}``.

    Text, except the iCalendar file (bytes, to keep its CRLF line ends).
    """
    with tempfile.TemporaryDirectory() as scratch:
        db = Path(scratch) / "idlib.db"
        build_record(db, seed, followup)
        return _pages(cli.load_file(str(db)))


def build_record(db: Path, seed: Path = SEED, followup: Path | None = FOLLOWUP) -> None:
    """The SQLite store of both seed files at ``db``, as ``make demo`` writes it."""
    if not seed.is_file():
        raise cli.UsageError(f"{seed}: no such file")
    with SQLiteStore(db) as store:
        load_record(store, seed, followup)


def _pages(loaded: cli.Loaded) -> dict[str, str | bytes]:
    records = list(loaded.store.read_all())
    names = loaded.gazetteer
    sources = loaded.sources
    zone = cli.zone_of(loaded)
    command = "out/idlib-2020/idlib.db"

    doc = build_document(records, sources=sources, gazetteer=names, title=TITLE)
    chronology = render_markdown(doc)
    pages: dict[str, str | bytes] = {
        f"{FOLDER}/chronology.md": _with_note(
            chronology,
            what="Every event of both seed files in valid-time order, grouped by year and month,"
            " each dated at its own precision, with its sources as footnotes.",
            function="timeline.render.render_markdown",
            command=f"timeline render {command} --format md --title '{TITLE}'",
        ),
        f"{FOLDER}/timeline.html": render_html(
            doc, states=html_states(doc, records, gazetteer=names)
        ),
        # Bytes: iCalendar lines end in CRLF, which must reach the file as they are.
        f"{FOLDER}/{SEED.stem}.ics": render_ical(doc).encode(),
        f"{FOLDER}/{SEED.stem}.timelinejs.json": render_timelinejs(doc),
    }
    for day in SNAPSHOT_DAYS:
        at = When.parse(day, tz=zone)
        report = build_snapshot(records, at=at, sources=sources, gazetteer=names)
        pages[f"{FOLDER}/snapshot-{day}.md"] = _with_note(
            render_snapshot_markdown(report),
            what=f"The state of the conflict at the end of {at.display()} ({zone}),"
            " as known at the latest recorded time.",
            function="timeline.render.snapshot.render_snapshot_markdown",
            command=f"timeline snapshot {command} --at {day}",
        )
    day, known = KNOWN_AT_PAGE
    at = When.parse(day, tz=zone)
    # As the command reads --known-at: a date means its end, UTC.
    end = datetime.fromisoformat(known).replace(hour=23, minute=59, second=59, tzinfo=UTC)
    report = build_snapshot(records, at=at, known_at=end, sources=sources, gazetteer=names)
    pages[f"{FOLDER}/snapshot-{day}-known-{known}.md"] = _with_note(
        render_snapshot_markdown(report),
        what=f"The state of the conflict at the end of {at.display()} ({zone}), as the record"
        f" stood at the end of {When.parse(known).display()}: before Saraqeb changed hands,"
        " before Balyun and the Moscow protocol.",
        function="timeline.render.snapshot.render_snapshot_markdown",
        command=f"timeline snapshot {command} --at {day} --known-at {known}",
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
                f"docs/{path} exists, but the docs build generates it from {SEED.parent.name}/: "
                "delete the file (generated output is never committed)"
            )
        files.append(File.generated(config, path, content=content))
    return files


def on_serve(server: Any, *, config: Any, builder: Any) -> Any:
    """Rebuild on changes to the seeds under ``mkdocs serve`` (MkDocs event)."""
    server.watch(str(SEED.parent))
    return server
