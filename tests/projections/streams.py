"""Hypothesis strategies for streams with late events, claims, corrections and retractions.

Also a small independent model of the correction rules, to check the resolver against.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import strategies as st

from timeline.events import Claim, Correction, Event, Retraction
from timeline.projections import Projection, fold
from timeline.store import MemoryStore, Recorded
from timeline.strategies import whens
from timeline.time import Precision, When

PRECISIONS = (Precision.YEAR, Precision.MONTH, Precision.DAY, Precision.SEASON, Precision.DECADE)
WHENS = whens(min_year=1998, max_year=2003, precisions=PRECISIONS, qualifiers=False)
EPOCH = datetime(2020, 1, 1, tzinfo=UTC)

Op = tuple[Any, ...]


@st.composite
def operations(draw: st.DrawFn, *, controls: bool = True, max_size: int = 14) -> list[list[Op]]:
    """Batches of operations: new events and claims, corrections and retractions of earlier ids."""
    n = draw(st.integers(0, max_size))
    ids: list[str] = []
    batches: list[list[Op]] = []
    batch: list[Op] = []
    for i in range(n):
        choice = draw(st.sampled_from("eeeeccrx" if controls and ids else "eeec" if ids else "e"))
        new_id = f"x{i}"
        if choice == "e":
            tags = draw(st.sets(st.sampled_from("ab"), max_size=2))
            op: Op = ("event", new_id, draw(WHENS), tuple(sorted(tags)))
        elif choice == "c":
            op = ("claim", new_id, draw(WHENS), draw(st.sampled_from(ids)))
        elif choice == "r":
            op = ("correct", new_id, draw(WHENS), draw(st.sampled_from(ids)))
        else:
            op = ("retract", new_id, draw(st.sampled_from(ids)))
        ids.append(new_id)
        batch.append(op)
        if draw(st.booleans()):
            batches.append(batch)
            batch = []
    if batch:
        batches.append(batch)
    return batches


def make_event(op: Op) -> Event:
    """The event an operation records."""
    what, new_id = op[0], op[1]
    if what == "event":
        return Event(id=new_id, when=op[2], summary=new_id, tags=op[3])
    if what == "claim":
        return Claim(id=new_id, when=op[2], summary=new_id, target=op[3])
    if what == "correct":
        return Correction(
            id=new_id, when=op[2], summary=new_id, target=op[3], changes={"when": op[2]}
        )
    return Retraction(id=new_id, when="2020", summary=new_id, target=op[2])


def ticking_clock(steps: list[int] | None = None) -> Callable[[], datetime]:
    """A clock that moves on by 0 or more seconds per call (0: same recorded time)."""
    state = {"t": EPOCH, "i": 0}
    pattern = steps or [1, 0, 2, 1]

    def clock() -> datetime:
        state["t"] += timedelta(seconds=pattern[state["i"] % len(pattern)])  # type: ignore[operator]
        state["i"] += 1  # type: ignore[operator]
        return state["t"]  # type: ignore[return-value]

    return clock


def build(batches: list[list[Op]], store: MemoryStore | None = None) -> MemoryStore:
    """A store with the batches appended, one append per batch."""
    store = store if store is not None else MemoryStore(clock=ticking_clock())
    for batch in batches:
        store.append("s", [make_event(op) for op in batch])
    return store


def model_effective(records: list[Recorded]) -> dict[str, Event]:
    """The events a projection should see, by id: the rules, written naively."""
    retracted: set[str] = set()
    for r in records:
        if isinstance(r.event, Retraction):
            target = next((x for x in records if x.event.id == r.event.target), None)
            if target is None or not isinstance(target.event, Retraction):
                retracted.add(r.event.target)
    result: dict[str, Event] = {}
    for r in records:
        event = r.event
        if isinstance(event, Correction | Retraction) or event.id in retracted:
            continue
        for c in records:
            fix = c.event
            if isinstance(fix, Correction) and fix.target == event.id and fix.id not in retracted:
                event = fix.apply(event)
        if isinstance(event, Claim) and event.target in retracted:
            continue
        result[event.id] = event
    return result


def ids() -> Projection[tuple[str, ...]]:
    """The ids applied, in order (order-sensitive: the strongest check)."""
    return fold(lambda: (), lambda state, r: (*state, r.event.id))


def count_tagged() -> Projection[int]:
    """How many events (not claims) carry the tag "a"."""
    return fold(lambda: 0, lambda n, r: n + ("a" in r.event.tags), kinds={"event"})


def instants() -> st.SearchStrategy[When | int]:
    """Valid times to ask at: When values, or epoch seconds."""
    lo = int(datetime(1997, 6, 1, tzinfo=UTC).timestamp())
    hi = int(datetime(2004, 6, 1, tzinfo=UTC).timestamp())
    bounded = WHENS.filter(lambda w: w.latest_ts is not None)
    return st.one_of(bounded, st.integers(lo, hi))


def merged_ids() -> Projection[tuple[str, ...]]:
    """:func:`ids` as a mergeable projection (tuple concatenation: a monoid that is not
    commutative, so a block merged out of order shows)."""
    return fold(lambda: (), lambda state, r: (*state, r.event.id), merge=lambda a, b: a + b)


def merged_tagged() -> Projection[int]:
    """:func:`count_tagged` as a mergeable projection."""
    return fold(
        lambda: 0,
        lambda n, r: n + ("a" in r.event.tags),
        kinds={"event"},
        merge=lambda a, b: a + b,
    )
