"""SQLite subscriptions and followers hear appends made by other processes on the same file."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.store.support import run_async
from timeline.store import Recorded, SQLiteStore, StoreInputError
from timeline.testing import make_events

APPEND_ELSEWHERE = (
    "import sys\n"
    "from timeline.store import SQLiteStore\n"
    "from timeline.testing import make_events\n"
    "with SQLiteStore(sys.argv[1]) as store:\n"
    "    for n in range(int(sys.argv[3])):\n"
    "        store.append('elsewhere', make_events(f'{sys.argv[2]}-{n}', 5))\n"
)


def _append_elsewhere(path: Path, prefix: str, batches: int) -> None:
    """Append ``batches`` batches of 5 events from another process."""
    command = [sys.executable, "-c", APPEND_ELSEWHERE, str(path), prefix, str(batches)]
    subprocess.run(command, check=True)


def _wait_until(condition: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "shared.db"


def test_a_subscriber_hears_another_process(path: Path) -> None:
    with SQLiteStore(path) as store:
        store.append("here", make_events("early", 2))
        delivered: list[tuple[int, str, str]] = []
        store.subscribe(lambda r: delivered.append(_seen(r)), after=0)
        assert [p for p, _, _ in delivered] == [1, 2]  # caught up at once
        _append_elsewhere(path, "far", 3)
        _wait_until(lambda: len(delivered) == 17)
        assert [p for p, _, _ in delivered] == list(range(1, 18))
        assert [i for _, i, _ in delivered][2:7] == [f"far-0-{i}" for i in range(5)]
        # Events from elsewhere are delivered by the store's watcher thread.
        assert {t for _, _, t in delivered[2:]} == {"timeline poll shared.db"}


def test_a_follower_hears_another_process(path: Path) -> None:
    with SQLiteStore(path) as store:

        async def run() -> list[int]:
            seen: list[int] = []
            async with store.follow(after=0) as follower:
                async for recorded in follower:
                    seen.append(recorded.position)
                    if len(seen) == 1:  # live: only now does the other process append
                        await asyncio.to_thread(_append_elsewhere, path, "far", 2)
                    if len(seen) == 11:
                        break
            return seen

        store.append("here", make_events("first", 1))
        assert run_async(run) == list(range(1, 12))


def test_another_store_object_in_the_process_is_heard_too(path: Path) -> None:
    with SQLiteStore(path, poll_interval=0.01) as mine, SQLiteStore(path) as theirs:
        seen: list[int] = []
        mine.subscribe(lambda r: seen.append(r.position))
        theirs.append("s", make_events("x", 3))
        _wait_until(lambda: seen == [1, 2, 3])
        mine.append("s", make_events("y", 1))  # its own: delivered in the appending thread
        assert seen == [1, 2, 3, 4]


def test_the_watcher_starts_with_the_first_consumer_and_stops_with_the_store(path: Path) -> None:
    def watchers() -> list[threading.Thread]:
        return [t for t in threading.enumerate() if t.name == "timeline poll shared.db"]

    before = len(watchers())
    store = SQLiteStore(path)
    store.append("s", make_events("x", 1))
    assert len(watchers()) == before  # nobody listens: no thread, no polling
    store.subscribe(lambda r: None)
    store.follow()
    assert len(watchers()) == before + 1  # one per store object
    store.close()
    _wait_until(lambda: len(watchers()) == before, seconds=5)


@pytest.mark.parametrize("bad", [0, -1, "0.1", True, float("nan"), 3600])
def test_a_bad_poll_interval_is_refused(path: Path, bad: object) -> None:
    with pytest.raises(StoreInputError, match="poll_interval") as caught:
        SQLiteStore(path, poll_interval=bad)  # type: ignore[arg-type]
    assert caught.value.field == "poll_interval"
    assert not path.exists()  # refused before the file is made


def _seen(recorded: Recorded) -> tuple[int, str, str]:
    return recorded.position, recorded.event.id, threading.current_thread().name
