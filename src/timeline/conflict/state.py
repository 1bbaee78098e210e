"""``ConflictState``: the situation a conflict stream adds up to, as immutable values.

Each kind of state has its own module: :mod:`~timeline.conflict.control`
(who holds a place), :mod:`~timeline.conflict.accords` (agreements and
ceasefires), :mod:`~timeline.conflict.operations` (operations and
deployments), :mod:`~timeline.conflict.casualties`,
:mod:`~timeline.conflict.displacement` (displacement and refugees) and
:mod:`~timeline.conflict.contests` (contested claims), all built on
:class:`~timeline.conflict.fact.Fact`. This module gathers them into
:class:`ConflictState`, and still exports their names, as it did before they
moved.

Every fact keeps where it came from (:class:`~timeline.conflict.fact.Fact`).
Answers that depend on several facts are three-valued (:class:`timeline.Tri`)
where a yes or no would claim more than is known, and figures are never
merged into one number (:class:`~timeline.conflict.casualties.Tally`).

The state is a frozen attrs class over tuples and
:class:`~timeline.conflict.pmap.PersistentMap` values (immutable mappings whose
updates share structure, so a fold costs O(1) copying per event and
checkpoints share memory), so projections stay pure and checkpoints safe. The
derived views (:meth:`ConflictState.tally`, :attr:`ConflictState.contests`...)
are computed when asked for.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from timeline.conflict._history import F, _in_order, _latest
from timeline.conflict._tallying import _contradicted, _incident_of, _Report, _reports, _tally
from timeline.conflict.accords import Accord, Status, StatusChange
from timeline.conflict.casualties import (
    CasualtyClaim,
    CasualtyEntry,
    ClaimEntry,
    IncidentTally,
    Objection,
    Tally,
)
from timeline.conflict.contests import Contest, ContestSide, ContradictionEntry, Said
from timeline.conflict.control import Control, ControlChange
from timeline.conflict.displacement import DisplacementFact, RefugeeFact
from timeline.conflict.fact import Fact
from timeline.conflict.graph import Link, Standing, accord_links, standings
from timeline.conflict.operations import DeploymentFact, Launch, Operation, Step
from timeline.conflict.pmap import PersistentMap
from timeline.conflict.possible import Possible
from timeline.conflict.schedule import term_states
from timeline.conflict.terms import TermState
from timeline.errors import ConflictError
from timeline.events import Stance
from timeline.time import Tri, When

# The names this module exported before the kinds of state moved to their own
# modules stay importable from here.
__all__ = [
    "Accord",
    "CasualtyClaim",
    "CasualtyEntry",
    "ClaimEntry",
    "ConflictError",
    "ConflictState",
    "Contest",
    "ContestSide",
    "ContradictionEntry",
    "Control",
    "ControlChange",
    "DeploymentFact",
    "DisplacementFact",
    "Fact",
    "Launch",
    "Objection",
    "Operation",
    "RefugeeFact",
    "Status",
    "StatusChange",
    "Step",
    "Tally",
]


def __getattr__(name: str) -> Any:
    # ``Side`` was renamed ``ContestSide`` (``timeline.render.Side`` is unrelated); the old
    # name stays for one release.
    if name == "Side":
        warnings.warn(
            "timeline.conflict.state.Side is deprecated; use timeline.conflict.ContestSide",
            DeprecationWarning,
            stacklevel=2,
        )
        return ContestSide
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@attrs.frozen(kw_only=True)
class ConflictState:
    """The situation after the events folded so far (see :class:`ConflictProjection`).

    Read it through the fields (each a read-only mapping,
    :class:`~timeline.conflict.pmap.PersistentMap`, iterated in key order) and the
    views: :meth:`holder` / :attr:`control`, :meth:`accord`,
    :attr:`active_operations`, :meth:`tally` / :meth:`tallies`,
    :meth:`latest_displacement`, :meth:`latest_refugees`, :attr:`contests`.
    """

    control: PersistentMap[Control] = attrs.field(factory=PersistentMap)
    """Who holds each place, by place id."""
    agreements: PersistentMap[Accord] = attrs.field(factory=PersistentMap)
    """Agreements by id."""
    ceasefires: PersistentMap[Accord] = attrs.field(factory=PersistentMap)
    """Ceasefires by id."""
    operations: PersistentMap[Operation] = attrs.field(factory=PersistentMap)
    """Military operations by id."""
    casualties: PersistentMap[CasualtyEntry] = attrs.field(factory=PersistentMap)
    """Casualty reports by event id (see :meth:`tally` for the ranges)."""
    claims: PersistentMap[ClaimEntry] = attrs.field(factory=PersistentMap)
    """Claims about other events, by claim id."""
    displacements: PersistentMap[DisplacementFact] = attrs.field(factory=PersistentMap)
    """Displacement reports by event id."""
    refugees: PersistentMap[RefugeeFact] = attrs.field(factory=PersistentMap)
    """Refugee population figures by event id."""
    deployments: PersistentMap[DeploymentFact] = attrs.field(factory=PersistentMap)
    """Deployments by event id."""
    said: PersistentMap[Said] = attrs.field(factory=PersistentMap)
    """What every cited event says, by event id (for the sides of contests)."""
    contradictions: PersistentMap[ContradictionEntry] = attrs.field(factory=PersistentMap)
    """Records of contradiction, by key."""
    index: PersistentMap[tuple[tuple[str, str], ...]] = attrs.field(factory=PersistentMap)
    """Where each event's facts are: event id to ``(field, key)`` pairs (:meth:`mark_uncertain`)."""

    # -- certainty -----------------------------------------------------------------------

    def marked(self, is_certain: Callable[[str], bool]) -> ConflictState:
        """This state with every fact's ``certain`` set by ``is_certain(event_id)``.

        For snapshots: ``snap.possible.marked(snap.is_certain)`` marks the facts
        of the events that straddle the snapshot's time as only possibly
        holding. A fact already marked uncertain stays so.
        """

        def mark(fact: F) -> F:
            if fact.certain and not is_certain(fact.event):
                return attrs.evolve(fact, certain=False)
            return fact

        def mark_all(items: tuple[F, ...]) -> tuple[F, ...]:
            marked = tuple(mark(f) for f in items)
            return items if all(a is b for a, b in zip(marked, items, strict=True)) else marked

        def mark_map(
            mapping: PersistentMap[Any], rebuild: Callable[[Any], Any]
        ) -> PersistentMap[Any]:
            out = mapping
            for key, value in mapping.items():
                new = rebuild(value)
                if new is not value:
                    out = out.set(key, new)
            return out

        return attrs.evolve(
            self,
            control=mark_map(self.control, lambda c: attrs.evolve(c, changes=mark_all(c.changes))),
            agreements=mark_map(
                self.agreements, lambda a: attrs.evolve(a, changes=mark_all(a.changes))
            ),
            ceasefires=mark_map(
                self.ceasefires, lambda a: attrs.evolve(a, changes=mark_all(a.changes))
            ),
            operations=mark_map(
                self.operations,
                lambda o: attrs.evolve(o, launches=mark_all(o.launches), ends=mark_all(o.ends)),
            ),
            casualties=mark_map(self.casualties, mark),
            claims=mark_map(self.claims, mark),
            displacements=mark_map(self.displacements, mark),
            refugees=mark_map(self.refugees, mark),
            deployments=mark_map(self.deployments, mark),
            said=mark_map(self.said, mark),
            contradictions=mark_map(self.contradictions, mark),
        )

    def mark_uncertain(self, event_ids: Iterable[str]) -> ConflictState:
        """This state with the facts of ``event_ids`` marked ``certain=False``.

        Equal to ``marked(lambda e: e not in set(event_ids))``, but touches only
        the facts of those events (found through :attr:`index`), so marking a
        snapshot costs O(k) for k straddling events, not a walk of the state:
        ``snap.possible.mark_uncertain(r.event.id for r in snap.straddling)``.
        """
        state = self
        for event_id in dict.fromkeys(event_ids):
            for field, key in self.index.get(event_id, ()):
                mapping: PersistentMap[Any] = getattr(state, field)
                value = mapping.get(key)
                if value is None:
                    continue
                new = _mark_value(value, event_id)
                if new is not value:
                    state = attrs.evolve(state, **{field: mapping.set(key, new)})
        return state

    # -- places ---------------------------------------------------------------------------

    def holder(self, place: str) -> str | Possible[str] | None:
        """Who certainly holds ``place``; a :class:`Possible` if open; ``None``: no one known.

        A plain id only when :meth:`Control.held_by` it is YES. When captures
        that only possibly happened by then decide it (or overlap so that
        their order is unknown), the answer is a :class:`Possible` naming
        every possible holder (``None`` among them: maybe no capture yet).
        Never the holder of a capture that may not have happened:
        :meth:`latest_holder` gives that, as this method did before.
        """
        found = self.control.get(place)
        if found is None or not found.changes:
            return None
        possible = found.possible_holders
        if len(possible) == 1:
            (only,) = possible
            return only
        if found.holder is not None:
            # One release of notice for code that read a possible holder as the holder.
            warnings.warn(
                f"ConflictState.holder({place!r}) is only possible here and now returns "
                f"{Possible(possible)!r}, where it returned {found.holder!r}; "
                "latest_holder() gives the old answer",
                DeprecationWarning,
                stacklevel=2,
            )
        return Possible(possible)

    def latest_holder(self, place: str) -> str | None:
        """The holder by the latest capture folded, counting captures that only possibly happened.

        The answer :meth:`holder` gave before it stopped guessing: it may name
        the taker of a capture that may not have happened by then. Read it with
        :attr:`Control.certain` (``state.control[place].certain``).
        """
        found = self.control.get(place)
        return None if found is None else found.holder

    # -- agreements and ceasefires ------------------------------------------------------------

    def accord(self, accord_id: str) -> Accord | None:
        """The agreement or ceasefire with this id, or ``None``."""
        found = self.agreements.get(accord_id)
        return found if found is not None else self.ceasefires.get(accord_id)

    def standings(self) -> dict[str, Standing]:
        """Whether each agreement and ceasefire is in force, and through which chain, by id.

        See :mod:`timeline.conflict.graph` for the rules (three-valued: an
        agreement only signed, or replaced by one only possibly in force, is MAYBE).
        """
        return standings({**dict(self.agreements.items()), **dict(self.ceasefires.items())})

    def standing(self, accord_id: str) -> Standing | None:
        """The standing of one agreement or ceasefire (in force, and how), or ``None``."""
        return self.standings().get(accord_id)

    def in_force(self) -> tuple[Standing, ...]:
        """The agreements and ceasefires in force or possibly in force (``in_force`` not NO)."""
        return tuple(s for s in self.standings().values() if s.in_force is not Tri.NO)

    @property
    def links(self) -> tuple[Link, ...]:
        """Every relation between agreements and ceasefires, as the reports state them."""
        accords = [*self.agreements.values(), *self.ceasefires.values()]
        return tuple(link for accord in accords for link in accord_links(accord))

    def dated_terms(self, at: When | str) -> tuple[TermState, ...]:
        """Every dated term at valid time ``at`` (the snapshot's): due, not yet or possibly due."""
        return term_states([*self.agreements.values(), *self.ceasefires.values()], at)

    # -- operations -------------------------------------------------------------------------

    @property
    def active_operations(self) -> tuple[Operation, ...]:
        """Operations not known to have ended by then (``active`` is not NO).

        Those launched (certainly or possibly) with no end that certainly
        happened by then. Not "operations under way": the stream not recording an
        end does not say the operation goes on (:attr:`Operation.active` is
        MAYBE for them all).
        """
        return tuple(op for op in self.operations.values() if op.active is not Tri.NO)

    # -- casualties ---------------------------------------------------------------------------

    def _reports(self) -> list[_Report]:
        return _reports(self.casualties, self.claims)

    def _incident_of(self, incident: str) -> str:
        return _incident_of(self.casualties, incident)

    def _contradicted(self) -> dict[str, tuple[str, ...]]:
        return _contradicted(self.contradictions)

    def tally(self, side: str, category: str, *, certain_only: bool = False) -> Tally | None:
        """The range of ``side``'s casualties in ``category``, or ``None`` if nothing is reported.

        ``category`` is ``"killed"``, ``"civilians_killed"`` or ``"wounded"``.
        With ``certain_only``, reports that only possibly happened by then are
        left out. Reports on one incident give a range; incidents add up
        (:attr:`Tally.by_incident` has each incident's own range).
        """
        _check_category(category)
        reports = [r for r in self._reports() if not (certain_only and not r.entry.certain)]
        return _tally(side, category, reports, self._contradicted())

    def incident_tallies(
        self, incident: str, *, certain_only: bool = False
    ) -> tuple[IncidentTally, ...]:
        """Every side's tally of one incident, by category (empty if nothing is reported).

        ``incident`` is the incident's id or the id of any report on it.
        """
        root = self._incident_of(incident)
        reports = [
            r
            for r in self._reports()
            if r.entry.incident == root and not (certain_only and not r.entry.certain)
        ]
        contradicted = self._contradicted()
        out: list[IncidentTally] = []
        for side in sorted({r.entry.side for r in reports}):
            for category in _CATEGORIES:
                found = _tally(side, category, reports, contradicted)
                if found is not None:
                    out.extend(found.by_incident)
        return tuple(out)

    def tallies(self, *, certain_only: bool = False) -> tuple[Tally, ...]:
        """Every side's tally in every category with a figure, sorted by side then category."""
        reports = [r for r in self._reports() if not (certain_only and not r.entry.certain)]
        contradicted = self._contradicted()
        out = []
        for side in sorted({r.entry.side for r in reports}):
            for category in _CATEGORIES:
                found = _tally(side, category, reports, contradicted)
                if found is not None:
                    out.append(found)
        return tuple(out)

    # -- displacement and refugees ---------------------------------------------------------------

    def latest_displacement(
        self, *, toward: str | None = None, from_: str | None = None
    ) -> tuple[DisplacementFact, ...]:
        """The latest displacement report(s), optionally only toward / from a place.

        Several reports of the same valid time (different sources) are all
        returned, in store order: the latest figure is never chosen among them.
        """
        facts = [
            f
            for f in self.displacements.values()
            if (toward is None or f.toward == toward) and (from_ is None or f.from_ == from_)
        ]
        return _latest(facts)

    def latest_refugees(
        self, host: str | None = None, population: str | None = None
    ) -> tuple[RefugeeFact, ...]:
        """The latest refugee figure(s) for each (host, population), optionally filtered."""
        groups: dict[tuple[str, str], list[RefugeeFact]] = {}
        for fact in self.refugees.values():
            if (host is None or fact.host == host) and (
                population is None or fact.population == population
            ):
                groups.setdefault((fact.host, fact.population), []).append(fact)
        out: list[RefugeeFact] = []
        for key in sorted(groups):
            out.extend(_latest(groups[key]))
        return tuple(out)

    # -- contested claims -----------------------------------------------------------------------

    @property
    def contests(self) -> tuple[Contest, ...]:
        """Every contested claim with all its sides, sorted by key."""
        refs_of: dict[str, list[str]] = {}
        entries_of: dict[str, list[Fact]] = {}
        for entry in self.contradictions.values():
            key = " | ".join(sorted({_event_of(r) for r in entry.claims}))
            refs = refs_of.setdefault(key, [])
            refs.extend(r for r in entry.claims if r not in refs)
            entries_of.setdefault(key, []).append(entry)
        split: set[str] = set()
        for said in self.said.values():
            stances = {c.stance for c in said.citations}
            if Stance.ASSERTS in stances and Stance.DENIES in stances:
                split.add(said.event)
                refs_of.setdefault(said.event, [])
                entries_of.setdefault(said.event, []).append(said)
        contests = []
        for key in sorted(refs_of):
            sides = self._sides_of_one(key) if key in split else []
            refs = refs_of[key]
            whole = set(refs)
            # "event#source" adds nothing beside "event" itself: the whole event is a side.
            sides.extend(self._side(r) for r in refs if "#" not in r or _event_of(r) not in whole)
            entries = entries_of[key]
            contests.append(
                Contest(
                    key=key,
                    sides=tuple(sides),
                    noted_by=tuple(dict.fromkeys(e.event for e in _in_order(entries))),
                    certain=any(e.certain for e in entries),
                )
            )
        return tuple(contests)

    def _side(self, ref: str) -> ContestSide:
        event, _, source = ref.partition("#")
        said = self.said.get(event)
        if said is None:
            return ContestSide(ref=ref, event=event, source=source or None, stance=Stance.ASSERTS)
        citations = tuple(c for c in said.citations if not source or c.source == source)
        return ContestSide(
            ref=ref,
            event=event,
            source=source or None,
            stance=Stance.ASSERTS,
            summary=said.summary,
            citations=citations,
            when=said.when,
            certain=said.certain,
        )

    def _sides_of_one(self, event: str) -> list[ContestSide]:
        """The two sides of one event cited both ways: those who assert it, those who deny it."""
        said = self.said[event]
        sides = []
        for stance in (Stance.ASSERTS, Stance.DENIES):
            citations = tuple(c for c in said.citations if c.stance is stance)
            sides.append(
                ContestSide(
                    ref=event,
                    event=event,
                    source=None,
                    stance=stance,
                    summary=said.summary,
                    citations=citations,
                    when=said.when,
                    certain=said.certain,
                )
            )
        return sides

    # -- summaries -----------------------------------------------------------------------------

    def facts(self) -> dict[str, Any]:
        """A plain summary (for printing and quick checks): holders, statuses, tallies.

        ``{"control": {place: (holder, since, certain)}, "agreements": {id: (status, since,
        certain)}, "ceasefires": {...}, "operations": {id: active}, "casualties":
        {"side/category": (low, high)}}``.
        """
        return {
            "control": {p: (c.holder, c.since, c.certain) for p, c in sorted(self.control.items())},
            "agreements": {
                a: (x.status, x.since, x.certain) for a, x in sorted(self.agreements.items())
            },
            "ceasefires": {
                a: (x.status, x.since, x.certain) for a, x in sorted(self.ceasefires.items())
            },
            "operations": {o: x.active for o, x in sorted(self.operations.items())},
            "casualties": {f"{t.side}/{t.category}": t.range for t in self.tallies()},
        }


