"""``timeline.report.review``: the warnings a reviewer wants, from Python."""

from __future__ import annotations

import pytest

from timeline.conflict import Capture, CasualtyReport
from timeline.events import Claim, Contradiction, Event, Retraction
from timeline.report import Finding, review

CITED = [{"source": "x"}]


def test_an_event_citing_no_source_is_a_finding() -> None:
    events = [
        Event(id="talks", when="2020", summary="talks"),
        Event(id="cited", when="2020", summary="cited", citations=CITED),
    ]
    assert review(events) == [Finding("talks", "citations", "cites no source")]


def test_corrections_retractions_and_contradictions_need_no_source() -> None:
    claim = Claim(id="c", when="2020", summary="c", target="e", citations=CITED)
    events = [
        Event(id="e", when="2020", summary="e", citations=CITED),
        claim,
        Retraction(id="r", when="2020", summary="r", target="e"),
        Contradiction(id="k", when="2020", summary="k", claims=["c", "e"]),
    ]
    assert review(events) == []


def test_references_to_events_not_in_the_record() -> None:
    events = [
        Retraction(id="r", when="2020", summary="r", target="ghost"),
        Contradiction(id="k", when="2020", summary="k", claims=["ghost-claim", "other"]),
    ]
    assert [str(f) for f in review(events)] == [
        "event 'r', field 'target': names an unknown event 'ghost'",
        "event 'k', field 'claims': names an unknown claim 'ghost-claim'",
        "event 'k', field 'claims': names an unknown claim 'other'",
    ]


def test_two_holders_of_one_place_over_certainly_overlapping_spans() -> None:
    a = Capture(
        id="a", when="2020-02-01/2020-02-10", summary="A", place="town", by="a", citations=CITED
    )
    b = Capture(
        id="b", when="2020-02-05/2020-02-15", summary="B", place="town", by="b", citations=CITED
    )
    (finding,) = review([a, b])
    assert (finding.event, finding.field) == ("b", "by")
    assert finding.message.endswith("two holders at once")


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("2020-01", "2020-03"),  # certainly apart
        ("2020-02", "2020"),  # may be the same day, may be months apart: not certain
    ],
)
def test_captures_not_certainly_at_once_are_not_a_finding(first: str, second: str) -> None:
    a = Capture(id="a", when=first, summary="A", place="town", by="a", citations=CITED)
    b = Capture(id="b", when=second, summary="B", place="town", by="b", citations=CITED)
    assert review([a, b]) == []


def test_captures_by_the_same_holder_are_not_a_finding() -> None:
    a = Capture(id="a", when="2020-02", summary="A", place="town", by="a", citations=CITED)
    b = Capture(id="b", when="2020-02", summary="A again", place="town", by="a", citations=CITED)
    assert review([a, b]) == []


def test_a_figure_that_contradicts_its_own_range() -> None:
    toll = CasualtyReport(
        id="toll",
        when="2020-02-03",
        summary="Losses",
        side="a",
        killed={"low": 1, "high": 5, "text": "at least 8", "parts": {"north": 4, "south": 3}},
        citations=CITED,
    )
    assert review([toll]) == [
        Finding("toll", "killed", "its parts add up to at least 7, above its high of 5"),
        Finding("toll", "killed", "its text 'at least 8' says 8, outside its range 1–5"),
    ]


def test_a_finding_reads_as_the_line_validate_prints() -> None:
    assert str(Finding("e", None, "odd")) == "event 'e': odd"
    assert str(Finding("e", "by", "odd")) == "event 'e', field 'by': odd"


def test_the_old_names_in_timeline_cli_are_deprecated_aliases() -> None:
    import timeline.cli
    import timeline.report

    with pytest.deprecated_call(match=r"timeline\.report\.review"):
        assert timeline.cli.review is timeline.report.review
    with pytest.deprecated_call(match=r"timeline\.report\.Finding"):
        assert timeline.cli.Finding is timeline.report.Finding
    with pytest.deprecated_call(match=r"timeline\.report\.stats_of"):
        assert timeline.cli.stats_data is timeline.report.stats_of
    with pytest.raises(AttributeError):
        _ = timeline.cli.no_such_name
