"""``ConflictState``: the situation a conflict stream adds up to, as immutable values.

Every fact keeps where it came from: the id of the event that said it, the
event's ``when``, its store ``position``, its citations, and whether it
*certainly* happened by the snapshot's valid time (``certain``) or only
possibly did (its span straddles that time). Answers that depend on several
facts are three-valued (:class:`timeline.Tri`) where a yes or no would claim
more than is known.

Figures are never merged into one number: a :class:`Tally` gives a range
(``low`` to ``high``) that includes every source's own figure, lists those
figures beside it, and lists the sources that deny the report or decline to
confirm it.

The state is a frozen attrs class over tuples and
:class:`~timeline.conflict.pmap.PersistentMap` values (immutable mappings whose
updates share structure, so a fold costs O(1) copying per event and
checkpoints share memory), so projections stay pure and checkpoints safe. The
derived views (:meth:`ConflictState.tally`, :attr:`ConflictState.contests`...)
are computed when asked for.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar, Generic, Literal, TypeVar

import attrs

from timeline.conflict.pmap import PersistentMap
from timeline.errors import ConflictError
from timeline.events import Citation, Figure, FrozenDict, Stance
from timeline.time import Tri, When

__all__ = [
    "Accord",
    "CasualtyClaim",
    "CasualtyEntry",
    "ClaimEntry",
    "ConflictError",
    "ConflictState",
    "Contest",
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
    "Side",
    "Status",
    "StatusChange",
    "Step",
    "Tally",
]

F = TypeVar("F", bound="Fact")


class Status(enum.Enum):
    """The status of an agreement or a ceasefire."""

    SIGNED = "signed"
    """Signed or reached, not (yet) known to be in force."""
    IN_FORCE = "in_force"
    """In force (for a ceasefire: took effect)."""
    COLLAPSED = "collapsed"
    """Collapsed, abandoned or broken off."""

    def __str__(self) -> str:
        return self.value.replace("_", " ")


_RANK = {Status.SIGNED: 0, Status.IN_FORCE: 1, Status.COLLAPSED: 2}


# -- facts --------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Fact:
    """Where a fact comes from: the event, its valid time, store position, citations, certainty."""

    event: str
    """Id of the event that says it."""
    when: When
    """The event's valid time."""
    position: int = 0
    """The event's store position (0 when folded from a bare event)."""
    certain: bool = True
    """Whether the event certainly happened by the snapshot's time (False: only possibly)."""
    citations: tuple[Citation, ...] = ()
    """Who says it, with what stance."""

    rank: ClassVar[int] = 0
    """Tiebreak between facts whose times overlap (a launch before an end)."""

    @property
    def order(self) -> tuple[float | int, float | int, int, int, str]:
        """The order of facts: the latest each may have happened, then the earliest.

        Facts are changes at one (possibly uncertain) instant; the one that may
        have happened last is the current one. "took effect in January" comes
        before "collapsed between January and 3 February", although the
        chronology (earliest first, wider first) lists them the other way.
        Ties: :attr:`rank` (a signature before entry into force before a
        collapse), then store position, then event id.
        """
        earliest, negative_latest = self.when.sort_key
        return (-negative_latest, earliest, self.rank, self.position, self.event)

    @property
    def sources(self) -> tuple[str, ...]:
        """Ids of the sources that assert it (citations with stance ``asserts``)."""
        return tuple(dict.fromkeys(c.source for c in self.citations if c.stance is Stance.ASSERTS))


def _candidates(changes: Sequence[F]) -> list[F]:
    """The changes that may be current: no change that certainly happened certainly follows.

    "Follows" is :func:`_follows` (the time order, else the rank), unless the
    changes that certainly happened contradict each other so that it runs in a
    circle (collapsed in 2016, in force from 2016 on, signed from 2017 on: each
    follows another) and none could be current; then the time order alone
    decides, which never runs in a circle, and every change it leaves may be
    current. The choice depends only on the changes that certainly happened, so
    the candidates among those are always among the candidates of all.
    """
    certain = [c for c in changes if c.certain]
    follows: Callable[[Fact, Fact], bool] = _follows
    if certain and all(any(o is not c and _follows(o, c) for o in certain) for c in certain):
        follows = _after_in_time
    return [
        change
        for change in changes
        if not any(other is not change and follows(other, change) for other in certain)
    ]


