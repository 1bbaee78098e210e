"""The HTML page: one entry per event, all text escaped, byte-identical output.

The page is parsed with :mod:`html.parser` (as a browser would tokenize it)
and compared with the document it was made from: every summary appears as
text exactly, only the page's own two scripts exist, only the page's own
elements exist, and the embedded JSON parses back to one row per entry.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import timeline.conflict  # noqa: F401  (registers the conflict kinds for the strategies)
import timeline.render.html as html_module
from timeline.errors import RenderError
from timeline.events import Citation, Event, Source, Stance
from timeline.render.document import Document, build_document
from timeline.render.html import INLINE_ENTRIES, PAGE_SIZE, render_html, script_json
from timeline.store import Recorded
from timeline.strategies import events
from timeline.time import When

#: Every element the page itself writes; data can never add another.
PAGE_TAGS = frozenset(
    [
        "html",
        "head",
        "meta",
        "link",
        "title",
        "style",
        "body",
        "a",
        "svg",
        "defs",
        "lineargradient",
        "stop",
        "mask",
        "rect",
        "header",
        "h1",
        "p",
        "main",
        "section",
        "div",
        "h2",
        "ul",
        "li",
        "circle",
        "path",
        "button",
        "span",
        "noscript",
        "aside",
        "form",
        "fieldset",
        "legend",
        "label",
        "input",
        "ol",
        "article",
        "time",
        "h3",
        "dl",
        "dt",
        "dd",
        "code",
        "q",
        "s",
        "nav",
        "footer",
        "script",
        "strong",
    ]
)
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def records_of(evts: list[Event], stream: str = "s") -> list[Recorded]:
    """Records as a store would give them, with fixed recorded times."""
    return [
        Recorded(e, stream, i + 1, i + 1, T0 + timedelta(seconds=i)) for i, e in enumerate(evts)
    ]


def doc_of(evts: list[Event], **kwargs: Any) -> Document:
    return build_document(records_of(evts), **kwargs)


class Page(HTMLParser):
    """What a browser would see: elements, text nodes, attribute values, scripts."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.texts: list[str] = []
        self.attrs: list[str] = []
        self.attr_names: set[str] = set()
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.summaries: list[str] = []
        self.entry_ids: list[str] = []
        self._script: dict[str, str | None] | None = None
        self._summary: list[str] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = dict(attrs)
        self.attrs.extend(v for v in values.values() if v is not None)
        self.attr_names.update(values)
        if tag == "script":
            self._script = values
            self.scripts.append((values, ""))
        if tag == "a" and values.get("class") == "summary":
            self._summary = []
        if tag == "li" and (values.get("class") or "").split()[:1] == ["entry"]:
            self.entry_ids.append(values["id"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None
        if tag == "a" and self._summary is not None:
            self.summaries.append("".join(self._summary))
            self._summary = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
            return
        self.texts.append(data)
        if self._summary is not None:
            self._summary.append(data)

    def data(self) -> Any:
        (block,) = [t for a, t in self.scripts if a.get("type") == "application/json"]
        return json.loads(block)


def check_page(doc: Document, text: str) -> Page:
    """Everything the page promises about ``doc``; returns the parsed page."""
    page = Page(text)
    entries = doc.all_entries()
    assert sorted(page.summaries) == sorted(e.event.summary for e in entries)
    assert len(page.entry_ids) == len(entries)
    assert len(set(page.entry_ids)) == len(entries)
    assert [a for a, _ in page.scripts] == [{"type": "application/json", "id": "tl-data"}, {}]
    assert page.tags.count("style") == 2  # the page's, and the one in <noscript>
    assert set(page.tags) <= PAGE_TAGS
    assert not {name for name in page.attr_names if name.startswith("on")}  # no handlers
    data = page.data()
    assert len(data["rows"]) == len(entries)
    json_text = page.scripts[0][1]
    assert "<" not in json_text
    assert ">" not in json_text
    assert "&" not in json_text
    assert "\u2028" not in json_text
    assert "\u2029" not in json_text
    for retracted in doc.retracted:
        # An empty summary is no text node of its own.
        assert retracted.event.summary in page.texts or not retracted.event.summary.strip()
    assert doc.title in page.texts or not doc.title
    return page


XSS = "<script>alert(1)</script>"


def test_a_script_in_a_summary_shows_as_text() -> None:
    evil = [
        Event(
            id="x1",
            when="2020-02-03",
            summary=XSS,
            actors=['"><img src=x onerror=alert(1)>'],
            places=["</script><!--"],
            tags=["a\u2028b", "&amp;"],
            citations=[
                Citation(source="src", stance=Stance.ASSERTS, quote="</q><b>bold</b>"),
                Citation(source="bad", url="javascript:alert(1)"),
            ],
            data={"k": "</script>"},
        ),
        Event(id="x2", when="2020", summary="&lt;not an entity&gt; & <b>"),
    ]
    sources = [Source(id="src", name="</script><script>alert(2)</script>")]
    doc = doc_of(evil, sources=sources, title="<title> & </title>")
    text = render_html(doc)
    page = check_page(doc, text)
    assert XSS not in text
    assert "<img" not in text
    assert "<b>" not in text
    assert text.count("<script") == 2
    assert XSS in page.texts
    assert "&lt;not an entity&gt; & <b>" in page.summaries
    assert "</script><script>alert(2)</script>" in page.texts
    assert '"><img src=x onerror=alert(1)>' in page.texts
    assert "javascript:alert(1)" not in page.attrs  # only http(s) URLs become links


def test_one_entry_per_event_in_chronological_order() -> None:
    evts = [
        Event(id="late", when="2020-02-03", summary="third"),
        Event(id="early", when="2018", summary="first"),
        Event(id="jan", when="2020-01", summary="second"),
        Event(id="open", when="2020-01-12/..", summary="open ended"),
        Event(id="unknown", when="/2020-02-03", summary="start unknown"),
        Event(id="odd id with spaces", when="2012-39", summary="late 2012"),
    ]
    doc = doc_of(evts)
    page = check_page(doc, render_html(doc))
    assert page.summaries == [e.event.summary for e in doc.all_entries()]
    assert "ev-late" in page.entry_ids
    rows = page.data()["rows"]
    by_summary = dict(zip(page.summaries, rows, strict=True))
    _lo, hi, _start_lo, _start_hi, end_hi, flags = by_summary["open ended"][:6]
    assert hi is None
    assert end_hi is None
    assert flags & 8
    assert by_summary["start unknown"][0] is None
    assert by_summary["start unknown"][5] & 16
    assert by_summary["third"][5] & 1 == 0  # a day is a point
    assert by_summary["second"][5] & 1  # a month is a span
    assert by_summary["first"][0] < by_summary["first"][1]


def test_the_same_input_gives_the_same_bytes() -> None:
    evts = [
        Event(
            id=f"e{i}", when=f"20{10 + i % 10}-0{1 + i % 9}", summary=f"event {i}", tags={"b", "a"}
        )
        for i in range(30)
    ]
    first = render_html(doc_of(evts))
    assert first == render_html(doc_of(evts))
    assert first == render_html(doc_of(list(evts)))


def test_no_network_and_hashed_inline_code() -> None:
    text = render_html(doc_of([Event(when="2020", summary="x")]))
    page = Page(text)
    (csp,) = [a for a in page.attrs if a.startswith("default-src")]
    assert csp.startswith("default-src 'none';")
    assert "script-src 'sha256-" in csp
    assert "unsafe-inline" not in csp
    for needle in ("http://", "https://", "//cdn", "@import", "url(http"):
        assert needle not in text.replace("http://www.w3.org/2000/svg", "")


def test_the_inline_code_is_allowed_by_its_hash_exactly() -> None:
    text = render_html(doc_of([Event(when="2020", summary="x")]))
    (csp,) = [a for a in Page(text).attrs if a.startswith("default-src")]
    scripts = re.findall(r"<script>(.*?)</script>", text, re.S)
    styles = re.findall(r"<style>(.*?)</style>", text, re.S)
    assert len(scripts) == 1
    assert len(styles) == 2

    def sha(code: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'"

    assert f"script-src {sha(scripts[0])};" in csp
    assert f"style-src {sha(styles[0])} {sha(styles[1])};" in csp


def test_the_chart_exposes_its_marks_as_links() -> None:
    """The chart is a group, not an image (an image's links are hidden from screen readers),
    and its script makes each drawn mark a link in the tab order, with a name."""
    text = render_html(doc_of([Event(when="2020", summary="x")]))
    (svg,) = re.findall(r'<svg id="tl-svg"[^>]*>', text)
    assert 'role="group"' in svg
    assert 'role="img"' not in svg
    assert 'aria-labelledby="chart-h chart-note"' in svg
    (script,) = re.findall(r"<script>(.*?)</script>", text, re.S)
    assert 'el("a", { href: "#" + ids[i], "class": "m"' in script
    assert 'a.setAttribute("aria-label"' in script
    assert 'tabindex: "-1"' not in script


def test_an_empty_document_renders() -> None:
    doc = doc_of([])
    page = check_page(doc, render_html(doc))
    assert page.data()["rows"] == []


def test_states_are_embedded_as_escaped_json() -> None:
    states = [{"at": 0, "label": XSS, "sections": [{"title": "</script>", "items": ["\u2028"]}]}]
    doc = doc_of([Event(when="2020", summary="x")])
    page = check_page(doc, render_html(doc, states=states))
    assert page.data()["states"] == states


@given(st.lists(st.text()) | st.dictionaries(st.text(), st.text()))
def test_script_json_round_trips_and_never_closes_the_element(value: Any) -> None:
    text = script_json(value)
    assert json.loads(text) == value
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}


# events() takes some 30 ms an event to draw, so this test caps its examples at 60.
@settings(
    max_examples=min(settings().max_examples, 60),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(events(), max_size=6, unique_by=lambda e: e.id), st.text(max_size=20))
def test_any_stream_renders_with_every_piece_of_data_escaped(evts: list[Event], title: str) -> None:
    doc = doc_of(evts, title=title)
    check_page(doc, render_html(doc))


def _damascus() -> Document:
    evts = [
        Event(id="day", when=When.parse("2020-02-03", tz="Asia/Damascus"), summary="on the 3rd"),
        Event(id="late", when=When.parse("2020-02-04T01", tz="Asia/Damascus"), summary="1 am"),
    ]
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    return build_document([Recorded(e, "s", i + 1, i + 1, t0) for i, e in enumerate(evts)])


def test_the_snapshot_panel_names_the_streams_zone() -> None:
    page = render_html(_damascus())
    assert "What had happened by the end of this day (Asia/Damascus)?" in page
    data = json.loads(re.search(r'id="tl-data">(.*?)</script>', page, re.S).group(1))  # type: ignore[union-attr]
    assert data["zone"] == "Asia/Damascus"
    given = render_html(_damascus(), zone="Europe/Istanbul")
    assert "(Europe/Istanbul)?" in given


@pytest.mark.parametrize("zone", ["Mars/Olympus", "", "../etc/passwd"])
def test_an_unknown_zone_is_refused_by_name(zone: str) -> None:
    with pytest.raises(RenderError) as caught:
        render_html(_damascus(), zone=zone)
    assert caught.value.field == "zone"
    assert caught.value.where == "render_html"
    assert repr(zone) in str(caught.value)
    assert "IANA" in str(caught.value)


def _entries_of(text: str) -> list[str]:
    """The entries' markup in the page's list, one string each, as the parser reads newlines."""
    listed = text[text.index('<ol class="list">\n') + 18 : text.index("</ol>")]
    listed = listed.replace("\r\n", "\n").replace("\r", "\n").replace(" hidden>", ">", 1)
    return [part + "</article></li>" for part in listed.split("</article></li>\n")[:-1]]


def _inert_lines(text: str) -> list[str]:
    """The inert block's lines, read as a browser would: up to the first ``</script``."""
    opening = '<script type="text/html" id="tl-entries">'
    start = text.index(opening) + len(opening)
    found = re.compile("</script", re.IGNORECASE | re.ASCII).search(text, start)
    assert found is not None
    end = found.start()
    block = text[start:end]
    assert text[end:].startswith("</script>\n<script>")  # it ends where it was meant to
    assert "<!--" not in block  # no comment-like text, which changes how a script ends
    assert block.startswith("\n")
    assert block.endswith("\n")
    return block[1:-1].split("\n")


@settings(
    max_examples=min(settings().max_examples, 40),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(events(), min_size=2, max_size=6, unique_by=lambda e: e.id))
def test_a_windowed_page_holds_the_same_entries_as_an_inline_one(evts: list[Event]) -> None:
    """Law: past the window, each entry is one line of the inert block that parses back to
    the markup the inline page writes for it; the block cannot end early; the data names
    every entry's anchor in order."""
    doc = doc_of(evts)
    inline = render_html(doc)
    with (
        mock.patch.object(html_module, "INLINE_ENTRIES", 0),
        mock.patch.object(html_module, "PAGE_SIZE", 1),
    ):
        windowed = render_html(doc)
    expected = _entries_of(inline)
    assert len(expected) == len(doc.all_entries())
    if len(expected) <= 1:  # some kinds declare things and make no entry: nothing past the window
        assert 'id="tl-entries"' not in windowed
        return
    first = _entries_of(windowed)
    lines = _inert_lines(windowed)
    assert len(first) == 1
    # The block writes newlines, and a few characters beyond ASCII, as decimal references.
    decoded = [re.sub(r"&#(\d+);", lambda m: chr(int(m[1])), line) for line in lines]
    assert first + decoded == expected
    assert all("\n" not in line and "\r" not in line for line in lines)
    page = Page(windowed)
    data = page.data()
    assert data["window"] == 1
    assert data["ids"] == Page(inline).entry_ids
    assert '<script type="text/html" id="tl-entries">' not in inline


def test_a_long_list_is_windowed_and_a_short_one_is_not() -> None:
    evts = [Event(id=f"e{i}", when=f"{1000 + i}", summary=f"year {i}") for i in range(1001)]
    short = render_html(doc_of(evts[:INLINE_ENTRIES]))
    assert 'id="tl-entries"' not in short
    assert Page(short).data()["window"] == INLINE_ENTRIES
    long = render_html(doc_of(evts))
    assert len(_entries_of(long)) == PAGE_SIZE
    assert len(_inert_lines(long)) == INLINE_ENTRIES + 1 - PAGE_SIZE
    assert "Without JavaScript this page lists its first 200 of 1,001 entries" in long
