"""``timeline snapshot``: the conflict pack's state at a valid time, as known at a recorded time."""

from __future__ import annotations

import argparse

from timeline.cli._output import write
from timeline.cli.dates import in_zone, known_at_arg, parse_when, resolve_known_at
from timeline.cli.loading import DataError, load_file, zone_of

__all__ = ["cmd_snapshot", "configure"]

HELP = "the state of the conflict at a date, as known at a recorded time"
DESCRIPTION = (
    "The state at valid time --at (who holds what, agreements and ceasefires,\n"
    "casualty ranges by source, contested claims), as known at --known-at.\n"
    "Facts from events that only possibly happened by then are marked."
)
EPILOG = (
    "examples:\n"
    "  timeline snapshot seeds/idlib-2020.toml --at 2020-01-15\n"
    "  timeline snapshot store.db --at 2020-02-03 --known-at 2020-02-04 --format json"
)


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``timeline snapshot`` to its ``parser``."""
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--at", required=True, type=parse_when, metavar="EDTF", help="valid time")
    parser.add_argument(
        "--known-at",
        type=known_at_arg,
        metavar="TIME",
        help="recorded time, or a dataset release's name (20.1) (default: latest)",
    )
    parser.add_argument("--format", "-f", choices=("md", "json"), default="md")
    parser.add_argument("-o", "--output", metavar="OUT", help="write here (default: stdout)")
    parser.set_defaults(handler=cmd_snapshot)


def cmd_snapshot(args: argparse.Namespace) -> int:
    """``timeline snapshot``."""
    try:
        from timeline.render import snapshot as report
    except ImportError as error:
        raise DataError(f"snapshot reports are not available in this build ({error})") from error
    loaded = load_file(args.file)
    snap = report.build_snapshot(
        loaded.store,
        at=in_zone(args.at, zone_of(loaded)) or args.at,
        known_at=resolve_known_at(loaded.store, args.known_at),
    )
    if args.format == "json":
        text = report.render_snapshot_json(snap)
    else:
        text = report.render_snapshot_markdown(snap)
    write(text, args.output)
    return 0