def _current(changes: Sequence[F]) -> F | None:
    """The last change, in valid-time order, among those that may be current."""
    candidates = _candidates(changes)
    return candidates[-1] if candidates else None


def _possible(changes: Sequence[F], value: Callable[[F], Any]) -> frozenset[Any]:
    """The values that may be current after ``changes`` (in valid-time order).

    A change may be the current one if it possibly happened and no change that
    certainly happened certainly came after it. "Came after" is the time
    order when it is known (:meth:`When.before`), and the :attr:`Fact.rank`
    when the two overlap in time (a collapse comes after the entry into force
    it ends). ``None`` is among the values when no change certainly happened.
    """
    found: set[Any] = {value(c) for c in _candidates(changes)}
    if not any(c.certain for c in changes):
        found.add(None)
    return frozenset(found)


def _follows(later: Fact, earlier: Fact) -> bool:
    """Whether ``later`` certainly comes after ``earlier``."""
    if earlier.when.before(later.when) is Tri.YES:
        return True
    if later.when.before(earlier.when) is Tri.YES:
        return False
    return later.rank > earlier.rank


def _after_in_time(later: Fact, earlier: Fact) -> bool:
    """Whether ``later`` certainly comes after ``earlier`` by their times alone."""
    return earlier.when.before(later.when) is Tri.YES


def _tri(value: Any, possible: frozenset[Any]) -> Tri:
    if value not in possible:
        return Tri.NO
    return Tri.YES if len(possible) == 1 else Tri.MAYBE


def _in_order(facts: Iterable[F]) -> tuple[F, ...]:
    return tuple(sorted(facts, key=lambda f: f.order))


def _put(items: tuple[F, ...], fact: F) -> tuple[F, ...]:
    """``items`` (valid-time order) with ``fact`` in place, replacing one of the same event."""
    kept = [f for f in items if f.event != fact.event]
    kept.append(fact)
    return _in_order(kept)


@attrs.frozen(kw_only=True)
class Step(Fact):
    """A dated step of an operation (its end)."""

    rank: ClassVar[int] = 1


@attrs.frozen(kw_only=True)
class Launch(Step):
    """A report of an operation's launch, with what it says of the operation."""

    rank: ClassVar[int] = 0

    name: str | None = None
    """The operation's name, if given."""
    by: str | None = None
    """Who launched it."""
    into: str | None = None
    """Where it went, if said."""


@attrs.frozen(kw_only=True)
class StatusChange(Fact):
    """One change of an agreement's or ceasefire's status, and what that report said."""

    status: Status
    """The status from this change on."""
    parties: tuple[str, ...] = ()
    """The parties this report names."""
    terms: str | None = None
    """The terms' gist this report gives."""
    reason: str | None = None
    """Why (for a collapse), if reported."""
    agreement: str | None = None
    """For a ceasefire: the agreement it belongs to, if this report says."""

    @property
    def rank(self) -> int:  # type: ignore[override]
        """Signed (0) before in force (1) before collapsed (2), when times overlap."""
        return _RANK[self.status]


@attrs.frozen(kw_only=True)
class _History(Generic[F]):
    """Changes of one thing's value (a status, a holder) in valid-time order, and what holds now.

    The shared reading of :class:`Accord` and :class:`Control`: the current
    change counts changes that only possibly happened; the certain value
    counts only those that certainly did; the possible values say what may be
    current given which changes happened and in what order.
    """

    changes: tuple[F, ...] = ()
    """Every change reported, in valid-time order."""

    def _value(self, change: F) -> Any:
        raise NotImplementedError

    @property
    def latest(self) -> F | None:
        """The change that set the current value, counting changes that only possibly happened.

        The last change in valid-time order among those that may be current;
        ``None`` when there is none.
        """
        return _current(self.changes)

    @property
    def since(self) -> When | None:
        """When the current value began (the ``when`` of the change that set it)."""
        latest = self.latest
        return None if latest is None else latest.when

    def _current_value(self) -> Any:
        latest = self.latest
        return None if latest is None else self._value(latest)

    def _certain_value(self) -> Any:
        current = _current([c for c in self.changes if c.certain])
        return None if current is None else self._value(current)

    def _possible_values(self) -> frozenset[Any]:
        return _possible(self.changes, self._value)


