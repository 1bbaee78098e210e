"""Headless Chromium for the HTML page tests, driven by Playwright.

Debian's ``chromium`` (``/usr/bin/chromium``, or ``$TIMELINE_CHROMIUM``) is
launched with a fresh profile and no background networking; Playwright's own
browser download (``playwright install``) is never used. When Chromium or the
``playwright`` package is missing the tests skip, saying what to install,
except under ``CI=true``, where a missing browser is a failure.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

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


def missing() -> str | None:
    """Why the browser tests cannot run here, or ``None`` when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[dev]')"
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    return None


def expect(target: Any) -> Any:
    """Playwright's ``expect`` (its waits poll without ``eval``, which the page's CSP forbids)."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)


@attrs.define
class Opened:
    """A page opened from a file, with what it logged and requested."""

    page: Any
    url: str
    console: list[tuple[str, str]] = attrs.Factory(list)
    errors: list[str] = attrs.Factory(list)
    requests: list[str] = attrs.Factory(list)
    dialogs: list[str] = attrs.Factory(list)

    def visible_entries(self) -> int:
        """How many list entries are shown (not hidden by a filter or the pager)."""
        return int(self.page.locator("ol.list > li.entry:not([hidden])").count())

    def marks(self) -> int:
        """How many marks the SVG timeline draws (a cluster of same-dated entries is one)."""
        return int(self.page.locator("#tl-svg a.m").count())

    def drawn(self) -> int:
        """How many entries the marks stand for (each mark's ``data-n``)."""
        return int(
            self.page.evaluate(
                "Array.from(document.querySelectorAll('#tl-svg a.m'))"
                ".reduce((n, a) => n + Number(a.getAttribute('data-n')), 0)"
            )
        )

    def aggregated(self) -> int:
        """How many entries the count columns stand for (each column's ``data-n``)."""
        return int(
            self.page.evaluate(
                "Array.from(document.querySelectorAll('#tl-svg a.agg'))"
                ".reduce((n, a) => n + Number(a.getAttribute('data-n')), 0)"
            )
        )

    def in_view(self) -> int:
        """How many events the chart's note says are in view (when it draws count columns)."""
        note = str(self.page.locator("#chart-note").inner_text())
        found = re.match(r"([\d,]+) events in view", note)
        assert found is not None, note
        return int(found.group(1).replace(",", ""))

    def assert_clean(self) -> None:
        """No console errors or warnings, no script errors, no dialogs, no requests but the page."""
        assert [m for m in self.console if m[0] in ("error", "warning")] == []
        assert self.errors == []
        assert self.dialogs == []
        assert self.requests == [self.url]


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One headless Chromium for the session, with a fresh user-data directory."""
    reason = missing()
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and the browser tests cannot run: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            args=ARGS,
            headless=True,
            viewport={"width": 1280, "height": 900},
            offline=True,
        )
        try:
            yield context
        finally:
            context.close()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def open_page(browser_context: Any, tmp_path: Path) -> Iterator[Callable[..., Opened]]:
    """``open_page(html)`` writes the page to a file and opens it from its file:// URL."""
    pages: list[Any] = []

    def opener(text: str, name: str = "page.html") -> Opened:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        page = browser_context.new_page()
        pages.append(page)
        opened = Opened(page, path.as_uri())
        page.on("console", lambda m: opened.console.append((m.type, m.text)))
        page.on("pageerror", lambda e: opened.errors.append(str(e)))
        page.on("request", lambda r: opened.requests.append(r.url))

        def dialog(d: Any) -> None:
            opened.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)
        page.goto(opened.url)
        page.wait_for_selector("html[data-ready]", state="attached", timeout=30_000)
        return opened

    yield opener
    for page in pages:
        page.close()
