"""Progress on a terminal: :class:`Progress` counts items, :class:`Activity` times a step.

Both write to standard error, and only when it is a terminal and the work
takes more than half a second: in pipes, files and CI logs they are silent.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterable, Iterator
from typing import IO, TypeVar

__all__ = ["Activity", "Progress"]

T = TypeVar("T")


class Progress:
    """A progress bar (or count) on standard error, only when it is a terminal.

    Silent when standard error is not a TTY (pipes, files, CI logs), and
    silent for work that ends within half a second. With a ``total`` it draws
    a bar, otherwise a count.
    """

    WIDTH = 30

    def __init__(
        self, label: str, stream: IO[str] | None = None, *, total: int | None = None
    ) -> None:
        """Count ``label`` items on ``stream`` (default: standard error), out of ``total``."""
        self.stream = stream if stream is not None else sys.stderr
        self.label = label
        self.total = total if total else None
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.start = time.monotonic()
        self.shown = False
        self.count = 0

    def wrap(self, items: Iterable[T]) -> Iterator[T]:
        """Yield ``items``, counting them."""
        for item in items:
            self.count += 1
            if self.enabled and self.count % 4096 == 0:
                self._show()
            yield item
        self.done()

    def _line(self) -> str:
        if self.total is None:
            return f"{self.label}: {self.count:,}"
        done = min(self.count, self.total)
        filled = self.WIDTH * done // self.total
        bar = "#" * filled + "." * (self.WIDTH - filled)
        return f"{self.label} [{bar}] {done:,}/{self.total:,}"

    def _show(self) -> None:
        if time.monotonic() - self.start < 0.5:
            return
        self.stream.write(f"\r{self._line()}")
        self.stream.flush()
        self.shown = True

    def done(self) -> None:
        """End the line, if anything was shown."""
        if self.shown:
            self.stream.write(f"\r{self._line()} done\n")
            self.stream.flush()
            self.shown = False


class Activity:
    """``with Activity("loading FILE"):`` shows the step and its elapsed time on a terminal.

    Nothing is written unless standard error is a TTY and the step takes more
    than half a second; then a line ``loading FILE... 3.5 s`` counts up (from a
    background thread) and ends with ``done``.
    """

    def __init__(self, label: str, stream: IO[str] | None = None, *, delay: float = 0.5) -> None:
        """A step called ``label``, reported on ``stream`` (default: standard error)."""
        self.stream = stream if stream is not None else sys.stderr
        self.label = label
        self.delay = delay
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._shown = False
        self._start = 0.0

    def __enter__(self) -> Activity:
        self._start = time.monotonic()
        if self.enabled:
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(self.delay if not self._shown else 0.25):
            self.stream.write(f"\r{self.label}... {time.monotonic() - self._start:.1f} s")
            self.stream.flush()
            self._shown = True

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self._shown:
            elapsed = time.monotonic() - self._start
            self.stream.write(f"\r{self.label}... done in {elapsed:.1f} s\n")
            self.stream.flush()
