"""The Idlib record over recorded time: both seed files, each report on the day it became known.

``make demo`` loads ``seeds/idlib-2020.toml`` (one report, 3 February 2020)
and then ``seeds/idlib-2020-followup.toml`` (the reporting of the weeks
after) into one store. The follow-up is not one report but many, each
citation with its own ``reported`` day, so :func:`load_by_report_day`
appends its events in batches, one per day an event first became known,
each batch with that day as its reported time
(:attr:`~timeline.store.Recorded.reported_at`). Projections' ``known_at``
then answers "what did the record say on 4 February?" as it stood then.

:func:`contrast` prints the state of the conflict at one valid time as known
at two recorded times (:data:`KNOWN_AT`: 4 February and 6 March 2020): what
changed in control, agreements and their dated terms, operations and
casualty tallies.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from timeline.conflict import ConflictState, conflict_snapshot
from timeline.events import Event, Gazetteer, Source
from timeline.io import check_against, load_into
from timeline.store import ANY, EventStore
from timeline.time import Tri, When

__all__ = [
    "FOLLOWUP",
    "KNOWN_AT",
    "RECORD_TITLE",
    "contrast",
    "find_followup",
    "known_at",
    "load_by_report_day",
    "load_record",
    "report_day",
]

FOLLOWUP = "seeds/idlib-2020-followup.toml"
"""The follow-up seed's path, relative to the repository root."""

RECORD_TITLE = "Idlib, early 2020: the report of 3 February and the weeks after"
"""The title of documents of the record of both files (a store of two streams has none)."""

KNOWN_AT: tuple[str, str] = ("2020-02-04", "2020-03-06")
"""The two recorded days the demo contrasts: the day after the first report, and 6 March."""

_ZONE = "Asia/Damascus"


def find_followup(seed: Path) -> Path | None:
    """The follow-up file next to ``seed`` (the first file), if there is one."""
    candidate = seed.with_name(Path(FOLLOWUP).name)
    return candidate if candidate.is_file() and candidate != seed else None


def report_day(event: Event) -> datetime | None:
    """When ``event`` became known: the first day one of its citations was certainly reported.

    For each citation, the last day its ``reported`` date covers (a report
    dated ``[..2020-02-04]``, "by 4 February", was known by 4 February); of
    those, the earliest; at 00:00 UTC, as :func:`~timeline.io.load_into`
    records a file's day. ``None`` when no citation gives a reported date.
    """
    days = []
    for citation in event.citations:
        reported = citation.reported
        if reported is None or reported.latest is None:
            continue
        days.append((reported.latest - timedelta(seconds=1)).date())  # latest is exclusive
    if not days:
        return None
    first = min(days)
    return datetime(first.year, first.month, first.day, tzinfo=UTC)


def load_by_report_day(store: EventStore, path: str | os.PathLike[str]) -> tuple[int, int]:
    """Load the stream file at ``path`` into ``store``, each event on the day it became known.

    The whole file is checked against the store first
    (:func:`~timeline.io.check_against`); a file with any problem appends
    nothing. Its events are then appended in one atomic append, grouped by
    report day (:func:`report_day`), earliest first, each event reported at
    its day, the file's catalog with the first group; an event with no
    reported date goes with the file's own day (the default of
    :func:`~timeline.io.load_into`). Loading again appends nothing.

    Returns:
        (events newly appended, report days).
    """
    prepared = check_against(store, path)
    batches: dict[datetime | None, list[Event]] = defaultdict(list)
    for event in prepared.stream.events:
        batches[report_day(event)].append(event)
    fallback = _file_day(prepared.stream.meta.reference)
    days = sorted(batches, key=lambda day: day or fallback or datetime.min.replace(tzinfo=UTC))
    declarations = list(prepared.declarations)
    events: list[Event] = []
    reported: list[datetime | None] = []
    for day in days:
        group = [*declarations, *batches[day]] if not events else batches[day]
        events.extend(group)
        reported.extend([day or fallback] * len(group))
    held = store.head
    result = store.append(prepared.target, events, expected_version=ANY, reported_at=reported)
    # The declarations come first; count the file's own events that are new (past the old head).
    appended = sum(1 for position in result.positions[len(declarations) :] if position > held)
    return appended, len(days)


