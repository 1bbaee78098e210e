"""Reported times: ``known_at=R`` keeps the records whose ``known_time <= R``, in any append order.

Reports are imported in any order (the 28 February report before the
3 February one), so what was known at a time is not always a prefix of the
log. The law: a store answers ``known_at=R`` exactly as a store that
holds only the records known at ``R`` (restored as an import does).
"""

from __future__ import annotations

import io
import warnings
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.events import Event
from timeline.io.jsonl import dump_line, import_jsonl
from timeline.projections import Chronology, SnapshotIndex, effective_events, replay, snapshot
from timeline.render import build_document
from timeline.store import MemoryStore, Recorded
from timeline.time import When

from .streams import Op, count_tagged, ids, instants, make_event, operations, ticking_clock

DAYS = [datetime(2019, 12, 30, tzinfo=UTC) + timedelta(days=n) for n in range(5)]
# The ticking clock starts at 2020-01-01 00:00 UTC: recorded times fall among the days.
ASKED = st.one_of(
    st.sampled_from(DAYS),
    st.sampled_from(DAYS).map(lambda d: d + timedelta(seconds=5)),
    st.just(datetime(2020, 1, 1, 0, 0, 3, tzinfo=UTC)),
)


@st.composite
def reported_batches(draw: st.DrawFn) -> list[tuple[list[Op], datetime | None]]:
    """Batches of operations, each with a reported day or none, in any order."""
    batches = draw(operations())
    return [(batch, draw(st.none() | st.sampled_from(DAYS))) for batch in batches]


def _restored(events: list[Event]) -> MemoryStore:
    """A store holding just ``events``, restored as an import does.

    Restored, not appended: a correction known before its target names an
    event this store does not hold, which an append refuses and an import of
    recorded history keeps.
    """
    moment = datetime(2020, 1, 1, tzinfo=UTC)
    text = "".join(
        dump_line(Recorded(event, "s", number, number, moment)) + "\n"
        for number, event in enumerate(events, start=1)
    )
    store = MemoryStore()
    import_jsonl(store, io.StringIO(text))
    return store


@settings(max_examples=60, deadline=None)
@given(reported_batches(), st.lists(ASKED, min_size=1, max_size=3), instants())
def test_known_at_answers_as_a_store_of_only_what_was_known(
    batches: list[tuple[list[Op], datetime | None]], asked: list[datetime], at: When | int
) -> None:
    full = MemoryStore(clock=ticking_clock())
    for batch, reported in batches:
        full.append("s", [make_event(op) for op in batch], reported_at=reported)
    chron = Chronology(full)
    index = SnapshotIndex(ids(), chron, every=2)
    counted = SnapshotIndex(count_tagged(), chron, every=3)
    for moment in asked:
        known = {r.event.id for r in full.read_all() if r.known_time <= moment}
        only = _restored([make_event(op) for batch, _ in batches for op in batch if op[1] in known])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for order in ("valid", "append"):
                assert replay(ids(), full, known_at=moment, order=order) == replay(
                    ids(), only, order=order
                )
            assert [r.event for r in effective_events(full, moment)] == [
                r.event for r in effective_events(only)
            ]
            assert index.state(at=at, known_at=moment) == snapshot(ids(), only, at=at).possible
            assert (
                counted.state(at=at, known_at=moment)
                == snapshot(count_tagged(), only, at=at).possible
            )
            assert [r.event for r in chron.query(known_at=moment)] == [
                r.event for r in Chronology(only).query()
            ]
            shown = build_document(full, known_at=moment)
            assert [e.event for e in shown.entries] == [
                e.event for e in build_document(only).entries
            ]


def test_two_reports_imported_in_either_order() -> None:
    """The 28 February report appended first: known_at 4 February still sees only 3 February's."""
    feb_3, feb_28 = datetime(2020, 2, 3, tzinfo=UTC), datetime(2020, 2, 28, tzinfo=UTC)
    store = MemoryStore()
    store.append("s", [make_event(("event", "later", "2020-02", ()))], reported_at=feb_28)
    store.append("s", [make_event(("event", "first", "2020-01", ()))], reported_at=feb_3)
    asked = datetime(2020, 2, 4, 23, 59, tzinfo=UTC)
    assert replay(ids(), store, known_at=asked) == ("first",)
    assert replay(ids(), store, known_at=feb_28) == ("first", "later")
    assert replay(ids(), store, known_at=1) == ("later",)  # a position: what the store held
