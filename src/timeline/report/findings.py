"""What a reviewer wants to know about a record: :func:`review` and its :class:`Finding` s.

``timeline validate`` prints these warnings after checking a file; from Python,
pass the events of a store::

    from timeline.report import review

    for finding in review([r.event for r in store.read_all()]):
        print(finding)

A finding is never an error: the events are valid, but a reviewer should look
at them (a fact nobody is cited for, two holders of one place at once, a figure
that contradicts itself, a reference to an event the record does not hold).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterator, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

import attrs

from timeline.conflict import CASUALTY_CATEGORIES, Capture, CasualtyReport, Term
from timeline.events import Claim, Contradiction, Correction, Event, Figure, Retraction
from timeline.events.references import references
from timeline.store.catalog import Catalog
from timeline.time import Tri, When

__all__ = ["Finding", "review", "told_twice"]

_NUMBER = re.compile(r"\d[\d,]*")


@attrs.frozen
class Finding:
    """One warning about an event: the event it is about, its field and what is wrong.

    Attributes:
        event: the event's id.
        field: the field the warning is about (``"citations"``, ``"by"``,
            ``"casualties.killed"``, ...), or ``None`` for the event as a whole.
        message: what is wrong, in a sentence without the event's id.

    ``str(finding)`` is the line ``timeline validate`` prints:
    ``event 'x', field 'citations': cites no source``.
    """

    event: str
    field: str | None
    message: str

    def __str__(self) -> str:
        where = f"event {self.event!r}"
        if self.field is not None:
            where += f", field {self.field!r}"
        return f"{where}: {self.message}"


def review(
    events: Sequence[Event],
    catalog: Catalog | None = None,
    *,
    elsewhere: Container[str] = (),
) -> list[Finding]:
    """The warnings a reviewer wants about ``events`` (``timeline validate`` prints them).

    * an event that cites no source (corrections, retractions and
      contradictions, which speak about other events, are not asked for one);
    * two different holders of one place from captures over certainly
      overlapping spans;
    * a figure that contradicts its own range (parts adding up above its
      high, or its text naming a number outside it);
    * a correction whose ``changes`` cannot apply to the event it corrects
      (stream files refuse it; a projection ignores it with a warning);
    * a claim, correction, retraction or contradiction naming an event that
      is not in the record (stream files refuse these when loading; JSON Lines
      exports and stores may hold them), and a report's ``incident`` or an
      announcement's ``announces`` likewise;
    * with the record's ``catalog``: a citation, actor or place naming an entry
      the catalog does not declare, when it declares entries of that kind (what
      an append refuses today; records of older releases may hold them);
    * a dated term of an agreement (``dated_terms``) set for a date certainly
      before the agreement's own (a deadline before the signing): the warning
      names both dates.

    ``elsewhere`` holds the ids of events recorded besides ``events`` (a store,
    for a report about to be loaded into it): references to them are fine.
    Findings come event by event in the order given, then the holder findings.
    """
    findings: list[Finding] = []
    by_id = {event.id: event for event in events}
    ids = _Known(set(by_id), elsewhere)
    for event in events:
        if isinstance(event, Correction) and event.target in by_id:
            for field, message in event.refused_changes(by_id[event.target]).items():
                findings.append(Finding(event.id, field, message))
        if not event.citations and not isinstance(event, Correction | Retraction | Contradiction):
            findings.append(Finding(event.id, "citations", "cites no source"))
        findings.extend(_figure_findings(event))
        target = getattr(event, "target", None)
        if isinstance(event, Claim | Correction | Retraction) and target not in ids:
            findings.append(Finding(event.id, "target", f"names an unknown event {target!r}"))
        if isinstance(event, Contradiction):
            for ref in event.claims:
                if ref.partition("#")[0] not in ids:
                    findings.append(Finding(event.id, "claims", f"names an unknown claim {ref!r}"))
        for name in ("incident", "announces"):
            named = getattr(event, name, None)
            if isinstance(named, str) and named not in ids:
                findings.append(Finding(event.id, name, f"names an unknown event {named!r}"))
        if catalog is not None:
            findings.extend(_catalog_findings(event, catalog))
    findings.extend(_holder_findings(events))
    findings.extend(_term_findings(events))
    return findings


class _Known:
    """The ids of ``events`` and of ``elsewhere``, asked with ``in``."""

    __slots__ = ("_elsewhere", "_here")

    def __init__(self, here: set[str], elsewhere: Container[str]) -> None:
        self._here = here
        self._elsewhere = elsewhere

    def __contains__(self, event_id: object) -> bool:
        return event_id in self._here or event_id in self._elsewhere


def _catalog_findings(event: Event, catalog: Catalog) -> Iterator[Finding]:
    declared = {"source": catalog.sources, "actor": catalog.actors, "place": catalog.places}
    for reference in references(event):
        entries = declared.get(reference.to)
        if entries and reference.id not in entries:
            yield Finding(
                event.id, reference.field, f"names an undeclared {reference.to} {reference.id!r}"
            )


def _figures(value: Any, path: str) -> Iterator[tuple[str, Figure]]:
    """Every figure inside a field's ``value``, with its path (``casualties.parts.killed``)."""
    if isinstance(value, Figure):
        yield path, value
        for name, part in value.parts.items():
            yield from _figures(part, f"{path}.parts.{name}")
    elif isinstance(value, dict) or hasattr(value, "items"):
        for name, item in value.items():
            yield from _figures(item, f"{path}.{name}")


