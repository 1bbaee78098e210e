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
from collections.abc import Container, Iterator, Sequence
from typing import Any

import attrs

from timeline.conflict import Capture, Term
from timeline.events import Claim, Contradiction, Correction, Event, Figure, Retraction
from timeline.events.references import references
from timeline.store.catalog import Catalog
from timeline.time import Tri, When

__all__ = ["Finding", "review"]

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
      exports and stores may hold them), and a report's ``incident`` likewise;
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
        incident = getattr(event, "incident", None)
        if isinstance(incident, str) and incident not in ids:
            findings.append(Finding(event.id, "incident", f"names an unknown event {incident!r}"))
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
