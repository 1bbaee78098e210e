"""The HTML page in a real headless browser: it draws, filters, snapshots, and fetches nothing.

Each test opens a page rendered by :func:`timeline.render.html.render_html`
from a ``file://`` URL in Debian's Chromium and checks what a reader would
see. Every test also checks that the page logged no console error, raised no
script error, opened no dialog and requested nothing but its own file.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import timeline.conflict  # noqa: F401  (registers the conflict kinds for the strategies)
from timeline.events import Event
from timeline.io.authoring import load_into
from timeline.render.document import Document, build_document
from timeline.render.html import PAGE_SIZE, render_html
from timeline.store import MemoryStore, Recorded
from timeline.strategies import events
from timeline.time import When

from .conftest import Opened, expect

pytestmark = pytest.mark.browser

SEED = Path(__file__).resolve().parents[2] / "seeds" / "idlib-2020.toml"
XSS = "<script>alert(1)</script>"
T0 = datetime(2026, 1, 1, tzinfo=UTC)

Open = Callable[..., Opened]


def records_of(evts: list[Event]) -> list[Recorded]:
    return [Recorded(e, "s", i + 1, i + 1, T0 + timedelta(seconds=i)) for i, e in enumerate(evts)]


def idlib() -> tuple[Document, str]:
    """The Idlib seed's document and page, with the snapshot panel's states."""
    from timeline.render.snapshot import html_states

    store = MemoryStore()
    loaded = load_into(store, SEED).stream
    gazetteer = loaded.gazetteer()
    doc = build_document(store, sources=loaded.sources, gazetteer=gazetteer)
    return doc, render_html(doc, states=html_states(doc, store, gazetteer=gazetteer))


def many(count: int) -> list[Event]:
    """``count`` events over 1990-2020: days, months, years, uncertain and open ones."""
    out = []
    forms = ("{y}-{m:02d}-{d:02d}", "{y}-{m:02d}", "{y}", "{y}-{m:02d}~", "{y}-{m:02d}-{d:02d}/..")
    for i in range(count):
        y, m, d = 1990 + i * 7 % 31, 1 + i % 12, 1 + i % 28
        when = forms[i % len(forms)].format(y=y, m=m, d=d)
        out.append(
            Event(
                id=f"e{i}",
                when=when,
                summary=f"Event number {i}",
                actors=[f"actor-{i % 7}"],
                tags=[f"t{i % 3}"],
            )
        )
    return out


def test_the_idlib_page_opens_on_its_dense_weeks(open_page: Open) -> None:
    """The first view frames January-February 2020; the 2012-2020 background span is drawn
    across it but does not set it; the overview strip shows 2012 to 2020 and the view in it."""
    doc, text = idlib()
    opened = open_page(text)
    page = opened.page
    svg = page.locator("#tl-svg")
    start = datetime.fromtimestamp(int(svg.get_attribute("data-from") or 0), UTC)
    end = datetime.fromtimestamp(int(svg.get_attribute("data-to") or 0), UTC)
    assert datetime(2019, 12, 1, tzinfo=UTC) <= start < datetime(2020, 2, 1, tzinfo=UTC), start
    assert datetime(2020, 2, 3, tzinfo=UTC) < end <= datetime(2020, 2, 20, tzinfo=UTC), end
    assert page.locator('#tl-svg a.m[data-n="11"]').count() == 1  # 3 February is in view
    assert (
        page.locator("#tl-svg a.m[href='#ev-nairab-area-first-since-2012']").count() == 1
    )  # the long span
    entries = doc.all_entries()
    assert opened.drawn() < len(entries)
    assert " of 29 shown events are in view" in page.locator("#chart-note").inner_text()
    label = page.locator("#tl-overview").get_attribute("aria-label") or ""
    assert label.startswith("Overview: all shown events, 2012 to 2020; the timeline above shows")
    window = page.locator("#tl-overview rect.ov-win")
    assert 0 < float(window.get_attribute("width") or 0) < 100
    page.get_by_role("button", name="Show all").click()
    assert opened.drawn() == len(entries)
    opened.assert_clean()


def test_the_overview_moves_the_view(open_page: Open) -> None:
    evts = [Event(id=f"d{i}", when=f"2020-02-{1 + i:02d}", summary=f"day {i}") for i in range(9)]
    evts.append(Event(id="old", when="1990", summary="long before"))
    opened = open_page(render_html(build_document(records_of(evts))))
    page = opened.page
    assert page.locator("#tl-svg a.m[href='#ev-old']").count() == 0  # framed on February 2020
    box = page.locator("#tl-overview").bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 55, box["y"] + 10)  # in 1990 (the range is padded by 2%)
    expect(page.locator("#tl-svg a.m[href='#ev-old']")).to_have_count(1)
    opened.assert_clean()


def test_the_idlib_page_draws_every_entry(open_page: Open) -> None:
    doc, text = idlib()
    opened = open_page(text)
    entries = doc.all_entries()
    page = opened.page
    page.get_by_role("button", name="Show all").click()
    assert opened.drawn() == len(entries)
    bounds = {(e.event.when.earliest_ts, e.event.when.latest_ts) for e in entries}
    assert len(bounds) <= opened.marks() < len(entries)  # same-dated entries share a mark
    spans = [e for e in entries if e.event.when.is_interval or e.event.when.precision < 9]
    points = len(entries) - len(spans)
    assert page.locator("#tl-svg a.m rect.mk").count() >= len(
        {(e.event.when.earliest_ts, e.event.when.latest_ts) for e in spans}
    )
    circles = page.locator("#tl-svg a.m:has(circle.mk)")
    assert sum(int(circles.nth(k).get_attribute("data-n")) for k in range(circles.count())) == (
        points
    )
    eleven = page.locator('#tl-svg a.m[data-n="11"]')  # the 3 February statements and news
    assert eleven.count() == 1
    assert "11 entries, 3 February 2020" in (eleven.text_content() or "")
    assert (eleven.get_attribute("aria-label") or "").startswith(
        "11 entries, 3 February 2020; the first: "
    )
    assert opened.visible_entries() == len(entries)
    assert page.locator("#tl-svg .axis text").count() >= 2
    opened.assert_clean()


def test_a_filter_hides_entries_and_their_marks(open_page: Open) -> None:
    evts = [
        Event(id="a", when="2020-01-05", summary="alpha", actors=["x"]),
        Event(id="b", when="2020-01", summary="beta", actors=["y"]),
        Event(id="c", when="2019", summary="gamma", actors=["x", "y"]),
    ]
    opened = open_page(render_html(build_document(records_of(evts))))
    page = opened.page
    assert opened.visible_entries() == 3
    assert opened.marks() == 3
    page.get_by_role("checkbox", name="y").check()  # actor y only
    assert opened.visible_entries() == 2
    assert opened.marks() == 2
    assert page.locator("#ev-a").is_hidden()
    assert "2 of 3" in page.locator("#filter-status").inner_text()
    page.get_by_role("checkbox", name="event").uncheck()  # the only kind
    assert opened.visible_entries() == 0
    assert opened.marks() == 0
    page.get_by_role("button", name="Clear filters").click()
    expect(page.locator("#tl-svg a.m")).to_have_count(3)
    assert opened.visible_entries() == 3
    opened.assert_clean()


def test_the_snapshot_panel_sorts_entries_by_the_chosen_day(open_page: Open) -> None:
    evts = [
        Event(id="done", when="2020-01-05", summary="before"),
        Event(id="maybe", when="2020-01", summary="straddles"),
        Event(id="later", when="2020-03-01", summary="after"),
    ]
    opened = open_page(render_html(build_document(records_of(evts))))
    page = opened.page
    page.fill("#snap-date", "2020-01-20")
    page.dispatch_event("#snap-date", "change")
    out = page.locator("#snap-out").inner_text()
    assert "1 certainly, 1 possibly, 1 not yet" in out
    assert "certainly" in page.locator("#ev-done .snap").inner_text()
    assert "possibly" in page.locator("#ev-maybe .snap").inner_text()
    assert "not yet" in page.locator("#ev-later .snap").inner_text()
    assert page.locator("#tl-svg .snapline").count() == 1
    page.fill("#snap-date", "2020-02-01")
    page.dispatch_event("#snap-date", "change")
    assert "2 certainly, 0 possibly, 1 not yet" in page.locator("#snap-out").inner_text()
    opened.assert_clean()


def test_the_snapshot_day_ends_in_the_streams_zone(open_page: Open) -> None:
    """In Damascus (UTC+2 then) 3 February ends at 22:00 UTC: 1 am on the 4th is not yet."""
    evts = [
        Event(id="day", when=When.parse("2020-02-03", tz="Asia/Damascus"), summary="on the 3rd"),
        Event(id="late", when=When.parse("2020-02-04T01", tz="Asia/Damascus"), summary="1 am"),
        Event(id="next", when=When.parse("2020-02-04", tz="Asia/Damascus"), summary="the 4th"),
    ]
    doc = build_document(records_of(evts))
    # Read in UTC instead (the old panel), the 4th in Damascus would have possibly begun.
    counts = {
        "Asia/Damascus": "1 certainly, 0 possibly, 2 not yet",
        "UTC": "2 certainly, 1 possibly, 0 not yet",
    }
    for zone, said in counts.items():
        opened = open_page(render_html(doc, zone=zone), name=f"{zone.replace('/', '-')}.html")
        page = opened.page
        expect(page.locator('label[for="snap-date"]')).to_have_text(
            f"What had happened by the end of this day ({zone})?"
        )
        page.fill("#snap-date", "2020-02-03")
        page.dispatch_event("#snap-date", "change")
        expect(page.locator("#snap-out .snap-sum")).to_contain_text(f"3 Feb 2020 ({zone})")
        expect(page.locator("#snap-out .snap-sum")).to_contain_text(said)
        assert "certainly" in page.locator("#ev-day .snap").inner_text()
        late = page.locator("#ev-late .snap").inner_text()
        assert ("not yet" in late) == (zone == "Asia/Damascus"), (zone, late)
        assert "Dashed line: the end of 3 Feb 2020" in page.locator("#chart-note").inner_text()
        assert page.locator("#tl-svg .snapline text").text_content() == "3 Feb 2020"
        opened.assert_clean()


def test_the_idlib_snapshot_shows_the_conflict_state(open_page: Open) -> None:
    _, text = idlib()
    opened = open_page(text)
    opened.page.fill("#snap-date", "2020-02-03")
    opened.page.dispatch_event("#snap-date", "change")
    state = opened.page.locator("#snap-out .state")
    assert state.count() == 1
    assert "Nairab" in state.inner_text()
    opened.assert_clean()


def test_a_mark_links_to_its_entry(open_page: Open) -> None:
    evts = [Event(id=f"e{i}", when=f"20{10 + i}", summary=f"year {i}") for i in range(5)]
    opened = open_page(render_html(build_document(records_of(evts))))
    opened.page.locator('#tl-svg a.m[href="#ev-e3"]').click()
    expect(opened.page).to_have_url(re.compile("#ev-e3$"))
    assert opened.page.locator("#ev-e3").is_visible()
    opened.assert_clean()


def test_marks_are_reached_and_opened_from_the_keyboard(open_page: Open) -> None:
    """Tab goes from the zoom buttons into the chart's marks; Enter or Space opens the entry."""
    evts = [Event(id=f"e{i}", when=f"20{10 + i}", summary=f"year {i}") for i in range(5)]
    evts.append(Event(id="day", when="2016-03-04", summary="a day"))
    for scheme in ("light", "dark"):
        opened = open_page(render_html(build_document(records_of(evts))), name=f"{scheme}.html")
        page = opened.page
        page.emulate_media(color_scheme=scheme)
        marks = page.locator("#tl-svg a.m")
        assert marks.count() == 6
        page.get_by_role("button", name="Show all").focus()
        page.keyboard.press("Tab")
        focused = page.locator("#tl-svg a.m:focus")
        expect(focused).to_have_attribute("href", "#ev-e0")
        expect(focused).to_have_attribute("aria-label", "2010: year 0")
        ring = page.evaluate(
            """() => {
                const a = document.activeElement, style = getComputedStyle(a);
                const mark = getComputedStyle(a.querySelector('.mk'));
                return {visible: a.matches(':focus-visible'), outline: style.outlineStyle,
                        width: style.outlineWidth, color: style.outlineColor,
                        stroke: mark.stroke};
            }"""
        )
        assert ring["visible"], ring
        assert ring["outline"] == "solid", ring
        assert ring["width"] == "2px", ring
        assert ring["color"] == ring["stroke"] == "rgb(224, 122, 0)", ring  # --focus: #e07a00
        width = page.locator("#tl-svg").get_attribute("width")
        page.set_viewport_size({"width": 1000, "height": 900})  # redrawn: the focus stays
        expect(page.locator("#tl-svg")).not_to_have_attribute("width", width or "")
        expect(page.locator("#tl-svg a.m:focus")).to_have_attribute("href", "#ev-e0")
        page.set_viewport_size({"width": 1280, "height": 900})
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        expect(page.locator("#tl-svg a.m:focus")).to_have_attribute("href", "#ev-e2")
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile("#ev-e2$"))
        expect(page.locator("#ev-e2")).to_be_in_viewport()
        expect(page.locator("#ev-e2 .summary")).to_be_focused()
        # Back to the chart: Space opens a mark as well, and the page does not scroll for it.
        page.locator('#tl-svg a.m[href="#ev-day"]').focus()
        expect(page.locator("#tl-svg a.m:focus")).to_have_attribute(
            "aria-label", "4 March 2016: a day"
        )
        page.keyboard.press(" ")
        expect(page).to_have_url(re.compile("#ev-day$"))
        expect(page.locator("#ev-day .summary")).to_be_focused()
        opened.assert_clean()