def _figure_findings(event: Event) -> Iterator[Finding]:
    for field in attrs.fields(type(event)):
        for path, figure in _figures(getattr(event, field.name), field.name.rstrip("_")):
            low = figure.low if figure.low is not None else 0
            high = figure.high
            parts = [p.low for p in figure.parts.values() if p.low is not None]
            if high is not None and parts and sum(parts) > high:
                yield Finding(
                    event.id,
                    path,
                    f"its parts add up to at least {sum(parts)}, above its high of {high}",
                )
            if figure.text:
                # Only a text naming exactly one number is checked: "between 3 and 5"
                # or "8 soldiers and 2 civilians" is not one figure to compare.
                numbers = [int(n.replace(",", "")) for n in _NUMBER.findall(figure.text)]
                if len(numbers) == 1 and (
                    numbers[0] < low or (high is not None and numbers[0] > high)
                ):
                    shown = f"{low}–{high}" if high is not None else f"at least {low}"
                    yield Finding(
                        event.id,
                        path,
                        f"its text {figure.text!r} says {numbers[0]}, outside its range {shown}",
                    )


def _holder_findings(events: Sequence[Event]) -> Iterator[Finding]:
    captures: dict[str, list[Capture]] = {}
    for event in events:
        if isinstance(event, Capture):
            captures.setdefault(event.place, []).append(event)
    for place, items in captures.items():
        for i, a in enumerate(items):
            for b in items[i + 1 :]:
                if a.by == b.by:
                    continue
                same = (
                    a.when.overlaps(b.when) is Tri.YES
                    or a.when.during(b.when) is Tri.YES
                    or b.when.during(a.when) is Tri.YES
                )
                if same:
                    yield Finding(
                        b.id,
                        "by",
                        f"{place!r} is taken by {b.by!r} here and by {a.by!r} in event "
                        f"{a.id!r} over certainly overlapping spans "
                        f"({b.when.display()} / {a.when.display()}): two holders at once",
                    )


