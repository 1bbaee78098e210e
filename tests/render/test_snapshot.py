"""The snapshot report says what the conflict state says: statuses, holders, operations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.render.support import SEED, load
from timeline import Citation, Event, Tri, When
from timeline.conflict import (
    Capture,
    CeasefireCollapsed,
    CeasefireTookEffect,
    OperationEnded,
    OperationLaunched,
    Status,
    conflict_snapshot,
)
from timeline.render import build_document
from timeline.render.snapshot import (
    build_snapshot,
    html_states,
    render_snapshot_markdown,
    snapshot_data,
)
from timeline.store import Recorded

T0 = datetime(2020, 2, 3, 9, 0, tzinfo=UTC)


def records(*events: Event) -> list[Recorded]:
    return [
        Recorded(e, "s", i + 1, i + 1, T0 + i * timedelta(hours=1)) for i, e in enumerate(events)
    ]


def items(report_records: list[Recorded], at: str, title: str) -> list[dict[str, object]]:
    data = snapshot_data(build_snapshot(report_records, at=at))
    found = [s for s in data["sections"] if s["title"] == title]
    return [i for section in found for i in section["items"]]


# -- statuses and holders: the state's answer, not the last change listed ----------------------

# Took effect some time in 2020; collapsed between January and 3 February 2020. Listed in
# valid-time order the collapse comes first (it may have happened earliest), yet it ends the
# entry into force, which must have come before it.
TOOK_EFFECT = CeasefireTookEffect(
    id="took-effect",
    ceasefire="cf",
    when="2020",
    summary="The ceasefire takes effect",
    parties=["a", "b"],
    citations=[Citation(source="agency")],
)
COLLAPSED = CeasefireCollapsed(
    id="collapsed",
    ceasefire="cf",
    when="2020-01/2020-02-03",
    summary="The ceasefire collapses",
    citations=[Citation(source="monitor")],
)


def test_accord_reports_the_state_status_not_the_last_change() -> None:
    state = conflict_snapshot(records(TOOK_EFFECT, COLLAPSED), at="2021")
    cf = state.ceasefires["cf"]
    assert cf.changes[-1].status is Status.IN_FORCE  # the trap
    assert cf.status is Status.COLLAPSED
    assert cf.certain
    (item,) = items(records(TOOK_EFFECT, COLLAPSED), "2021", "Agreements and ceasefires")
    assert "collapsed since" in str(item["text"])
    assert "in force" not in str(item["text"])
    # the sources behind it are those of the change that set the status
    assert item["sources"] == ["monitor"]
    assert item["data"]["status"] == "collapsed"  # type: ignore[index]


def test_control_reports_the_state_holder() -> None:
    first = Capture(id="c1", when="2020-01", summary="s", place="p", by="a")
    second = Capture(id="c2", when="2020-02", summary="s", place="p", by="b")
    for order in ((first, second), (second, first)):
        state = conflict_snapshot(records(*order), at="2021")
        (item,) = items(records(*order), "2021", "Control of places")
        assert state.control["p"].holder == "b"
        assert str(item["text"]).startswith("p: held by b since February 2020")
        assert item["data"]["holder"] == state.control["p"].holder  # type: ignore[index]


# -- operations: launched, no end reported; never "under way" ----------------------------------

LAUNCHED = OperationLaunched(
    id="l", operation="op", when="2016", summary="s", by="turkey", into="syria"
)


def test_an_operation_with_no_end_is_not_reported_under_way() -> None:
    report = build_snapshot(records(LAUNCHED), at="2020-02-03")
    assert report.state.operations["op"].active is Tri.MAYBE
    text = render_snapshot_markdown(report)
    assert "under way" not in text
    assert "- op: by turkey into syria, launched 2016; no end reported" in text
    (item,) = items(records(LAUNCHED), "2020-02-03", "Operations not known to have ended")
    assert item["certain"] is True  # the launch and the absence of an end are both certain
    assert item["data"]["active"] == "maybe"  # type: ignore[index]
    assert item["data"]["ended"] is None  # type: ignore[index]


def test_an_operation_possibly_ended_says_so() -> None:
    ended = OperationEnded(id="e", operation="op", when="2020", summary="s")
    (item,) = items(records(LAUNCHED, ended), "2020-06", "Operations not known to have ended")
    assert item["text"] == "op: by turkey into syria, launched 2016; possibly ended 2020"
    assert item["certain"] is False
    assert items(records(LAUNCHED, ended), "2021", "Operations not known to have ended") == []


def test_html_states_never_say_under_way() -> None:
    recorded = records(LAUNCHED)
    states = html_states(build_document(recorded), recorded)
    texts = [i for s in states for section in s["sections"] for i in section["items"]]
    assert texts
    assert all("under way" not in t for t in texts)
    assert any(t.endswith("launched 2016; no end reported") for t in texts)


# -- the Idlib seed ----------------------------------------------------------------------------


def seed_report(at: str) -> str:
    loaded = load(SEED)
    report = build_snapshot(
        loaded.store,
        at=When.parse(at, tz="Asia/Damascus"),
        sources=loaded.sources,
        gazetteer=loaded.gazetteer,
    )
    return render_snapshot_markdown(report)


def test_seed_incursions_launched_no_end_reported() -> None:
    text = seed_report("2020-02-03")
    assert "under way" not in text
    for year in ("2016", "2018", "2019"):
        assert f"by Turkey into Syria, launched {year}; no end reported" in text


def test_seed_refugees_read_naturally() -> None:
    text = seed_report("2020-02-03")
    assert "refugees from syrian" not in text
    assert "Turkey hosts 3.6 million Syrian refugees (" in text
