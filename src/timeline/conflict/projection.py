"""``ConflictProjection``: the fold from a conflict stream to a :class:`ConflictState`.

Run it like any projection (``timeline.projections.replay``), in valid-time or
append order: the result does not depend on the order, because every fact is
kept in valid-time order inside the state and keyed by the id of the event
that says it (so re-applying an event changes nothing).

Snapshots at a valid time T, two equivalent ways:

* :func:`conflict_snapshot` (or ``timeline.projections.snapshot`` /
  ``SnapshotIndex`` with a ``ConflictProjection()``, then
  ``snap.possible.marked(snap.is_certain)``): the library's snapshot
  machinery folds every event that may have happened by T, and the facts
  brought by events that straddle T are marked ``certain=False``.
* ``replay(ConflictProjection(at=T), store, known_at=R)``: the fold itself
  decides for each event whether it happened by T (:func:`happened_by`, the
  same rule): events that certainly did are folded as certain, events whose
  span straddles the end of T with ``certain=False``, later ones are skipped.

``known_at`` (the recorded clock) is the runner's business in both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import attrs

from timeline.conflict._history import _put
from timeline.conflict.accords import Accord, Status, StatusChange
from timeline.conflict.casualties import CasualtyEntry, ClaimEntry
from timeline.conflict.contests import ContradictionEntry, Said
from timeline.conflict.control import Control, ControlChange
from timeline.conflict.displacement import DisplacementFact, RefugeeFact
from timeline.conflict.graph import RELATION_FIELDS
from timeline.conflict.kinds import (
    AgreementCollapsed,
    AgreementInForce,
    AgreementSigned,
    Capture,
    CasualtyReport,
    CeasefireCollapsed,
    CeasefireTookEffect,
    Deployment,
    Displacement,
    OperationEnded,
    OperationLaunched,
    RefugeePopulation,
)
from timeline.conflict.operations import DeploymentFact, Launch, Operation, Step
from timeline.conflict.pmap import PersistentMap
from timeline.conflict.state import ConflictState
from timeline.errors import ConflictError
from timeline.events import Claim, Contradiction, Event, FrozenDict, Gazetteer
from timeline.projections import KnownAt, Projection, ValidTime, snapshot
from timeline.store import EventStore, Recorded
from timeline.time import Tri, When

__all__ = ["ConflictProjection", "conflict_snapshot", "happened_by"]


def happened_by(when: When, at: When) -> Tri:
    """Did an event dated ``when`` happen by the end of ``at``? YES, NO or MAYBE.

    The rule of :func:`timeline.projections.snapshot`: YES when the latest
    instant of ``when`` is at or before the end of ``at``; NO when its earliest
    instant is at or after that end; MAYBE when its span straddles it
    ("January 2020" asked about on 15 January). ``at`` with an open end takes
    in everything.
    """
    cut = at.latest_ts
    if cut is None:
        return Tri.YES
    earliest, latest = when.bounds
    if latest <= cut:
        return Tri.YES
    if earliest >= cut:
        return Tri.NO
    return Tri.MAYBE


class ConflictProjection(Projection[ConflictState]):
    """The fold of conflict events into a :class:`ConflictState`.

    Args:
        gazetteer: resolves place and actor names to ids (aliases and
            transliterations: "Maarat al-Numan" is "maaret-al-nouman"); names
            it does not know are kept as written. The projection reads it on
            every event: do not change it while a fold is running.
        at: a valid time (a ``When`` or EDTF text). When given, only events
            that happened by the end of ``at`` count, and facts from events
            that only possibly did are marked ``certain=False``. ``None``
            folds every event as certain: use ``None`` with
            ``timeline.projections.snapshot`` and ``SnapshotIndex``, which
            choose the events themselves (then mark the result with
            :meth:`ConflictState.marked`).

    It reads every kind: besides the conflict kinds, :class:`~timeline.events.Claim`
    (figures claimed about a casualty report), :class:`~timeline.events.Contradiction`,
    and the citations of any event (contested claims).
    """

    kinds: frozenset[str] | None = None
    """Every kind is read (cited events of any kind can be contested)."""

    def __init__(self, gazetteer: Gazetteer | None = None, *, at: When | str | None = None) -> None:
        """A projection resolving names through ``gazetteer``, as of valid time ``at``."""
        if gazetteer is not None and not isinstance(gazetteer, Gazetteer):
            raise ConflictError(
                f"ConflictProjection: gazetteer must be a timeline.events.Gazetteer, "
                f"got {type(gazetteer).__name__}"
            )
        if isinstance(at, str):
            at = When.parse(at)
        elif at is not None and not isinstance(at, When):
            raise ConflictError(
                f"ConflictProjection: at must be a When or EDTF text, got {type(at).__name__}"
            )
        self.gazetteer = gazetteer
        self.at: When | None = at

    def __repr__(self) -> str:
        at = "" if self.at is None else f"at={self.at.to_text()!r}"
        return f"ConflictProjection({at})"

    def initial(self) -> ConflictState:
        """The empty state."""
        return ConflictState()

    def certainty(self, event: Event) -> Tri:
        """Whether ``event`` happened by this projection's ``at`` (YES without ``at``)."""
        if self.at is None:
            return Tri.YES
        return happened_by(event.when, self.at)

    def apply(self, state: ConflictState, recorded: Recorded | Event) -> ConflictState:
        """The state after ``recorded`` (a store record, or a bare event at position 0).

        Pure: ``state`` is not changed. Applying the same event again gives an
        equal state.
        """
        if isinstance(recorded, Recorded):
            event, position = recorded.event, recorded.position
        elif isinstance(recorded, Event):
            event, position = recorded, 0
        else:
            raise ConflictError(
                f"ConflictProjection.apply: expected a Recorded or an Event, "
                f"got {type(recorded).__name__}"
            )
        seen = self.certainty(event)
        if seen is Tri.NO:
            return state
        return self.fold(state, event, position=position, certain=seen is Tri.YES)

    def fold(
        self, state: ConflictState, event: Event, *, position: int = 0, certain: bool = True
    ) -> ConflictState:
        """Fold ``event`` into ``state`` with its certainty given (ignores ``at``).

        For runners that decide certainty themselves: fold the events certain
        by T with ``certain=True`` and those that possibly happened with
        ``certain=False``.
        """
        base: dict[str, Any] = {
            "event": event.id,
            "when": event.when,
            "position": position,
            "certain": certain,
            "citations": event.citations,
        }
        handler = _HANDLERS.get(type(event))
        if handler is None:
            for cls, found in _HANDLERS.items():
                if isinstance(event, cls):
                    handler = found
                    break
        updates: list[_Update] = []
        if handler is not None:
            updates.append(handler(self, state, event, base))
        if event.citations:
            updates.append(("said", event.id, Said(summary=event.summary, **base)))
            for citation in event.citations:
                if citation.contradicts:
                    key = f"{event.id}#{citation.source}"
                    entry = ContradictionEntry(claims=(key, *citation.contradicts), key=key, **base)
                    updates.append(("contradictions", key, entry))
        if not updates:
            return state
        changes: dict[str, PersistentMap[Any]] = {}
        for field, key, value in updates:
            current = changes.get(field)
            if current is None:
                current = getattr(state, field)
            changes[field] = current.set(key, value)
        where = tuple((field, key) for field, key, _ in updates)
        changes["index"] = state.index.set(event.id, where)
        return _evolve(state, changes)

    # -- names ---------------------------------------------------------------------------

    def name(self, name: str) -> str:
        """The id ``name`` resolves to in the gazetteer, or ``name`` itself."""
        if self.gazetteer is None:
            return name
        found = self.gazetteer.find(name)
        return name if found is None else found

    def _opt(self, name: str | None) -> str | None:
        return None if name is None else self.name(name)