def test_zoomed_out_the_chart_draws_count_columns_that_zoom_in(open_page: Open) -> None:
    """Past MAX_MARKS the chart is level of detail: a count column per calendar bucket, each a
    tab stop that zooms into its bucket (Enter), where the single marks are drawn again."""
    opened = open_page(render_html(build_document(records_of(many(2500)))))
    page = opened.page
    assert opened.marks() == 0
    columns = page.locator("#tl-svg a.agg")
    assert columns.count() >= 10
    assert opened.aggregated() == opened.in_view() == 2500  # every event in exactly one column
    assert "drawn as counts per " in page.locator("#chart-note").inner_text()
    page.get_by_role("button", name="Show all").focus()
    page.keyboard.press("Tab")
    focused = page.locator("#tl-svg a.agg:focus")
    expect(focused).to_have_count(1)
    label = focused.get_attribute("aria-label") or ""
    assert re.fullmatch(r"[\d,]+ events?, .+: zoom in", label), label
    start, end = focused.get_attribute("data-from"), focused.get_attribute("data-to")
    page.keyboard.press("Enter")
    svg = page.locator("#tl-svg")
    expect(svg).to_have_attribute("data-from", start or "")
    expect(svg).to_have_attribute("data-to", end or "")
    assert opened.marks() > 0  # zoomed in: single marks
    assert page.locator("#tl-svg a.agg").count() == 0
    expect(page.locator("#tl-svg a.m").first).to_be_focused()
    opened.assert_clean()


