"""``timeline import``: append SOURCE to a SQLite store, or write it as a stream file.

The module is ``import_`` because ``import`` is a keyword.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from typing import TYPE_CHECKING

from timeline.cli.loading import DataError, UsageError, detect_format, load_file
from timeline.errors import TimelineError
from timeline.store import open_store

if TYPE_CHECKING:
    from timeline.io.datasets import ReleaseImport, VersionsImport

__all__ = ["cmd_import", "configure"]

_STORE_URLS = ("postgresql://", "postgres://", "sqlite:", "memory:")

HELP = "import JSON Lines (or a stream file) into a SQLite store or a stream file"
DESCRIPTION = (
    "Append the events of SOURCE (JSON Lines, a stream file or a store) to the\n"
    "SQLite store DEST (created if missing), or write them as the stream file\n"
    "DEST when it ends in .toml. All or nothing: on any error, nothing is written."
)
EPILOG = (
    "examples:\n  timeline import export.jsonl store.db\n"
    "  timeline import export.jsonl idlib.toml\n"
    "  timeline import ged191.csv.gz ged.db --format ucdp-ged --release 19.1 "
    "--released 2019-06-01\n"
    "  timeline import acled-export.csv acled.db --format acled\n"
    "  timeline import acled-deletions.csv acled.db --format acled-deletions"
)


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``timeline import`` to its ``parser``."""
    parser.add_argument("source", metavar="SOURCE")
    parser.add_argument("dest", metavar="DEST")
    parser.add_argument(
        "--stream", help="the stream to write to a .toml DEST (or the dataset's, default its name)"
    )
    parser.add_argument(
        "--format",
        choices=("auto", "ucdp-ged", "acled", "acled-deletions"),
        default="auto",
        help="what SOURCE is: auto (JSON Lines, a stream file, a store), ucdp-ged (a GED CSV), "
        "acled (an ACLED export) or acled-deletions (ACLED's deleted events)",
    )
    parser.add_argument("--release", help="the dataset release's name (default: the file's name)")
    parser.add_argument(
        "--released", metavar="YYYY-MM-DD", help="the day the release was published"
    )
    parser.add_argument(
        "--strict", action="store_true", help="refuse the file if any row is malformed"
    )
    parser.set_defaults(handler=cmd_import)


def cmd_import(args: argparse.Namespace) -> int:
    """``timeline import``: all or nothing, so a failed import into a new file leaves none."""
    created = _new_sqlite_file(args.dest)
    try:
        return _import(args)
    except BaseException:
        if created is not None:
            _remove_store_file(created)
        raise


def _new_sqlite_file(dest: str) -> str | None:
    """``dest`` if the import would create it as a SQLite file (a plain path not there yet)."""
    if dest.lower().endswith(".toml") or dest.startswith(_STORE_URLS):
        return None
    return None if os.path.lexists(dest) else dest


