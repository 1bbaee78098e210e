"""Property tests: every renderer succeeds on any stream of ``timeline.strategies.events()``.

And what each format promises: TimelineJS is valid JSON with one slide per
entry and date parts that follow the precision; iCalendar parses (``icalendar``)
with one VEVENT per entry, CRLF lines of at most 75 octets, never splitting a
UTF-8 sequence; Markdown footnotes all resolve; Mermaid labels hold no ``:`` or
``#``; the same input gives the same bytes.
"""

from __future__ import annotations

import itertools
import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

import timeline.conflict  # noqa: F401  (the conflict kinds take part in the streams)
from timeline import strategies
from timeline.events import Citation, Event
from timeline.render import (
    Document,
    Entry,
    build_document,
    escape_markdown,
    render_ical,
    render_markdown,
    render_mermaid,
    render_timelinejs,
)
from timeline.render._common import end_value, start_value
from timeline.store import Recorded
from timeline.time import Precision
from timeline.time.value import CalendarValue

icalendar = pytest.importorskip("icalendar")
events_strategy = getattr(strategies, "events", None)
if events_strategy is None:  # pragma: no cover - until timeline.strategies.events lands
    pytest.skip("timeline.strategies.events() is not available", allow_module_level=True)

START = datetime(2020, 2, 3, 9, 0, tzinfo=UTC)


def _records(events: list[Event]) -> list[Recorded]:
    seen: set[str] = set()
    out: list[Recorded] = []
    for event in events:
        if event.id in seen:
            continue
        seen.add(event.id)
        n = len(out) + 1
        out.append(Recorded(event, "s", n, n, START + timedelta(minutes=n)))
    return out


streams = st.lists(events_strategy(), max_size=8).map(_records)


def _doc(records: list[Recorded]) -> Document:
    return build_document(records, title="Property: test")


@given(streams)
def test_every_renderer_succeeds_and_is_deterministic(records: list[Recorded]) -> None:
    doc = _doc(records)
    again = _doc(records)
    for render in (render_markdown, render_mermaid, render_timelinejs, render_ical):
        text = render(doc)
        assert isinstance(text, str)
        assert text == render(again)
    render_markdown(doc, mermaid=True)
    assert doc.provenance.events == len(records)


def _allowed_parts(value: CalendarValue) -> set[str]:
    precision = value.precision
    if value.year_unspecified or value.month_unspecified or precision <= Precision.YEAR:
        return {"year"}
    if precision < Precision.WEEK or value.day_unspecified:
        return {"year", "month"}
    if precision in (Precision.WEEK, Precision.DAY):
        return {"year", "month", "day"}
    names = ["year", "month", "day", "hour", "minute", "second"]
    return set(names[: 3 + int(precision) - int(Precision.HOUR) + 1])


@given(streams)
def test_timelinejs_valid_json_one_slide_per_entry(records: list[Recorded]) -> None:
    doc = _doc(records)
    data = json.loads(render_timelinejs(doc))
    assert len(data["events"]) == len(doc.entries)
    ids = [slide["unique_id"] for slide in data["events"]]
    assert len(set(ids)) == len(ids)
    for slide, entry in zip(data["events"], doc.entries, strict=True):
        when = entry.event.when
        assert slide["display_date"] == when.display()
        first = start_value(when) or end_value(when)
        assert first is not None
        start = slide["start_date"]
        assert isinstance(start["year"], int)
        assert set(start) == _allowed_parts(first)
        if "end_date" in slide:
            assert slide["end_date"] != start
            last = end_value(when)
            assert last is not None
            assert set(slide["end_date"]) == _allowed_parts(last)


@given(streams)
def test_ical_parses_one_vevent_per_entry_folded(records: list[Recorded]) -> None:
    doc = _doc(records)
    text = render_ical(doc)
    data = text.encode()
    assert data.endswith(b"\r\n")
    for line in data[:-2].split(b"\r\n"):
        assert len(line) <= 75, line
        assert b"\n" not in line
        assert b"\r" not in line
        line.decode("utf-8")  # a folded line never splits a UTF-8 sequence
    calendar = icalendar.Calendar.from_ical(text)
    vevents = calendar.walk("VEVENT")
    assert len(vevents) == len(doc.entries)
    for vevent, entry in zip(vevents, doc.entries, strict=True):
        assert str(vevent["SUMMARY"]) == entry.event.summary
        assert str(vevent["X-TIMELINE-EDTF"]) == entry.event.when.to_edtf()
        assert "DTSTART" in vevent
        assert "DTSTAMP" in vevent
        assert ("DTEND" in vevent) != ("DURATION" in vevent)
        if entry.event.when.uncertain or entry.event.when.approximate:
            assert str(vevent["STATUS"]) == "TENTATIVE"


