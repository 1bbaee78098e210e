"""``timeline stats``: the counts of :func:`timeline.report.stats_of`, as text or JSON."""

from __future__ import annotations

import argparse
import json
from typing import Any

from timeline.cli._output import write
from timeline.cli.loading import load_file
from timeline.cli.progress import Progress

__all__ = ["cmd_stats", "configure"]

HELP = "counts: events by stream, kind, precision and source; the time covered"
DESCRIPTION = "Counts of FILE's events by stream, kind, date precision and source."
EPILOG = "example:\n  timeline stats seeds/idlib-2020.toml --json"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``timeline stats`` to its ``parser``."""
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=cmd_stats)


def cmd_stats(args: argparse.Namespace) -> int:
    """``timeline stats``."""
    from timeline.events import CatalogEvent
    from timeline.report import stats_of

    loaded = load_file(args.file)
    progress = Progress("counting events", total=loaded.store.head)
    # The catalog (declarations, stream settings) is not counted among the world's events.
    records = [
        r for r in progress.wrap(loaded.store.read_all()) if not isinstance(r.event, CatalogEvent)
    ]
    data = stats_of(records)
    if args.json:
        write(json.dumps(data, ensure_ascii=False, indent=2) + "\n", None)
        return 0
    lines = [
        f"{args.file}: {data['events']} events, head position {data['head']}",
        f"valid time: {_valid_range(data)}",
        f"recorded: {data['recorded_from']} … {data['recorded_to']}",
        f"uncited: {data['uncited']}; uncertain or approximate dates: "
        f"{data['uncertain_or_approximate']}",
    ]
    for key in ("streams", "kinds", "precisions", "sources"):
        counts = data[key]
        if counts:
            lines.append(f"{key}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    write("\n".join(lines) + "\n", None)
    return 0


def _valid_range(data: dict[str, Any]) -> str:
    """``2016 – 3 February 2020; 3 events with an unknown start``: known bounds, then ends."""
    first, last = data["first"], data["last"]
    if data["events"] == 0:
        return "none"
    if first is None and last is None:
        text = "no known bound"
    else:
        text = f"{first or 'no known start'} – {last or 'no known end'}"
    notes = []
    for key, what in (
        ("unknown_start", "an unknown start"),
        ("open_start", "an open start"),
        ("unknown_end", "an unknown end"),
        ("open_end", "an open end"),
    ):
        count = data[key]
        if count:
            notes.append(f"{count} event{'' if count == 1 else 's'} with {what}")
    return "; ".join([text, *notes])
