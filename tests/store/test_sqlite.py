"""What only the SQLite backend promises: the file, its schema, crashes and other processes."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.store import _race
from tests.store.support import ev, evs
from timeline.store import (
    ConcurrencyError,
    Recorded,
    SQLiteStore,
    StoreError,
    StoreFormatError,
)
from timeline.store.sqlite import APPLICATION_ID, SCHEMA_VERSION


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "timeline.db"


def test_the_file_keeps_everything_across_reopening(path: Path) -> None:
    with SQLiteStore(path) as store:
        store.append("a", evs("a", 3))
        store.append("b", evs("b", 2))
        before = list(store.read_all())
    with SQLiteStore(path) as store:
        assert list(store.read_all()) == before
        assert store.streams() == ["a", "b"]
        assert store.append("a", evs("c", 1), 3).positions == (6,)


def test_the_file_is_marked_versioned_and_in_wal_mode(path: Path) -> None:
    SQLiteStore(path).close()
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    raw.close()


def test_rows_hold_the_codec_text_and_indexed_columns(path: Path) -> None:
    from timeline import codec

    with SQLiteStore(path) as store:
        event = ev("nairab", "Nairab taken")
        store.append("idlib", [event])
        recorded_at = next(store.read_all()).recorded_at
    raw = sqlite3.connect(path)
    row = raw.execute(
        "SELECT position, stream, version, event_id, recorded_at, data FROM events"
    ).fetchone()
    raw.close()
    micros = int(recorded_at.timestamp()) * 1_000_000 + recorded_at.microsecond
    assert row == (1, "idlib", 1, "nairab", micros, codec.dumps(event))


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE events SET data = '{}'",
        "UPDATE events SET stream = 'other' WHERE position = 1",
        "DELETE FROM events",
        "DELETE FROM events WHERE position = 2",
        # REPLACE deletes the clashing row without firing DELETE triggers:
        "INSERT OR REPLACE INTO events VALUES (1, 's', 1, 'x', 0, '{}', NULL)",
        "INSERT OR REPLACE INTO events VALUES (3, 's', 3, 's-0', 0, '{}', NULL)",
        "REPLACE INTO events VALUES (3, 's', 2, 'new', 0, '{}', NULL)",
        # gaps and holes
        "INSERT INTO events VALUES (9, 's', 3, 'gap', 0, '{}', NULL)",
        "INSERT INTO events VALUES (3, 's', 5, 'skip', 0, '{}', NULL)",
        "INSERT INTO events VALUES (3, 'new-stream', 2, 'skip', 0, '{}', NULL)",
    ],
)
def test_the_schema_refuses_to_rewrite_history(path: Path, statement: str) -> None:
    with SQLiteStore(path) as store:
        store.append("s", evs("s", 2))
        before = list(store.read_all())
    raw = sqlite3.connect(path, isolation_level=None)
    with pytest.raises(sqlite3.IntegrityError, match="timeline store"):
        raw.execute(statement)
    raw.close()
    with SQLiteStore(path) as store:
        assert list(store.read_all()) == before


def test_a_file_from_a_newer_version_is_refused(path: Path) -> None:
    SQLiteStore(path).close()
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    with pytest.raises(
        StoreFormatError, match=rf"schema version {SCHEMA_VERSION + 1}, newer than this library"
    ):
        SQLiteStore(path)


def test_a_database_that_is_not_a_timeline_store_is_refused_and_untouched(path: Path) -> None:
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY)")
    raw.commit()
    raw.close()
    content = path.read_bytes()
    with pytest.raises(StoreFormatError, match="not a timeline store"):
        SQLiteStore(path)
    assert path.read_bytes() == content


def test_another_applications_database_is_refused(path: Path) -> None:
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA application_id = 1234")
    raw.commit()
    raw.close()
    with pytest.raises(StoreFormatError, match="application_id 0x4d2"):
        SQLiteStore(path)


def test_a_file_that_is_not_sqlite_is_refused_and_untouched(path: Path) -> None:
    path.write_text("position,stream\n1,idlib\n" * 200)
    content = path.read_bytes()
    with pytest.raises(StoreFormatError, match="not a timeline store"):
        SQLiteStore(path)
    assert path.read_bytes() == content


def test_a_path_that_cannot_be_opened(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot open"):
        SQLiteStore(tmp_path / "no-such-directory" / "store.db")
    with pytest.raises(StoreError, match="cannot open"):
        SQLiteStore(tmp_path)  # a directory


def test_bad_options(path: Path) -> None:
    with pytest.raises(StoreError, match="synchronous"):
        SQLiteStore(path, synchronous="OFF")  # type: ignore[arg-type]


def test_two_store_objects_on_one_file_respect_expected_versions(path: Path) -> None:
    with SQLiteStore(path) as one, SQLiteStore(path) as two:
        one.append("s", [ev("a")], 0)
        with pytest.raises(ConcurrencyError) as caught:
            two.append("s", [ev("b")], 0)
        assert caught.value.actual == 1
        two.append("s", [ev("b")], 1)
        assert [r.event.id for r in one.read("s")] == ["a", "b"]
        assert one.append("s", [ev("b")], 0).appended == 0  # a retry seen through the file


def test_a_subscription_pump_picks_up_appends_from_elsewhere(path: Path) -> None:
    # A long poll interval: the watcher does not look before the test pumps by hand.
    with SQLiteStore(path, poll_interval=600) as mine, SQLiteStore(path) as theirs:
        seen: list[Recorded] = []
        subscription = mine.subscribe(seen.append, after=0)
        theirs.append("s", evs("x", 3))
        assert seen == []
        subscription.pump()
        assert [r.position for r in seen] == [1, 2, 3]


# -- crash safety -------------------------------------------------------------------

BATCH = 40

CHILD = textwrap.dedent(
    """
    import sys
    from timeline.events import Event
    from timeline.store import SQLiteStore

    store = SQLiteStore(sys.argv[1])
    size = int(sys.argv[2])
    version = store.stream_version("numbered")
    print("ready", flush=True)
    while True:
        batch = version // size
        events = [
            Event(id=f"b{batch}-{i}", when="2020-02-03", summary=f"batch {batch}, event {i}")
            for i in range(size)
        ]
        version = store.append("numbered", events, expected_version=version).version
        print(f"ack {batch}", flush=True)
    """
)


def _check_whole_batches(path: Path, acknowledged: set[int]) -> int:
    with SQLiteStore(path) as store:
        records = list(store.read("numbered"))
        assert store.head == len(records)
    assert len(records) % BATCH == 0, "a partial batch was recorded"
    batches = len(records) // BATCH
    for number in range(batches):
        chunk = records[number * BATCH : (number + 1) * BATCH]
        assert [r.event.id for r in chunk] == [f"b{number}-{i}" for i in range(BATCH)]
        assert [r.version for r in chunk] == list(
            range(number * BATCH + 1, (number + 1) * BATCH + 1)
        )
        assert len({r.recorded_at for r in chunk}) == 1
    assert acknowledged <= set(range(batches)), "an acknowledged batch is missing"
    return batches


def test_a_killed_writer_leaves_only_whole_batches(tmp_path: Path) -> None:
    path = tmp_path / "crash.db"
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    rng = random.Random()
    acknowledged: set[int] = set()
    batches = 0
    for _ in range(3):
        child = subprocess.Popen(
            [sys.executable, str(script), str(path), str(BATCH)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready", child.stderr and child.stderr.read()
        time.sleep(rng.uniform(0.05, 0.4))  # appending all the while
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate(timeout=30)
        assert child.returncode == -signal.SIGKILL
        acknowledged |= {
            int(line.split()[1]) for line in out.splitlines() if line.startswith("ack")
        }
        batches = _check_whole_batches(path, acknowledged)
    assert batches >= 1, "the child never got to append"


# -- racing processes -------------------------------------------------------------------


def test_two_processes_racing_on_one_stream(tmp_path: Path) -> None:
    path = str(tmp_path / "race.db")
    SQLiteStore(path).close()
    rounds = 40
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    results = context.Queue()
    workers = [
        context.Process(target=_race.worker, args=(path, name, rounds, barrier, results))
        for name in ("left", "right")
    ]
    for worker in workers:
        worker.start()
    outcomes = dict(results.get(timeout=120) for _ in workers)
    for worker in workers:
        worker.join(timeout=30)
        assert worker.exitcode == 0
    with SQLiteStore(path) as store:
        records = list(store.read("race"))
    assert [r.version for r in records] == list(range(1, rounds + 1))
    for number in range(rounds):
        left, right = outcomes["left"][number], outcomes["right"][number]
        assert sorted([left[0], right[0]]) == ["lost", "won"], (number, left, right)
        winner = "left" if left[0] == "won" else "right"
        loser = right if winner == "left" else left
        assert loser[1] == number + 1  # the conflict named the actual version
        assert records[number].event.id == f"round-{number}-{winner}"
    assert os.path.exists(path)