_REF = re.compile(r"\[\^(\d+)\](?!:)")
_DEF = re.compile(r"^\[\^(\d+)\]: ", re.MULTILINE)
_NOTE = re.compile(r"^\[\^(\d+)\]: (.*)$", re.MULTILINE)


@given(streams)
def test_markdown_footnotes_all_resolve(records: list[Recorded]) -> None:
    doc = _doc(records)
    text = render_markdown(doc)
    refs = set(_REF.findall(text))
    defs = _DEF.findall(text)
    assert len(defs) == len(set(defs))
    assert refs == set(defs)
    # One footnote per distinct citation (issue 14): as many footnotes as citations
    # that read differently, and no two footnotes with the same text.
    notes = _NOTE.findall(text)
    assert len(notes) == len(defs)
    assert len({body for _, body in notes}) == len(notes)
    shown = [_shown(doc, c) for e in _visit(doc) for c in e.event.citations]
    assert len(defs) == len(set(shown))


@given(streams)
def test_markdown_cites_the_same_citation_with_the_same_footnote(records: list[Recorded]) -> None:
    doc = _doc(records)
    numbers = _REF.findall(render_markdown(doc))
    shown = [_shown(doc, c) for e in _visit(doc) for c in e.event.citations]
    assert len(numbers) == len(shown)  # references appear in the order entries cite
    for (a, key_a), (b, key_b) in itertools.combinations(zip(numbers, shown, strict=True), 2):
        assert (a == b) == (key_a == key_b)


@given(streams)
def test_document_counts_account_for_every_record(records: list[Recorded]) -> None:
    doc = _doc(records)
    counts = doc.counts
    assert counts is not None
    assert counts.read == doc.provenance.events == len(records)
    assert counts.read == (
        counts.catalog
        + counts.corrections
        + counts.retractions
        + counts.contradictions
        + counts.entries
        + counts.claims
        + counts.withdrawn
        + counts.filtered
        + counts.repeated
    )
    assert counts.entries == len(doc.entries)
    assert counts.shown == len(doc.all_entries())
    header = render_markdown(doc).split("\n\n", 2)[1]
    if counts.read != counts.shown:
        assert f"{counts.read:,} record" in header
        assert f"{counts.shown:,} event" in header


def _visit(doc: Document) -> list[Entry]:
    """Entries and their claims, in the order the Markdown cites them."""
    out: list[Entry] = []
    for entry in doc.entries:
        out.append(entry)
        out.extend(entry.claims)
    return out


def _shown(doc: Document, citation: Citation) -> tuple[object, ...]:
    """What a footnote says about a citation (two citations that agree here share one)."""
    source = doc.sources.get(citation.source)
    about = (None, None) if source is None else (source.kind, source.reliability)
    return (
        escape_markdown(doc.source_name(citation.source)),
        *about,
        citation.stance,
        None if citation.reported is None else escape_markdown(citation.reported.display()),
        None if citation.via is None else escape_markdown(doc.source_name(citation.via)),
        None if citation.credibility is None else str(citation.credibility),
        escape_markdown(citation.quote) if citation.quote else None,
        citation.url or (source.url if source is not None else None),
    )


@given(streams)
def test_mermaid_labels_are_safe(records: list[Recorded]) -> None:
    text = render_mermaid(_doc(records))
    lines = text.splitlines()
    assert lines[0] == "timeline"
    assert lines[1].startswith("    %% made from stream ")  # provenance, a comment
    for line in lines[2:]:
        assert "%%" not in line
        assert ";" not in line.replace("#58;", "").replace("#35;", "").replace("#60;", "").replace(
            "#62;", ""
        )
        stripped = line.strip()
        if stripped.startswith(("title ", "section ")):
            assert ":" not in stripped
            assert "#" not in stripped
        else:
            label, sep, _ = stripped.partition(" : ")
            assert sep, line
            assert ":" not in label
            assert "#" not in label
