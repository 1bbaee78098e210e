"""Codec benchmarks: canonical JSON by the stdlib, orjson and msgspec, and event decoding.

Two samples of our events, encoded as the codec encodes them:

* *bench events*: the store benchmark's events (an id, a day, a summary);
* *Idlib seed*: the 30 events of ``seeds/idlib-2020.toml`` (citations with
  report dates, figures, tags, places, several kinds).

For each library: CPU µs per event to write the canonical text (sorted keys,
no spaces, UTF-8 kept) and to parse it back, checked to give exactly the
reference (stdlib) text and value. Then the codec's own ``dumps`` / ``loads``
(which pick the fast library and fall back to the reference where it might
differ), the trusted decode the stores use, and ``Event(...)``.

Times are CPU time (``time.process_time``, best of ``REPEAT`` runs): the machine
is shared, and process time does not count waiting for a core.
Run: ``python benchmarks/bench_codec.py``; it rewrites its section of RESULTS.md.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import msgspec
import orjson

from _results import machine, write_section
from timeline import When, codec
from timeline.events import Event
from timeline.io.authoring.loading import load_stream

ROOT = Path(__file__).resolve().parent.parent
REPEAT = 7
LOOPS = 20_000

REFERENCE = json.JSONEncoder(
    sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
)
MSGSPEC_ENCODER = msgspec.json.Encoder(order="sorted")
MSGSPEC_DECODER = msgspec.json.Decoder()


def samples() -> dict[str, list[Event]]:
    """The two samples of events (see the module docs)."""
    whens = [When.from_edtf(f"2019-{m:02d}-{d:02d}") for m in range(1, 13) for d in (1, 15)]
    bench = [
        Event(id=f"ev-{i:06d}", when=whens[i % len(whens)], summary=f"event number {i} happened")
        for i in range(100)
    ]
    seed = list(load_stream(ROOT / "seeds" / "idlib-2020.toml").events)
    return {"bench events": bench, "Idlib seed": seed}


def per_item(function: Callable[[Any], object], items: list[Any]) -> float:
    """CPU µs per item of ``function`` over ``items`` (best of REPEAT runs of ~LOOPS calls)."""
    rounds = max(1, LOOPS // len(items))
    best = float("inf")
    for _ in range(REPEAT):
        started = time.process_time()
        for _ in range(rounds):
            for item in items:
                function(item)
        best = min(best, time.process_time() - started)
    return best / (rounds * len(items)) * 1e6


def encoders() -> dict[str, Callable[[Any], str]]:
    """Canonical text writers of a JSON-ready mapping, each giving ``str``."""
    sort = orjson.OPT_SORT_KEYS
    return {
        "stdlib json": REFERENCE.encode,
        "orjson": lambda data: orjson.dumps(data, option=sort).decode(),
        "msgspec": lambda data: MSGSPEC_ENCODER.encode(data).decode(),
    }


def decoders() -> dict[str, Callable[[str], Any]]:
    """JSON text parsers."""
    return {
        "stdlib json": json.loads,
        "orjson": orjson.loads,
        "msgspec": MSGSPEC_DECODER.decode,
    }


def measure() -> tuple[list[str], list[str]]:
    """The library table and the codec table, as Markdown rows."""
    library_rows = []
    codec_rows = []
    for label, events in samples().items():
        data = [codec.encode(event) for event in events]
        texts = [REFERENCE.encode(item) for item in data]
        values = [json.loads(text) for text in texts]
        writes = {}
        for name, encode in encoders().items():
            same = all(encode(item) == text for item, text in zip(data, texts, strict=True))
            writes[name] = (per_item(encode, data), same)
        reads = {}
        for name, decode in decoders().items():
            same = all(decode(text) == v for text, v in zip(texts, values, strict=True))
            reads[name] = (per_item(decode, texts), same)
        base_write, base_read = writes["stdlib json"][0], reads["stdlib json"][0]
        for name in writes:
            (w, w_same), (r, r_same) = writes[name], reads[name]
            library_rows.append(
                f"| {label} | {name} | {w:.2f} µs ({base_write / w:.1f}x) "
                f"| {'yes' if w_same else '**no**'} | {r:.2f} µs ({base_read / r:.1f}x) "
                f"| {'yes' if r_same else '**no**'} |"
            )
        reference_dumps = per_item(lambda e: REFERENCE.encode(codec.encode(e)), events)
        dumps = per_item(codec.dumps, events)
        reference_loads = per_item(lambda t: codec.decode(json.loads(t)), texts)
        loads = per_item(codec.loads, texts)
        stored = per_item(codec.loads_trusted, texts)
        codec_rows += [
            f"| {label} | `codec.dumps` | {reference_dumps:.2f} µs | {dumps:.2f} µs "
            f"| {reference_dumps / dumps:.1f}x |",
            f"| {label} | `codec.loads` | {reference_loads:.2f} µs | {loads:.2f} µs "
            f"| {reference_loads / loads:.1f}x |",
            f"| {label} | `codec.loads_trusted` (trusted) | {reference_loads:.2f} µs "
            f"| {stored:.2f} µs | {reference_loads / stored:.1f}x |",
        ]
    return library_rows, codec_rows


def construction() -> list[str]:
    """``Event(...)`` from the store benchmark's raw inputs, and its trusted decode."""
    when = When.from_edtf("2019-01-02")
    text = codec.dumps(Event(id="ev-000001", when=when, summary="event number 1 happened"))
    rows = []
    for name, call in (
        (
            "`Event(id=..., when=When, summary=...)`",
            lambda _: Event(id="ev-1", when=when, summary="x"),
        ),
        ("`codec.loads(text)`", lambda _: codec.loads(text)),
        ("`codec.loads_trusted(text)`", lambda _: codec.loads_trusted(text)),
    ):
        rows.append(f"| {name} | {per_item(call, [None] * 100):.2f} µs |")
    return rows


