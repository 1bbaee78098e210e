"""The snapshot report: the conflict pack's state at a valid time, as known at a recorded time.

:func:`build_snapshot` folds a store with
:class:`~timeline.conflict.ConflictProjection` through
:func:`timeline.projections.snapshot` (``at`` the valid time, ``known_at`` the
recorded time) and turns the :class:`~timeline.conflict.ConflictState` into a
:class:`SnapshotReport`: sections of items (who holds which place, the status
of agreements and ceasefires, operations not known to have ended (launched,
with no end reported: never called "under way"), casualty ranges with every
source's figure and the objections, displacement and refugee figures,
contested claims with every side). An item that comes from an event whose
span straddles ``at`` (it may or may not have happened by then) is marked
*possibly holds*; nothing is silently taken as certain.

:func:`render_snapshot_markdown` and :func:`render_snapshot_json` write the
report; both carry the same provenance as every document.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import attrs

from timeline.conflict import (
    Accord,
    ConflictProjection,
    ConflictState,
    Contest,
    Control,
    Fact,
    Link,
    Operation,
    Standing,
    Status,
    Tally,
    TermState,
    TermStatus,
)
from timeline.events import Citation, Gazetteer, Source, Stance
from timeline.projections import Catalog, snapshot
from timeline.render._casualties import _figure, _when, tally_text_and_data
from timeline.render._common import local_span, main_zone
from timeline.render._states import holds_block, state_block, tri_values
from timeline.render.document import Document, Provenance, RenderError, build_document
from timeline.render.markdown import escape_markdown
from timeline.store import EventStore, Recorded
from timeline.time import Tri, When
from timeline.time.calendar import civil_from_days, days_from_civil

__all__ = [
    "SnapshotItem",
    "SnapshotReport",
    "SnapshotSection",
    "build_snapshot",
    "html_states",
    "render_snapshot_json",
    "render_snapshot_markdown",
    "snapshot_data",
]


@attrs.frozen
class SnapshotItem:
    """One fact of the snapshot, in words and as data.

    Attributes:
        text: the fact in one line ("Nairab: held by Syrian government since 3 February 2020").
        certain: False when it comes from an event that only possibly happened by then.
        sources: ids of the sources behind it.
        events: ids of the events behind it.
        data: the fact as JSON-ready data (ranges, figures per source, statuses).
        state: every state it may be be in, and the certain one, if any:
            ``{"of": "status", "certain": False, "value": None, "possible":
            ["collapsed", "in force", None]}``; ``None`` for a fact that holds
            or only possibly holds (``{"of": "holds", ...}`` in JSON).
    """

    text: str
    certain: bool
    sources: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    data: Mapping[str, Any] = attrs.field(factory=dict)
    state: Mapping[str, Any] | None = None


@attrs.frozen
class SnapshotSection:
    """A titled group of items ("Control of places", "Casualties"...)."""

    title: str
    items: tuple[SnapshotItem, ...]


@attrs.frozen
class SnapshotReport:
    """The state at :attr:`at` as known at :attr:`known_at`, ready to render.

    Attributes:
        title: the report's title.
        at: the valid time asked about.
        known_at: the recorded time asked about (``None``: everything recorded).
        state: the :class:`~timeline.conflict.ConflictState`, facts marked certain or not.
        sections: the state in words, section by section.
        sources: the sources registry, for names.
        provenance: what the report was made from.
    """

    title: str
    at: When
    known_at: datetime | None
    state: ConflictState
    sections: tuple[SnapshotSection, ...]
    sources: Mapping[str, Source]
    provenance: Provenance


class _Names:
    def __init__(self, sources: Mapping[str, Source], gazetteer: Gazetteer | None) -> None:
        self.sources = sources
        self.gazetteer = gazetteer

    def of(self, entity: str | None) -> str:
        if entity is None:
            return "unknown"
        if self.gazetteer is not None:
            found = self.gazetteer.get(entity)
            if found is not None:
                return found.name
        return entity

    def source(self, source: str | None) -> str:
        if source is None:
            return "unattributed"
        found = self.sources.get(source)
        return found.name if found is not None else source


def _asserting(citations: Iterable[Citation]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c.source for c in citations if c.stance is Stance.ASSERTS))


def _control(names: _Names, control: Control) -> SnapshotItem:
    # The state's own answer, never the last change in the list: changes are in
    # valid-time order, which is not always the order in which they took effect.
    latest = control.latest
    if latest is None:  # pragma: no cover - a control with changes always has a current one
        raise RenderError(f"snapshot: no current holder of {control.place!r}")
    text = f"{names.of(control.place)}: held by {names.of(control.holder)} {_since(control.since)}"
    if not control.certain:
        before = control.certain_holder
        text += " (the capture may not have happened by then"
        text += f"; before it: {names.of(before)})" if before is not None else ")"
    return SnapshotItem(
        text,
        control.certain,
        _asserting(latest.citations),
        tuple(c.event for c in control.changes),
        {
            "place": control.place,
            # Only a certain holder: a possible one is in the item's state (possible).
            "holder": control.holder if control.certain else None,
            "since": _when(control.since),
            "certain_holder": control.certain_holder,
            "changes": [
                {"holder": c.holder, "when": _when(c.when), "event": c.event, "certain": c.certain}
                for c in control.changes
            ],
        },
        state_block("holder", control.possible_holders),
    )


def _since(when: When | None) -> str:
    """``"since 3 February 2020"``; for an uncertain point, ``"since sometime between …"``."""
    return f"since sometime {when}" if when is not None and when.is_point else f"since {when}"


def _accord_name(state: ConflictState, accord_id: str) -> str:
    """``"the Sochi memorandum of 17 September 2018"``, as far as the state knows it."""
    accord = state.accord(accord_id)
    if accord is None:
        return accord_id
    signed = accord.signed
    if accord.name is None or signed is None:
        return accord.name or accord_id
    return f"{accord.name} of {signed.display()}"


def _link(link: Link) -> dict[str, Any]:
    return {
        "source": link.source,
        "type": link.type.value,
        "target": link.target,
        "event": link.event,
        "certain": link.certain,
    }


def _accord(
    names: _Names, accord: Accord, state: ConflictState, standing: Standing | None
) -> SnapshotItem:
    # The state's own answer (its status and the change that set it), never the
    # last change in the list (see _control).
    latest = accord.latest
    if latest is None:  # pragma: no cover - an accord with changes always has a current one
        raise RenderError(f"snapshot: no current status of {accord.id!r}")
    if accord.certain:
        status_text = f"{accord.status} {_since(accord.since)}"
    else:
        steps = [
            f"{'certainly' if c.certain else 'possibly'} {c.status} ({c.when})"
            for c in accord.changes
            if not c.certain or c.status is accord.certain_status
        ]
        status_text = "; ".join(steps)
    text = f"{names.of(accord.id)} ({accord.kind}): {status_text}"
    if accord.parties:
        text += f"; parties {', '.join(names.of(p) for p in accord.parties)}"
    own = [k for k in state.links if k.source == accord.id]
    if own:
        text += "; " + "; ".join(f"{k.type} {_accord_name(state, k.target)}" for k in own)
    statuses = [None if s is None else str(s) for s in accord.possible_statuses]
    return SnapshotItem(
        text,
        accord.certain,
        _asserting(latest.citations),
        tuple(c.event for c in accord.changes),
        {
            "id": accord.id,
            "kind": accord.kind,
            "name": accord.name,
            # Only a certain status: the possible ones are in the item's state (possible).
            "status": str(accord.status) if accord.certain else None,
            "certain_status": None if accord.certain_status is None else str(accord.certain_status),
            "since": _when(accord.since),
            "parties": list(accord.parties),
            "terms": accord.terms,
            "relations": [_link(k) for k in own],
            "in_force": _in_force(standing),
        },
        state_block("status", statuses),
    )


def _in_force(standing: Standing | None) -> dict[str, Any] | None:
    if standing is None:
        return None
    return {
        "answer": standing.in_force.name.lower(),
        "state": state_block("in_force", tri_values(standing.in_force)),
        "chain": [_link(k) for k in standing.chain],
        "amended_by": [_link(k) for k in standing.amended_by],
        "ended_by": [_link(k) for k in standing.ended_by],
    }


def _standing(state: ConflictState, standing: Standing) -> SnapshotItem:
    """An agreement or ceasefire in force, or possibly: through which chain it stands."""
    name = _accord_name(state, standing.accord)
    answer = "in force" if standing.in_force is Tri.YES else "possibly in force"
    if standing.in_force is Tri.MAYBE and standing.own is Tri.MAYBE:
        accord = state.accord(standing.accord)
        if accord is not None and accord.possible_statuses == frozenset({Status.SIGNED}):
            answer += " (signed, not reported in force)"
    parts = [f"{name} ({standing.kind}): {answer}"]
    for link in standing.chain:
        target = _accord_name(state, link.target)
        if link.source == standing.accord:
            parts.append(f"{link.type} {target}")
        else:
            parts.append(f"which {link.type} {target}")
    for link in standing.amended_by:
        parts.append(f"amended by {_accord_name(state, link.source)}")
    for link in standing.ended_by:
        parts.append(f"possibly {link.type.value[:-1]}ed by {_accord_name(state, link.source)}")
    accord = state.accord(standing.accord)
    facts: list[Fact] = [*standing.chain, *standing.amended_by, *standing.ended_by]
    if accord is not None and accord.latest is not None:
        facts.insert(0, accord.latest)
    events = tuple(c.event for c in accord.changes) if accord is not None else ()
    # Certain when every report behind the answer certainly happened by then; the answer
    # itself (in force, possibly in force) says how far it goes.
    certain = (accord is None or accord.certain) and all(f.certain for f in facts)
    return SnapshotItem(
        "; ".join(parts),
        certain,
        tuple(dict.fromkeys(s for f in facts for s in _asserting(f.citations))),
        tuple(dict.fromkeys([*events, *(f.event for f in facts)])),
        {
            "id": standing.accord,
            "kind": standing.kind,
            **{k: v for k, v in (_in_force(standing) or {}).items() if k != "state"},
        },
        state_block("in_force", tri_values(standing.in_force)),
    )


def _term(state: ConflictState, term: TermState) -> SnapshotItem:
    """A dated term: what it schedules, by which agreement, and whether it is due by then."""
    t = term.term
    text = (
        f"{t.when.display()} · {t.describe()} — set by {_accord_name(state, term.accord)}: "
        f"{term.status}"
    )
    return SnapshotItem(
        text,
        term.status is not TermStatus.POSSIBLY_DUE,
        _asserting(term.citations),
        (term.event,),
        {
            "accord": term.accord,
            "id": t.id,
            "kind": t.kind.value,
            "when": _when(t.when),
            "summary": t.summary,
            "place": t.place,
            "width_km": t.width_km,
            "each_side": t.each_side,
            "status": term.status.value if term.status is not TermStatus.POSSIBLY_DUE else None,
            "set_by_certain_report": term.certain,
        },
        state_block("due", [s.value for s in term.possible_statuses]),
    )


def _operation(names: _Names, operation: Operation) -> SnapshotItem:
    """An operation not known to have ended: what is reported, never "under way".

    The stream not recording an end says nothing of whether the operation goes
    on (:attr:`Operation.active` is MAYBE), so the item says what is known:
    "launched 2016; no end reported".
    """
    who = []
    if operation.by is not None:
        who.append(f"by {names.of(operation.by)}")
    if operation.into is not None:
        who.append(f"into {names.of(operation.into)}")
    parts = [" ".join(who)] if who else []
    launched = any(s.certain for s in operation.launches)
    if operation.launched is not None:
        parts.append(f"{'launched' if launched else 'possibly launched'} {operation.launched}")
    ended = operation.ended
    end = "no end reported" if ended is None else f"possibly ended {ended}"
    name = operation.name or operation.id
    text = f"{name}: {', '.join(parts)}; {end}" if parts else f"{name}: {end}"
    facts: list[Fact] = [*operation.launches, *operation.ends]
    return SnapshotItem(
        text,
        launched and not operation.ends,
        tuple(dict.fromkeys(s for f in facts for s in _asserting(f.citations))),
        tuple(dict.fromkeys(f.event for f in facts)),
        {
            "id": operation.id,
            "name": operation.name,
            "by": operation.by,
            "into": operation.into,
            "launched": _when(operation.launched),
            "ended": _when(ended),
            "active": operation.active.name.lower(),
        },
        state_block("active", tri_values(operation.active)),
    )


def _tally(names: _Names, tally: Tally) -> SnapshotItem:
    text, data = tally_text_and_data(names, tally)
    return SnapshotItem(
        text,
        tally.certain,
        tuple(s for s in tally.sources if s is not None),
        tuple(dict.fromkeys(c.event for c in tally.claims)),
        data,
    )


def _contest(names: _Names, contest: Contest) -> SnapshotItem:
    sides = []
    for side in contest.sides:
        who = ", ".join(names.source(s) for s in side.sources) or "unattributed"
        sides.append(f"{who} ({side.stance}): {side.summary or side.ref}")
    return SnapshotItem(
        "Contested: " + " ⟷ ".join(sides),
        contest.certain,
        tuple(dict.fromkeys(s for side in contest.sides for s in side.sources)),
        tuple(dict.fromkeys(side.event for side in contest.sides)),
        {
            "key": contest.key,
            "sides": [
                {
                    "ref": side.ref,
                    "event": side.event,
                    "stance": side.stance.value,
                    "summary": side.summary,
                    "sources": list(side.sources),
                }
                for side in contest.sides
            ],
        },
    )


def _sections(state: ConflictState, names: _Names, at: When) -> tuple[SnapshotSection, ...]:
    control = [_control(names, c) for _, c in sorted(state.control.items()) if c.changes]
    standings = state.standings()
    accords = [
        _accord(names, a, state, standings.get(a.id) if state.accord(a.id) is a else None)
        for mapping in (state.agreements, state.ceasefires)
        for _, a in sorted(mapping.items())
        if a.changes
    ]
    in_force = [_standing(state, s) for s in state.in_force()]
    terms = [_term(state, t) for t in state.dated_terms(at)]
    operations = [_operation(names, o) for o in state.active_operations]
    tallies = [_tally(names, t) for t in state.tallies()]
    displacement = [
        SnapshotItem(
            f"{f.people} displaced"
            + (f" from {names.of(f.from_)}" if f.from_ else "")
            + (f" toward {names.of(f.toward)}" if f.toward else "")
            + f" ({f.when})",
            f.certain,
            f.sources,
            (f.event,),
            {"people": _figure(f.people), "from": f.from_, "toward": f.toward},
        )
        for f in state.latest_displacement()
    ]
    refugees = [
        SnapshotItem(
            f"{names.of(f.host)} hosts {f.figure} {f.refugees} ({f.when})",
            f.certain,
            f.sources,
            (f.event,),
            {"host": f.host, "population": f.population, "figure": _figure(f.figure)},
        )
        for f in state.latest_refugees()
    ]
    contests = [_contest(names, c) for c in state.contests]
    sections = [
        ("Control of places", control),
        ("Agreements and ceasefires", accords),
        ("In force (agreements and ceasefires)", in_force),
        ("Dated terms (scheduled, not events)", terms),
        ("Operations not known to have ended", operations),
        ("Casualties (ranges over sources)", tallies),
        ("Displacement", displacement),
        ("Refugees", refugees),
        ("Contested claims", contests),
    ]
    return tuple(SnapshotSection(title, tuple(items)) for title, items in sections if items)


def build_snapshot(
    records: EventStore | Iterable[Recorded],
    *,
    at: When | str,
    known_at: datetime | None = None,
    sources: Mapping[str, Source] | Iterable[Source] = (),
    gazetteer: Gazetteer | None = None,
    title: str | None = None,
) -> SnapshotReport:
    """The snapshot report of the conflict state at valid time ``at``, as known at ``known_at``.

    Args:
        records: a store or recorded events (in position order).
        at: the valid time (a ``When`` or EDTF text); the state is taken at its end.
        known_at: a recorded time (aware datetime); ``None`` takes everything recorded.
        sources: sources for names, over those the record declares.
        gazetteer: actors and places, for names (and the projection's name
            matching); default: those the record declares.
        title: the report's title (default: the title the record sets for its
            one stream, else ``"Snapshot: "`` and the stream names).
    """
    if isinstance(at, str):
        try:
            at = When.parse(at)
        except Exception as error:
            raise RenderError(f"snapshot: cannot read the valid time {at!r}: {error}") from error
    items = list(records.read_all()) if isinstance(records, EventStore) else list(records)
    doc = build_document(items, known_at=known_at, sources=sources, gazetteer=gazetteer)
    gazetteer = doc.gazetteer  # the record's own, as known at known_at, unless given
    state = _state(items, at, known_at, gazetteer)
    names = _Names(doc.sources, gazetteer)
    streams = ", ".join(doc.provenance.streams) or "empty record"
    if title is None and len(doc.provenance.streams) == 1:
        title = Catalog.of(items, known_at).title(doc.provenance.streams[0])
    return SnapshotReport(
        title=title or f"Snapshot: {streams}",
        at=at,
        known_at=known_at,
        state=state,
        sections=_sections(state, names, at),
        sources=doc.sources,
        provenance=doc.provenance,
    )


def _state(
    items: list[Recorded], at: When, known_at: datetime | None, gazetteer: Gazetteer | None
) -> ConflictState:
    """The conflict state at ``at`` as known at ``known_at``, facts marked certain or not."""
    projection = ConflictProjection(gazetteer, at=at)
    snap = snapshot(projection, items, at=at, known_at=known_at)
    return snap.possible.marked(snap.is_certain)


def render_snapshot_markdown(report: SnapshotReport) -> str:
    """The snapshot report as Markdown: one section per kind of fact, possible facts marked."""
    prov = report.provenance
    lines = [
        f"# {escape_markdown(report.title)}",
        "",
        f"State at **{escape_markdown(report.at.display())}** (valid time, EDTF "
        f"`{report.at.to_edtf()}`), as known at **{prov.known_at_text}** (recorded time).",
        "",
        "Items marked *possibly holds* come from events that may or may not have happened "
        "by then (their dates straddle it).",
    ]
    if not report.sections:
        lines.extend(["", "Nothing is known to hold at that time."])
    for section in report.sections:
        lines.extend(["", f"## {escape_markdown(section.title)}", ""])
        for item in section.items:
            mark = "" if item.certain else "*possibly holds:* "
            cited = ", ".join(escape_markdown(_source_name(report, s)) for s in item.sources)
            tail = f" — sources: {cited}" if cited else " — no source cited"
            lines.append(f"- {mark}{escape_markdown(item.text)}{tail}")
    lines.extend(["", "## Provenance", ""])
    for line in prov.lines():
        key, _, value = line.partition(": ")
        lines.append(f"- {key}: {escape_markdown(value)}")
    return "\n".join(lines) + "\n"


def _source_name(report: SnapshotReport, source: str) -> str:
    found = report.sources.get(source)
    return found.name if found is not None else source


def snapshot_data(report: SnapshotReport) -> dict[str, Any]:
    """The snapshot report as JSON-ready data."""
    return {
        "title": report.title,
        "at": {
            "edtf": report.at.to_edtf(),
            "display": report.at.display(),
            "tz": report.at.tz,
            "end": report.at.latest_ts,
        },
        "known_at": report.provenance.as_dict()["known_at"],
        "sections": [
            {
                "title": section.title,
                "items": [
                    {
                        "text": item.text,
                        "certain": item.certain,
                        "possibly_holds": not item.certain,
                        "sources": list(item.sources),
                        "events": list(item.events),
                        "state": dict(item.state or holds_block(item.certain)),
                        "data": dict(item.data),
                    }
                    for item in section.items
                ],
            }
            for section in report.sections
        ],
        "sources": {key: report.sources[key].name for key in sorted(report.sources)},
        "provenance": report.provenance.as_dict(),
    }


def render_snapshot_json(report: SnapshotReport) -> str:
    """The snapshot report as JSON text (indented, stable key order, final newline)."""
    return json.dumps(snapshot_data(report), ensure_ascii=False, indent=2) + "\n"


def html_states(
    doc: Document,
    records: EventStore | Iterable[Recorded],
    *,
    gazetteer: Gazetteer | None = None,
    known_at: datetime | None = None,
    limit: int = 60,
    tz: str | None = None,
) -> list[dict[str, Any]]:
    """Snapshot states for the HTML page's snapshot panel, in time order.

    One state at the end of each day (in zone ``tz``; by default the zone most
    of the entries are dated in) on which an entry of ``doc`` may end
    (at most ``limit`` days, evenly spread; each state is a replay of the
    record, so ``limit`` bounds the cost), each ``{"at": epoch seconds,
    "label": str, "sections": [{"title": str, "items": [str, ...]}]}`` as
    :func:`timeline.render.html.render_html` takes them. Without a
    ``gazetteer``, the document's (the record's own actors and places) is used.
    """
    days = sorted(
        {
            days_from_civil(*after) - 1
            for entry in doc.entries
            if entry.event.when.earliest_ts is not None
            and (after := local_span(entry.event.when)[1]) is not None
        }
    )
    if len(days) > limit:
        step = len(days) / limit
        days = [days[int(i * step)] for i in range(limit)] + [days[-1]]
        days = sorted(set(days))
    if tz is None:
        tz = main_zone(entry.event.when for entry in doc.entries)
    items = list(records.read_all()) if isinstance(records, EventStore) else list(records)
    if gazetteer is None:
        gazetteer = doc.gazetteer  # the record's own actors and places
    names = _Names(doc.sources, gazetteer)
    states = []
    for day in days:
        year, month, dom = civil_from_days(day)
        if not 1 <= year <= 9999:
            continue
        at = When.of(year, month, dom, tz=tz)
        sections = _sections(_state(items, at, known_at, gazetteer), names, at)
        states.append(
            {
                "at": at.latest_ts,
                "label": at.display(),
                "sections": [
                    {
                        "title": s.title,
                        "items": [
                            ("" if i.certain else "possibly holds: ") + i.text for i in s.items
                        ],
                    }
                    for s in sections
                ],
            }
        )
    return states