def _term_findings(events: Sequence[Event]) -> Iterator[Finding]:
    """A dated term set for a date certainly before the report of its agreement."""
    for event in events:
        terms: tuple[Term, ...] = getattr(event, "dated_terms", ())
        for i, term in enumerate(terms):
            start = term.due_from
            if isinstance(start, When) and start.before(event.when) is Tri.YES:
                agreement = getattr(event, "agreement", None) or getattr(event, "ceasefire", "")
                yield Finding(
                    event.id,
                    f"dated_terms[{i}].when",
                    f"the {term.kind} term {term.summary!r} is dated {term.when.display()}, "
                    f"before its agreement {agreement!r} of {event.when.display()}",
                )


# -- one incident told twice ------------------------------------------------------------------

#: The longest span a report's date may cover and still be "a day" (an overnight shelling
#: straddles two calendar days).
_MAX_DAYS = 2


def told_twice(
    reports: Mapping[str, Sequence[Event]],
    lookup: Callable[[str], Event | None] = lambda _: None,
) -> list[Finding]:
    """Casualty reports from different files that may tell one incident twice.

    ``reports`` maps where events come from (a file, a stream and its reported
    day) to its events. Two casualty reports from different origins are found
    when they give the same side a figure in the same category, at the same
    place on the same day, and neither names the other's incident (directly
    or through the reports it names): added up, their figures count the
    dead twice if it is one incident. The place and day are the incident's
    (the event a report names), else the report's own; a report with no
    place, or dated to more than a day or two, is not compared. ``lookup``
    finds incidents that are not among ``reports`` (a store's ``get``).
    """
    events = {e.id: e for group in reports.values() for e in group}

    def find(event_id: str) -> Event | None:
        found = events.get(event_id)
        return found if found is not None else lookup(event_id)

    def root(report: CasualtyReport) -> str:
        seen = {report.id}
        incident = report.incident or report.id
        while incident not in seen:
            seen.add(incident)
            found = find(incident)
            if not isinstance(found, CasualtyReport) or found.incident is None:
                break
            incident = found.incident
        return incident

    told: list[tuple[str, CasualtyReport, str, frozenset[str], frozenset[date]]] = []
    for origin, group in reports.items():
        for event in group:
            if not isinstance(event, CasualtyReport):
                continue
            incident = root(event)
            where = find(incident) or event
            places = frozenset(where.places or event.places)
            days = _days(where.when)
            if places and days:
                told.append((origin, event, incident, places, days))
    findings: list[Finding] = []
    asked: set[tuple[str, str]] = set()  # once per report and incident, not per report on it
    for i, (origin_a, a, incident_a, places_a, days_a) in enumerate(told):
        for origin_b, b, incident_b, places_b, days_b in told[i + 1 :]:
            if origin_a == origin_b or incident_a == incident_b or a.side != b.side:
                continue
            if (b.id, incident_a) in asked:
                continue
            place = sorted(places_a & places_b)
            day = sorted(days_a & days_b)
            categories = [c for c in CASUALTY_CATEGORIES if c in a.figures() and c in b.figures()]
            if not place or not day or not categories:
                continue
            asked.add((b.id, incident_a))
            findings.append(
                Finding(
                    b.id,
                    "incident",
                    f"is it the same incident as report {a.id!r}? Both give {a.side!r} "
                    f"{categories[0].replace('_', ' ')} at {place[0]!r} on {day[0].isoformat()}, "
                    f"from {origin_b} and {origin_a}, and neither names the other's incident "
                    f"({incident_b!r}, {incident_a!r}); added up they count twice. If it is "
                    f"one incident, set incident = {incident_a!r} here (its figures then give "
                    "a range)",
                )
            )
    return findings


def _days(when: When) -> frozenset[date]:
    """The calendar days (in the date's own zone) a short date covers; empty for a long one."""
    first, end = when.earliest, when.latest
    if first is None or end is None:
        return frozenset()
    last = (end - timedelta(microseconds=1)).date()
    start = first.date()
    if (last - start).days >= _MAX_DAYS:
        return frozenset()
    return frozenset(start + timedelta(days=n) for n in range((last - start).days + 1))
