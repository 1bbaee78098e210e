"""A model-based test of a store: Hypothesis drives it and a plain list says what must happen.

Every step appends a batch drawn from a mix of new events, identical repeats of
recorded events, different events under used ids, and things that are not
events at all, with an expected version that may or may not hold. The model
(a list, written as plainly as possible from the contract) says what must
happen: the result, or which error, with the store unchanged. After every step
the whole store is compared with the model.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import hypothesis.strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from timeline.errors import ConcurrencyError, DuplicateEventError, StoreInputError
from timeline.events import Event
from timeline.store import ANY, EXISTS, NO_STREAM, AppendResult, EventStore, Expect
from timeline.testing.samples import make_event

__all__ = ["StoreMachine", "StoreModel"]

STREAMS = ["a", "b", "c"]
IDS = [f"e{i}" for i in range(16)]
SUMMARIES = ["taken", "retaken"]

_events = st.builds(make_event, st.sampled_from(IDS), st.sampled_from(SUMMARIES))
_not_events = st.sampled_from([None, "e1", {"id": "e1"}, 7])


class StoreModel:
    """The append contract, as plainly as it can be written: a list of (stream, event)."""

    def __init__(self) -> None:
        """An empty model."""
        self.log: list[tuple[str, Event]] = []
        """Every recorded (stream, event), in position order."""

    def version(self, stream: str) -> int:
        """The number of events in ``stream``."""
        return sum(1 for name, _ in self.log if name == stream)

    def append(
        self, stream: str, batch: list[Any], expected: Any
    ) -> AppendResult | type[Exception]:
        """What appending ``batch`` must do: its result, or the class of the error it raises."""
        if not all(isinstance(item, Event) for item in batch):
            return StoreInputError
        recorded = {event.id: (name, event, i + 1) for i, (name, event) in enumerate(self.log)}
        current = self.version(stream)
        new: list[Event] = []
        positions: list[int] = []
        for event in batch:
            if event.id in recorded:
                name, old, position = recorded[event.id]
                if name != stream or old != event:
                    return DuplicateEventError
                positions.append(position)
            else:
                earlier = [e for e in new if e.id == event.id]
                if earlier and earlier[0] != event:
                    return DuplicateEventError
                if earlier:
                    positions.append(len(self.log) + 1 + new.index(earlier[0]))
                else:
                    new.append(event)
                    positions.append(len(self.log) + len(new))
        if new or not batch:
            holds = {
                ANY: True,
                NO_STREAM: current == 0,
                EXISTS: current > 0,
            }.get(expected, expected == current)
            if not holds:
                return ConcurrencyError
        self.log.extend((stream, event) for event in new)
        return AppendResult(current + len(new), tuple(positions), len(new))


class StoreMachine(RuleBasedStateMachine):
    """Appends of every sort, checked against :class:`StoreModel` after each step.

    Subclass it and override :meth:`create_store`; run it with
    ``hypothesis.stateful.run_state_machine_as_test`` or through its
    ``TestCase`` attribute. :class:`~timeline.testing.StoreContract` runs it
    for you.
    """

    def __init__(self) -> None:
        """A fresh store in a scratch directory, and an empty model."""
        super().__init__()
        self.directory = Path(tempfile.mkdtemp(prefix="timeline-stateful-"))
        self.store: EventStore = self.create_store(self.directory)
        self.model = StoreModel()

    def create_store(self, directory: Path) -> EventStore:
        """A fresh, empty store of the backend under test (``directory`` is scratch space)."""
        raise NotImplementedError("override create_store() to return the store under test")

    def teardown(self) -> None:
        """Close the store and remove the scratch directory."""
        self.store.close()
        shutil.rmtree(self.directory, ignore_errors=True)

    def _expected(self, data: st.DataObject, stream: str) -> Expect | int:
        current = self.model.version(stream)
        return data.draw(
            st.one_of(
                st.sampled_from([ANY, NO_STREAM, EXISTS]),
                st.sampled_from([current, current, max(current - 1, 0), current + 1]),
            ),
            label="expected_version",
        )

    def _check(self, stream: str, batch: list[Any], expected: Any) -> None:
        outcome = self.model.append(stream, batch, expected)
        if isinstance(outcome, AppendResult):
            assert self.store.append(stream, batch, expected) == outcome
            return
        try:
            self.store.append(stream, batch, expected)
        except outcome:
            return
        raise AssertionError(f"the append should have raised {outcome.__name__}")

    @rule(data=st.data(), stream=st.sampled_from(STREAMS), batch=st.lists(_events, max_size=6))
    def append(self, data: st.DataObject, stream: str, batch: list[Event]) -> None:
        """Any batch of events: new ones, repeats, clashes."""
        self._check(stream, batch, self._expected(data, stream))

    @precondition(lambda self: bool(self.model.log))
    @rule(data=st.data(), batch=st.lists(_events, max_size=3))
    def retry(self, data: st.DataObject, batch: list[Event]) -> None:
        """Re-append recorded events (identical, or an equal new object) among others."""
        stream, old = data.draw(st.sampled_from(self.model.log), label="recorded")
        repeat = make_event(old.id, old.summary)
        at = data.draw(st.integers(0, len(batch)), label="at")
        self._check(stream, [*batch[:at], repeat, *batch[at:]], self._expected(data, stream))

    @rule(
        data=st.data(),
        stream=st.sampled_from(STREAMS),
        batch=st.lists(_events, min_size=1, max_size=4),
        bad=_not_events,
    )
    def fails_mid_batch(self, data: st.DataObject, stream: str, batch: list[Any], bad: Any) -> None:
        """A batch with something that is not an event in the middle: nothing is recorded."""
        at = data.draw(st.integers(1, len(batch)), label="at")
        self._check(stream, [*batch[:at], bad, *batch[at:]], ANY)

    @invariant()
    def matches_the_model(self) -> None:
        """The whole store (log, streams, versions, times) is what the model says."""
        log = self.model.log
        records = list(self.store.read_all())
        assert [(r.stream, r.event) for r in records] == log
        assert [r.position for r in records] == list(range(1, len(log) + 1))
        assert self.store.head == len(log)
        streams = list(dict.fromkeys(name for name, _ in log))
        assert self.store.streams() == streams
        for stream in STREAMS:
            mine = [r for r in records if r.stream == stream]
            assert list(self.store.read(stream)) == mine
            assert [r.version for r in mine] == list(range(1, len(mine) + 1))
            assert self.store.stream_version(stream) == len(mine)
        times = [r.recorded_at for r in records]
        assert times == sorted(times)
