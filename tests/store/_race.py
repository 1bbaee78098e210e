"""The worker of the two-process race test (importable by a spawned process)."""

from __future__ import annotations

from typing import Any

from timeline.events import Event
from timeline.store import ConcurrencyError, SQLiteStore


def worker(path: str, name: str, rounds: int, barrier: Any, results: Any) -> None:
    """Each round, wait for the other process, then append at the exact expected version."""
    outcomes: list[tuple[str, int | None]] = []
    with SQLiteStore(path) as store:
        for number in range(rounds):
            event = Event(id=f"round-{number}-{name}", when="2020-02-03", summary=name)
            barrier.wait(timeout=60)
            try:
                store.append("race", [event], expected_version=number)
                outcomes.append(("won", None))
            except ConcurrencyError as exc:
                outcomes.append(("lost", exc.actual))
    results.put((name, outcomes))
