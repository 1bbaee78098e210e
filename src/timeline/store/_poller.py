"""Hearing other processes' appends by polling a change counter (private to ``timeline.store``).

SQLite cannot notify another process of a commit, but it keeps a cheap
counter, ``PRAGMA data_version``, that changes whenever another connection
(in this process or any other) commits to the file. A :class:`_Poller` reads
it every ``interval`` seconds in a daemon thread, and calls ``wake`` when it
changed: the store then wakes its subscriptions and followers, which read the
new events back by position. The latency is thus at most ``interval`` plus
one read; the cost one tiny query per interval while anyone listens.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class _Poller:
    """A daemon thread calling ``wake`` whenever ``probe()`` returns something new."""

    def __init__(
        self, probe: Callable[[], object], wake: Callable[[], None], interval: float, name: str
    ) -> None:
        """Start polling; ``probe`` raising (the store closed) stops the thread."""
        self._probe = probe
        self._wake = wake
        self._interval = interval
        self._stopping = threading.Event()
        # Nothing equals it: the first probe always wakes, so a commit made between a
        # consumer's catch-up and that probe is delivered too.
        self._last: object = object()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop polling (the thread ends within one interval)."""
        self._stopping.set()
        if self._thread is not threading.current_thread():
            self._thread.join(timeout=max(1.0, self._interval * 4))

    def _run(self) -> None:
        while not self._stopping.wait(self._interval):
            try:
                now = self._probe()
            except Exception:  # the store was closed under us: nothing more to hear
                return
            if now != self._last:
                self._last = now
                try:
                    self._wake()
                except Exception:  # a subscriber's error is its own (kept on it, warned)
                    continue
