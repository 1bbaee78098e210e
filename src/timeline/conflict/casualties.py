"""Casualties: what each report says, and the ranges over sources they add up to.

Figures are never merged into one number. One incident told by several
reports (each naming the incident, or an earlier report on it) is an
:class:`IncidentTally`: the range from the lowest to the highest figure its
sources give, with every figure in the order the reports came, and the
objections beside them. A :class:`Tally` is one side's casualties in one
category over every incident: a *sum of ranges*, one per incident, and it
says so (:attr:`Tally.summed`).
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from timeline.conflict.fact import Fact
from timeline.events import Citation, Figure, FrozenDict, Stance
from timeline.time import When

__all__ = [
    "CasualtyClaim",
    "CasualtyEntry",
    "ClaimEntry",
    "IncidentTally",
    "Objection",
    "Tally",
]


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

    @property
    def reported(self) -> When | None:
        """When the source gave the figure (its citation's ``reported``), if said."""
        return None if self.citation is None else self.citation.reported

    def __str__(self) -> str:
        """``"7 (tr-mod, 4 February 2020)"``: the figure, who gave it and when, if said."""
        said = [self.source or "unattributed"]
        if self.reported is not None:
            said.append(self.reported.display())
        return f"{self.figure} ({', '.join(said)})"


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
    figure: Figure | None = None
    """The figure objected to, in the tally's category (``None``: the report gives none there)."""
    of: tuple[str | None, ...] = ()
    """The sources that assert that figure (``None``: the report cites no one asserting it)."""

    def __str__(self) -> str:
        """``"ua-mod denies dpr's 300"``: who objects, how, and to whose figure."""
        return f"{self.source} {self.stance}{self.target()}"

    def target(self, name: Callable[[str | None], str] = lambda s: s or "unattributed") -> str:
        """What is objected to, for a sentence: ``" dpr's 300"`` (empty without a figure).

        ``name`` turns a source id into the name to show (``None``: nobody asserts it).
        """
        if self.figure is None:
            return ""
        whose = [s for s in self.of if s is not None]
        if not whose:
            return f" the figure {self.figure}"
        return f" {' and '.join(name(s) for s in whose)}'s {self.figure}"


def _span(low: int, high: int | None) -> str:
    if low == high:
        return f"{low}"
    return f"at least {low}" if high is None else f"{low}–{high}"


@attrs.frozen(kw_only=True)
class IncidentTally:
    """One incident's casualties of one side in one category: the range over its reports.

    Every report on the incident counts (a casualty report naming it, a later
    report naming that report, a claim about one of them): the range runs
    from the lowest figure any source gives to the highest, and
    :attr:`claims` keeps each figure with its source and report, in the
    order the reports came, so a revision shows ("5 (erdogan, 3 February
    2020); 7 (tr-mod, 4 February 2020)").
    """

    side: str
    """Whose casualties."""
    category: str
    """``killed``, ``civilians_killed`` or ``wounded``."""
    incident: str
    """The incident's id (the event the reports name, else the first report's own id)."""
    low: int
    """The lowest figure any source gives."""
    high: int | None
    """The highest (``None``: some source gave no upper bound)."""
    claims: tuple[CasualtyClaim, ...] = ()
    """Every source's own figure, in valid-time then store order."""
    objections: tuple[Objection, ...] = ()
    """Denials and non-confirmations of the incident's reports."""
    contradictions: tuple[str, ...] = ()
    """Ids of the records of contradiction that name one of the incident's reports."""

    @property
    def range(self) -> tuple[int, int | None]:
        """``(low, high)``."""
        return (self.low, self.high)

    @property
    def reports(self) -> tuple[str, ...]:
        """Ids of the reports (and claims) whose figures count, in order."""
        return tuple(dict.fromkeys(c.event for c in self.claims))

    @property
    def certain(self) -> bool:
        """Whether every figure comes from a report certainly made by then."""
        return all(c.certain for c in self.claims)

    @property
    def disagree(self) -> bool:
        """Whether asserting sources give different figures (different bounds).

        A figure in words only ("dozens") states no bounds and disagrees with none.
        """
        bounds = {
            (c.figure.low, c.figure.high)
            for c in self.claims
            if c.figure.low is not None or c.figure.high is not None
        }
        return len(bounds) > 1

    @property
    def contested(self) -> bool:
        """Sources give different figures, or one objects, or a contradiction names a report."""
        return self.disagree or bool(self.objections) or bool(self.contradictions)

    def __str__(self) -> str:
        """``"5–7: 5 (erdogan, 3 February 2020); 7 (tr-mod, 4 February 2020)"``."""
        text = f"{_span(self.low, self.high)}: " + "; ".join(str(c) for c in self.claims)
        if self.objections:
            text += "; " + ", ".join(str(o) for o in self.objections)
        return text


@attrs.frozen(kw_only=True)
class Tally:
    """Casualties of one side in one category, as ranges over sources, summed over incidents.

    For each incident the range runs from the lowest figure any source gives
    to the highest (``None``: unbounded, a source said "at least"): see
    :attr:`by_incident`. Incidents add up, so :attr:`low` and :attr:`high`
    are a *sum of ranges* when there are several (:attr:`summed`), never a
    figure any source gave. Every source's figure is in :attr:`claims`;
    denials and refusals to confirm are in :attr:`objections`, each naming
    the figure it objects to, and never change the numbers.
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
    by_incident: tuple[IncidentTally, ...] = ()
    """Each incident's tally, in order of its first figure."""

    @property
    def range(self) -> tuple[int, int | None]:
        """``(low, high)``."""
        return (self.low, self.high)

    @property
    def summed(self) -> bool:
        """Whether the range is a sum of ranges over several incidents."""
        return len(self.incidents) > 1

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
        """Whether an incident counted is contested (:attr:`IncidentTally.contested`).

        That is: asserting sources give it different figures, a source denies
        or declines to confirm a report counted, or a record of contradiction
        names one of its reports.
        """
        if self.by_incident:
            return any(t.contested for t in self.by_incident)
        return bool(self.objections)

    @property
    def contradictions(self) -> tuple[str, ...]:
        """Ids of the records of contradiction naming a report counted."""
        return tuple(dict.fromkeys(x for t in self.by_incident for x in t.contradictions))

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
        span = _span(self.low, self.high)
        if self.summed:
            span += f" (a sum of ranges over {len(self.incidents)} incidents)"
        by = ", ".join(f"{c.source or 'unattributed'}: {c.figure}" for c in self.claims)
        text = f"{self.side} {self.category.replace('_', ' ')}: {span} ({by})"
        if self.objections:
            text += "; " + ", ".join(str(o) for o in self.objections)
        return text
