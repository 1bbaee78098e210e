"""Unit tests of the renderers: dates at their precision, escaping, folding, two clocks."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

import timeline.conflict  # noqa: F401
from tests.render.support import SAMPLE, document, load
from timeline import Citation, Event, When
from timeline.events import Claim, Contradiction, Correction, Retraction
from timeline.render import (
    Filters,
    RenderError,
    build_document,
    escape_markdown,
    render_ical,
    render_markdown,
    render_mermaid,
    render_timelinejs,
)
from timeline.render.ical import escape_text, fold_line
from timeline.render.mermaid import mermaid_label, mermaid_text
from timeline.render.timelinejs import date_parts
from timeline.store import MemoryStore, Recorded

T0 = datetime(2020, 2, 3, 9, 0, tzinfo=UTC)


def records(*events: Event, step: timedelta = timedelta(hours=1)) -> list[Recorded]:
    return [Recorded(e, "s", i + 1, i + 1, T0 + i * step) for i, e in enumerate(events)]


def ev(id: str, when: str, summary: str = "something", **extra: object) -> Event:
    return Event(id=id, when=When.parse(when), summary=summary, **extra)  # type: ignore[arg-type]


# -- TimelineJS ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("edtf", "start", "end"),
    [
        ("2018", {"year": 2018}, None),
        ("2020-01", {"year": 2020, "month": 1}, None),
        ("2020-01-12", {"year": 2020, "month": 1, "day": 12}, None),
        ("2012-39", {"year": 2012, "month": 9}, {"year": 2012, "month": 12}),
        ("2019-24", {"year": 2019, "month": 12}, {"year": 2020, "month": 2}),
        ("201X", {"year": 2010}, {"year": 2019}),
        ("2020-W05", {"year": 2020, "month": 1, "day": 27}, {"year": 2020, "month": 2, "day": 2}),
        ("2016/2019", {"year": 2016}, {"year": 2019}),
        (
            "2020-02-02/2020-02-03",
            {"year": 2020, "month": 2, "day": 2},
            {"year": 2020, "month": 2, "day": 3},
        ),
        ("2020-01/..", {"year": 2020, "month": 1}, None),
        ("../2012", {"year": 2012}, None),
        ("2020-02-03T10:30", {"year": 2020, "month": 2, "day": 3, "hour": 10, "minute": 30}, None),
    ],
)
def test_timelinejs_dates_follow_precision(edtf: str, start: dict[str, int], end: object) -> None:
    doc = build_document(records(ev("a", edtf)))
    (slide,) = json.loads(render_timelinejs(doc))["events"]
    assert slide["start_date"] == start
    assert slide.get("end_date") == end
    assert slide["display_date"] == When.parse(edtf).display()


def test_timelinejs_uncertainty_in_display_date_and_month_omits_day() -> None:
    doc = build_document(records(ev("a", "2020-01?")))
    (slide,) = json.loads(render_timelinejs(doc))["events"]
    assert slide["start_date"] == {"year": 2020, "month": 1}
    assert slide["display_date"] == "January 2020?"


def test_date_parts_last_of_grouping() -> None:
    value = When.parse("2020-40").value  # first half
    assert date_parts(value) == {"year": 2020, "month": 1}
    assert date_parts(value, last=True) == {"year": 2020, "month": 6}


# -- iCalendar -----------------------------------------------------------------------------


def test_fold_line_never_splits_utf8() -> None:
    line = "DESCRIPTION:" + "é" * 100
    folded = fold_line(line)
    parts = folded.encode().split(b"\r\n")
    assert all(len(p) <= 75 for p in parts)
    assert all(p.startswith(b" ") for p in parts[1:])
    for part in parts:
        part.decode()
    assert folded.replace("\r\n ", "") == line


def test_fold_line_short_untouched() -> None:
    assert fold_line("A" * 75) == "A" * 75
    assert fold_line("A" * 76) == "A" * 75 + "\r\n A"


def test_escape_text() -> None:
    assert escape_text("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"


def _vevent(edtf: str, tz: str = "UTC") -> str:
    event = Event(id="a", when=When.parse(edtf, tz=tz), summary="x")
    doc = build_document(records(event))
    text = render_ical(doc)
    return text.split("BEGIN:VEVENT\r\n")[1]


def test_ical_all_day_and_spans() -> None:
    day = _vevent("2020-02-03")
    assert "DTSTART;VALUE=DATE:20200203\r\nDTEND;VALUE=DATE:20200204\r\n" in day
    assert "STATUS" not in day
    span = _vevent("2020-02-02/2020-02-03")
    assert "DTSTART;VALUE=DATE:20200202\r\nDTEND;VALUE=DATE:20200204\r\n" in span
    month = _vevent("2020-01")
    assert "DTSTART;VALUE=DATE:20200101\r\nDTEND;VALUE=DATE:20200201\r\n" in month
    assert "X-TIMELINE-EDTF:2020-01\r\n" in month
    assert "X-TIMELINE-PRECISION:month\r\n" in month


def test_ical_uncertain_is_tentative_and_said() -> None:
    text = _vevent("2020-01-15?")
    assert "STATUS:TENTATIVE\r\n" in text
    assert "uncertain" in text.replace("\r\n ", "")


def test_ical_open_end_shows_the_known_end_only() -> None:
    text = _vevent("2020-01-12/..").replace("\r\n ", "")
    assert "DTSTART;VALUE=DATE:20200112\r\nDTEND;VALUE=DATE:20200113\r\n" in text
    assert "runs on without a known end" in text
    start_unknown = _vevent("/2012").replace("\r\n ", "")
    assert "DTSTART;VALUE=DATE:20120101\r\nDTEND;VALUE=DATE:20130101\r\n" in start_unknown


def test_ical_times_in_utc() -> None:
    text = _vevent("2020-02-03T10:30", tz="Asia/Damascus")  # UTC+2 in February 2020
    assert "DTSTART:20200203T083000Z\r\nDTEND:20200203T083100Z\r\n" in text


def test_ical_extreme_years_clamped() -> None:
    last = _vevent("9999").replace("\r\n ", "")  # ends on 10000-01-01: a duration says it
    assert "DTSTART;VALUE=DATE:99990101\r\nDURATION:P365D\r\n" in last
    assert "outside years 1-9999" not in last
    bce = _vevent("-0043").replace("\r\n ", "")
    assert "DTSTART;VALUE=DATE:00010101\r\nDTEND;VALUE=DATE:00010102\r\n" in bce
    assert "outside years 1-9999" in bce


def test_ical_dtstamp_is_recorded_time_of_version_shown() -> None:
    original = ev("a", "2020-01")
    fix = Correction(id="fix", when="2020-01", summary="fix", target="a", changes={"summary": "b"})
    text = render_ical(build_document(records(original, fix)))
    assert "DTSTAMP:20200203T100000Z\r\n" in text
    assert "SEQUENCE:1\r\n" in text


# -- Markdown and Mermaid --------------------------------------------------------------------


def test_markdown_escapes_data() -> None:
    assert escape_markdown("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert escape_markdown("*a* _b_ [c](d) `e` | ~f~ $g$") == (
        "\\*a\\* \\_b\\_ \\[c\\](d) \\`e\\` &#124; &#126;f&#126; &#36;g&#36;"
    )
    doc = build_document(records(ev("a", "2020", "<script>alert(1)</script>")))
    assert "<script>" not in render_markdown(doc)


def test_markdown_groups_by_year_and_month_at_own_precision() -> None:
    doc = build_document(
        records(
            ev("d", "2020-02-03", "day"),
            ev("y", "2018", "year"),
            ev("m", "2020-01", "month"),
            Event(
                id="n",
                when=When.parse("2020-02-02/2020-02-03").replace(hint="night"),
                summary="night",
            ),
        )
    )
    text = render_markdown(doc)
    order = [
        text.index(s)
        for s in (
            "## 2018",
            "**2018**",
            "## 2020",
            "### January 2020",
            "**January 2020**",
            "### February 2020",
            "**night of 2–3 February 2020**",
            "**3 February 2020**",
        )
    ]
    assert order == sorted(order)


def test_markdown_claims_side_by_side_and_corrections() -> None:
    doc = document(SAMPLE)
    text = render_markdown(doc)
    assert "| Ministry of Defence of A | Ministry of Defence of B |" in text
    assert "Corrected (recorded" in text
    assert "date was 2018" in text
    assert "## Withdrawn" in text
    assert "~~15 January 2020? · Unconfirmed report of a convoy~~" in text


def test_mermaid_escaping() -> None:
    assert mermaid_label("3 February 2020, 10:30") == "3 February 2020, 10.30"
    assert mermaid_label("a: b # c; d %% e") == "a – b c, d % e"
    assert mermaid_text("a: b # c; <d>\ne") == "a#58; b #35; c, #60;d#62; e"


def test_mermaid_sorted_with_sections() -> None:
    doc = build_document(records(ev("b", "2020-01", "later"), ev("a", "2018", "earlier")))
    assert render_mermaid(doc, title=False, provenance=False) == (
        "timeline\n"
        "    section 2018\n"
        "        2018 : earlier\n"
        "    section 2020\n"
        "        January 2020 : later\n"
    )


# -- the document: two clocks, corrections, filters, provenance --------------------------------


def test_known_at_hides_later_records_and_corrections() -> None:
    original = ev("a", "2018", "first version")
    fix = Correction(id="fix", when="2018", summary="fix", target="a", changes={"summary": "new"})
    later = ev("b", "2019", "later")
    recs = records(original, fix, later)
    now = build_document(recs)
    assert [e.event.summary for e in now.entries] == ["new", "later"]
    before = build_document(recs, known_at=T0 + timedelta(minutes=30))
    assert [e.event.summary for e in before.entries] == ["first version"]
    assert before.provenance.head == 1
    assert before.provenance.known_at_text == "2020-02-03T09:30:00Z"
    assert before.provenance.content_hash != now.provenance.content_hash


def test_known_at_must_be_aware() -> None:
    with pytest.raises(RenderError, match="timezone-aware"):
        build_document([], known_at=datetime(2020, 1, 1))


def test_retraction_removes_the_entry() -> None:
    doc = build_document(
        records(ev("a", "2018"), Retraction(id="r", when="2018", summary="r", target="a"))
    )
    assert doc.entries == ()
    assert [r.event.id for r in doc.retracted] == ["a"]


def test_corrections_and_retractions_follow_the_projection_rules() -> None:
    original = ev("a", "2018", "first")
    fix = Correction(id="fix", when="2018", summary="fix", target="a", changes={"summary": "new"})
    undo = Retraction(id="undo", when="2018", summary="undo", target="fix")
    claim = Claim(id="c", when="2018", summary="about a", target="a")
    bad = Correction(id="bad", when="2018", summary="bad", target="a", changes={"nope": 1})
    doc = build_document(records(original, fix, claim, bad))
    (entry,) = doc.entries
    assert entry.event.summary == "new"
    assert [n.correction.id for n in entry.corrections] == ["fix"]
    assert entry.corrections[0].before.summary == "first"
    assert [c.id for c in entry.claims] == ["c"]
    assert any("'bad'" in note for note in doc.notes)
    undone = build_document(records(original, fix, undo))
    assert undone.entries[0].event.summary == "first"
    assert undone.entries[0].corrections == ()
    gone = build_document(
        records(original, claim, Retraction(id="r", when="2018", summary="r", target="a"))
    )
    assert gone.entries == ()
    assert [r.event.id for r in gone.retracted] == ["a"]


def test_claims_inside_their_event_and_contradictions() -> None:
    base = ev("a", "2020-02-03")
    c1 = Claim(
        id="c1", when="2020-02-03", summary="yes", target="a", citations=[Citation(source="x")]
    )
    c2 = Claim(
        id="c2", when="2020-02-03", summary="no", target="a", citations=[Citation(source="y")]
    )
    contra = Contradiction(id="k", when="2020-02-03", summary="dispute", claims=["c1", "c2"])
    doc = build_document(records(base, c1, c2, contra))
    (entry,) = doc.entries
    assert [c.id for c in entry.claims] == ["c1", "c2"]
    (view,) = entry.contradictions
    assert [s.ref for s in view.sides] == ["c1", "c2"]
    assert len(doc.all_entries()) == 3


def test_filters() -> None:
    recs = records(
        ev("a", "2018", actors=["turkey"]),
        ev("b", "2020-01", citations=[Citation(source="sohr")]),
        ev("c", "2020-02"),
    )

    def ids(f: Filters) -> list[str]:
        return [e.id for e in build_document(recs, filters=f).entries]

    assert ids(Filters(actors={"turkey"})) == ["a"]
    assert ids(Filters(sources={"sohr"})) == ["b"]
    assert ids(Filters(valid_from=When.parse("2020-01-15"))) == ["b", "c"]
    assert ids(Filters(valid_to=When.parse("2019"))) == ["a"]
    assert ids(Filters(kinds={"claim"})) == []
    assert Filters(kinds={"event"}).describe() == "kind event"


def test_provenance_on_every_format() -> None:
    doc = document(SAMPLE)
    digest = doc.provenance.content_hash
    assert digest in render_markdown(doc)
    assert f"sha256:{digest}" in render_mermaid(doc).splitlines()[1]
    assert digest in render_ical(doc).replace("\r\n ", "")
    assert json.loads(render_timelinejs(doc))["provenance"]["content_hash"] == f"sha256:{digest}"
    assert doc.provenance.version == __import__("timeline").__version__


def test_store_input_equals_records_input() -> None:
    loaded = load(SAMPLE)
    from_store = build_document(loaded.store)
    from_records = build_document(list(loaded.store.read_all()))
    assert render_markdown(from_store) == render_markdown(from_records)


def test_empty_store() -> None:
    doc = build_document(MemoryStore())
    assert "No events." in render_markdown(doc)
    assert render_ical(doc).count("BEGIN:VEVENT") == 0
