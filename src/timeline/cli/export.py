"""``timeline export``: the events of FILE as JSON Lines (lossless), a stream file, or CSV."""

from __future__ import annotations

import argparse

from timeline.cli._output import write
from timeline.cli.loading import UsageError, load_file
from timeline.cli.progress import Progress

__all__ = ["cmd_export", "configure"]

HELP = "export a file as JSON Lines (or as a stream file, or a CSV table)"
DESCRIPTION = (
    "Write the events of FILE as JSON Lines (lossless), as a stream file, or as a CSV "
    "table of its chronology (one row per event, in valid-time order; dates as EDTF "
    "and as ISO 8601 UTC, so spreadsheets sort them)."
)
EPILOG = (
    "examples:\n  timeline export store.db -o export.jsonl\n"
    "  timeline export store.db --format toml --stream idlib-2020 -o idlib.toml\n"
    "  timeline export store.db --format csv -o idlib.csv"
)
_SUFFIXES = {".toml": "toml", ".csv": "csv"}


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``timeline export`` to its ``parser``."""
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("-o", "--output", metavar="OUT", help="write here (default: stdout)")
    parser.add_argument(
        "--format", "-f", choices=("jsonl", "toml", "csv"), help="default: from OUT, else jsonl"
    )
    parser.add_argument("--stream", help="the stream to export as a stream file")
    parser.set_defaults(handler=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    """``timeline export``."""
    loaded = load_file(args.file)
    fmt = args.format
    if fmt is None:
        suffix = (args.output or "").lower().rpartition(".")[2]
        fmt = _SUFFIXES.get("." + suffix, "jsonl") if args.output else "jsonl"
    if fmt == "jsonl":
        from timeline.io.jsonl import dump_line

        progress = Progress("exporting events", total=loaded.store.head)
        lines = [dump_line(r) + "\n" for r in progress.wrap(loaded.store.read_all())]
        write("".join(lines), args.output)
        return 0
    if fmt == "csv":
        from timeline.io.csv_table import table_csv
        from timeline.projections import Chronology

        chronology = Chronology(loaded.store, live=False)
        write(table_csv(chronology), args.output)
        return 0
    from timeline.io.authoring import dumps_stream, stream_of

    names = loaded.store.streams()
    name = args.stream or (names[0] if len(names) == 1 else None)
    if name is None:
        raise UsageError(f"{args.file} holds streams {names}: name one with --stream")
    events = tuple(r.event for r in loaded.store.read(name))
    # The [stream] settings and every declaration come from the store's catalog.
    write(dumps_stream(stream_of(events, name=name, catalog=loaded.catalog)), args.output)
    return 0
