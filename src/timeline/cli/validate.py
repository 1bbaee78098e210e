"""``timeline validate``: check FILE, then print the warnings of :func:`timeline.report.review`."""

from __future__ import annotations

import argparse

from timeline.cli.loading import load_file
from timeline.cli.progress import Progress

__all__ = ["cmd_validate", "configure"]

HELP = "check a file; list reviewer warnings"
DESCRIPTION = (
    "Check FILE (exit 1 with the file, event and field of every error), then\n"
    "print warnings a reviewer wants: events citing no source, two holders of\n"
    "one place over certainly overlapping spans, figures contradicting their range."
)
EPILOG = "example:\n  timeline validate seeds/idlib-2020.toml --strict"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``timeline validate`` to its ``parser``."""
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--strict", action="store_true", help="exit 1 when there are warnings")
    parser.set_defaults(handler=cmd_validate)


def cmd_validate(args: argparse.Namespace) -> int:
    """``timeline validate``."""
    from timeline.events import CatalogEvent
    from timeline.report import review

    loaded = load_file(args.file)
    events = [
        r.event
        for r in Progress("checking events", total=loaded.store.head).wrap(loaded.store.read_all())
        if not isinstance(r.event, CatalogEvent)  # the catalog is not among the world's events
    ]
    findings = review(events)
    for finding in findings:
        print(f"{args.file}: warning: {finding}")
    noun = "warning" if len(findings) == 1 else "warnings"
    print(f"{args.file}: {len(events)} events, valid; {len(findings)} {noun}")
    return 1 if args.strict and findings else 0