def test_a_label_over_its_bar_sits_on_one_plate(open_page: Open) -> None:
    """A label drawn over a bar (no room beside it) has one background plate, not a glyph halo."""
    words = "Erdogan says Turkey, already host to millions, will not accept another wave"
    evts = [
        Event(id="unknown", when="/2020-02-03", summary=words),
        Event(id="long", when="2010/2020", summary="A long stretch with a long enough label"),
        Event(id="first", when="2010-01-01", summary="first"),
        Event(id="last", when="2020-12-31", summary="last"),
    ]
    for scheme in ("light", "dark"):
        opened = open_page(render_html(build_document(records_of(evts))), name=f"{scheme}.html")
        page = opened.page
        page.emulate_media(color_scheme=scheme)
        over = page.locator("#tl-svg a.m text.lbl.over")
        assert over.count() >= 1
        found = page.evaluate(
            """() => Array.from(document.querySelectorAll('#tl-svg text.lbl.over')).map(t => {
                const plate = t.previousElementSibling, tb = t.getBBox();
                const pb = plate.getBBox(), style = getComputedStyle(t);
                return {plate: plate.matches('rect.lblbg'), stroke: style.stroke,
                        inside: pb.x <= tb.x && pb.x + pb.width >= tb.x + tb.width &&
                                pb.y <= tb.y + 1 && pb.y + pb.height >= tb.y + tb.height - 1,
                        snug: pb.width - tb.width <= 10,
                        fill: getComputedStyle(plate).fill, ink: style.fill};
            })"""
        )
        assert found
        for f in found:
            assert f["plate"], f
            assert f["inside"], f
            assert f["snug"], f
            assert f["stroke"] == "none", f  # no per-glyph halo over the bar
            assert f["fill"] != f["ink"], f
        opened.assert_clean()