#: Measured once with this script's method on main at 62a7ba6, before issue 14's codec
#: work (stdlib JSON, attrs slot writes through object.__setattr__), on the same machine.
BEFORE = (
    "Before (main at 62a7ba6, the same machine and method, one run): `Event(...)` 1.31 µs, "
    "`codec.dumps` 3.38 µs, `codec.loads` 4.31 µs per event of the store benchmark; "
    "11.17 µs and 18.55 µs per Idlib seed event for `dumps` and `loads`."
)


def main() -> int:
    """Measure, print, and write the codec section of RESULTS.md."""
    library_rows, codec_rows = measure()
    rows = construction()
    body = "\n".join(
        [
            "## Codec (`benchmarks/bench_codec.py`)",
            "",
            f"{machine()}; orjson {orjson.__version__}, msgspec {msgspec.__version__}. "
            f"CPU time (`time.process_time`), best of {REPEAT} runs of about {LOOPS:,} "
            "calls: the machine is shared with other work, and process time does not count "
            "waiting for a core. *Same* means the output is exactly the reference (stdlib) "
            "text, or the same value when parsed.",
            "",
            "Canonical JSON of our encoded events (sorted keys, no spaces, UTF-8 kept), per "
            "event; the ratio is against the stdlib:",
            "",
            "| sample | library | write | same text | parse | same value |",
            "|---|---|---:|---|---:|---|",
            *library_rows,
            "",
            "The codec, reference path (stdlib JSON, public constructor) against what it does "
            "now (msgspec writes where it gives the same bytes, and parses; "
            "`loads_trusted` skips re-validating text the store wrote itself):",
            "",
            "| sample | call | reference | now | speed-up |",
            "|---|---|---:|---:|---:|",
            *codec_rows,
            "",
            "The Idlib seed is mostly conflict kinds, whose own `__attrs_post_init__` checks "
            "relations between fields: `loads_trusted` decodes those the checked way, so "
            "there it costs what `loads` costs (the differences in the table are noise).",
            "",
            "One event of the store benchmark:",
            "",
            "| call | CPU per call |",
            "|---|---:|",
            *rows,
            "",
            BEFORE,
        ]
    )
    print(body)
    write_section("bench_codec", body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
