"""Retake the README's picture of the HTML page: ``python docs/screenshot.py [OUT.png]``.

Renders the Idlib seed (``seeds/idlib-2020.toml``) with
:func:`timeline.render.html.render_html`, opens it from a ``file://`` URL in
Debian's headless Chromium through Playwright (as the browser tests do),
chooses 31 January 2020 in the snapshot panel, and saves the top of the page
(title, timeline, snapshot) to ``docs/img/timeline-html.png``. Needs the
``dev`` extra and ``/usr/bin/chromium`` (``apt-get install chromium``); never
``playwright install``.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from timeline.io.authoring import load_into
from timeline.render.document import build_document
from timeline.render.html import render_html
from timeline.render.snapshot import html_states
from timeline.store import MemoryStore

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "idlib-2020.toml"
OUT = ROOT / "docs" / "img" / "timeline-html.png"
CHROMIUM = "/usr/bin/chromium"
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
SNAPSHOT_DAY = "2020-01-31"
#: The stretch the timeline is zoomed to: the last weeks, where the dates crowd.
ZOOM = ("2019-11-20", "2020-02-12")


def idlib_page() -> str:
    """The Idlib seed as an HTML page, with the snapshot panel's states."""
    store = MemoryStore()
    loaded = load_into(store, SEED).stream
    gazetteer = loaded.gazetteer()
    doc = build_document(
        store, sources=loaded.sources, gazetteer=gazetteer, title=loaded.meta.title
    )
    return render_html(doc, states=html_states(doc, store, gazetteer=gazetteer))


def zoom(page: Any, days: tuple[str, str]) -> None:
    """Drag across the timeline from the first day to the second, as a reader would."""
    svg = page.locator("#tl-svg")
    box = svg.bounding_box()
    start = int(svg.get_attribute("data-from"))
    end = int(svg.get_attribute("data-to"))
    width = float(svg.evaluate("s => s.viewBox.baseVal.width"))
    margin = 16  # page.js: M.left and M.right

    def x(day: str) -> float:
        at = datetime.fromisoformat(day).replace(tzinfo=UTC).timestamp()
        inner = margin + (at - start) * (width - 2 * margin) / (end - start)
        return float(box["x"] + inner * box["width"] / width)

    y = box["y"] + box["height"] / 2
    page.mouse.move(x(days[0]), y)
    page.mouse.down()
    page.mouse.move((x(days[0]) + x(days[1])) / 2, y, steps=4)
    page.mouse.move(x(days[1]), y, steps=4)
    page.mouse.up()


def main(out: Path = OUT) -> None:
    """Write the page to a temporary file, open it, and save the screenshot to ``out``."""
    from playwright.sync_api import sync_playwright

    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        page_file = Path(tmp) / "idlib.html"
        page_file.write_text(idlib_page(), encoding="utf-8")
        context = p.chromium.launch_persistent_context(
            str(Path(tmp) / "profile"),
            executable_path=CHROMIUM,
            args=ARGS,
            headless=True,
            offline=True,
            viewport={"width": 1280, "height": 900},
            color_scheme="light",
        )
        try:
            page = context.new_page()
            page.goto(page_file.as_uri())
            page.wait_for_selector("html[data-ready]", state="attached")
            zoom(page, ZOOM)
            page.fill("#snap-date", SNAPSHOT_DAY)
            page.dispatch_event("#snap-date", "change")
            page.locator("#snap-date").blur()
            page.evaluate("window.scrollTo(0, 0)")
            box = page.locator("#snapshot").bounding_box()
            bottom = 900 if box is None else min(box["y"] + box["height"] + 16, 1600)
            page.set_viewport_size({"width": 1280, "height": int(bottom)})
            page.screenshot(path=str(out), full_page=False)
        finally:
            context.close()
    print(f"wrote {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
