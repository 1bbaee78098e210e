"""``timeline render``: the chronology of FILE as Markdown, HTML, Mermaid, TimelineJS, iCalendar."""

from __future__ import annotations

import argparse
from typing import Any

from timeline.cli._output import write
from timeline.cli.dates import in_zone, known_at_arg, parse_when, resolve_known_at
from timeline.cli.loading import DataError, Loaded, load_file, zone_of
from timeline.cli.progress import Activity, Progress

__all__ = ["cmd_render", "configure"]

HELP = "render a chronology (Markdown, HTML, Mermaid, TimelineJS, iCalendar)"
DESCRIPTION = "Render the chronology of FILE as a document, to standard output or -o OUT."
EPILOG = (
    "examples:\n"
    "  timeline render seeds/idlib-2020.toml --format md --mermaid -o idlib.md\n"
    "  timeline render store.db --format ics --from 2020-01 --to 2020-02 -o idlib.ics\n"
    "  timeline render export.jsonl --format timelinejs --kind conflict.capture"
)


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``timeline render`` to its ``parser``."""
    parser.add_argument("file", metavar="FILE")
    parser.add_argument(
        "--format",
        "-f",
        required=True,
        choices=("md", "html", "mermaid", "timelinejs", "ics"),
        help="the document format",
    )
    parser.add_argument("-o", "--output", metavar="OUT", help="write here (default: stdout)")
    parser.add_argument("--title", help="the document title (default: the stream's)")
    parser.add_argument(
        "--mermaid", action="store_true", help="md: put a Mermaid timeline at the top"
    )
    _add_filters(parser)
    parser.set_defaults(handler=cmd_render)


def _add_filters(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("filters")
    group.add_argument(
        "--from",
        dest="valid_from",
        type=parse_when,
        metavar="EDTF",
        help="keep events that may overlap the time from the start of this date",
    )
    group.add_argument(
        "--to",
        dest="valid_to",
        type=parse_when,
        metavar="EDTF",
        help="keep events that may overlap the time up to the end of this date",
    )
    group.add_argument("--kind", action="append", metavar="KIND", help="keep this kind (repeat)")
    group.add_argument(
        "--actor", action="append", metavar="ID", help="keep events naming this actor (repeat)"
    )
    group.add_argument(
        "--source", action="append", metavar="ID", help="keep events citing this source (repeat)"
    )
    group.add_argument(
        "--known-at",
        type=known_at_arg,
        metavar="TIME",
        help="show the record as known at this recorded time (a date means its end, UTC), "
        "or as it stood with a dataset release (20.1, ucdp-ged/20.1)",
    )


def cmd_render(args: argparse.Namespace) -> int:
    """``timeline render``."""
    from timeline import render

    loaded = load_file(args.file)
    args.known_at = resolve_known_at(loaded.store, args.known_at)
    doc = _document(args, loaded)
    fmt = args.format
    with Activity(f"rendering {fmt}"):
        if fmt == "md":
            text = render.render_markdown(doc, mermaid=args.mermaid)
        elif fmt == "mermaid":
            text = render.render_mermaid(doc)
        elif fmt == "timelinejs":
            text = render.render_timelinejs(doc)
        elif fmt == "ics":
            text = render.render_ical(doc)
        else:
            text = _render_html(doc, loaded, args)
    write(text, args.output, binary_crlf=fmt == "ics")
    return 0


def _document(args: argparse.Namespace, loaded: Loaded) -> Any:
    from timeline.render import Filters, build_document

    zone = zone_of(loaded)
    filters = Filters(
        valid_from=in_zone(args.valid_from, zone) or args.valid_from,
        valid_to=in_zone(args.valid_to, zone) or args.valid_to,
        kinds=args.kind or (),
        actors=args.actor or (),
        sources=args.source or (),
    )
    progress = Progress("reading events", total=loaded.store.head)
    records = list(progress.wrap(loaded.store.read_all()))
    with Activity("building the document"):
        return build_document(
            records,
            known_at=args.known_at,
            filters=filters,
            title=args.title,  # names, grades and the title come from the record's catalog
        )


def _render_html(doc: Any, loaded: Loaded, args: argparse.Namespace) -> str:
    try:
        from timeline.render.html import render_html
    except ImportError as error:
        raise DataError(f"the html format is not available in this build ({error})") from error
    states: list[dict[str, Any]] = []
    # The snapshot panel's days are the stream's (its catalog's zone); without a catalog,
    # the zone most entries are dated in.
    zone = zone_of(loaded) if loaded.catalog is not None else None
    try:
        from timeline.render.snapshot import html_states
    except ImportError:
        pass
    else:
        records = list(loaded.store.read_all())
        # Each state is a replay of the record: keep the total work near a million events.
        limit = max(6, min(60, 1_200_000 // max(1, len(records))))
        states = html_states(
            doc,
            records,
            known_at=args.known_at,
            limit=limit,
            tz=zone,
        )
    return render_html(doc, states=states, zone=zone)