def test_escaped_data_stays_text_in_the_browser(open_page: Open) -> None:
    evts = [Event(id="x", when="2020", summary=XSS, actors=['"><img src=x onerror=alert(2)>'])]
    opened = open_page(render_html(build_document(records_of(evts), title=XSS)))
    page = opened.page
    assert page.title() == XSS
    assert page.locator("#ev-x .summary").inner_text() == XSS
    assert page.locator("img").count() == 0
    assert page.locator("script").count() == 2
    assert page.locator("#tl-svg a.m title").first.text_content() == f"2020 — {XSS}"
    opened.assert_clean()  # no alert dialog, no request for "x"


def test_ten_thousand_events_stay_usable(open_page: Open) -> None:
    count = 10_000
    doc = build_document(records_of(many(count)))
    started = time.perf_counter()
    opened = open_page(render_html(doc))
    loaded = time.perf_counter() - started
    page = opened.page
    assert opened.visible_entries() == PAGE_SIZE  # the list is paged
    assert opened.marks() == 0  # too many marks: count columns instead
    assert opened.aggregated() == opened.in_view() == count
    started = time.perf_counter()
    page.get_by_role("checkbox", name="actor-3").check()
    expect(page.locator("#filter-status")).to_contain_text(" of ")
    filtered = time.perf_counter() - started
    shown = sum(1 for e in doc.all_entries() if "actor-3" in e.event.actors)
    assert f"{shown:,} of {count:,}" in page.locator("#filter-status").inner_text()
    assert opened.drawn() == shown  # few enough to draw one by one again
    page.locator("nav.pager").first.get_by_role("button", name="Later →").click()
    assert opened.visible_entries() == PAGE_SIZE
    assert loaded < 30, loaded
    assert filtered < 5, filtered
    opened.assert_clean()


