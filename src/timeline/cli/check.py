"""``timeline check``: the integrity of a SQLite store, with a report and an exit status."""

from __future__ import annotations

import argparse
import os

from timeline.cli.loading import DataError, UsageError, detect_format
from timeline.errors import StoreError
from timeline.store import SQLiteStore

__all__ = ["cmd_check", "configure"]

HELP = "check a SQLite store's integrity: pages, positions, versions, events"
DESCRIPTION = (
    "Check the SQLite store STORE, reading only: SQLite's quick_check, positions\n"
    "gapless from 1 to the head, versions gapless in each stream, every event\n"
    "decodable under its own id. --deep runs SQLite's full integrity_check and\n"
    "also encodes every event again and recomputes content ids.\n"
    "Exit status 0 if the store is sound, 1 with every problem listed if not."
)
EPILOG = "examples:\n  timeline check store.db\n  timeline check store.db --deep"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``timeline check`` to its ``parser``."""
    parser.add_argument("store", metavar="STORE")
    parser.add_argument(
        "--deep", action="store_true", help="full integrity_check; re-encode and re-hash events"
    )
    parser.set_defaults(handler=cmd_check)


def cmd_check(args: argparse.Namespace) -> int:
    """``timeline check``."""
    import timeline.conflict  # noqa: F401  (registers the conflict kinds)

    path: str = args.store
    if not os.path.exists(path):
        raise UsageError(f"{path}: no such file")
    if os.path.isdir(path):
        raise UsageError(f"{path}: is a directory, not a SQLite store")
    if detect_format(path) != "sqlite":
        raise UsageError(
            f"{path}: not a SQLite store; 'timeline validate' checks stream files and JSON Lines"
        )
    try:
        # No check at opening: this command runs its own, and lists every problem.
        store = SQLiteStore(path, read_only=True, quick_check=False)
    except StoreError as error:
        raise DataError(str(error)) from error
    with store:
        problems = store.check(deep=args.deep)
        summary = ""
        if not problems:
            try:
                count = len(store.streams())
                summary = f"{store.head} events in {count} stream{'' if count == 1 else 's'}"
            except StoreError as error:
                problems = [str(error)]
    if problems:
        noun = "problem" if len(problems) == 1 else "problems"
        print(f"{path}: damaged: {len(problems)} {noun}")
        for problem in problems:
            print(f"  {problem}")
        return 1
    checks = "integrity_check" if args.deep else "quick_check"
    extra = "; every event encodes back and content ids match" if args.deep else ""
    print(
        f"{path}: sound: {summary}; SQLite {checks} ok; positions and versions gapless; "
        f"every event decodable{extra}"
    )
    return 0
