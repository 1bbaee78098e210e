"""``timeline diff``: what changed in a dataset's stream between two releases."""

from __future__ import annotations

import argparse
import json

from timeline.cli.loading import DataError, load_file
from timeline.errors import TimelineError

__all__ = ["cmd_diff", "configure"]

HELP = "list what changed between two releases of a dataset"
DESCRIPTION = (
    "List the events a dataset release added, corrected (with the columns that\n"
    "changed) and retracted, from release --from (default: the empty store) to --to."
)
EPILOG = "example:\n  timeline diff ged.db --from 19.1 --to 20.1"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``timeline diff`` to its ``parser``."""
    parser.add_argument("file", metavar="STORE")
    parser.add_argument("--from", dest="from_release", metavar="RELEASE")
    parser.add_argument("--to", dest="to_release", metavar="RELEASE", required=True)
    parser.add_argument("--stream", default="ucdp-ged", help="the dataset's stream")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(handler=cmd_diff)


def cmd_diff(args: argparse.Namespace) -> int:
    """``timeline diff``."""
    from timeline.io.datasets import release_diff

    loaded = load_file(args.file)
    try:
        diff = release_diff(loaded.store, args.from_release, args.to_release, stream=args.stream)
    except TimelineError as error:
        raise DataError(str(error)) from error
    store = loaded.store
    if args.format == "json":
        data = {
            "stream": diff.stream,
            "from": diff.from_release,
            "to": diff.to_release,
            "added": list(diff.added),
            "corrected": {k: list(v) for k, v in diff.corrected.items()},
            "retracted": list(diff.retracted),
        }
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    start = diff.from_release or "(empty)"
    print(
        f"{diff.stream}: {start} -> {diff.to_release}: {len(diff.added)} new, "
        f"{len(diff.corrected)} corrected, {len(diff.retracted)} retracted"
    )

    def summary(event_id: str) -> str:
        recorded = store.get(event_id)
        return "" if recorded is None else recorded.event.summary

    for event_id in diff.added:
        print(f"+ {event_id}  {summary(event_id)}")
    for event_id, columns in diff.corrected.items():
        print(f"~ {event_id}  {', '.join(columns)}")
    for event_id in diff.retracted:
        print(f"- {event_id}  {summary(event_id)}")
    return 0