def test_pages_of_entries_and_links_to_later_pages(open_page: Open) -> None:
    count = PAGE_SIZE * 2 + 50
    evts = [Event(id=f"e{i}", when=f"{1900 + i}", summary=f"year {1900 + i}") for i in range(count)]
    opened = open_page(render_html(build_document(records_of(evts))))
    page = opened.page
    assert opened.visible_entries() == PAGE_SIZE
    top = page.locator("nav.pager").first
    expect(top).to_contain_text(f"Entries 1–{PAGE_SIZE} of {count}")
    top.get_by_role("button", name="Later →").click()
    expect(top).to_contain_text(f"Entries {PAGE_SIZE + 1}–{2 * PAGE_SIZE} of {count}")
    assert page.evaluate("document.activeElement.textContent") == "Later →"
    page.evaluate("location.hash = '#ev-e430'")  # an entry on the third page
    expect(page.locator("#ev-e430")).to_be_visible()
    expect(top).to_contain_text(f"Entries {2 * PAGE_SIZE + 1}–{count} of {count}")
    assert opened.visible_entries() == count - 2 * PAGE_SIZE
    opened.assert_clean()


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(events(), min_size=1, max_size=12, unique_by=lambda e: e.id))
def test_any_stream_draws_cleanly(open_page: Open, evts: list[Event]) -> None:
    doc = build_document(records_of(evts))
    opened = open_page(render_html(doc))
    assert opened.drawn() <= len(doc.all_entries())  # the first view may frame the dense part
    opened.page.get_by_role("button", name="Show all").click()
    assert opened.drawn() == len(doc.all_entries())
    opened.page.fill("#snap-date", "2000-01-01")
    opened.page.dispatch_event("#snap-date", "change")
    expect(opened.page.locator("#snap-out .snap-sum")).to_have_count(1)
    opened.page.get_by_role("button", name="Zoom in").click()
    opened.page.get_by_role("button", name="Show all").click()
    assert opened.drawn() == len(doc.all_entries())
    opened.assert_clean()