@attrs.frozen(kw_only=True)
class Accord(_History[StatusChange]):
    """An agreement or a ceasefire and every change of its status, in valid-time order."""

    id: str
    """The agreement's or ceasefire's id."""
    kind: Literal["agreement", "ceasefire"]
    """Which of the two it is."""

    def _value(self, change: StatusChange) -> Status:
        return change.status

    @property
    def agreement(self) -> str | None:
        """For a ceasefire: the agreement it belongs to, from the earliest report that says."""
        return next((c.agreement for c in self.changes if c.agreement is not None), None)

    @property
    def status(self) -> Status | None:
        """The current status, counting changes that only possibly happened by then."""
        status: Status | None = self._current_value()
        return status

    @property
    def certain(self) -> bool:
        """Whether :attr:`status` is certain (:meth:`holds` it is YES).

        False when the latest change only possibly happened by the snapshot's
        time, or when changes overlap in time so that their order is unknown.
        """
        return self.status is not None and self.holds(self.status) is Tri.YES

    @property
    def certain_status(self) -> Status | None:
        """The status set by the changes that certainly happened (``None``: none did)."""
        status: Status | None = self._certain_value()
        return status

    @property
    def possible_statuses(self) -> frozenset[Status | None]:
        """Every status it may be in, given which changes certainly happened and in what order.

        ``None`` is among them when no change certainly happened by then.
        """
        return self._possible_values()

    def holds(self, status: Status) -> Tri:
        """Is it in ``status``? YES, NO, or MAYBE when changes that may not have happened decide.

        The last change that certainly happened sets the status, unless a later
        change that only possibly happened changed it again, or changes overlap
        in time so that which came last is unknown.
        """
        return _tri(status, self.possible_statuses)

    @property
    def parties(self) -> tuple[str, ...]:
        """Every party named by any report, in order of first mention."""
        return tuple(dict.fromkeys(p for c in self.changes for p in c.parties))

    @property
    def terms(self) -> str | None:
        """The terms' gist, from the earliest report that gives one."""
        for change in self.changes:
            if change.terms is not None:
                return change.terms
        return None


@attrs.frozen(kw_only=True)
class ControlChange(Fact):
    """A place changing hands: ``holder`` took ``place`` (from ``from_``)."""

    place: str
    """The place (resolved through the gazetteer when one is given)."""
    holder: str
    """Who took it."""
    from_: str | None = None
    """Who held it before, if reported."""


@attrs.frozen(kw_only=True)
class Control(_History[ControlChange]):
    """Who holds a place: every change of hands reported, in valid-time order."""

    place: str
    """The place."""

    def _value(self, change: ControlChange) -> str:
        return change.holder

    @property
    def holder(self) -> str | None:
        """The current holder, counting captures that only possibly happened by then."""
        holder: str | None = self._current_value()
        return holder

    @property
    def certain(self) -> bool:
        """Whether :attr:`holder` is certain (:meth:`held_by` it is YES).

        False when the latest capture only possibly happened by the snapshot's
        time, or when captures overlap in time so that their order is unknown.
        """
        return self.holder is not None and self.held_by(self.holder) is Tri.YES

    @property
    def certain_holder(self) -> str | None:
        """The holder by the captures that certainly happened (``None``: none did)."""
        holder: str | None = self._certain_value()
        return holder

    @property
    def possible_holders(self) -> frozenset[str | None]:
        """Everyone who may hold it, given which captures certainly happened and in what order.

        ``None`` is among them when no capture certainly happened by then.
        """
        return self._possible_values()

    def held_by(self, actor: str) -> Tri:
        """Does ``actor`` hold it? YES, NO, or MAYBE when uncertain captures decide."""
        return _tri(actor, self.possible_holders)