def conflict_snapshot(
    source: EventStore | Iterable[Recorded],
    *,
    at: ValidTime,
    known_at: KnownAt = None,
    gazetteer: Gazetteer | None = None,
) -> ConflictState:
    """The conflict state at valid time ``at`` as known at recorded time ``known_at``.

    Runs :func:`timeline.projections.snapshot` with a :class:`ConflictProjection`
    and marks the facts of the events that only possibly happened by ``at``
    (``certain=False``). ``at`` is a ``When``, EDTF text, a date (each standing
    for the end of its period), an aware datetime or epoch seconds;
    ``known_at`` an aware datetime or a store position.
    """
    snap = snapshot(ConflictProjection(gazetteer), source, at=at, known_at=known_at)
    return snap.possible.mark_uncertain(r.event.id for r in snap.straddling)


def _evolve(state: ConflictState, changes: dict[str, Any]) -> ConflictState:
    return attrs.evolve(state, **changes)


# -- handlers: each returns the fields of the state that change -------------------------------

_Update = tuple[str, str, Any]
"""What a handler changes: ``(field of the state, key in that map, new value)``."""
_Handler = Callable[[ConflictProjection, ConflictState, Any, dict[str, Any]], _Update]


def _accord_change(
    p: ConflictProjection,
    state: ConflictState,
    event: Any,
    base: dict[str, Any],
) -> _Update:
    if isinstance(event, CeasefireTookEffect | CeasefireCollapsed):
        field, accord_id, kind = "ceasefires", event.ceasefire, "ceasefire"
    else:
        field, accord_id, kind = "agreements", event.agreement, "agreement"
    status = {
        AgreementSigned: Status.SIGNED,
        AgreementInForce: Status.IN_FORCE,
        AgreementCollapsed: Status.COLLAPSED,
        CeasefireTookEffect: Status.IN_FORCE,
        CeasefireCollapsed: Status.COLLAPSED,
    }[type(event)]
    change = StatusChange(
        status=status,
        parties=tuple(p.name(x) for x in getattr(event, "parties", ())),
        terms=getattr(event, "terms", None),
        reason=getattr(event, "reason", None),
        agreement=event.agreement if isinstance(event, CeasefireTookEffect) else None,
        name=getattr(event, "name", None),
        relations=_relations(event),
        dated_terms=getattr(event, "dated_terms", ()),
        **base,
    )
    accords: PersistentMap[Accord] = getattr(state, field)
    old = accords.get(accord_id) or Accord(id=accord_id, kind=kind)  # type: ignore[arg-type]
    new = Accord(id=accord_id, kind=old.kind, changes=_put(old.changes, change))
    return (field, accord_id, new)


