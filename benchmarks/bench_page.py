"""The HTML page at 100,000 events: time to interactive in Chromium, render CPU, bytes, memory.

Issue 14 (item 4) asks that the page for 100,000 events become interactive in
Chromium within 3 s, and that ``render_html`` take at most 3 s CPU. The events
are ``bench_render.py``'s synthetic stream (mixed precisions, 1-3 citations,
claims and corrections, random valid-time order).

Measured here, in one run:

* ``render_html`` alone, on a built document: CPU seconds (best of the
  rounds), peak Python memory (a separate ``tracemalloc`` run) and the page's
  bytes; then a ``cProfile`` run that says where the render's time goes;
* the page opened from a file in Debian's headless Chromium (Playwright, the
  same flags as the browser tests, offline): wall seconds from the navigation
  to ``html[data-ready]`` (the script has run: data parsed, chart drawn, first
  page of the list shown), median of the loads, and the browser's own
  ``domContentLoaded`` time; the JavaScript heap then (CDP ``Performance``);
* the floor: a file of the same bytes that is one inert block and nothing else,
  the cost of reading and tokenising that many bytes at all;
* what a reader does next: the first search (which reads every entry's text;
  it includes the box's 150 ms pause), a filter, and a deep link to the last
  entry.

Run: ``python benchmarks/bench_page.py [--events N] [--loads K]``; writes its
section of ``benchmarks/RESULTS.md``. It needs Chromium at ``/usr/bin/chromium``
(or ``$TIMELINE_CHROMIUM``) and the ``playwright`` package.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import attrs

sys.path.insert(0, str(Path(__file__).parent))

from _results import machine, write_section
from bench_render import SOURCES, best_of, peak_mib, synthetic
from timeline import Event
from timeline.render import build_document
from timeline.render.html import PAGE_SIZE, render_html

CHROMIUM = os.environ.get("TIMELINE_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Functions of the renderer whose cumulative profiled time is reported.
PROFILED = {
    "dated_forms": "a date's shown forms (When.display, to_edtf, box), once per distinct date",
    "entry": "each entry's markup (escaping, rows, citations, corrections)",
    "_data": "the data block's rows (its dates' forms included)",
    "inert_entries": "the inert block",
    "script_json": "the JSON text",
}


def profile(doc: Any) -> tuple[float, dict[str, float]]:
    """Profiled total seconds of ``render_html(doc)`` and the cumulative seconds of PROFILED."""
    profiler = cProfile.Profile()
    profiler.runcall(render_html, doc)
    stats: Any = pstats.Stats(profiler).stats
    total = 0.0
    found: dict[str, float] = {}
    for (path, _, name), (_, _, _, cumulative, _) in stats.items():
        if name == "render_html" and path.endswith("html.py"):
            total = cumulative
        if name in PROFILED and "timeline/render" in path.replace(os.sep, "/"):
            found[name] = max(found.get(name, 0.0), cumulative)
    return total, found


def heap_mib(page: Any) -> float:
    """The page's JavaScript heap in use, in MiB (Chromium's CDP Performance metrics)."""
    session = page.context.new_cdp_session(page)
    session.send("Performance.enable")
    metrics = {m["name"]: m["value"] for m in session.send("Performance.getMetrics")["metrics"]}
    session.detach()
    return float(metrics["JSHeapUsedSize"]) / (1 << 20)


def open_ready(context: Any, url: str) -> tuple[Any, float, dict[str, float]]:
    """Open ``url`` in a new tab: the tab, wall seconds to ``data-ready``, and the browser's
    clock (seconds from navigation): file read, script start and ready, domContentLoaded."""
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url, wait_until="commit", timeout=300_000)
    page.wait_for_selector("html[data-ready]", state="attached", timeout=300_000)
    ready = time.perf_counter() - started
    clock = page.evaluate(
        """() => {
            const nav = performance.getEntriesByType('navigation')[0];
            const at = (name) => performance.getEntriesByName(name)[0].startTime / 1000;
            return {dcl: nav.domContentLoadedEventEnd / 1000, read: nav.responseEnd / 1000,
                    start: at('timeline:script'), ready: at('timeline:ready')};
        }"""
    )
    return page, ready, {k: float(v) for k, v in clock.items()}


def floor_seconds(context: Any, path: Path, size: int) -> float:
    """Seconds Chromium takes to load a file of ``size`` bytes holding one inert block only."""
    head = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>floor</title></head>'
    head += '<body><p>floor</p><script type="text/html" id="x">\n'
    tail = "</script></body></html>\n"
    line = ('<li class="entry"><p>' + "x" * 200 + "</p></li>\n").encode()
    body = line * max(0, (size - len(head) - len(tail)) // len(line))
    path.write_bytes(head.encode() + body + tail.encode())
    page = context.new_page()
    started = time.perf_counter()
    page.goto(path.as_uri(), wait_until="domcontentloaded", timeout=300_000)
    seconds = time.perf_counter() - started
    page.close()
    return seconds


def browser_figures(text: str, last_anchor: str, loads: int) -> dict[str, float]:
    """Open the page ``loads`` times and use it once; figures in seconds and MiB."""
    from playwright.sync_api import expect, sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "page.html"
        path.write_text(text, encoding="utf-8")
        size = path.stat().st_size
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            context = browser.new_context(viewport={"width": 1280, "height": 900}, offline=True)
            readies: list[float] = []
            clocks: list[dict[str, float]] = []
            page = None
            for _ in range(loads):
                if page is not None:
                    page.close()
                page, ready, clock = open_ready(context, path.as_uri())
                readies.append(ready)
                clocks.append(clock)
            assert page is not None
            heap = heap_mib(page)
            status = page.locator("#filter-status")
            started = time.perf_counter()
            page.fill("#tl-q", "haystack needle")
            expect(status).to_contain_text("Showing 1 of", timeout=120_000)
            searched = time.perf_counter() - started
            page.fill("#tl-q", "")
            expect(status).to_contain_text("Showing all", timeout=120_000)
            started = time.perf_counter()
            page.locator('input[name="actor"]').first.check()
            expect(status).not_to_contain_text("Showing all", timeout=120_000)
            filtered = time.perf_counter() - started
            page.locator('input[name="actor"]').first.uncheck()
            expect(status).to_contain_text("Showing all", timeout=120_000)
            started = time.perf_counter()
            page.evaluate(f"location.hash = '#{last_anchor}'")
            expect(page.locator(f"#{last_anchor}")).to_be_in_viewport(timeout=120_000)
            linked = time.perf_counter() - started
            heap_after = heap_mib(page)
            floor = floor_seconds(context, Path(tmp) / "floor.html", size)
            context.close()
            browser.close()
    return {
        "ready": statistics.median(readies),
        "ready_max": max(readies),
        "dcl": statistics.median(c["dcl"] for c in clocks),
        "read": statistics.median(c["read"] for c in clocks),
        "parsed": statistics.median(c["start"] for c in clocks),
        "script": statistics.median(c["ready"] - c["start"] for c in clocks),
        "floor": floor,
        "heap": heap,
        "heap_after": heap_after,
        "search": searched,
        "filter": filtered,
        "link": linked,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--loads", type=int, default=3)
    args = parser.parse_args()

    records = synthetic(args.events)
    # One entry the search must find, far past the first page (it is dated late in the range).
    needle = Event(id="needle", when="2024-12-30", summary="The needle in the haystack")
    records[-1] = attrs.evolve(records[-1], event=needle)
    doc = build_document(records, sources=SOURCES, title="Benchmark")
    text = render_html(doc)
    _, cpu = best_of(args.rounds, lambda: render_html(doc))
    memory = peak_mib(lambda: render_html(doc))
    size = len(text.encode()) / (1 << 20)
    profiled, parts = profile(doc)
    entries = doc.all_entries()
    last_anchor = f"ev-{entries[-1].event.id}"  # the synthetic ids are plain: ev-<id>
    print(f"render_html: {cpu:.2f} s CPU, peak {memory:.0f} MiB, {size:.1f} MiB", flush=True)
    b = browser_figures(text, last_anchor, args.loads)
    print(
        f"Chromium: ready {b['ready']:.2f} s (max {b['ready_max']:.2f}), floor {b['floor']:.2f} s,"
        f" heap {b['heap']:.0f} MiB; search {b['search']:.2f} s, filter {b['filter']:.2f} s,"
        f" deep link {b['link']:.2f} s",
        flush=True,
    )
    count = len(entries)
    lines = [
        "## The HTML page at scale (bench_page.py)",
        "",
        f"{count:,} entries from {args.events:,} synthetic events (bench_render.py's stream); "
        f"the page writes its first {PAGE_SIZE} entries as HTML and the rest in an inert block "
        "the script makes into entries as they are needed; the chart draws count columns "
        "when zoomed out. Chromium is headless Debian Chromium through Playwright, offline, "
        f"1280x900; ready is the median of {args.loads} loads from navigation to "
        "`html[data-ready]` (script run, chart drawn, first page listed). The machine was "
        "shared (2 CPUs, other jobs running), which inflates wall times.",
        "",
        "| measure | figure |",
        "| --- | ---: |",
        f"| render_html CPU (best of {args.rounds}) | {cpu:.2f} s |",
        f"| render_html peak Python memory (tracemalloc) | {memory:.0f} MiB |",
        f"| page bytes | {size:.1f} MiB |",
        f"| ready in Chromium (median; slowest) | {b['ready']:.2f} s; {b['ready_max']:.2f} s |",
        f"| browser's clock: file read (responseEnd) | {b['read']:.2f} s |",
        f"| browser's clock: parsed up to the script (script starts) | {b['parsed']:.2f} s |",
        f"| browser's clock: the script's own work (JSON, first view, chart, list) "
        f"| {b['script']:.2f} s |",
        f"| browser's clock: domContentLoaded | {b['dcl']:.2f} s |",
        f"| floor: a file of the same bytes, one inert block, loaded | {b['floor']:.2f} s |",
        f"| ready / floor | {b['ready'] / b['floor']:.2f}x |",
        f"| JavaScript heap when ready; after search, filter, link | {b['heap']:.0f} MiB; "
        f"{b['heap_after']:.0f} MiB |",
        f"| first search (reads every entry's text; includes the 150 ms pause) "
        f"| {b['search']:.2f} s |",
        f"| a filter (the first actor) | {b['filter']:.2f} s |",
        f"| deep link to the last entry | {b['link']:.2f} s |",
        "",
        "| target (issue 14 item 4) | figure | met |",
        "| --- | ---: | --- |",
        f"| page for {args.events:,} events interactive in Chromium <= 3 s | {b['ready']:.2f} s "
        f"| {'yes' if b['ready'] <= 3 else 'no'} |",
        f"| render_html, {args.events:,} events, <= 3 s CPU (renderer alone) | {cpu:.2f} s "
        f"| {'yes' if cpu <= 3 else 'no'} |",
        "",
        "Before the windowed list and count columns the same page took about 48 s to open "
        "(issue 14). What bounds the ready time now is the bytes: the browser reads the file "
        "and tokenises it (the inert block too, as text) before the script at its end runs; "
        "the script's own work is the smaller part (figures above, medians of the loads).",
        "",
        f"Where render_html's time goes (cProfile, {profiled:.2f} s profiled; cumulative, "
        "so nested parts overlap):",
        "",
    ]
    for name, what in PROFILED.items():
        if name in parts:
            share = parts[name] / profiled if profiled else 0.0
            lines.append(f"- `{name}`: {parts[name]:.2f} s ({share:.0%}), {what}")
    if cpu > 3:
        lines.extend(
            [
                "",
                "The render target is missed, and the profile says by what: plain Python string "
                "building, spread over the entries (about 1 KB of markup each: escaping, the "
                "rows of actors, places, tags, EDTF and record, one list item per citation, "
                "which is cached per distinct citation), and the dates' shown forms, which "
                "the time layer computes per distinct date (the renderer already computes "
                "each once). No single call dominates; writing less markup per entry or a "
                "compiled writer would be the way down, not a cache.",
            ]
        )
    lines.extend(["", f"Machine: {machine()}, {os.cpu_count()} CPUs."])
    write_section("bench_page", "\n".join(lines))


if __name__ == "__main__":
    main()
