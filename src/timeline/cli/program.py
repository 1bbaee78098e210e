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
from timeline.cli import db, export, import_, render, snapshot, stats, validate
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
    """Run the command with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except UsageError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    except DataError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 1
    except TimelineError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 1
