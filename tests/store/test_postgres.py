"""PostgreSQL-specific facts: the schema, append-only by triggers, roles, errors, races, kills.

The contract itself runs in ``test_contract.py`` (``support.BACKENDS``). These tests need the
throwaway server of ``postgres_server.py``; without PostgreSQL they fail with a
hint to install it.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from urllib.parse import quote

import psycopg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.store._postgres_race import writer
from tests.store.postgres_server import admin_connect, fresh_url
from tests.store.support import make_postgres_store, run_async
from timeline import codec
from timeline.errors import StoreError, StoreFormatError
from timeline.store.postgres import SCHEMA_VERSION, PostgresStore
from timeline.testing import make_event, make_events


def _schema_of(url: str) -> str:
    return url.rsplit("search_path%3D", 1)[1]


# -- schema -------------------------------------------------------------------


def test_init_schema_is_explicit_and_idempotent() -> None:
    url = fresh_url()
    with pytest.raises(StoreFormatError, match="timeline db init"):
        PostgresStore(url)
    assert PostgresStore.init_schema(url) is True
    assert PostgresStore.init_schema(url) is False
    with PostgresStore(url) as store:
        store.append("s", [make_event("a")])
    assert PostgresStore.init_schema(url) is False
    with PostgresStore(url) as store:
        assert [r.event.id for r in store.read_all()] == ["a"]


def test_init_schema_from_several_processes_at_once() -> None:
    url = fresh_url()
    code = "import sys; from timeline.store.postgres import PostgresStore as P; " \
        "print(P.init_schema(sys.argv[1]))"  # fmt: skip
    runs = [
        subprocess.Popen([sys.executable, "-c", code, url], stdout=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    outputs = sorted(run.communicate(timeout=60)[0].strip() for run in runs)
    assert outputs == ["False", "False", "True"]


def test_a_newer_schema_is_refused() -> None:
    url = fresh_url()
    PostgresStore.init_schema(url)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("UPDATE timeline_schema SET version = %s", (SCHEMA_VERSION + 1,))
    with pytest.raises(StoreFormatError, match=r"schema version 2, newer .* upgrade timeline"):
        PostgresStore(url)
    with pytest.raises(StoreFormatError, match="newer"):
        PostgresStore.init_schema(url)


def test_a_foreign_events_table_is_refused() -> None:
    url = fresh_url()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE events (id int)")
    with pytest.raises(StoreFormatError, match="not a timeline store"):
        PostgresStore.init_schema(url)
    with pytest.raises(StoreFormatError, match="not a timeline store"):
        PostgresStore(url)


def test_data_is_kept_as_the_canonical_text_with_its_kind() -> None:
    with make_postgres_store() as store:
        event = make_event("a", "Nairab taken — again")
        store.append("s", [event])
        with psycopg.connect(store._url) as conn:
            row = conn.execute("SELECT kind, data FROM events").fetchone()
    assert row == ("event", codec.dumps(event))


@settings(max_examples=60)
@given(
    reported=st.datetimes(
        min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC)
    )
)
def test_times_come_back_exact_to_the_microsecond(
    shared_store: PostgresStore, reported: datetime
) -> None:
    """Law: a reported (and recorded) time reads back equal, as an aware UTC datetime."""
    store = shared_store
    event = make_event(f"t-{store.head}", reported.isoformat())
    store.append("times", [event], reported_at=reported)
    recorded = store.get(event.id)
    assert recorded is not None
    assert recorded.reported_at == reported
    assert recorded.reported_at.tzinfo is UTC
    assert recorded.recorded_at.tzinfo is UTC
    assert [r.reported_at for r in store.read_all(after=store.head - 1)] == [reported]


@pytest.fixture(scope="module")
def shared_store() -> Iterator[PostgresStore]:
    """One store for the examples of a property test (a schema per example would be slow)."""
    with make_postgres_store() as store:
        yield store


# -- append-only --------------------------------------------------------------


@pytest.mark.parametrize(
    "statement",
    ["UPDATE events SET stream = 'x'", "DELETE FROM events", "TRUNCATE events"],
)
def test_triggers_refuse_changes_even_to_the_owner(statement: str) -> None:
    with make_postgres_store() as store:
        store.append("s", make_events("a", 3))
        with (
            psycopg.connect(store._url, autocommit=True) as conn,
            pytest.raises(psycopg.Error, match="recorded events cannot be changed"),
        ):
            conn.execute(statement)
        assert store.head == 3


def _role(url: str, name: str, grants: str) -> str:
    schema = _schema_of(url)
    with admin_connect() as conn:
        conn.execute(f"DROP ROLE IF EXISTS {name}")
        conn.execute(f"CREATE ROLE {name} LOGIN")
        conn.execute(f"GRANT USAGE ON SCHEMA {schema} TO {name}")
        conn.execute(f"GRANT SELECT ON {schema}.timeline_schema TO {name}")
        conn.execute(f"GRANT {grants} ON {schema}.events TO {name}")
    return url.replace("postgresql://postgres@", f"postgresql://{name}@")


def test_a_writer_role_with_only_insert_and_select_appends_and_cannot_rewrite() -> None:
    url = fresh_url()
    PostgresStore.init_schema(url)
    writer_url = _role(url, f"w_{_schema_of(url)}", "SELECT, INSERT")
    with PostgresStore(writer_url) as store:
        batch = make_events("a", 2)
        store.append("s", batch)
        assert store.append("s", batch).appended == 0  # a retry: idempotent
        assert store.head == 2
        with (
            psycopg.connect(writer_url, autocommit=True) as conn,
            pytest.raises(psycopg.errors.InsufficientPrivilege),
        ):
            conn.execute("DELETE FROM events")


def test_a_read_only_role_gets_a_clear_error_and_nothing_is_recorded() -> None:
    url = fresh_url()
    PostgresStore.init_schema(url)
    reader_url = _role(url, f"r_{_schema_of(url)}", "SELECT")
    with PostgresStore(reader_url) as store:
        with pytest.raises(StoreError, match=r"cannot append to .*nothing recorded.*grant"):
            store.append("s", [make_event("a")])
        assert store.head == 0
        assert list(store.read_all()) == []


# -- bad input ----------------------------------------------------------------


def test_an_unreachable_server_is_named_without_its_password(tmp_path: object) -> None:
    url = f"postgresql://someone:s3cret@/db?host={quote(str(tmp_path))}&port=1"
    for attempt in (lambda: PostgresStore(url, timeout=2), lambda: PostgresStore.init_schema(url)):
        with pytest.raises(StoreError, match="cannot connect to") as caught:
            attempt()
        assert "s3cret" not in str(caught.value)
        assert "someone:***@" in str(caught.value)


def test_the_core_imports_without_psycopg() -> None:
    code = (
        "import sys; sys.modules['psycopg'] = None; sys.modules['psycopg_pool'] = None\n"
        "import timeline, timeline.store, timeline.store.postgres\n"
        "from timeline.store.postgres import PostgresStore\n"
        "try:\n"
        "    PostgresStore('postgresql:///x')\n"
        "except timeline.StoreError as exc:\n"
        "    print(exc)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "pip install 'timeline-ledger[postgres]'" in done.stdout


def test_importing_the_store_package_does_not_import_psycopg() -> None:
    code = "import sys, timeline, timeline.store; print('psycopg' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


# -- concurrency ----------------------------------------------------------------


def test_a_follower_sees_every_acknowledged_event_once_in_order_under_four_writers() -> None:
    """Four writer processes append while a reader follows read_all(after=n) in a loop."""
    url = fresh_url()
    PostgresStore.init_schema(url)
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(5)
    results = context.Queue()
    names = [f"w{i}" for i in range(4)]
    processes = [
        context.Process(target=writer, args=(url, name, 60, start, results)) for name in names
    ]
    for process in processes:
        process.start()
    acknowledged: dict[str, int] = {}
    seen: list[str] = []
    done: set[str] = set()
    with PostgresStore(url) as reader:
        start.wait(timeout=60)
        after = 0
        while len(done) < len(names):
            for record in reader.read_all(after=after):
                assert record.position == after + 1, "a follower skipped or repeated a position"
                after = record.position
                seen.append(record.event.id)
            try:
                while True:
                    name, ids, positions = results.get_nowait()
                    if ids is None:
                        done.add(name)
                    else:
                        acknowledged.update(zip(ids, positions, strict=True))
            except queue.Empty:
                pass
        for record in reader.read_all(after=after):  # the last appends
            assert record.position == after + 1
            after = record.position
            seen.append(record.event.id)
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0
    assert len(seen) == len(set(seen)) == len(acknowledged)
    assert set(seen) == set(acknowledged)
    assert [acknowledged[event_id] for event_id in seen] == list(range(1, len(seen) + 1))


# -- a killed server process ------------------------------------------------------


def _wait_for_server(url: str) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with psycopg.connect(url, connect_timeout=2) as conn:
                conn.execute("SELECT 1")
                return
        except psycopg.Error:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_a_backend_killed_during_a_batch_loses_nothing_acknowledged_and_records_no_part() -> None:
    url = fresh_url()
    PostgresStore.init_schema(url)
    store = PostgresStore(url)
    try:
        store.append("s", make_events("kept", 100))
        big = make_events("lost", 40_000)
        outcome: list[BaseException | None] = []

        def append_big() -> None:
            try:
                store.append("s", big)
                outcome.append(None)
            except BaseException as exc:
                outcome.append(exc)

        thread = threading.Thread(target=append_big)
        thread.start()
        pid = None
        with admin_connect() as conn:
            deadline = time.monotonic() + 30
            while pid is None and thread.is_alive() and time.monotonic() < deadline:
                row = conn.execute(
                    "SELECT pid FROM pg_stat_activity WHERE query LIKE 'COPY events%%' "
                    "AND state = 'active'"
                ).fetchone()
                pid = row[0] if row else None
        assert pid is not None, "the batch finished before it could be killed"
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):  # a server elsewhere (TIMELINE_TEST_...)
            with admin_connect() as conn:
                conn.execute("SELECT pg_terminate_backend(%s)", (pid,))
        thread.join(timeout=60)
        assert len(outcome) == 1
        assert isinstance(outcome[0], StoreError), outcome
        assert "nothing recorded" in str(outcome[0]) or "may or may not" in str(outcome[0])
        _wait_for_server(url)
        with PostgresStore(url) as fresh:
            assert fresh.head == 100
            assert [r.event.id for r in fresh.read_all()] == [f"kept-{i}" for i in range(100)]
            assert not fresh.contains("lost-0")
            assert not fresh.contains("lost-39999")
        # The store recovers: its pool replaces the dead connections, and the retry is safe.
        result = store.append("s", big)
        assert result.positions[0] == 101
        assert store.head == 100 + len(big)
        assert store.append("s", big).appended == 0
    finally:
        store.close()


# -- subscriptions across processes ----------------------------------------------------


def _append_elsewhere(url: str, prefix: str, batches: int) -> None:
    code = (
        "import sys\n"
        "from timeline.store.postgres import PostgresStore\n"
        "from timeline.testing import make_events\n"
        "with PostgresStore(sys.argv[1]) as store:\n"
        "    for n in range(int(sys.argv[3])):\n"
        "        store.append('elsewhere', make_events(f'{sys.argv[2]}-{n}', 5))\n"
    )
    subprocess.run([sys.executable, "-c", code, url, prefix, str(batches)], check=True)


def _wait_until(condition: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_a_subscriber_hears_events_appended_by_another_process() -> None:
    with make_postgres_store() as store:
        store.append("here", make_events("early", 2))
        delivered: list[tuple[int, str]] = []
        store.subscribe(lambda r: delivered.append((r.position, r.event.id)), after=0)
        assert [p for p, _ in delivered] == [1, 2]  # caught up at once
        _append_elsewhere(store._url, "far", 3)
        _wait_until(lambda: len(delivered) == 17)
        assert [p for p, _ in delivered] == list(range(1, 18))
        assert [i for _, i in delivered][2:7] == [f"far-0-{i}" for i in range(5)]


def test_a_subscription_survives_a_lost_connection_and_resumes() -> None:
    with make_postgres_store() as store:
        delivered: list[int] = []
        store.subscribe(lambda r: delivered.append(r.position), after=0)
        listener = store._listener
        assert listener is not None
        _wait_until(lambda: listener.connections == 1)
        with admin_connect() as conn:
            killed = conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = %s",
                (f"LISTEN {store._channel}",),
            ).fetchall()
        assert killed == [(True,)]
        _append_elsewhere(store._url, "while-away", 2)  # maybe before the listener is back
        _wait_until(lambda: listener.connections == 2)
        _append_elsewhere(store._url, "after", 1)
        _wait_until(lambda: len(delivered) == 15)
        assert delivered == list(range(1, 16))


# -- following from asyncio ----------------------------------------------------------


def test_a_follower_hears_another_process_through_listen() -> None:
    with make_postgres_store() as store:
        store.append("here", make_events("first", 1))

        async def run() -> list[int]:
            seen: list[int] = []
            async with store.follow(after=0) as follower:
                async for recorded in follower:
                    seen.append(recorded.position)
                    if len(seen) == 1:  # live: only now does the other process append
                        await asyncio.to_thread(_append_elsewhere, store._url, "far", 2)
                    if len(seen) == 11:
                        break
            return seen

        assert run_async(run) == list(range(1, 12))
        listener = store._listener
        assert listener is not None  # woken by LISTEN, not by polling the table
        assert listener.connections == 1


def test_a_follower_survives_a_lost_listening_connection() -> None:
    with make_postgres_store() as store:

        async def run() -> list[int]:
            seen: list[int] = []
            follower = store.follow(after=0)
            listener = store._listener
            assert listener is not None

            async def consume() -> None:
                async for recorded in follower:
                    seen.append(recorded.position)
                    if len(seen) == 15:
                        return

            consuming = asyncio.create_task(consume())
            await asyncio.to_thread(_wait_until, lambda: listener.connections == 1)
            with admin_connect() as conn:
                killed = conn.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = %s",
                    (f"LISTEN {store._channel}",),
                ).fetchall()
            assert killed == [(True,)]
            await asyncio.to_thread(_append_elsewhere, store._url, "while-away", 2)
            await asyncio.to_thread(_wait_until, lambda: listener.connections == 2)
            await asyncio.to_thread(_append_elsewhere, store._url, "after", 1)
            await asyncio.wait_for(consuming, 60)
            follower.close()
            return seen

        assert run_async(run) == list(range(1, 16))
