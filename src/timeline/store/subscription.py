"""Live subscriptions to a store: delivery in position order, exactly once."""

from __future__ import annotations

import threading
import warnings
from collections.abc import Callable, Iterator
from types import TracebackType
from typing import Protocol, Self

from timeline.store.records import Recorded

__all__ = ["Subscription"]


class _Followed(Protocol):
    # What a subscription needs of its store. A protocol, not EventStore itself,
    # so that this module sits below base.py, which makes subscriptions.
    def read_all(self, *, after: int = 0) -> Iterator[Recorded]: ...

    def unsubscribe(self, subscription: Subscription) -> None: ...


class Subscription:
    """A live subscription to a store; returned by :meth:`EventStore.subscribe`.

    The callback receives every :class:`Recorded` after :attr:`position`, in
    position order, exactly once, gaplessly. Close the subscription with
    :meth:`close` (or use it as a context manager). If the callback raises,
    the subscription closes itself, keeps the exception in :attr:`error` and
    warns (a :class:`RuntimeWarning`); the append that triggered it still
    succeeded. Re-subscribe with ``after=subscription.position`` to resume.
    """

    __slots__ = ("_callback", "_lock", "_pending", "_store", "closed", "error", "position")

    def __init__(self, store: _Followed, callback: Callable[[Recorded], object], after: int):
        """Made by :meth:`EventStore.subscribe`; not meant to be called directly."""
        self._store = store
        self._callback = callback
        self._lock = threading.Lock()
        self._pending = False
        self.position = after
        """The position of the last event delivered (or the starting point)."""
        self.closed = False
        """Whether the subscription is closed."""
        self.error: BaseException | None = None
        """The exception the callback raised, if it did."""

    def close(self) -> None:
        """Stop delivering events. Safe to call more than once."""
        self.closed = True
        self._store.unsubscribe(self)

    unsubscribe = close

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self.closed else "open"
        return f"<Subscription {state} at position {self.position}>"

    def pump(self) -> None:
        """Deliver everything recorded after :attr:`position` (runs in the caller's thread).

        Stores call this after each append, and their watcher calls it when
        another process appended (SQLite within ``poll_interval``, PostgreSQL on
        ``NOTIFY``); call it yourself to pick such events up at once. Re-entrant and
        thread-safe: a callback may append to the store, and concurrent pumps
        never deliver an event twice or out of order.
        """
        while not self.closed:
            self._pending = True
            if not self._lock.acquire(blocking=False):
                return  # the thread delivering now will see _pending and go round again
            try:
                while self._pending and not self.closed:
                    self._pending = False
                    for recorded in self._store.read_all(after=self.position):
                        if self.closed:
                            return
                        try:
                            self._callback(recorded)
                        except Exception as exc:
                            self.error = exc
                            self.close()
                            warnings.warn(
                                f"subscriber {self._callback!r} raised {exc!r} at position "
                                f"{recorded.position}; its subscription is closed",
                                RuntimeWarning,
                                stacklevel=2,
                            )
                            return
                        self.position = recorded.position
            finally:
                self._lock.release()
            if not self._pending:
                return