def _remove_store_file(path: str) -> None:
    """Remove a SQLite file this import created, with its journal files."""
    for name in (path, f"{path}-wal", f"{path}-shm", f"{path}-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(name)


def _import(args: argparse.Namespace) -> int:
    source = args.source
    if not os.path.exists(source) and not source.startswith(_STORE_URLS):
        raise UsageError(f"{source}: no such file")
    if args.format == "ucdp-ged":
        return _import_dataset(args)
    if args.format in ("acled", "acled-deletions"):
        return _import_acled(args)
    if args.release or args.released or args.strict:
        raise UsageError("--release, --released and --strict apply to --format ucdp-ged")
    dest_fmt = "sqlite"
    if args.dest.lower().endswith(".toml"):
        dest_fmt = "toml"
    if dest_fmt == "sqlite" and os.path.isfile(source) and detect_format(source) == "jsonl":
        # Straight into DEST, not through an empty store first: an incremental
        # export (made with after=N) continues DEST, and only DEST can check it.
        import timeline.conflict
        from timeline.io.jsonl import import_jsonl

        with open_store(args.dest) as store:  # a SQLite file or a store URL
            count = import_jsonl(store, source)
        print(f"{args.dest}: {count} events imported from {source}", file=sys.stderr)
        return 0
    if dest_fmt == "sqlite" and os.path.isfile(source) and detect_format(source) == "toml":
        # Straight into DEST: a later report may name the events and catalog DEST holds.
        import timeline.conflict  # noqa: F401  (registers the conflict kinds)
        from timeline.io.authoring import load_into

        try:
            with open_store(args.dest) as store:
                count = load_into(store, source).appended
        except TimelineError as error:
            raise DataError(str(error)) from error
        shown = getattr(store, "location", args.dest)  # a URL without its password
        print(f"{shown}: {count} events imported from {source}", file=sys.stderr)
        return 0
    loaded = load_file(source)
    if dest_fmt == "toml":
        from timeline.io.authoring import export_toml

        try:
            count = export_toml(loaded.store, args.dest, stream=args.stream, catalog=loaded.catalog)
        except TimelineError as error:
            raise DataError(str(error)) from error
    else:
        from timeline.io.jsonl import export_jsonl, import_jsonl

        with open_store(args.dest) as store:  # a SQLite file or a store URL
            if loaded.format == "jsonl":
                count = import_jsonl(store, source)
            else:
                # A store to a store: through JSON Lines, which keeps positions and versions.
                buffer = io.StringIO()
                export_jsonl(loaded.store, buffer)
                buffer.seek(0)
                count = import_jsonl(store, buffer)
    shown = getattr(store, "location", args.dest)  # a URL without its password
    print(f"{shown}: {count} events imported from {loaded.path}", file=sys.stderr)
    return 0


def _import_dataset(args: argparse.Namespace) -> int:
    """``timeline import FILE STORE --format ucdp-ged``: a dataset release into a store."""
    from timeline.cli.progress import Progress
    from timeline.io.datasets import import_ucdp_ged

    _check_dataset_dest(args.dest)
    progress = Progress(f"reading {args.source}")
    try:
        with open_store(args.dest) as store:
            result = import_ucdp_ged(
                store,
                args.source,
                release=args.release,
                released=args.released,
                strict=args.strict,
                stream=args.stream or "ucdp-ged",
                progress=progress.wrap,
            )
    except TimelineError as error:
        raise DataError(str(error)) from error
    shown = getattr(store, "location", args.dest)
    _print_problems(result)
    print(
        f"{shown}: release {result.release} of {result.file}: {result.rows} rows, "
        f"{result.added} new, {result.corrected} corrected, {result.retracted} retracted, "
        f"{result.unchanged} unchanged, {len(result.skipped)} skipped; "
        f"{result.appended} events appended",
        file=sys.stderr,
    )
    return 0


def _import_acled(args: argparse.Namespace) -> int:
    """``timeline import FILE STORE --format acled`` (or ``acled-deletions``)."""
    from timeline.cli.progress import Progress
    from timeline.io.datasets import import_acled, import_acled_deletions

    if args.release or args.released:
        raise UsageError(
            "--release and --released apply to --format ucdp-ged; "
            "ACLED rows carry their own timestamp"
        )
    _check_dataset_dest(args.dest)
    stream = args.stream or "acled"
    try:
        with open_store(args.dest) as store:
            if args.format == "acled":
                progress = Progress(f"reading {args.source}")
                result = import_acled(
                    store, args.source, strict=args.strict, stream=stream, progress=progress.wrap
                )
            else:
                result = import_acled_deletions(
                    store, args.source, strict=args.strict, stream=stream
                )
    except TimelineError as error:
        raise DataError(str(error)) from error
    shown = getattr(store, "location", args.dest)
    _print_problems(result)
    if args.format == "acled":
        counts = f"{result.added} new, {result.corrected} corrected"
    else:
        counts = f"{result.retracted} retracted, {result.unknown} not in the stream"
    print(
        f"{shown}: {result.file}: {result.rows} rows, {counts}, {result.unchanged} unchanged, "
        f"{len(result.skipped)} skipped; {result.appended} events appended "
        f"reported at {result.stamps} time{'s' * (result.stamps != 1)}",
        file=sys.stderr,
    )
    return 0


def _check_dataset_dest(dest: str) -> None:
    if dest.lower().endswith((".toml", ".jsonl")):
        raise UsageError(f"{dest}: a dataset imports into a store (a SQLite file or URL)")


def _print_problems(result: ReleaseImport | VersionsImport) -> None:
    """A dataset import's warnings and skipped rows, one a line, on standard error."""
    for problem in result.warnings:
        print(f"warning: {problem}", file=sys.stderr)
    for problem in result.skipped:
        print(f"skipped: {problem}", file=sys.stderr)
