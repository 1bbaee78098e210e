"""Casualties: what each report says, and the ranges over sources they add up to.

Figures are never merged into one number: a :class:`Tally` gives a range
(``low`` to ``high``) that includes every source's own figure, lists those
figures beside it, and lists the sources that deny the report or decline to
confirm it.
"""

from __future__ import annotations

import attrs

from timeline.conflict.fact import Fact
from timeline.events import Citation, Figure, FrozenDict, Stance
from timeline.time import When

__all__ = ["CasualtyClaim", "CasualtyEntry", "ClaimEntry", "Objection", "Tally"]


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
