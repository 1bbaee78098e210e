"""What bounds a SQLite append: the insert alone, with and without parts of the schema.

The rows of ``bench_store.py`` (100,000 events, batches of 1,000) are encoded
beforehand, so only SQLite works in the timed part: one ``BEGIN IMMEDIATE``,
one ``executemany`` of the store's ``INSERT`` and one ``COMMIT`` per batch,
WAL, ``synchronous=NORMAL``. The schema is the store's (``_sqlite_schema.SCHEMA``),
then the same without its expression index on the kind (which makes SQLite
parse each row's JSON) and without its append-only insert trigger (three index
probes per row). Those two parts are what the store promises (lookups by kind;
no SQL client can rewrite history), so they stay; this measures their price.
CPU time, best of ``REPEAT`` rounds. Run: ``python benchmarks/bench_sqlite_insert.py``.
"""

from __future__ import annotations

import gc
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import bench_store as work  # the inputs of the store benchmark
from _results import machine, write_section
from timeline import codec
from timeline.events import Event
from timeline.store._sqlite_schema import SCHEMA, split
from timeline.store.sqlite import _INSERT

REPEAT = 3


def batches() -> list[list[tuple[object, ...]]]:
    """The store benchmark's rows, encoded, in batches."""
    result = []
    for start in range(0, work.TOTAL, work.BATCH):
        chunk = work.INPUTS[start : start + work.BATCH]
        events = [Event(id=i, when=work.WHENS[day], summary=text) for i, day, text in chunk]
        result.append(
            [
                (start + k + 1, "bench", start + k + 1, event.id, 1, codec.dumps(event), None)
                for k, event in enumerate(events)
            ]
        )
    return result


def variants() -> dict[str, list[str]]:
    """The store's schema, and the same without its kind index and/or its insert trigger."""
    statements = split(SCHEMA)

    def without(*names: str) -> list[str]:
        return [s for s in statements if not any(name in s for name in names)]

    return {
        "the store's schema": statements,
        "without the kind index": without("events_kind"),
        "without the append-only trigger": without("events_append_only"),
        "without either": without("events_kind", "events_append_only"),
    }


def insert_time(rows: list[list[tuple[object, ...]]], schema: list[str]) -> float:
    """CPU seconds to insert every batch into a fresh file with ``schema``."""
    folder = tempfile.mkdtemp(prefix="timeline-bench-")
    try:
        conn = sqlite3.connect(os.path.join(folder, "x.db"), isolation_level=None)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        for statement in schema:
            conn.execute(statement)
        gc.collect()
        started = time.process_time()
        for batch in rows:
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(_INSERT, batch)
            conn.execute("COMMIT")
        spent = time.process_time() - started
        conn.close()
        return spent
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> int:
    """Measure, print, and write the section of RESULTS.md."""
    rows = batches()
    figures = {
        name: min(insert_time(rows, s) for _ in range(REPEAT)) for name, s in variants().items()
    }
    full = figures["the store's schema"]
    table = ["| schema | insert, CPU per event | share of the full insert |", "|---|---:|---:|"]
    for name, seconds in figures.items():
        table.append(f"| {name} | {seconds / work.TOTAL * 1e6:.2f} µs | {seconds / full:.0%} |")
    print("\n".join(table))
    body = "\n".join(
        [
            "## What bounds a SQLite append (`benchmarks/bench_sqlite_insert.py`)",
            "",
            f"{machine()}; SQLite {sqlite3.sqlite_version}; the {work.TOTAL:,} rows of the "
            f"store benchmark, encoded beforehand, inserted in batches of {work.BATCH:,} "
            f"(WAL, `synchronous=NORMAL`); CPU time, best of {REPEAT}, on "
            f"{datetime.now(UTC):%Y-%m-%d}.",
            "",
            *table,
            "",
            "SQLite's own insert of a row, before any Python work, costs more than issue "
            "14's SQLite append target leaves for the whole append (4x the Application "
            "path; see the store section): the insert with the store's schema is the "
            "bound. The kind index (SQLite parses each row's JSON for `json_extract`) and "
            "the append-only trigger are what they cost here; both are promises of the "
            "store (catalog reads by kind; no SQL client can rewrite history), so they "
            "stay. A `kind` column filled by the store would make the index cheap, at the "
            "price of a schema version and a migration that must rewrite every row.",
        ]
    )
    write_section("bench_sqlite_insert", body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