_CATEGORIES: tuple[str, ...] = ("killed", "civilians_killed", "wounded")


def _check_category(category: str) -> None:
    if category not in _CATEGORIES:
        raise ConflictError(
            f"unknown casualty category {category!r}; expected one of {', '.join(_CATEGORIES)}",
            field="category",
            where="ConflictState.tally",
        )


def _mark_fact(fact: F, event_id: str) -> F:
    if fact.event == event_id and fact.certain:
        return attrs.evolve(fact, certain=False)
    return fact


def _mark_all(facts: tuple[F, ...], event_id: str) -> tuple[F, ...]:
    marked = tuple(_mark_fact(f, event_id) for f in facts)
    return facts if all(a is b for a, b in zip(marked, facts, strict=True)) else marked


def _mark_value(value: Any, event_id: str) -> Any:
    """``value`` (a fact, or a Control / Accord / Operation) with ``event_id``'s facts marked."""
    if isinstance(value, Fact):
        return _mark_fact(value, event_id)
    if isinstance(value, Control):
        places = _mark_all(value.changes, event_id)
        return value if places is value.changes else attrs.evolve(value, changes=places)
    if isinstance(value, Accord):
        statuses = _mark_all(value.changes, event_id)
        return value if statuses is value.changes else attrs.evolve(value, changes=statuses)
    if isinstance(value, Operation):
        launches = _mark_all(value.launches, event_id)
        ends = _mark_all(value.ends, event_id)
        if launches is value.launches and ends is value.ends:
            return value
        return attrs.evolve(value, launches=launches, ends=ends)
    return value


def _event_of(ref: str) -> str:
    return ref.partition("#")[0]
