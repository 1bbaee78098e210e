"""axe-core on the HTML page, light and dark: no serious or critical violation.

axe-core (``vendor/axe.min.js``, MPL-2.0, its licence beside it) runs in the
page on the Idlib seed, on a 2,000-event page and on a 2,500-event page (count
columns, a windowed list), in both colour schemes.
Every violation of impact "serious" or "critical" fails the test, whatever
its rule. axe cannot decide the contrast of text over SVG shapes, overlapping
boxes or glyphs outside the basic plane: it reports those nodes as
"incomplete", and the test decides each one itself, from computed styles:

* the text colour is ``color`` (HTML) or ``fill`` times its opacities (SVG);
* the background is the backgrounds of its ancestors laid over each other
  from the root down, and, in the SVG, the shape the text is drawn on: the
  dot under a cluster's count, the plate (over its bar) under a label;
* the ratio is WCAG's, against 4.5:1, or 3:1 for large text.

Why vendored: the browser tests must run on a fresh clone in CI with no
network beyond package registries, and without Node there; one pinned file
(``npm pack axe-core@4``, 4.14.1) keeps the audit the same on every run.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from timeline.render.document import build_document
from timeline.render.html import render_html

from .conftest import Opened
from .test_html_page import idlib, many, records_of

pytestmark = pytest.mark.browser

AXE = Path(__file__).with_name("vendor") / "axe.min.js"
Open = Callable[..., Opened]

#: Runs axe and returns its serious or critical violations and its incomplete contrast nodes.
RUN_AXE = """async () => {
    const result = await axe.run(document, {resultTypes: ['violations', 'incomplete']});
    const serious = result.violations
        .filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}));
    const contrast = result.incomplete
        .filter(v => v.id === 'color-contrast')
        .flatMap(v => v.nodes.map(n => n.target.join(' ')));
    return {serious, contrast, version: axe.version};
}"""

#: The contrast of the text of the element at ``selector``, computed from its styles.
CONTRAST = """(selector) => {
    const el = document.querySelector(selector);
    const parse = (text) => {
        const m = text.match(/rgba?\\(([^)]+)\\)/);
        if (!m) return null;
        const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
        return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
    };
    const over = (top, under) => {  // top composited over an opaque colour
        const a = top[3];
        return [0, 1, 2].map(k => top[k] * a + under[k] * (1 - a)).concat([1]);
    };
    const withAlpha = (c, alpha) => [c[0], c[1], c[2], c[3] * alpha];
    // The page's background: the ancestors' backgrounds laid from the root down.
    const backdrop = (node) => {
        const chain = [];
        for (let n = node; n && n.nodeType === 1; n = n.parentElement) chain.push(n);
        let color = [255, 255, 255, 1];
        for (const n of chain.reverse()) {
            const bg = parse(getComputedStyle(n).backgroundColor);
            if (bg && bg[3] > 0) color = over(bg, color);
        }
        return color;
    };
    const svgFill = (node) => {
        const s = getComputedStyle(node);
        return withAlpha(parse(s.fill), Number(s.fillOpacity) * Number(s.opacity));
    };
    const style = getComputedStyle(el);
    let fg, bg;
    if (el instanceof SVGElement) {
        const htmlParent = el.closest('svg').parentElement;
        bg = backdrop(htmlParent);
        const prev = el.previousElementSibling;
        const mark = el.parentElement.querySelector('.mk');
        if (el.matches('.cnt') && mark) bg = over(svgFill(mark), bg);
        if (prev && prev.matches('rect.lblbg')) {
            if (mark && mark.tagName === 'rect') bg = over(svgFill(mark), bg);
            bg = over(svgFill(prev), bg);
        }
        fg = svgFill(el);
    } else {
        bg = backdrop(el);
        fg = withAlpha(parse(style.color), Number(style.opacity));
    }
    fg = over(fg, bg);
    const lum = (c) => {
        const [r, g, b] = c.slice(0, 3).map(v => {
            v /= 255;
            return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    return {ratio: (hi + 0.05) / (lo + 0.05), need: large ? 3 : 4.5,
            fg: fg.map(Math.round), bg: bg.map(Math.round), text: el.textContent.slice(0, 40)};
}"""


def audit(opened: Opened) -> dict[str, Any]:
    """Inject axe-core into the opened page and run it (the page's CSP does not bind evaluate)."""
    opened.page.evaluate(AXE.read_text("utf-8") + "\n;0")
    result: dict[str, Any] = opened.page.evaluate(RUN_AXE)
    return result


def check(opened: Opened, scheme: str) -> None:
    opened.page.emulate_media(color_scheme=scheme)
    opened.assert_clean()  # before axe: it reads the page, it must not log
    result = audit(opened)
    assert result["version"].startswith("4.")
    assert result["serious"] == [], result["serious"]
    failing, lowest = [], float("inf")
    for selector in result["contrast"]:
        found = opened.page.evaluate(CONTRAST, selector)
        lowest = min(lowest, found["ratio"])
        if found["ratio"] < found["need"]:
            failing.append((selector, found))
    assert failing == [], failing
    print(
        f"axe {result['version']}, {scheme}: {len(result['contrast'])} incomplete contrast "
        f"nodes computed, lowest ratio {lowest:.2f}"
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_seed_page_passes_axe(open_page: Open, scheme: str) -> None:
    _, text = idlib()
    check(open_page(text, name=f"seed-{scheme}.html"), scheme)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_two_thousand_event_page_passes_axe(open_page: Open, scheme: str) -> None:
    text = render_html(build_document(records_of(many(2000))))
    check(open_page(text, name=f"many-{scheme}.html"), scheme)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_zoomed_out_page_of_count_columns_passes_axe(open_page: Open, scheme: str) -> None:
    """Past MAX_MARKS the chart draws count columns (links that zoom in), the list is windowed."""
    opened = open_page(
        render_html(build_document(records_of(many(2500)))), name=f"lod-{scheme}.html"
    )
    assert opened.page.locator("#tl-svg a.agg").count() >= 10
    check(opened, scheme)


def test_the_contrast_check_catches_low_contrast(open_page: Open) -> None:
    """The computed check is not a rubber stamp: grey on grey fails it."""
    opened = open_page(render_html(build_document(records_of(many(3)))))
    opened.page.evaluate(
        "() => { const h = document.querySelector('h1');"
        " h.style.color = '#999'; h.style.fontSize = '14px';"
        " document.body.style.background = '#aaa'; }"
    )
    found = opened.page.evaluate(CONTRAST, "h1")
    assert found["ratio"] < 1.5, found
    assert found["need"] == 4.5