@attrs.frozen(kw_only=True)
class Operation:
    """A military operation: when it was launched and, if it was, ended."""

    id: str
    """The operation's id."""
    launches: tuple[Launch, ...] = ()
    """Every report of its launch, in valid-time order."""
    ends: tuple[Step, ...] = ()
    """Every report of its end, in valid-time order."""

    @property
    def name(self) -> str | None:
        """Its name, from the earliest launch report that gives one."""
        return next((s.name for s in self.launches if s.name is not None), None)

    @property
    def by(self) -> str | None:
        """Who launched it, from the earliest launch report."""
        return next((s.by for s in self.launches if s.by is not None), None)

    @property
    def into(self) -> str | None:
        """Where it went, from the earliest launch report that says."""
        return next((s.into for s in self.launches if s.into is not None), None)

    @property
    def launched(self) -> When | None:
        """When it was launched (the earliest report)."""
        return self.launches[0].when if self.launches else None

    @property
    def ended(self) -> When | None:
        """When it ended (the latest report), if it did."""
        return self.ends[-1].when if self.ends else None

    @property
    def active(self) -> Tri:
        """Is it under way? NO when it certainly ended (or nothing of it is known); else MAYBE.

        Never YES: the stream not recording an end is no evidence that the
        operation is still under way (an incursion launched in 2016 with no end
        reported is not known to be going on in 2020), and no kind reports an
        operation as still under way at a time. So an operation certainly
        launched with no end recorded is MAYBE, as is one whose launch or end
        only possibly happened by then. NO when an end certainly happened by
        then, or when neither a launch nor an end is known.
        """
        if any(s.certain for s in self.ends):
            return Tri.NO
        if not self.launches and not self.ends:
            return Tri.NO
        return Tri.MAYBE


# -- figures --------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class CasualtyEntry(Fact):
    """What one casualty report (or a claim about one) says, before attribution to sources."""

    side: str
    """Whose casualties."""
    incident: str
    """The incident the figures belong to (the report's ``incident``, else its own id)."""
    figures: FrozenDict[Figure] = attrs.field(factory=FrozenDict)
    """The figures given, by category (``killed``, ``civilians_killed``, ``wounded``)."""


@attrs.frozen(kw_only=True)
class ClaimEntry(Fact):
    """A :class:`timeline.events.Claim` about another event, kept to be joined when asked."""

    target: str
    """The event it is about."""
    summary: str
    """What it claims."""
    figures: FrozenDict[Figure] = attrs.field(factory=FrozenDict)
    """The figures it claims, by name."""


@attrs.frozen(kw_only=True)
class CasualtyClaim:
    """One source's own figure for one side and category."""

    source: str | None
    """The source (``None``: the report cites no one)."""
    figure: Figure
    """The figure as that source gave it (with any breakdown in ``parts``)."""
    side: str
    """Whose casualties."""
    category: str
    """``killed``, ``civilians_killed`` or ``wounded``."""
    incident: str
    """The incident it belongs to."""
    event: str
    """The report (or claim) that carries it."""
    when: When
    """The report's valid time."""
    certain: bool
    """Whether the report certainly happened by the snapshot's time."""
    citation: Citation | None = None
    """The citation (reported date, quote, via), if any."""

    @property
    def low(self) -> int:
        """The least the figure may be (0 when no lower bound is stated)."""
        return self.figure.low if self.figure.low is not None else 0

    @property
    def high(self) -> int | None:
        """The most the figure may be (``None``: no upper bound stated)."""
        return self.figure.high


@attrs.frozen(kw_only=True)
class Objection:
    """A source that denies a report or declines to confirm it."""

    source: str
    """Who."""
    stance: Stance
    """``denies`` or ``declines_to_confirm``."""
    event: str
    """The report (or claim) objected to."""
    categories: tuple[str, ...] = ()
    """The figures of that report the objection covers."""
    citation: Citation | None = None
    """The citation (reported date, quote)."""
    certain: bool = True
    """Whether the report certainly happened by the snapshot's time."""


