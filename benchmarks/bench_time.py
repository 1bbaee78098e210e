"""Time-model benchmarks, run side by side in one process.

1. EDTF parsing throughput: ``When.from_edtf`` against the ``edtf`` package on
   the same mix of distinct level 0/1 strings (the peer takes milliseconds per
   string, so it gets a smaller sample; we compare per-string throughput).
2. Sorting 1,000,000 ``When`` values by their chronological key against
   sorting 1,000,000 plain ``(int, int)`` tuples.

Run: ``python benchmarks/bench_time.py`` (``make bench`` installs the peer).
Targets (issue 2): parsing >= 1,000x the peer; sorting within 3x of tuples.
"""

from __future__ import annotations

import gc
import random
import sys
import time
from collections.abc import Callable
from operator import attrgetter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import edtf

from _results import machine, write_section
from timeline import When

QUALIFIERS = ("", "", "", "?", "~", "%")


def edtf_mix(count: int, rng: random.Random) -> list[str]:
    """``count`` distinct level 0/1 EDTF strings: dates, times, qualifiers, seasons, intervals."""

    def date() -> str:
        year = rng.randint(1000, 2999)
        shape = rng.random()
        if shape < 0.2:
            return f"{year}{rng.choice(QUALIFIERS)}"
        if shape < 0.45:
            return f"{year}-{rng.randint(1, 12):02d}{rng.choice(QUALIFIERS)}"
        if shape < 0.8:
            return (
                f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}{rng.choice(QUALIFIERS)}"
            )
        if shape < 0.85:
            return f"{year}-{rng.randint(21, 24)}"
        if shape < 0.9:
            return f"{year // 10}X"
        hour, minute, second = rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
        day = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        return f"{day}T{hour:02d}:{minute:02d}:{second:02d}Z"

    def interval() -> str:
        first = rng.randint(1000, 2000)
        start = f"{first}-{rng.randint(1, 12):02d}"
        end = f"{first + rng.randint(1, 900)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        kind = rng.random()
        if kind < 0.2:
            return f"{start}/.."
        if kind < 0.3:
            return f"../{end}"
        if kind < 0.4:
            return f"{start}/"
        return f"{start}/{end}"

    seen: set[str] = set()
    while len(seen) < count:
        seen.add(interval() if rng.random() < 0.3 else date())
    return list(seen)


def best_of(runs: int, work: Callable[[], object]) -> float:
    """Fastest of ``runs`` timings of ``work`` in seconds (GC off while timing)."""
    timings = []
    for _ in range(runs):
        gc.collect()
        gc.disable()
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
        gc.enable()
    return min(timings)


def bench_parsing() -> tuple[float, float, int, int]:
    rng = random.Random(2020)
    ours_sample = edtf_mix(200_000, rng)
    peer_sample = edtf_mix(400, random.Random(3))
    from_edtf = When.from_edtf
    ours = best_of(3, lambda: [from_edtf(s) for s in ours_sample]) / len(ours_sample)
    peer = best_of(1, lambda: [edtf.parse_edtf(s) for s in peer_sample]) / len(peer_sample)
    return ours, peer, len(ours_sample), len(peer_sample)


def bench_sorting(count: int = 1_000_000) -> tuple[float, float, float]:
    rng = random.Random(7)
    whens = []
    for _ in range(count):
        year = rng.randint(1900, 2100)
        if rng.random() < 0.5:
            whens.append(When.of(year, rng.randint(1, 12), rng.randint(1, 28)))
        else:
            whens.append(When.of(year, rng.randint(1, 12)) if rng.random() < 0.5 else When.of(year))
    tuples = [(rng.randint(0, 10**10), rng.randint(0, 10**10)) for _ in range(count)]
    key = attrgetter("sort_key")
    by_key = best_of(3, lambda: sorted(whens, key=key))
    plain = best_of(3, lambda: sorted(tuples))
    rich = best_of(1, lambda: sorted(whens[: count // 10])) * 10
    return by_key, plain, rich


def main() -> None:
    ours, peer, n_ours, n_peer = bench_parsing()
    by_key, plain, rich = bench_sorting()
    parse_ratio = peer / ours
    sort_ratio = by_key / plain
    lines = [
        "## Time model (`benchmarks/bench_time.py`)",
        "",
        f"{machine()}; figures from one run of the script.",
        "",
        "| what | timeline | peer / floor | ratio | target |",
        "|---|---|---|---|---|",
        f"| EDTF parse, per string (mixed level 0/1, distinct strings; {n_ours:,} ours, "
        f"{n_peer:,} peer) | {ours * 1e6:.2f} µs | `edtf` {peer * 1e6:,.0f} µs "
        f"| **{parse_ratio:,.0f}x faster** | ≥ 1,000x |",
        f"| sort 1,000,000 `When`s by `sort_key` vs 1,000,000 `(int, int)` tuples "
        f"| {by_key:.3f} s | {plain:.3f} s | **{sort_ratio:.2f}x the tuple sort** | ≤ 3x |",
        f"| `sorted(whens)` (rich comparison, extrapolated from 100,000) | {rich:.3f} s "
        f"| {plain:.3f} s | {rich / plain:.1f}x | for reference |",
        "",
        "`sorted(whens, key=attrgetter('sort_key'))` is the path chronologies use: the key",
        "is a tuple of two numbers computed once at construction. Plain `sorted(whens)`",
        "goes through Python-level `__lt__` (a total order with a text tiebreak) and is",
        "shown for reference.",
    ]
    report = "\n".join(lines)
    print(report)
    write_section("bench_time", report)


if __name__ == "__main__":
    main()
