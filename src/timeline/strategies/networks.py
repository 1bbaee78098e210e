"""Constraints between events: single constraints and whole networks of them.

:func:`constraints` draws one :class:`~timeline.Constraint` naming any id (the
stream strategy points it back at an earlier event);
:func:`constraint_networks` draws small lists of plain events dated within a
few weeks whose constraints name earlier events of the list, either anyhow
(often a set that cannot hold) or only sets that hold.
"""

from __future__ import annotations

from hypothesis import strategies as st

from timeline.errors import ConstraintError
from timeline.events import Constraint, Event
from timeline.time.constraints import RELATIONS, Box, Network, Statement
from timeline.time.when import When

__all__ = ["constraint_networks", "constraints", "network_items"]

_OFFSETS = (None, "0 days", "1 day", "2 days", "1 week", "6 hours")


def constraints(*, events: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Constraint]:
    """A :class:`~timeline.Constraint`: a relation, the other event's id, maybe an offset.

    ``events`` draws the ids named (default: short lowercase ids).
    """
    ids = (
        st.text("abcdefghijklmnopqrstuvwxyz-", min_size=1, max_size=8) if events is None else events
    )
    return st.sampled_from(RELATIONS).flatmap(
        lambda relation: st.builds(
            Constraint,
            relation=st.just(relation),
            event=ids,
            offset=st.just(None) if relation == "during" else st.sampled_from(_OFFSETS),
        )
    )


@st.composite
def _network_whens(draw: st.DrawFn) -> When:
    """Days, months, uncertain points and lasting spans in January and February 2020."""
    first = draw(st.integers(1, 50))
    shape = draw(st.sampled_from(("day", "month", "point", "span")))
    if shape == "month":
        return When.from_edtf(f"2020-0{1 + first // 26}")
    start = _day(first)
    if shape == "day":
        return When.from_edtf(start)
    last = _day(draw(st.integers(first + 1, 59)))
    return When.from_edtf(f"[{start}..{last}]" if shape == "point" else f"{start}/{last}")


def _day(n: int) -> str:
    return f"2020-01-{n:02d}" if n <= 31 else f"2020-02-{n - 31:02d}"


def network_items(events: list[Event]) -> list[tuple[str, Box, list[Statement]]]:
    """``(id, box, statements)`` of each event, as :meth:`Network.add` takes them."""
    return [(e.id, e.when.box(), [c.statement() for c in e.constraints]) for e in events]


def constraint_networks(
    *, max_events: int = 6, max_constraints: int = 2, consistent: bool = False
) -> st.SearchStrategy[list[Event]]:
    """Lists of plain events (ids ``e0``, ``e1``...) whose constraints name earlier ones.

    Dates are days, months, uncertain points and lasting spans within January
    and February 2020, so constraints often narrow them and sometimes cannot
    hold. With ``consistent=True``, a constraint is kept only if the network
    of those kept so far still holds with it: every list can be appended to a
    store (in one go or event by event).
    """

    @st.composite
    def build(draw: st.DrawFn) -> list[Event]:
        n = draw(st.integers(1, max_events))
        network = Network()
        out: list[Event] = []
        for i in range(n):
            when = draw(_network_whens())
            drawn: list[Constraint] = []
            if out:
                ids = st.sampled_from([e.id for e in out])
                drawn = draw(st.lists(constraints(events=ids), max_size=max_constraints))
            event = Event(id=f"e{i}", when=when, summary=f"event {i}", constraints=drawn)
            if consistent:
                kept = []
                network.add([(event.id, when.box(), [])])
                for constraint in drawn:
                    try:
                        network.constrain([(event.id, constraint.statement())])
                    except ConstraintError:
                        continue
                    kept.append(constraint)
                if len(kept) != len(drawn):
                    event = Event(id=event.id, when=when, summary=event.summary, constraints=kept)
            out.append(event)
        return out

    return build()
