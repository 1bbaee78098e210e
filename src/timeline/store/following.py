"""Following a store from asyncio: ``async for recorded in store.follow(after=n)``.

A :class:`Follower` is an async iterator over a store's events after a
position: it catches up page by page, then waits, without polling, for a
wake-up and reads what is new by position. Wake-ups come from appends through
the same store object (in any thread) and, where the store watches for other
processes, from its watcher: PostgreSQL's ``LISTEN``, SQLite's
``PRAGMA data_version`` poll. A wake-up is only a hint: the events are always
read back by position, so none is missed or delivered twice, whatever wakes
the follower and however often.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Iterator
from itertools import islice
from types import TracebackType
from typing import Final, Protocol, Self

from timeline.errors import StoreClosedError
from timeline.store.records import Recorded

__all__ = ["Follower"]

_PAGE: Final = 1000


class _Followed(Protocol):
    # What a follower needs of its store. A protocol, not EventStore itself,
    # so that this module sits below base.py, which makes followers.
    def read_all(self, after: int = 0) -> Iterator[Recorded]: ...

    @property
    def closed(self) -> bool: ...


class Follower:
    """An async iterator over the events of a store after a position, live.

    Returned by :meth:`EventStore.follow <timeline.store.EventStore.follow>`::

        async for recorded in store.follow(after=0):
            ...

    Each :class:`~timeline.store.Recorded` comes once, in position order,
    without gaps; :attr:`position` is the last one handed out. The iteration
    waits for new events for ever; it ends when the follower is closed
    (:meth:`aclose`, :meth:`close`, or leaving ``async with``) or its store is.
    Reads of a store that blocks (SQLite, PostgreSQL) run in a worker thread,
    so the event loop is never blocked.
    """

    __slots__ = (
        "__weakref__",
        "_blocking",
        "_buffer",
        "_loop",
        "_store",
        "_wake",
        "closed",
        "position",
    )

    def __init__(self, store: _Followed, after: int, *, blocking: bool) -> None:
        """Made by :meth:`EventStore.follow`; not meant to be called directly."""
        self._store = store
        self._blocking = blocking
        self._buffer: deque[Recorded] = deque()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self.position = after
        """The position of the last event handed out (or the starting point)."""
        self.closed = False
        """Whether the follower is closed."""

    def __repr__(self) -> str:
        state = "closed" if self.closed else "open"
        return f"<Follower {state} at position {self.position}>"

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> Recorded:
        """The next event after :attr:`position`, waiting for one if there is none yet."""
        if not self._buffer:
            await self._fill()
        recorded = self._buffer.popleft()
        self.position = recorded.position
        return recorded

    async def _fill(self) -> None:
        if self._wake is None:
            self._loop = asyncio.get_running_loop()
            self._wake = asyncio.Event()
        wake = self._wake
        while True:
            if self.closed or self._store.closed:
                self.closed = True
                raise StopAsyncIteration
            # Cleared before reading: a wake-up during the read is kept, never lost.
            wake.clear()
            try:
                if self._blocking:
                    page = await asyncio.to_thread(self._page, self.position)
                else:
                    page = self._page(self.position)
            except StoreClosedError:
                self.closed = True
                raise StopAsyncIteration from None
            if page and not self.closed:
                self._buffer.extend(page)
                return
            await wake.wait()

    def _page(self, after: int) -> list[Recorded]:
        return list(islice(self._store.read_all(after=after), _PAGE))

    def wake(self) -> None:
        """Tell the follower that events may have been recorded (safe from any thread).

        Stores call this; a spurious call only costs one read.
        """
        loop, wake = self._loop, self._wake
        if loop is None or wake is None:
            return  # not iterating yet: the first read sees everything
        try:
            loop.call_soon_threadsafe(wake.set)
        except RuntimeError:  # its event loop is closed: nobody is waiting
            return

    def close(self) -> None:
        """Stop: a waiting iteration ends, and so does every later one. Safe to repeat."""
        self.closed = True
        self._buffer.clear()
        self.wake()

    async def aclose(self) -> None:
        """Close the follower (the asynchronous spelling of :meth:`close`)."""
        self.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