@attrs.frozen(kw_only=True)
class Tally:
    """Casualties of one side in one category, as a range over sources.

    For each incident the range runs from the lowest figure any source gives
    to the highest (``None``: unbounded, a source said "at least"); incidents
    add up. Every source's figure is in :attr:`claims`; denials and refusals
    to confirm are in :attr:`objections` and never change the numbers.
    """

    side: str
    """Whose casualties."""
    category: str
    """``killed``, ``civilians_killed`` or ``wounded``."""
    low: int
    """The least the total may be, by the sources' figures."""
    high: int | None
    """The most the total may be (``None``: some source gave no upper bound)."""
    claims: tuple[CasualtyClaim, ...] = ()
    """Every source's own figure, in valid-time order."""
    objections: tuple[Objection, ...] = ()
    """Denials and non-confirmations of the reports counted."""
    incidents: FrozenDict[tuple[int, int | None]] = attrs.field(factory=FrozenDict)
    """The range of each incident, by incident id."""

    @property
    def range(self) -> tuple[int, int | None]:
        """``(low, high)``."""
        return (self.low, self.high)

    @property
    def certain(self) -> bool:
        """Whether every figure counted comes from a report certainly made by then."""
        return all(c.certain for c in self.claims)

    @property
    def sources(self) -> tuple[str | None, ...]:
        """The sources whose figures are counted, in order of first figure."""
        return tuple(dict.fromkeys(c.source for c in self.claims))

    @property
    def contested(self) -> bool:
        """Whether any source denies a report counted, or declines to confirm it."""
        return bool(self.objections)

    @property
    def parts(self) -> FrozenDict[tuple[int, int | None]]:
        """The breakdown (by province, say) as ranges, from the sources that give one.

        For each part name: per incident, the lowest to the highest figure the
        sources give for that part; incidents add up. Sources that give only
        a total do not count here (their totals are in :attr:`range`).
        """
        per_incident: dict[str, dict[str, tuple[int, int | None]]] = {}
        for claim in self.claims:
            for name, part in claim.figure.parts.items():
                low = part.low if part.low is not None else 0
                high = part.high
                ranges = per_incident.setdefault(name, {})
                known = ranges.get(claim.incident)
                if known is not None:
                    low = min(low, known[0])
                    high = None if high is None or known[1] is None else max(high, known[1])
                ranges[claim.incident] = (low, high)
        out: dict[str, tuple[int, int | None]] = {}
        for name, ranges in per_incident.items():
            highs = [r[1] for r in ranges.values()]
            total_high = None if None in highs else sum(h for h in highs if h is not None)
            out[name] = (sum(r[0] for r in ranges.values()), total_high)
        return FrozenDict(out)

    def __str__(self) -> str:
        span = (
            f"{self.low}"
            if self.low == self.high
            else (f"at least {self.low}" if self.high is None else f"{self.low}–{self.high}")
        )
        by = ", ".join(f"{c.source or 'unattributed'}: {c.figure}" for c in self.claims)
        text = f"{self.side} {self.category.replace('_', ' ')}: {span} ({by})"
        if self.objections:
            text += "; " + ", ".join(f"{o.source} {o.stance}" for o in self.objections)
        return text


@attrs.frozen(kw_only=True)
class DisplacementFact(Fact):
    """People on the move, as one report gives it."""

    people: Figure
    """How many."""
    from_: str | None = None
    """From where."""
    toward: str | None = None
    """Toward where."""


@attrs.frozen(kw_only=True)
class RefugeeFact(Fact):
    """A refugee population figure, as one report gives it."""

    host: str
    """The hosting country."""
    population: str
    """Whose refugees, as a description (``"syrian"``), not an actor id."""
    figure: Figure
    """How many."""

    @property
    def refugees(self) -> str:
        """Who the refugees are, in words: ``"Syrian refugees"`` for population ``"syrian"``.

        The population is a description that reads before "refugees"; it is
        shown with a capital initial, the rest as written.
        """
        return f"{self.population[:1].upper()}{self.population[1:]} refugees"


