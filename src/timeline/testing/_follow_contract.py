# ruff: noqa: PT009, PT027  (a unittest.TestCase, so that the suite runs without pytest)
"""The store contract's tests of ``follow()``, the asyncio face (part of ``StoreContract``)."""

from __future__ import annotations

import asyncio
import threading
import unittest
from abc import ABC, abstractmethod
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.store import EventStore, StoreError, StoreInputError
from timeline.store.following import Follower
from timeline.testing.samples import make_events

_PATIENCE = 10.0  # seconds a test waits for an event before it fails
_T = TypeVar("_T")


def _run(main: Callable[[], Coroutine[Any, Any, _T]]) -> _T:
    """``asyncio.run(main())`` in a thread of its own.

    The thread running the tests may already run an event loop (a test runner's,
    or a browser driver's), and ``asyncio.run`` refuses to start inside one.
    """
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="contract-loop") as pool:
        return pool.submit(lambda: asyncio.run(main())).result()


async def _take(follower: Follower, count: int) -> list[int]:
    """The positions of the next ``count`` events the follower hands out."""
    seen: list[int] = []

    async def consume() -> None:
        async for recorded in follower:
            seen.append(recorded.position)
            if len(seen) == count:
                return

    if count:
        await asyncio.wait_for(consume(), _PATIENCE)
    return seen


class _FollowContract(unittest.TestCase, ABC):
    """``EventStore.follow``: mixed into :class:`~timeline.testing.StoreContract`."""

    store: EventStore

    @abstractmethod
    def new_store(self, **options: Any) -> EventStore:
        """A fresh store of the backend under test (see ``StoreContract``)."""

    def test_follow_hands_out_every_event_once_in_order(self) -> None:
        # The law: whatever the batches and however they interleave with the reading, a
        # follower hands out exactly what read_all(after=n) holds, once each, in order.
        # (@given on an inner function: the contract runs on several backend classes.)
        store = self.store

        @settings(max_examples=20, deadline=None)
        @given(
            before=st.lists(st.integers(1, 5), max_size=3),
            during=st.lists(st.integers(1, 5), min_size=1, max_size=4),
            start=st.integers(0, 20),
        )
        def law(before: list[int], during: list[int], start: int) -> None:
            head = store.head
            for i, size in enumerate(before):
                store.append(f"b{head}", make_events(f"before-{head}-{i}", size))
            after = min(head + start, store.head)
            count = store.head - after + sum(during)

            async def run() -> list[int]:
                follower = store.follow(after=after)
                taking = asyncio.create_task(_take(follower, count))

                def write() -> None:
                    for i, size in enumerate(during):
                        store.append(f"d{head}", make_events(f"during-{head}-{i}", size))

                await asyncio.to_thread(write)
                seen = await taking
                follower.close()
                return seen

            seen = _run(run)
            self.assertEqual(seen, [r.position for r in store.read_all(after=after)])

        law()

    def test_follow_from_now_waits_for_new_events(self) -> None:
        store = self.store
        store.append("s", make_events("old", 3))

        async def run() -> list[int]:
            follower = store.follow(after=None)
            self.assertEqual(follower.position, 3)
            taking = asyncio.create_task(_take(follower, 2))
            await asyncio.sleep(0.05)
            self.assertFalse(taking.done())  # nothing new yet: it waits
            await asyncio.to_thread(store.append, "s", make_events("new", 2))
            return await taking

        self.assertEqual(_run(run), [4, 5])

    def test_follow_by_several_writer_threads(self) -> None:
        store = self.store

        async def run() -> list[int]:
            follower = store.follow()
            taking = asyncio.create_task(_take(follower, 4 * 10 * 3))

            def work(name: str) -> None:
                for batch in range(10):
                    store.append(name, make_events(f"{name}-{batch}", 3))

            threads = [threading.Thread(target=work, args=(f"t{i}",)) for i in range(4)]
            for thread in threads:
                thread.start()
            seen = await taking
            for thread in threads:
                thread.join()
            return seen

        self.assertEqual(_run(run), list(range(1, 121)))

    def test_closing_the_follower_ends_a_waiting_iteration(self) -> None:
        store = self.store
        store.append("s", make_events("a", 1))

        async def run() -> list[int]:
            seen: list[int] = []
            async with store.follow() as follower:

                async def consume() -> None:
                    async for recorded in follower:
                        seen.append(recorded.position)

                consuming = asyncio.create_task(consume())
                # Until the recorded event is seen (a fixed sleep loses the race on a busy
                # machine), then a moment more, so the iteration waits for the next one.
                deadline = asyncio.get_running_loop().time() + _PATIENCE
                while not seen and asyncio.get_running_loop().time() < deadline:
                    await asyncio.sleep(0.01)
                await asyncio.sleep(0.05)
            await asyncio.wait_for(consuming, _PATIENCE)  # ended, not hanging
            self.assertTrue(follower.closed)
            self.assertEqual([r async for r in follower], [])
            return seen

        self.assertEqual(_run(run), [1])

    def test_closing_the_store_ends_a_waiting_iteration(self) -> None:
        store = self.store
        store.append("s", make_events("a", 2))

        async def run() -> list[int]:
            follower = store.follow()
            seen: list[int] = []

            async def consume() -> None:
                async for recorded in follower:
                    seen.append(recorded.position)

            consuming = asyncio.create_task(consume())
            await asyncio.sleep(0.05)
            await asyncio.to_thread(store.close)
            await asyncio.wait_for(consuming, _PATIENCE)
            self.assertTrue(follower.closed)
            return seen

        self.assertEqual(_run(run), [1, 2])

    def test_follow_refuses_a_bad_position(self) -> None:
        for bad in ("3", 1.5, True):
            with self.assertRaises(StoreInputError, msg=repr(bad)):
                self.store.follow(after=bad)  # type: ignore[arg-type]
        with self.assertRaisesRegex(StoreError, "after must not be negative"):
            self.store.follow(after=-1)
