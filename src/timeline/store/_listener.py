"""Wake-ups from other processes for PostgreSQL subscriptions (private to ``timeline.store``).

A :class:`_Listener` keeps one connection of its own that ``LISTEN``\\ s on the
store's channel, and calls ``wake`` on every notification (the store then
pumps its subscriptions, which read the events back by position: the
notification is only a hint). If the connection is lost it reconnects with a
growing pause, and wakes once it is back, so a subscription resumes from the
last position it delivered and misses nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Final

_WAIT: Final = 0.5  # seconds between checks that the store is still open
_LONGEST_PAUSE: Final = 5.0


class _Listener:
    """A daemon thread listening on ``channel`` of the database at ``url``."""

    def __init__(
        self,
        psycopg: Any,
        url: str,
        channel: str,
        wake: Callable[[], None],
        timeout: float,
        own: str,
    ) -> None:
        """Start listening; ``own`` is the payload of the store's own NOTIFYs, not woken for."""
        self._psycopg = psycopg
        self._own = own
        self._url = url
        self._channel = channel
        self._wake = wake
        self._timeout = max(1, round(timeout))
        self._stopping = threading.Event()
        self.connections = 0
        """How many times it connected (a reconnect adds one); for tests."""
        self._thread = threading.Thread(target=self._run, name=f"timeline {channel}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop listening (within :data:`_WAIT` seconds) and close the connection."""
        self._stopping.set()
        if self._thread is not threading.current_thread():
            self._thread.join(timeout=_WAIT * 4)

    def _run(self) -> None:
        pause = 0.1
        while not self._stopping.is_set():
            try:
                with self._psycopg.connect(
                    self._url, autocommit=True, connect_timeout=self._timeout
                ) as conn:
                    conn.execute(f"LISTEN {self._channel}")
                    self.connections += 1
                    pause = 0.1
                    self._wake()  # whatever was appended before LISTEN, or while away
                    while not self._stopping.is_set():
                        # The store delivers its own appends in the appending thread.
                        notes = conn.notifies(timeout=_WAIT, stop_after=1)
                        if any(note.payload != self._own for note in notes):
                            self._wake()
            except Exception:  # a lost connection, a server restarting: retry
                if self._stopping.wait(pause):
                    return
                pause = min(pause * 2, _LONGEST_PAUSE)