def _relations(event: Any) -> tuple[tuple[str, str], ...]:
    """The ``(type, target)`` relations an agreement or ceasefire event states.

    A ceasefire's ``agreement`` is an ``implements`` relation to it.
    """
    pairs: list[tuple[str, str]] = []
    if isinstance(event, CeasefireTookEffect) and event.agreement is not None:
        pairs.append(("implements", event.agreement))
    for field in RELATION_FIELDS:
        pairs.extend((field, target) for target in getattr(event, field, ()))
    return tuple(dict.fromkeys(pairs))


def _operation(
    p: ConflictProjection, state: ConflictState, event: Any, base: dict[str, Any]
) -> _Update:
    op_id = event.operation
    old = state.operations.get(op_id) or Operation(id=op_id)
    if isinstance(event, OperationLaunched):
        launch = Launch(name=event.name, by=p.name(event.by), into=p._opt(event.into), **base)
        new = Operation(id=op_id, launches=_put(old.launches, launch), ends=old.ends)
    else:
        new = Operation(id=op_id, launches=old.launches, ends=_put(old.ends, Step(**base)))
    return ("operations", op_id, new)


def _capture(
    p: ConflictProjection, state: ConflictState, event: Capture, base: dict[str, Any]
) -> _Update:
    place = p.name(event.place)
    change = ControlChange(place=place, holder=p.name(event.by), from_=p._opt(event.from_), **base)
    old = state.control.get(place) or Control(place=place)
    new = Control(place=place, changes=_put(old.changes, change))
    return ("control", place, new)


def _casualties(
    p: ConflictProjection, state: ConflictState, event: CasualtyReport, base: dict[str, Any]
) -> _Update:
    entry = CasualtyEntry(
        side=p.name(event.side),
        incident=event.incident or event.id,
        figures=FrozenDict(event.figures()),
        **base,
    )
    return ("casualties", event.id, entry)


def _claim(
    p: ConflictProjection, state: ConflictState, event: Claim, base: dict[str, Any]
) -> _Update:
    entry = ClaimEntry(target=event.target, summary=event.summary, figures=event.figures, **base)
    return ("claims", event.id, entry)


def _contradiction(
    p: ConflictProjection, state: ConflictState, event: Contradiction, base: dict[str, Any]
) -> _Update:
    entry = ContradictionEntry(claims=event.claims, key=event.id, **base)
    return ("contradictions", event.id, entry)


def _displacement(
    p: ConflictProjection, state: ConflictState, event: Displacement, base: dict[str, Any]
) -> _Update:
    fact = DisplacementFact(
        people=event.people, from_=p._opt(event.from_), toward=p._opt(event.toward), **base
    )
    return ("displacements", event.id, fact)


def _refugees(
    p: ConflictProjection, state: ConflictState, event: RefugeePopulation, base: dict[str, Any]
) -> _Update:
    fact = RefugeeFact(
        host=p.name(event.host), population=event.population, figure=event.figure, **base
    )
    return ("refugees", event.id, fact)


def _deployment(
    p: ConflictProjection, state: ConflictState, event: Deployment, base: dict[str, Any]
) -> _Update:
    fact = DeploymentFact(
        who=p.name(event.who), where=p.name(event.where), size=event.size, role=event.role, **base
    )
    return ("deployments", event.id, fact)


_HANDLERS: dict[type, _Handler] = {
    AgreementSigned: _accord_change,
    AgreementInForce: _accord_change,
    AgreementCollapsed: _accord_change,
    CeasefireTookEffect: _accord_change,
    CeasefireCollapsed: _accord_change,
    OperationLaunched: _operation,
    OperationEnded: _operation,
    Capture: _capture,
    CasualtyReport: _casualties,
    Claim: _claim,
    Contradiction: _contradiction,
    Displacement: _displacement,
    RefugeePopulation: _refugees,
    Deployment: _deployment,
}
