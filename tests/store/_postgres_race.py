"""The writer of the PostgreSQL concurrency test (importable by a spawned process)."""

from __future__ import annotations

import random
from typing import Any

from timeline.store.postgres import PostgresStore
from timeline.testing import make_events


def writer(url: str, name: str, batches: int, start: Any, results: Any) -> None:
    """Append ``batches`` batches of 1-20 events, reporting each acknowledged batch."""
    rng = random.Random(name)
    with PostgresStore(url, pool_size=1) as store:
        start.wait(timeout=60)
        for number in range(batches):
            events = make_events(f"{name}-{number}", rng.randint(1, 20))
            stream = rng.choice(["shared", name])  # writers share one stream too
            result = store.append(stream, events)
            results.put((name, [event.id for event in events], list(result.positions)))
    results.put((name, None, None))
