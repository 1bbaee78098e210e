"""The casualty tallies of a snapshot report, in words and as data (private to ``render``).

One side's casualties in one category: each incident's range over its reports,
with each figure's source and the day it was reported when there are several
(so a revision shows), the objections naming the figure they object to, the
reasons a tally is contested, and a total over incidents that says it is a
sum of ranges. :mod:`timeline.render.snapshot` makes the report's item of it.
"""

from __future__ import annotations

from typing import Any, Protocol

from timeline.conflict import CasualtyClaim, IncidentTally, Objection, Tally
from timeline.events import Figure
from timeline.time import When


class _Names(Protocol):
    """How the report names entities and sources."""

    def of(self, entity: str | None) -> str: ...

    def source(self, source: str | None) -> str: ...


def _figure(figure: Figure) -> dict[str, Any]:
    return {"low": figure.low, "high": figure.high, "text": str(figure)}


def _when(when: When | None) -> dict[str, str] | None:
    if when is None:
        return None
    return {"edtf": when.to_edtf(), "display": when.display()}


def _span(low: int, high: int | None) -> str:
    if low == high:
        return f"{low}"
    return f"at least {low}" if high is None else f"{low}–{high}"


def _claim_text(names: _Names, claim: CasualtyClaim, revisions: bool) -> str:
    """``"Erdogan: 5"``; in a revision list ``"5 (Erdogan, 3 February 2020)"``."""
    if not revisions:
        return f"{names.source(claim.source)}: {claim.figure}"
    said = [names.source(claim.source)]
    if claim.reported is not None:
        said.append(claim.reported.display())
    return f"{claim.figure} ({', '.join(said)})"


def _objection_text(names: _Names, objection: Objection) -> str:
    """``"Damascus declines to confirm the Observatory's 13"``."""
    return f"{names.source(objection.source)} {objection.stance}{objection.target(names.source)}"


def _incident_text(names: _Names, incident: IncidentTally, revisions: bool) -> str:
    text = "; ".join(_claim_text(names, c, revisions) for c in incident.claims)
    if incident.objections:
        text += "; " + ", ".join(_objection_text(names, o) for o in incident.objections)
    return text


def tally_text_and_data(names: _Names, tally: Tally) -> tuple[str, dict[str, Any]]:
    """One side's casualties in one category: the item's line and its data.

    One incident with one figure reads as before ("Turkey, killed: 5 (Erdogan: 5)");
    several reports on an incident list each figure with its source and the day
    it was reported, so a revision shows ("5–7 (5 (Erdogan, 3 February 2020);
    7 (Turkish Defence Ministry, 4 February 2020))"); several incidents say that
    the total is a sum of ranges, and give each incident's own.
    """
    category = tally.category.replace("_", " ")
    span = _span(tally.low, tally.high)
    if tally.summed:
        parts = [
            f"{names.of(t.incident)} {_span(t.low, t.high)}: {_incident_text(names, t, True)}"
            for t in tally.by_incident
        ]
        text = (
            f"{names.of(tally.side)}, {category}: {span}, a sum of ranges over "
            f"{len(tally.by_incident)} incidents ({'; '.join(parts)})"
        )
    else:
        (incident,) = tally.by_incident
        revisions = len(incident.claims) > 1
        said = "; ".join(_claim_text(names, c, revisions) for c in incident.claims)
        text = f"{names.of(tally.side)}, {category}: {span} ({said})"
        if incident.objections:
            text += "; " + ", ".join(_objection_text(names, o) for o in incident.objections)
    reasons = _contested_reasons(tally)
    if reasons:
        text += f"; contested: {', '.join(reasons)}"
    return (
        text,
        {
            "side": tally.side,
            "category": tally.category,
            "low": tally.low,
            "high": tally.high,
            "sum_of_ranges": tally.summed,
            "contested": tally.contested,
            "claims": [_claim_data(c) for c in tally.claims],
            "objections": [_objection_data(o) for o in tally.objections],
            "incidents": [
                {
                    "incident": t.incident,
                    "low": t.low,
                    "high": t.high,
                    "contested": t.contested,
                    "sources_disagree": t.disagree,
                    "contradictions": list(t.contradictions),
                    "claims": [_claim_data(c) for c in t.claims],
                    "objections": [_objection_data(o) for o in t.objections],
                }
                for t in tally.by_incident
            ],
        },
    )


def _contested_reasons(tally: Tally) -> list[str]:
    """Why a tally is contested, beyond the objections its text already names."""
    reasons = []
    if any(t.disagree for t in tally.by_incident):
        reasons.append("sources give different figures")
    if tally.contradictions:
        reasons.append(f"contradicted ({', '.join(tally.contradictions)})")
    return reasons


def _claim_data(claim: CasualtyClaim) -> dict[str, Any]:
    return {
        "source": claim.source,
        "event": claim.event,
        "incident": claim.incident,
        "certain": claim.certain,
        "reported": _when(claim.reported),
        **_figure(claim.figure),
    }


def _objection_data(objection: Objection) -> dict[str, Any]:
    return {
        "source": objection.source,
        "stance": objection.stance.value,
        "event": objection.event,
        "figure": None if objection.figure is None else _figure(objection.figure),
        "of": list(objection.of),
    }