@attrs.frozen(kw_only=True)
class DeploymentFact(Fact):
    """Forces sent somewhere, as one report gives it."""

    who: str
    """Whose forces."""
    where: str
    """Where."""
    size: Figure | None = None
    """How many, if reported."""
    role: str | None = None
    """What for, if said."""


# -- contested claims ---------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Said(Fact):
    """What an event says, kept so contested claims can show both sides."""

    summary: str
    """The event's summary."""


@attrs.frozen(kw_only=True)
class ContradictionEntry(Fact):
    """A record that claims contradict each other (a Contradiction, or a citation's own)."""

    claims: tuple[str, ...]
    """References of the claims: ``"event-id"`` or ``"event-id#source-id"``."""
    key: str
    """Id of this entry (the Contradiction's id, or ``"event-id#source-id"``)."""


@attrs.frozen(kw_only=True)
class Side:
    """One side of a contest: a claim, who makes it, and what it says."""

    ref: str
    """The claim's reference (``"event-id"`` or ``"event-id#source-id"``)."""
    event: str
    """The event id."""
    source: str | None
    """The one source the reference names, if it names one."""
    stance: Stance
    """The stance this side takes on the claim (``asserts``, or ``denies`` for the other side of
    one event)."""
    summary: str | None = None
    """The event's summary (``None``: the event is not in the stream as folded)."""
    citations: tuple[Citation, ...] = ()
    """The citations that make this side (only the named source's, for ``#source`` refs)."""
    when: When | None = None
    """The event's valid time, if known."""
    certain: bool | None = None
    """Whether the event certainly happened by then (``None``: not known)."""

    @property
    def sources(self) -> tuple[str, ...]:
        """The sources on this side."""
        return tuple(dict.fromkeys(c.source for c in self.citations))


@attrs.frozen(kw_only=True)
class Contest:
    """Claims that cannot all be true, with every side.

    It comes from :class:`timeline.events.Contradiction` events, from
    citations that say what they contradict (``Citation.contradicts``), and
    from one event cited both by sources that assert it and by sources that
    deny it. Records of the same dispute (the same events) are one contest.
    """

    key: str
    """The events in dispute, sorted and joined with ``" | "``."""
    sides: tuple[Side, ...]
    """Every side."""
    noted_by: tuple[str, ...]
    """Ids of the records that establish the dispute (contradictions, citing events)."""
    certain: bool = True
    """Whether a record of the dispute certainly exists by the snapshot's time."""


# -- the state ---------------------------------------------------------------------------------