def _file_day(reference: date | None) -> datetime | None:
    """The file's reference day at 00:00 UTC, as :func:`~timeline.io.load_into` records it."""
    if reference is None:
        return None
    return datetime(reference.year, reference.month, reference.day, tzinfo=UTC)


def load_record(store: EventStore, seed: Path, followup: Path | None) -> list[tuple[Path, int]]:
    """Load the first file (one report: its day) and the follow-up (by report day) into ``store``.

    Returns each file with the number of its events newly appended.
    """
    loaded = [(seed, load_into(store, seed).appended)]
    if followup is not None:
        loaded.append((followup, load_by_report_day(store, followup)[0]))
    return loaded


def known_at(day: str) -> datetime:
    """The end of ``day`` in Idlib time, as a recorded time for ``known_at``."""
    end = When.parse(day, tz=_ZONE).latest_ts  # exclusive: the next day's first second
    assert end is not None  # a day always has an end
    return datetime.fromtimestamp(end - 1, tz=UTC)


# -- the contrast ------------------------------------------------------------------------------


def contrast(
    store: EventStore,
    at: str,
    names: Gazetteer,
    sources: Mapping[str, Source],
    days: Sequence[str] = KNOWN_AT,
) -> list[str]:
    """The state at the end of ``at`` as known at the end of each of ``days``, side by side."""
    when = When.parse(at, tz=_ZONE)
    heading = f"The record over time: the state at the end of {when.display()}, as known at"
    lines = [heading, "-" * len(heading)]
    for day in days:
        state = conflict_snapshot(store, at=when, known_at=known_at(day))
        lines.append(f"… the end of {When.parse(day, tz=_ZONE).display()}:")
        lines += [f"  {row}" for row in _summary(state, when, names, sources)]
    return lines


def _summary(
    state: ConflictState, at: When, names: Gazetteer, sources: Mapping[str, Source]
) -> list[str]:
    rows = []
    for place, control in state.control.items():
        holders = sorted(_name(h, names) for h in control.possible_holders if h is not None)
        if not holders:
            continue
        how = "held by" if control.certain else "possibly held by"
        rows.append(f"{_name(place, names)}: {how} {' or '.join(holders)}")
    for standing in state.standings().values():
        chain = "; ".join(str(link) for link in standing.chain)
        amended = ", ".join(link.source for link in standing.amended_by)
        row = f"{standing.kind} {standing.accord}: in force? {_tri(standing.in_force)}"
        row += f" (via {chain})" if chain else ""
        rows.append(row + (f"; amended by {amended}" if amended else ""))
    for term in state.dated_terms(at):
        rows.append(f"  term {term.term.kind.value} ({term.term.when.display()}): {term.status}")
    for operation in state.operations.values():
        if operation.launched is not None and operation.name is not None:
            per = sorted(
                {c.source or "unattributed" for s in operation.launches for c in s.citations}
            )
            rows.append(
                f"{operation.name}: launched {operation.launched.display()} "
                f"(that date per {', '.join(_source(p, sources) for p in per)})"
            )
    for tally in state.tallies():
        for incident in tally.by_incident:
            if len(incident.claims) > 1:
                said = "; ".join(
                    f"{c.figure} ({_source(c.source or 'unattributed', sources)}"
                    + (f", {c.reported.display()})" if c.reported is not None else ")")
                    for c in incident.claims
                )
                low, high = incident.range
                span = f"{low}–{high}" if high is not None and high != low else f"{low}"
                rows.append(
                    f"{_name(tally.side, names)} {tally.category.replace('_', ' ')}, "
                    f"incident {incident.incident}: {span}: {said}"
                )
    return rows or ["nothing reported yet"]


def _tri(value: Tri) -> str:
    return {Tri.YES: "yes", Tri.NO: "no", Tri.MAYBE: "maybe"}[value]


def _source(source_id: str, sources: Mapping[str, Source]) -> str:
    source = sources.get(source_id)
    return source_id if source is None else source.name.split(", ")[0]


def _name(name: str, names: Gazetteer) -> str:
    entity = names.get(name)
    return name if entity is None else entity.name
