"""The constraint network: laws against a brute-force reference, and the facts of its errors."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline import Constraint, Event, EventError, When
from timeline.errors import ConstraintError, WhenError
from timeline.strategies import constraint_networks
from timeline.strategies.networks import network_items
from timeline.time.constraints import Box, Network, Statement, narrowed_when, parse_offset

INF = math.inf
DAY = 86400


def floyd_warshall(items: Sequence[tuple[str, Box, Sequence[Statement]]]) -> dict[str, Box] | None:
    """The minimal bounds by all-pairs shortest paths (``None``: the network cannot hold).

    ``d[i][j]`` bounds ``x_j - x_i``; point 0 is the origin.
    """
    index: dict[str, int] = {}
    for event_id, _, _ in items:
        index[event_id] = 1 + 2 * len(index)
    n = 1 + 2 * len(index)
    d = [[0.0 if i == j else INF for j in range(n)] for i in range(n)]

    def at_least(u: int, v: int, gap: float) -> None:  # x_v >= x_u + gap
        d[v][u] = min(d[v][u], -gap)

    for event_id, box, _ in items:
        s = index[event_id]
        for point, lo, hi in ((s, box[0], box[1]), (s + 1, box[2], box[3])):
            d[point][0] = min(d[point][0], -lo)  # x >= lo
            d[0][point] = min(d[0][point], hi)  # x <= hi
        at_least(s, s + 1, 1)
    for event_id, _, statements in items:
        a = index[event_id]
        for relation, other, gap in statements:
            b = index[other]
            if relation == "after":
                at_least(b + 1, a, gap)
            elif relation == "before":
                at_least(a + 1, b, gap)
            else:
                at_least(b, a, 0)
                at_least(a + 1, b + 1, 0)
    for k in range(n):
        dk = d[k]
        for i in range(n):
            dik = d[i][k]
            if dik == INF:
                continue
            di = d[i]
            for j in range(n):
                if dik + dk[j] < di[j]:
                    di[j] = dik + dk[j]
    if any(d[i][i] < 0 for i in range(n)):
        return None
    result: dict[str, Box] = {}
    for event_id, s in index.items():
        result[event_id] = (-d[s][0], d[0][s], -d[s + 1][0], d[0][s + 1])
    return result


def _all_at_once(events: list[Event]) -> dict[str, Box] | None:
    network = Network()
    try:
        network.add(network_items(events))
    except ConstraintError:
        return None
    return {e.id: network.box(e.id) for e in events}


@given(constraint_networks())
def test_propagation_matches_floyd_warshall(events: list[Event]) -> None:
    assert _all_at_once(events) == floyd_warshall(network_items(events))


@given(constraint_networks(consistent=True))
def test_narrowed_bounds_lie_inside_the_stated_ones(events: list[Event]) -> None:
    boxes = _all_at_once(events)
    assert boxes is not None
    for event in events:
        stated = event.when.box()
        narrowed = boxes[event.id]
        assert stated[0] <= narrowed[0] <= narrowed[1] <= stated[1]
        assert stated[2] <= narrowed[2] <= narrowed[3] <= stated[3]
        shown = narrowed_when(event.when, narrowed)
        lo, hi = event.when.bounds
        assert lo <= shown.bounds[0]
        assert shown.bounds[1] <= hi
        assert shown.bounds[0] <= narrowed[0]
        assert narrowed[3] <= shown.bounds[1]


@given(constraint_networks(), st.randoms(use_true_random=False))
def test_propagation_is_the_same_whatever_order_the_constraints_arrive_in(
    events: list[Event], random: st.Random
) -> None:
    expected = _all_at_once(events)
    statements = [(e.id, c.statement()) for e in events for c in e.constraints]
    random.shuffle(statements)
    network = Network()
    network.add((e.id, e.when.box(), ()) for e in events)
    refused = False
    for statement in statements:
        try:
            network.constrain([statement])
        except ConstraintError:
            refused = True
            break
    if expected is None:
        assert refused
    else:
        assert not refused
        assert {e.id: network.box(e.id) for e in events} == expected


@given(constraint_networks(consistent=True), st.data())
def test_a_consistent_network_stays_consistent_under_any_subset(
    events: list[Event], data: st.DataObject
) -> None:
    subset = [
        Event(
            id=e.id,
            when=e.when,
            summary=e.summary,
            constraints=data.draw(
                st.sets(st.sampled_from(e.constraints)) if e.constraints else st.just(set())
            ),
        )
        for e in events
    ]
    assert _all_at_once(subset) is not None


@given(constraint_networks())
def test_a_refused_add_leaves_the_network_as_it_was(events: list[Event]) -> None:
    network = Network()
    network.add((e.id, e.when.box(), ()) for e in events)
    before = {e.id: network.box(e.id) for e in events}
    statements = [(e.id, c.statement()) for e in events for c in e.constraints]
    try:
        network.constrain(statements)
    except ConstraintError:
        assert {e.id: network.box(e.id) for e in events} == before
        assert len(network) == len(events)
        # and it still answers as a fresh network would
        assert network.constrain([]) == set()


def _solutions(boxes: dict[str, Box]) -> list[dict[str, tuple[float, float]]]:
    """Two schedules every consistent network has: every point at its earliest, at its latest."""
    return [
        {k: (b[0], b[2]) for k, b in boxes.items()},
        {k: (b[1], b[3]) for k, b in boxes.items()},
    ]


@given(constraint_networks(consistent=True))
def test_relations_of_narrowed_dates_are_never_more_certain_than_the_network(
    events: list[Event],
) -> None:
    from timeline import Tri

    boxes = _all_at_once(events)
    assert boxes is not None
    shown = {e.id: narrowed_when(e.when, boxes[e.id]) for e in events}
    for schedule in _solutions(boxes):
        for a in events:
            for b in events:
                if a is b:
                    continue
                (_, a_end), (b_start, _) = schedule[a.id], schedule[b.id]
                before = shown[a.id].before(shown[b.id])
                if before is Tri.YES:
                    assert a_end <= b_start
                elif before is Tri.NO:
                    assert not a_end <= b_start


# -- facts -------------------------------------------------------------------------------------


def _day(text: str) -> tuple[str, Box, list[Statement]]:
    return (text, When.from_edtf(text).box(), [])


def test_a_cycle_of_after_is_refused_naming_it() -> None:
    network = Network()
    network.add(
        [_day("2020-01-10"), ("b", When.from_edtf("2020-01").box(), [("after", "2020-01-10", 0)])]
    )
    with pytest.raises(
        ConstraintError,
        match=r"cycle .*'b' -> '2020-01-10' -> 'b'|cycle .*'2020-01-10' -> 'b' -> '2020-01-10'",
    ):
        network.constrain([("2020-01-10", ("after", "b", 0))])
    assert network.box("2020-01-10") == When.from_edtf("2020-01-10").box()


def test_a_cycle_with_open_bounds_is_refused() -> None:
    open_box = (-INF, INF, -INF, INF)
    network = Network()
    with pytest.raises(ConstraintError, match="cycle"):
        network.add([("a", open_box, [("after", "b", 0)]), ("b", open_box, [("after", "a", 0)])])
    assert len(network) == 0


def test_during_both_ways_is_a_zero_cycle_and_holds() -> None:
    network = Network()
    network.add(
        [_day("2020-01-10"), ("b", When.from_edtf("2020-01").box(), [("during", "2020-01-10", 0)])]
    )
    network.constrain([("2020-01-10", ("during", "b", 0))])
    assert network.box("b") == When.from_edtf("2020-01-10").box()


def test_bounds_that_cannot_both_hold_name_both_chains() -> None:
    network = Network()
    network.add([_day("2020-01-10")])
    with pytest.raises(ConstraintError) as caught:
        network.add([("early", When.from_edtf("2020-01-05").box(), [("after", "2020-01-10", 0)])])
    message = str(caught.value)
    assert "cannot both hold" in message
    assert "at or after 2020-01-10 00:00:01 UTC" in message
    assert "at or before 2020-01-05 23:59:59 UTC" in message
    assert "'early'" in message
    assert "early" not in network


def test_an_offset_narrows_by_at_least_that_much() -> None:
    network = Network()
    network.add(
        [
            _day("2020-01-10"),
            (
                "b",
                When.from_edtf("2020-01").box(),
                [("after", "2020-01-10", parse_offset("2 days"))],
            ),
        ]
    )
    assert network.box("b")[0] == When.from_edtf("2020-01-12").box()[0] + 1
    shown = narrowed_when(When.from_edtf("2020-01"), network.box("b"))
    assert shown.to_edtf() == "[2020-01-12..2020-01-31]"  # the month's end, at the day's precision
    assert shown.display() == "between 12 and 31 January 2020"


def test_before_narrows_the_latest_end() -> None:
    network = Network()
    network.add(
        [_day("2020-01-10"), ("b", When.from_edtf("2020-01").box(), [("before", "2020-01-10", 0)])]
    )
    assert (
        narrowed_when(When.from_edtf("2020-01"), network.box("b")).to_edtf()
        == "[2020-01-01..2020-01-10]"
    )


def test_a_statement_naming_an_unknown_event_is_refused() -> None:
    with pytest.raises(ConstraintError, match="'nowhere' is not an event known here"):
        Network().add([("a", When.from_edtf("2020").box(), [("after", "nowhere", 0)])])


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("2 days", 2 * DAY),
        ("0 days", 0),
        ("1 day", DAY),
        ("1 week", 7 * DAY),
        ("90 minutes", 5400),
        ("6 hours", 21600),
    ],
)
def test_offsets(text: str, seconds: int) -> None:
    assert parse_offset(text) == seconds


@pytest.mark.parametrize(
    ("text", "says"),
    [("2", "has no unit"), ("2 fortnights", "is not understood"), ("", "is not understood")],
)
def test_bad_offsets_are_refused(text: str, says: str) -> None:
    with pytest.raises(WhenError, match=says):
        parse_offset(text)


def test_constraint_fields_are_checked_naming_the_field() -> None:
    with pytest.raises(EventError, match="has no unit") as caught:
        Event(
            when="2020",
            summary="x",
            constraints=[{"relation": "after", "event": "a", "offset": "3"}],
        )
    assert caught.value.field == "constraints[0].offset"
    with pytest.raises(EventError, match="relation") as caught:
        Constraint(relation="since", event="a")
    with pytest.raises(EventError, match="'during' takes no offset"):
        Constraint(relation="during", event="a", offset="1 day")


def test_constraint_words() -> None:
    assert Constraint(relation="after", event="a").describe() == "after a"
    assert Constraint(relation="after", event="a", offset="2 days").describe("the capture") == (
        "at least 2 days after the capture"
    )
