"""Adding up casualty reports: one range per incident, and their sum (private to the pack).

:meth:`ConflictState.tally <timeline.conflict.ConflictState.tally>` gathers the
reports (casualty reports and claims about them, each with the incident it
belongs to) and hands them here: the figures of one incident are
alternatives (their range runs from the lowest to the highest), and
incidents add up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from timeline.conflict.casualties import (
    CasualtyClaim,
    CasualtyEntry,
    ClaimEntry,
    IncidentTally,
    Objection,
    Tally,
)
from timeline.conflict.contests import ContradictionEntry
from timeline.conflict.kinds import CASUALTY_CATEGORIES
from timeline.events import Citation, FrozenDict, Stance


@attrs.frozen
class _Report:
    """A report (or a claim about one) as the tally reads it."""

    entry: CasualtyEntry
    """What it says; ``entry.incident`` is the incident it resolves to."""
    backers: tuple[str | None, ...]
    """Who asserts its figures when it asserts none itself (a claim that only objects)."""


def _reports(
    casualties: Mapping[str, CasualtyEntry], claims: Mapping[str, ClaimEntry]
) -> list[_Report]:
    """Every casualty report and claim about one, each under the incident it resolves to.

    A report's incident is the event it names, or its own id; a report that
    names an earlier report belongs to that report's incident (followed to
    the end of the chain), so a later report on an incident, in this stream
    or another, counts as one more account of it, not as another incident.
    """
    reports: list[_Report] = []
    for entry in casualties.values():
        incident = _incident_of(casualties, entry.incident)
        if incident != entry.incident:
            entry = attrs.evolve(entry, incident=incident)
        reports.append(_Report(entry, ()))
    for claim in claims.values():
        report = casualties.get(claim.target)
        if report is None:
            continue
        figures = FrozenDict(
            {name: fig for name, fig in claim.figures.items() if name in CASUALTY_CATEGORIES}
        )
        backers: tuple[str | None, ...] = ()
        if not figures:  # it speaks of the report's figures: their sources back them
            backers = tuple(c.source for c in report.citations if c.stance is Stance.ASSERTS)
        entry = CasualtyEntry(
            event=claim.event,
            when=claim.when,
            position=claim.position,
            certain=claim.certain,
            citations=claim.citations,
            side=report.side,
            incident=_incident_of(casualties, report.incident),
            figures=figures or report.figures,
        )
        reports.append(_Report(entry, backers or (None,)))
    reports.sort(key=lambda r: r.entry.order)
    return reports


def _incident_of(casualties: Mapping[str, CasualtyEntry], incident: str) -> str:
    """The incident at the end of the chain of reports naming reports."""
    seen = {incident}
    while True:
        report = casualties.get(incident)
        if report is None or report.incident in seen:
            return incident
        incident = report.incident
        seen.add(incident)


def _contradicted(contradictions: Mapping[str, ContradictionEntry]) -> dict[str, tuple[str, ...]]:
    """Each event named by a record of contradiction, with the records' ids."""
    named: dict[str, list[str]] = {}
    for entry in contradictions.values():
        for event in dict.fromkeys(r.partition("#")[0] for r in entry.claims):
            named.setdefault(event, []).append(entry.event)
    return {event: tuple(dict.fromkeys(ids)) for event, ids in named.items()}


def _tally(
    side: str,
    category: str,
    reports: Sequence[_Report],
    contradicted: Mapping[str, tuple[str, ...]],
) -> Tally | None:
    """``side``'s tally in ``category`` over ``reports`` (in valid-time order), or ``None``.

    ``contradicted`` maps a report's id to the records of contradiction that name it.
    """
    claims: list[CasualtyClaim] = []
    objections: dict[str, list[Objection]] = {}
    for report in reports:
        entry = report.entry
        if entry.side != side:
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
        if figure is None and entry.figures:
            continue
        of = tuple(c.source for c in asserting if c is not None) or report.backers
        for citation in entry.citations:
            if citation.stance is not Stance.ASSERTS:
                objections.setdefault(entry.incident, []).append(
                    Objection(
                        source=citation.source,
                        stance=citation.stance,
                        event=entry.event,
                        categories=tuple(entry.figures),
                        citation=citation,
                        certain=entry.certain,
                        figure=figure,
                        of=of,
                    )
                )
    if not claims:
        return None
    by_incident: dict[str, list[CasualtyClaim]] = {}
    for claim in claims:
        by_incident.setdefault(claim.incident, []).append(claim)
    incidents = []
    for incident, found in by_incident.items():
        low, high = _range_of(found)
        named = (x for c in found for x in contradicted.get(c.event, ()))
        incidents.append(
            IncidentTally(
                side=side,
                category=category,
                incident=incident,
                low=low,
                high=high,
                claims=tuple(found),
                objections=tuple(objections.get(incident, ())),
                contradictions=tuple(dict.fromkeys(named)),
            )
        )
    highs = [t.high for t in incidents]
    return Tally(
        side=side,
        category=category,
        low=sum(t.low for t in incidents),
        high=None if None in highs else sum(h for h in highs if h is not None),
        claims=tuple(claims),
        objections=tuple(o for t in incidents for o in t.objections),
        incidents=FrozenDict({t.incident: t.range for t in incidents}),
        by_incident=tuple(incidents),
    )


def _range_of(claims: Sequence[CasualtyClaim]) -> tuple[int, int | None]:
    """From the lowest figure to the highest (``None``: some figure has no upper bound)."""
    highs = [c.high for c in claims]
    high = None if None in highs else max(h for h in highs if h is not None)
    return (min(c.low for c in claims), high)
