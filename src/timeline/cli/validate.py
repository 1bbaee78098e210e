"""``timeline validate``: check FILE, then print the warnings of :func:`timeline.report.review`."""

from __future__ import annotations

import argparse
from typing import Any

from timeline.cli.loading import DataError, UsageError, load_file
from timeline.cli.progress import Progress
from timeline.errors import TimelineError

__all__ = ["cmd_validate", "configure"]

HELP = "check a file; list reviewer warnings"
DESCRIPTION = (
    "Check FILE (exit 1 with the file, event and field of every error), then\n"
    "print warnings a reviewer wants: events citing no source, two holders of\n"
    "one place over certainly overlapping spans, figures contradicting their range,\n"
    "casualty reports from different files that may tell one incident twice."
)
EPILOG = (
    "examples:\n  timeline validate seeds/idlib-2020.toml --strict\n"
    "  timeline validate later-report.toml --against idlib.db"
)


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``timeline validate`` to its ``parser``."""
    parser.add_argument("file", metavar="FILE")
    parser.add_argument(
        "--against",
        metavar="STORE",
        help="check a stream file as loading it into STORE would: it may name STORE's events "
        "and catalog; nothing is appended",
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when there are warnings")
    parser.set_defaults(handler=cmd_validate)


def cmd_validate(args: argparse.Namespace) -> int:
    """``timeline validate``."""
    from timeline.events import CatalogEvent
    from timeline.report import review, told_twice
    from timeline.store.catalog import Catalog

    if args.against is not None:
        return _validate_against(args)
    loaded = load_file(args.file)
    catalog = Catalog.of(loaded.store)
    events = []
    origins: dict[str, list[Any]] = {}  # each report imported (a file), for told_twice
    for r in Progress("checking events", total=loaded.store.head).wrap(loaded.store.read_all()):
        if isinstance(r.event, CatalogEvent):  # the catalog is not among the world's events
            continue
        events.append(r.event)
        origins.setdefault(_origin(r), []).append(r.event)
    findings = review(events, catalog) + told_twice(origins)
    return _report(args, findings, len(events), notes=loaded.warnings)


def _origin(recorded: Any) -> str:
    """Where a record comes from: its stream, and the day its report was made, if known."""
    if recorded.reported_at is None:
        return f"stream {recorded.stream!r}"
    return f"stream {recorded.stream!r} reported {recorded.reported_at.date().isoformat()}"


def _report(
    args: argparse.Namespace,
    findings: list[Any],
    count: int,
    against: str = "",
    notes: tuple[str, ...] = (),
) -> int:
    # The reader's notes (a repeated [[events]] table) already name the file and line.
    for note in notes:
        print(note.replace(": ", ": warning: ", 1))
    for finding in findings:
        print(f"{args.file}: warning: {finding}")
    findings = [*notes, *findings]
    noun = "warning" if len(findings) == 1 else "warnings"
    print(f"{args.file}: {count} events, valid{against}; {len(findings)} {noun}")
    return 1 if args.strict and findings else 0


def _validate_against(args: argparse.Namespace) -> int:
    """Check a stream file as loading it into the store ``--against`` would; append nothing."""
    from timeline.conflict import CasualtyReport
    from timeline.io.authoring import check_against
    from timeline.report import review, told_twice

    if not args.file.lower().endswith(".toml"):
        raise UsageError(f"{args.file}: --against checks a stream file (.toml)")
    target = load_file(args.against)  # a store file or URL (opened read-only), or a stream file
    try:
        prepared = check_against(target.store, args.file)
    except TimelineError as error:
        raise DataError(str(error)) from error
    events = prepared.stream.events
    findings = review(events, elsewhere=_Ids(target.store))
    recorded = [r.event for r in target.store.read_all(kinds=[CasualtyReport.kind])]
    findings += told_twice({args.against: recorded, args.file: events}, _Events(target.store))
    notes = tuple(str(w) for w in prepared.stream.warnings)
    return _report(args, findings, len(events), f" against {args.against}", notes)


class _Ids:
    """The event ids a store holds, asked with ``in`` (a lookup each, never a scan)."""

    def __init__(self, store: Any) -> None:
        self._store = store

    def __contains__(self, event_id: object) -> bool:
        return isinstance(event_id, str) and bool(self._store.contains(event_id))


class _Events:
    """A store's events by id, for :func:`~timeline.report.told_twice` (a lookup each)."""

    def __init__(self, store: Any) -> None:
        self._store = store

    def __call__(self, event_id: str) -> Any:
        found = self._store.get(event_id)
        return None if found is None else found.event