def _set(mapping: PersistentMap[Any], key: str, value: Any) -> PersistentMap[Any]:
    return mapping.set(key, value)


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

    def holder(self, place: str) -> str | None:
        """Who holds ``place`` (by the latest capture folded); ``None``: no capture known."""
        found = self.control.get(place)
        return None if found is None else found.holder

    # -- agreements and ceasefires ------------------------------------------------------------

    def accord(self, accord_id: str) -> Accord | None:
        """The agreement or ceasefire with this id, or ``None``."""
        found = self.agreements.get(accord_id)
        return found if found is not None else self.ceasefires.get(accord_id)

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

    def _casualty_sources(self) -> list[tuple[CasualtyEntry, str]]:
        """Every casualty entry (reports and claims about them), with the id it came from."""
        entries = [(entry, key) for key, entry in self.casualties.items()]
        for key, claim in self.claims.items():
            report = self.casualties.get(claim.target)
            if report is None:
                continue
            figures = FrozenDict(
                {name: fig for name, fig in claim.figures.items() if name in _CATEGORIES}
            )
            entries.append(
                (
                    CasualtyEntry(
                        event=claim.event,
                        when=claim.when,
                        position=claim.position,
                        certain=claim.certain,
                        citations=claim.citations,
                        side=report.side,
                        incident=report.incident,
                        figures=figures or report.figures,
                    ),
                    key,
                )
            )
        entries.sort(key=lambda pair: pair[0].order)
        return entries

    def tally(self, side: str, category: str, *, certain_only: bool = False) -> Tally | None:
        """The range of ``side``'s casualties in ``category``, or ``None`` if nothing is reported.

        ``category`` is ``"killed"``, ``"civilians_killed"`` or ``"wounded"``.
        With ``certain_only``, reports that only possibly happened by then are
        left out.
        """
        if category not in _CATEGORIES:
            raise ConflictError(
                f"unknown casualty category {category!r}; expected one of {', '.join(_CATEGORIES)}"
            )
        claims: list[CasualtyClaim] = []
        objections: list[Objection] = []
        for entry, _ in self._casualty_sources():
            if entry.side != side or (certain_only and not entry.certain):
                continue
            figure = entry.figures.get(category)
            asserting: list[Citation | None] = [
                c for c in entry.citations if c.stance is Stance.ASSERTS
            ]
            if figure is not None:
                for citation in asserting or [None]:
                    claims.append(
                        CasualtyClaim(
                            source=None if citation is None else citation.source,
                            figure=figure,
                            side=side,
                            category=category,
                            incident=entry.incident,
                            event=entry.event,
                            when=entry.when,
                            certain=entry.certain,
                            citation=citation,
                        )
                    )
            if figure is not None or not entry.figures:
                for citation in entry.citations:
                    if citation.stance is not Stance.ASSERTS:
                        objections.append(
                            Objection(
                                source=citation.source,
                                stance=citation.stance,
                                event=entry.event,
                                categories=tuple(entry.figures),
                                citation=citation,
                                certain=entry.certain,
                            )
                        )
        if not claims:
            return None
        incidents: dict[str, tuple[int, int | None]] = {}
        for claim in claims:
            low, high = claim.low, claim.high
            known = incidents.get(claim.incident)
            if known is not None:
                low = min(low, known[0])
                high = None if high is None or known[1] is None else max(high, known[1])
            incidents[claim.incident] = (low, high)
        total_low = sum(r[0] for r in incidents.values())
        highs = [r[1] for r in incidents.values()]
        total_high = (
            None if any(h is None for h in highs) else sum(h for h in highs if h is not None)
        )
        return Tally(
            side=side,
            category=category,
            low=total_low,
            high=total_high,
            claims=tuple(claims),
            objections=tuple(objections),
            incidents=FrozenDict(incidents),
        )

    def tallies(self, *, certain_only: bool = False) -> tuple[Tally, ...]:
        """Every side's tally in every category with a figure, sorted by side then category."""
        sides = sorted({entry.side for entry, _ in self._casualty_sources()})
        out = []
        for side in sides:
            for category in _CATEGORIES:
                found = self.tally(side, category, certain_only=certain_only)
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

    def _side(self, ref: str) -> Side:
        event, _, source = ref.partition("#")
        said = self.said.get(event)
        if said is None:
            return Side(ref=ref, event=event, source=source or None, stance=Stance.ASSERTS)
        citations = tuple(c for c in said.citations if not source or c.source == source)
        return Side(
            ref=ref,
            event=event,
            source=source or None,
            stance=Stance.ASSERTS,
            summary=said.summary,
            citations=citations,
            when=said.when,
            certain=said.certain,
        )

    def _sides_of_one(self, event: str) -> list[Side]:
        """The two sides of one event cited both ways: those who assert it, those who deny it."""
        said = self.said[event]
        sides = []
        for stance in (Stance.ASSERTS, Stance.DENIES):
            citations = tuple(c for c in said.citations if c.stance is stance)
            sides.append(
                Side(
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


def _latest(facts: Iterable[F]) -> tuple[F, ...]:
    ordered = sorted(facts, key=lambda f: f.order)
    if not ordered:
        return ()
    top = ordered[-1].order[:2]
    return tuple(f for f in ordered if f.order[:2] == top)
