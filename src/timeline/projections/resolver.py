"""Corrections, retractions and claims: the one place they are resolved.

Projections never see :class:`~timeline.events.Correction` or
:class:`~timeline.events.Retraction` records: the runners resolve them first,
through a :class:`Resolver`, so every projection honours them the same way.

* A retraction withdraws its target (any event, a claim or a correction):
  the target drops out. Retractions are final (a retraction that targets
  another retraction is ignored).
* A correction replaces its target: the projection sees the corrected
  event (``Correction.apply``), in the place the corrected ``when`` gives
  it. Several corrections of one event apply in store order, each to the
  result of the previous one. A retracted correction no longer applies.
  A correction that targets a correction or a retraction is ignored; so
  is one whose changes do not fit its target (with a
  :class:`CorrectionWarning`; :meth:`Resolver.rejected` lists them).
* The corrected record keeps the original's ``stream``, ``version``,
  ``position`` and ``recorded_at`` (it *is* that record, as now known);
  :meth:`Resolver.corrections` gives the corrections applied.
* Both apply from the recorded time of the correction or retraction on:
  with ``known_at`` earlier than that, the original is seen.
* :class:`~timeline.events.Claim` records (later reports about an
  existing event) are passed through as records of their own (kind
  ``"claim"``), ordered by their own ``when``; a projection that wants
  them declares ``"claim"`` in its ``kinds`` (or reads every kind) and
  finds the event they are about by ``claim.target``. Claims about a
  retracted event are withdrawn with it. :func:`claims_by_target` groups
  them when that is more convenient.
* A correction or retraction whose target is not (yet) recorded waits: it
  applies as soon as the target is recorded.
* Constraints between events (:attr:`Event.constraints <timeline.Event.constraints>`)
  narrow the ``when`` of the events they touch: the effective record carries
  the narrowed ``when`` (:func:`timeline.time.constraints.narrowed_when`) and
  :meth:`Resolver.stated` the stated one. Constraints that cannot hold (from
  records no store checked) are ignored with a warning.
* Catalog events (:class:`~timeline.events.CatalogEvent`: declarations and
  stream settings) are not about the world: they are left out here, and
  :class:`~timeline.projections.Catalog` folds them.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeAlias

import attrs

from timeline.errors import TimelineError
from timeline.events import CatalogEvent, Claim, Correction, Event, Retraction
from timeline.projections._narrowing import ConstraintWarning, Narrowing
from timeline.projections._records import (
    KnownAt,
    Order,
    Records,
    check_known_at,
    check_order,
    known_records,
    position,
    records_of,
    valid_key,
)
from timeline.store import Recorded
from timeline.time import When

__all__ = [
    "ConstraintWarning",
    "CorrectionWarning",
    "Resolver",
    "claims_by_target",
    "effective_events",
]


class CorrectionWarning(UserWarning):
    """A recorded correction cannot be applied to its target, and is ignored."""


Change: TypeAlias = tuple[Recorded | None, Recorded | None]
"""``(before, after)``: an effective record that left, arrived or changed (None: absent)."""


class Resolver:
    """Applies corrections and retractions, one record at a time, in store order.

    Feed it every record (:meth:`add`); it keeps, for each event id, the
    *effective* record: the event as corrected, or nothing if withdrawn.
    :meth:`add` says what changed, so indexes can follow a live store. The
    rules are in the module documentation (:mod:`timeline.projections.resolver`).
    """

    __slots__ = (
        "_base",
        "_claims_of",
        "_corrections",
        "_effective",
        "_narrowing",
        "_pending",
        "_rejected",
        "_retracted",
    )

    def __init__(self) -> None:
        """An empty resolver."""
        self._base: dict[str, Recorded] = {}
        self._corrections: dict[str, list[Recorded]] = {}
        self._retracted: dict[str, Recorded] = {}
        self._effective: dict[str, Recorded] = {}
        self._claims_of: dict[str, set[str]] = {}
        self._rejected: dict[str, str] = {}
        self._narrowing = Narrowing()
        self._pending: list[Event] | None = None

    def __len__(self) -> int:
        """The number of effective records."""
        return len(self._effective)

    def effective(self) -> Iterator[Recorded]:
        """The effective records (corrected, retracted ones left out), in no set order."""
        return iter(self._effective.values())

    def get(self, event_id: str) -> Recorded | None:
        """The effective record of ``event_id`` (``None``: unknown, withdrawn or a control)."""
        return self._effective.get(event_id)

    def corrections(self, event_id: str) -> tuple[Recorded, ...]:
        """The corrections applied to ``event_id``, in store order."""
        return tuple(
            c for c in self._corrections.get(event_id, ()) if c.event.id not in self._retracted
        )

    def rejected(self) -> dict[str, str]:
        """Corrections that could not be applied to their target, by id, with the reason.

        A correction whose changes do not fit its target (an unknown field, a
        value of the wrong type) is ignored, with a :class:`CorrectionWarning`,
        rather than stopping every projection of the stream.
        """
        return dict(self._rejected)

    def stated(self, event_id: str) -> When | None:
        """The ``when`` an event was stated with, if its constraints (or others') narrow it.

        ``None`` for an event no constraint touches. Compare with the
        effective record's ``when`` to see what the constraints narrowed.
        """
        return self._narrowing.stated(event_id)

    def retraction(self, event_id: str) -> Recorded | None:
        """The retraction that withdrew ``event_id``, if any."""
        return self._retracted.get(event_id)

    def add(self, recorded: Recorded) -> list[Change]:
        """Take the next record (in position order); return what changed as a result."""
        event = recorded.event
        if isinstance(event, CatalogEvent):
            return []  # the record's own catalog, not the world: timeline.projections.Catalog
        if isinstance(event, Retraction):
            return self._retract(recorded, event)
        if isinstance(event, Correction):
            self._base[event.id] = recorded
            if event.id in self._retracted:
                return []
            target = self._effective.get(event.target)
            if target is not None and event.target not in self._base:
                self._base[event.target] = target  # keep the uncorrected record as its base
            self._corrections.setdefault(event.target, []).append(recorded)
            return self._refresh(event.target)
        event_id = event.id
        if event.constraints and self._pending is not None:
            self._base[event_id] = recorded
            self._pending.append(event)
            return []  # made effective when the deferring block ends
        if event.constraints:
            changed = self._narrowing.add(self._unretracted(event), self._event_of)
            self._base[event_id] = recorded
            changes = self._refresh(event_id)
            for other in sorted(changed - {event_id}):
                changes.extend(self._refresh(other))
            return [(b, a) for b, a in changes if b is None or a is None or b != a]
        if not (
            isinstance(event, Claim)
            or event_id in self._effective
            or event_id in self._base
            or event_id in self._corrections
            or event_id in self._retracted
        ):
            # A plain event nothing has touched (the common case): its effective record
            # is itself, and it is its own base (see _original), so one dict holds it.
            self._effective[event_id] = recorded
            return [(None, recorded)]
        self._base[event_id] = recorded
        return self._refresh(event_id)

    @contextmanager
    def deferring(self) -> Iterator[None]:
        """Take many records faster: constraints propagate once, when the block ends.

        For building from scratch (an index, a list of effective events): what
        :meth:`add` returns inside the block leaves out the narrowing, which is
        applied when the block ends; read :meth:`effective` after it.
        """
        self._pending = []
        try:
            yield
        finally:
            pending, self._pending = self._pending, None
            pending = [self._unretracted(e) for e in pending if e.id not in self._retracted]
            if pending:
                changed = self._narrowing.add_many(pending, self._event_of)
                for event_id in sorted(changed | {event.id for event in pending}):
                    self._refresh(event_id)

    def _unretracted(self, event: Event) -> Event:
        """``event`` without its constraints that name a retracted event (they place nothing)."""
        if not any(c.event in self._retracted for c in event.constraints):
            return event
        kept = [c for c in event.constraints if c.event not in self._retracted]
        return attrs.evolve(event, constraints=kept)

    def _event_of(self, event_id: str) -> Event | None:
        """The event as appended, made its own base (its effective record may be narrowed)."""
        found = self._original(event_id)
        if found is None:
            return None
        self._base.setdefault(event_id, found)
        return found.event

    def _original(self, event_id: str) -> Recorded | None:
        """The record of ``event_id`` as appended (before corrections)."""
        found = self._base.get(event_id)
        if found is None:
            found = self._effective.get(event_id)  # a plain event that is its own base
        return found

    def _retract(self, recorded: Recorded, event: Retraction) -> list[Change]:
        changes = self._retract_one(recorded, event)
        if event.target in self._narrowing and event.target in self._retracted:
            # A retracted event narrows nothing any more: the others' bounds may widen back.
            done = {after.event.id for _, after in changes if after is not None}
            for other in sorted(self._narrowing.drop(event.target, self._event_of) - done):
                changes.extend((b, a) for b, a in self._refresh(other) if b != a)
        return changes

    def _retract_one(self, recorded: Recorded, event: Retraction) -> list[Change]:
        self._base[event.id] = recorded
        target = event.target
        if target in self._retracted:
            return []
        known = self._original(target)
        if known is not None and isinstance(known.event, Retraction):
            return []  # retractions are final
        self._retracted[target] = recorded
        if known is not None and isinstance(known.event, Correction):
            changes = self._refresh(known.event.target)
        else:
            changes = self._refresh(target)
        for claim_id in sorted(self._claims_of.get(target, ())):
            changes.extend(self._refresh(claim_id))
        return changes

    def _compute(self, event_id: str) -> Recorded | None:
        original = self._original(event_id)
        if original is None or event_id in self._retracted:
            return None
        event = original.event
        if isinstance(event, Correction | Retraction):
            return None
        changed = False
        for correction in self._corrections.get(event_id, ()):
            fix = correction.event
            assert isinstance(fix, Correction)
            if fix.id in self._retracted:
                continue
            try:
                event = fix.apply(event)
            except TimelineError as exc:
                if fix.id not in self._rejected:
                    message = (
                        f"correction {fix.id!r} (position {correction.position}) cannot be "
                        f"applied to event {event_id!r} and is ignored: {exc}"
                    )
                    self._rejected[fix.id] = message
                    warnings.warn(message, CorrectionWarning, stacklevel=2)
                continue
            changed = True
        if isinstance(event, Claim) and event.target in self._retracted:
            return None
        if isinstance(event, CatalogEvent):
            return None  # corrected into a declaration: the record's catalog, not the world
        if event_id in self._narrowing:
            narrowed = self._narrowing.narrowed(event)
            changed = changed or narrowed is not event
            event = narrowed
        if not changed:
            return original
        return attrs.evolve(original, event=event)

    def _refresh(self, event_id: str) -> list[Change]:
        before = self._effective.get(event_id)
        after = self._compute(event_id)
        if before is after:
            return []
        if before is not None and isinstance(before.event, Claim):
            self._claims_of.get(before.event.target, set()).discard(event_id)
        if after is None:
            self._effective.pop(event_id, None)
        else:
            self._effective[event_id] = after
            if isinstance(after.event, Claim):
                self._claims_of.setdefault(after.event.target, set()).add(event_id)
        return [(before, after)]


def effective_events(
    source: Records,
    known_at: KnownAt = None,
    *,
    order: Order = "append",
) -> list[Recorded]:
    """The records a projection sees: corrections applied, retracted events left out.

    Args:
        source: a store, or records (e.g. ``store.read_all()``).
        known_at: only what was known by then: an aware datetime (records
            whose ``known_time`` is not later) or a store position (what the
            store held then); ``None`` for everything.
        order: ``"append"`` (store position, the default) or ``"valid"``
            (valid time, ties by position).
    """
    check_order(order)
    known_at = check_known_at(known_at)
    records = records_of(source)
    records = list(known_records(records, known_at))
    resolver = Resolver()
    with resolver.deferring():
        for recorded in records:
            resolver.add(recorded)
    result = list(resolver.effective())
    result.sort(key=valid_key if order == "valid" else position)
    return result


def claims_by_target(records: Iterable[Recorded]) -> dict[str, list[Recorded]]:
    """Group the claim records among ``records`` by the id of the event they are about."""
    grouped: dict[str, list[Recorded]] = {}
    for recorded in records:
        if isinstance(recorded.event, Claim):
            grouped.setdefault(recorded.event.target, []).append(recorded)
    return grouped
