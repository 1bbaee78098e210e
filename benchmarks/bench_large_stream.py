"""Validating a 50 MB stream file: seconds and peak memory, against parsing its TOML alone.

Issue 17 asks that validating a 50 MB stream file cost no more than three
times the memory of the parsed TOML. The file is synthetic but shaped like a
stream file an analyst writes: a catalog of sources, actors and places, then
events of every precision with actors, places, one to three citations and a
phrase now and then.

Each measure runs in a fresh process, so the peak resident set size
(``ru_maxrss``) is that of the work alone, interpreter included:

* ``tomllib``: ``tomllib.loads`` of the file (the parsed TOML);
* ``load_stream``: reading and validating it into a :class:`StreamFile`;
* ``timeline validate``: the command (which also loads the events into a
  memory store and reviews them).

A bare interpreter that imports the library is measured too, so the ratio
can be read both with and without it.

Run: ``python benchmarks/bench_large_stream.py [--mb 50]``; writes its section of
``benchmarks/RESULTS.md``. It takes a minute or two and about 1 GB of memory.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from _results import machine, write_section

HEAD = """\
[stream]
format = 1
name = "large"
title = "A large stream"
zone = "Asia/Damascus"
reference = 2020-02-03
reported = 2020-02-03
"""

WHENS = ["2019", "2019-07", "2020-W05", "2020-01-12", "2020-01-12?", "2018~", "2016/2019"]
PHRASES = ["last week", "overnight", "on Saturday", "in January"]

MEASURE = r"""
import json, resource, sys, time
kind, path = sys.argv[1], sys.argv[2]
started = time.perf_counter()
if kind == "bare":
    pass
elif kind == "import":
    import timeline.io.authoring, timeline.conflict
elif kind == "tomllib":
    import tomllib
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
elif kind == "load_stream":
    import timeline.conflict
    from timeline.io.authoring import load_stream
    stream = load_stream(path)
elif kind == "validate":
    from timeline.cli import main
    import contextlib, io
    with contextlib.redirect_stdout(io.StringIO()):
        status = main(["validate", path])
    assert status == 0, status
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"seconds": seconds, "peak": peak}))
"""


def make_file(path: Path, megabytes: float, seed: int = 17) -> int:
    """Write a stream file of about ``megabytes`` MB to ``path``; the number of events."""
    rng = random.Random(seed)
    target = int(megabytes * 1_000_000)
    count = 0
    # Written as it is made, so that this process stays small: the measuring
    # processes are forked from it, and Linux counts a fork's size in its peak.
    with path.open("w", encoding="utf-8") as out:
        size = out.write(HEAD)
        for i in range(40):
            size += out.write(
                f'\n[sources.s{i}]\nname = "Source {i}"\nkind = "media"\nreliability = "C"\n'
            )
        for i in range(60):
            size += out.write(
                f'\n[actors.a{i}]\nname = "Actor {i}"\naliases = ["Actor number {i}"]\n'
            )
        for i in range(200):
            size += out.write(f'\n[places.p{i}]\nname = "Place {i}"\n')
        while size < target:
            size += out.write(_event(rng, count))
            count += 1
    return count


def _event(rng: random.Random, count: int) -> str:
    lines = ["", "[[events]]", f'id = "event-{count}"', 'kind = "conflict.attack"']
    if rng.random() < 0.2:
        lines.append(f'when_phrase = "{rng.choice(PHRASES)}"')
    else:
        lines.append(f'when = "{rng.choice(WHENS)}"')
    lines.append(f'summary = "Event {count}: shelling reported near Place {count % 200}"')
    actors = ", ".join(f'"a{rng.randrange(60)}"' for _ in range(rng.randint(1, 3)))
    places = ", ".join(f'"p{rng.randrange(200)}"' for _ in range(rng.randint(1, 2)))
    lines += [f"actors = [{actors}]", f"places = [{places}]"]
    for _ in range(rng.randint(1, 3)):
        lines += [
            "[[events.citations]]",
            f'source = "s{rng.randrange(40)}"',
            f'quote = "Quoted words number {rng.randrange(10**6)} from the report"',
        ]
    return "\n".join(lines) + "\n"


def measure(kind: str, path: Path) -> dict[str, float]:
    """Seconds and peak RSS (bytes) of one kind of work on ``path``, in a fresh process."""
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, kind, str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    """Make the file, measure each kind of work, print and write the section."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=50.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.toml"
        events = make_file(path, args.mb)
        size = path.stat().st_size
        kinds = ("bare", "import", "tomllib", "load_stream", "validate")
        results = {k: measure(k, path) for k in kinds}
    bare, base = results["bare"]["peak"], results["import"]["peak"]
    toml = results["tomllib"]
    parsed = max(toml["peak"] - bare, 1)
    rows = []
    for kind, label in (
        ("tomllib", "`tomllib.load` (the parsed TOML)"),
        ("load_stream", "`load_stream` (read and validate)"),
        ("validate", "`timeline validate`"),
    ):
        r = results[kind]
        rows.append(
            f"| {label} | {r['seconds']:.1f} s | {r['peak'] / 2**20:.0f} MiB | "
            f"{r['peak'] / toml['peak']:.2f}x | "
            f"{(r['peak'] - (bare if kind == 'tomllib' else base)) / parsed:.2f}x |"
        )
    body = "\n".join(
        [
            "## A large stream file (`benchmarks/bench_large_stream.py`)",
            "",
            f"{size / 1e6:.1f} MB, {events:,} events; {machine()}. Each row is a fresh "
            f"process; a bare interpreter peaks at {bare / 2**20:.0f} MiB, and "
            f"{base / 2**20:.0f} MiB once it imports the library (the last column "
            "subtracts these). Target (issue 17): validating costs at most 3x the "
            "memory of the parsed TOML.",
            "",
            "| work | time | peak RSS | vs the parsed TOML | the work alone, vs the TOML |",
            "| --- | --- | --- | --- | --- |",
            *rows,
            "",
            "Times are wall-clock on a shared machine (tomllib alone is the yardstick). "
            "`timeline validate` reads the file twice (once for its day and warnings, then "
            "into a memory store) and reviews every event; the first reading is freed before "
            "the second, so its peak stays that of one reading plus the store.",
        ]
    )
    print(body)
    write_section("bench_large_stream", body)


if __name__ == "__main__":
    main()
