"""The ``timeline`` program: its argument parser and :func:`main`.

Each command lives in its own module (:mod:`timeline.cli.render`, ...), which
gives its help texts, adds its arguments (``configure``) and runs it
(``cmd_*``); this module puts them under one parser and turns failures into
exit statuses.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from timeline import __version__
from timeline.cli import check, db, diff, export, import_, render, snapshot, stats, validate
from timeline.cli.loading import DataError, UsageError
from timeline.errors import TimelineError

__all__ = ["PROG", "build_parser", "main"]

PROG = "timeline"

# The commands in the order ``timeline --help`` lists them.
_COMMANDS = (
    ("render", render),
    ("snapshot", snapshot),
    ("validate", validate),
    ("import", import_),
    ("export", export),
    ("stats", stats),
    ("diff", diff),
    ("check", check),
    ("db", db),
)


class _Parser(argparse.ArgumentParser):
    """argparse that shows examples verbatim and exits 2 on usage errors."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``timeline`` command."""
    raw = argparse.RawDescriptionHelpFormatter
    parser = _Parser(
        prog=PROG,
        description="Chronologies of real-world events: render, snapshot, validate, convert.",
        epilog=(
            "FILE is a stream file (.toml), a JSON Lines export (.jsonl) or a SQLite store.\n"
            "Exit status: 0 success, 1 invalid data, 2 usage error.\n\n"
            "example:\n  timeline render seeds/idlib-2020.toml --format md -o idlib.md"
        ),
        formatter_class=raw,
    )
    parser.add_argument("--version", action="version", version=f"timeline {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="on an error, show the Python traceback too"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True
    for name, command in _COMMANDS:
        sub = commands.add_parser(
            name,
            help=command.HELP,
            description=command.DESCRIPTION,
            epilog=command.EPILOG,
            formatter_class=raw,
        )
        command.configure(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command with ``argv`` (default: ``sys.argv[1:]``); return the exit status.

    Every failure ends in a message on standard error and an exit status, never
    a traceback, unless ``--debug`` is given (then the error is raised as is).
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        if args.debug:
            raise
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except Exception as error:
        if args.debug:
            raise
        status, message = _failure(error)
        print(f"{PROG}: error: {message}", file=sys.stderr)
        return status


def _failure(error: Exception) -> tuple[int, str]:
    """The exit status and the message for ``error``."""
    if isinstance(error, UsageError):
        return 2, str(error)
    if isinstance(error, (DataError, TimelineError)):
        return 1, str(error)
    if isinstance(error, OSError):
        return 1, str(error)
    if isinstance(error, RecursionError):
        return 1, "the input is nested too deeply to read"
    if isinstance(error, MemoryError):
        return 1, "out of memory reading the input"
    # A bug, not bad input: say so in one line; --debug shows where.
    return 1, (
        f"unexpected {type(error).__name__}: {error} "
        f"(a bug in timeline {__version__}; run with --debug for the traceback and report it)"
    )
