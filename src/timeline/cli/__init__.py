"""The ``timeline`` command: render, snapshot, validate, import, export, stats.

Run ``timeline --help`` (or ``python -m timeline --help``) for the commands and
``timeline COMMAND --help`` for each one, with an example.

FILE may be a stream file in the authoring format (``.toml``), a JSON Lines
export (``.jsonl``) or a SQLite store (``.db`` / ``.sqlite``; any file that
starts with SQLite's header); other names are told apart by their first bytes.

Dates on the command line (``--from``, ``--to``, ``--at``) are read in the
stream file's zone (``[stream] zone``), as the file's own dates are; for JSON
Lines and SQLite stores, in UTC.

A stream file has no recorded times of its own: its events are recorded at the
stream's ``reference`` day (00:00 UTC), or at 1970-01-01T00:00:00Z when it has
none, so documents made from the same file are byte-identical.

Exit status: 0 on success, 1 when the data is invalid (the message names the
file, the event and the field), 2 on a usage error (a bad option, a missing file).

The package, bottom-up: :mod:`~timeline.cli.progress` (progress on a terminal),
:mod:`~timeline.cli.loading` (opening FILE), :mod:`~timeline.cli.dates` (dates
on the command line), one module per command (:mod:`~timeline.cli.render`,
:mod:`~timeline.cli.snapshot`, :mod:`~timeline.cli.validate`,
:mod:`~timeline.cli.import_`, :mod:`~timeline.cli.export`,
:mod:`~timeline.cli.stats`), and :mod:`~timeline.cli.program` (the parser and
:func:`main`). The reviewer's warnings and the counts are library functions:
:func:`timeline.report.review` and :func:`timeline.report.stats_of`.
"""

from __future__ import annotations

import importlib
import warnings
from typing import Any

# Re-exported with ``as``: the names ``timeline.cli`` has always offered, besides ``__all__``.
from timeline.cli.dates import parse_known_at as parse_known_at
from timeline.cli.dates import parse_when as parse_when
from timeline.cli.export import cmd_export as cmd_export
from timeline.cli.import_ import cmd_import as cmd_import
from timeline.cli.loading import DataError as DataError
from timeline.cli.loading import Loaded, load_file
from timeline.cli.loading import UsageError as UsageError
from timeline.cli.loading import detect_format as detect_format
from timeline.cli.loading import zone_of as zone_of
from timeline.cli.program import PROG as PROG
from timeline.cli.program import build_parser as build_parser
from timeline.cli.program import main
from timeline.cli.progress import Activity as Activity
from timeline.cli.progress import Progress as Progress
from timeline.cli.render import cmd_render as cmd_render
from timeline.cli.snapshot import cmd_snapshot as cmd_snapshot
from timeline.cli.stats import cmd_stats as cmd_stats
from timeline.cli.validate import cmd_validate as cmd_validate

__all__ = ["Loaded", "load_file", "main"]

# What moved out of the command into the library: old name -> (module, new name).
_MOVED = {
    "Finding": ("timeline.report", "Finding"),
    "review": ("timeline.report", "review"),
    "stats_data": ("timeline.report", "stats_of"),
}


def __getattr__(name: str) -> Any:
    """Deprecated aliases, kept for one release: ``timeline.cli.review`` and friends."""
    if name in _MOVED:
        module, new = _MOVED[name]
        warnings.warn(
            f"timeline.cli.{name} is deprecated: use {module}.{new}",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(importlib.import_module(module), new)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
