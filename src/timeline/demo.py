"""``make demo``: the Idlib seed streams, loaded, as a chronology and snapshots.

Run as ``python -m timeline.demo [SEED]``. The seed (``seeds/idlib-2020.toml``,
modelled from a report published on Monday 3 February 2020) is validated and
loaded into the embedded default store (a :class:`~timeline.store.SQLiteStore`
file, ``idlib.db`` in the output folder), and with it the follow-up file
next to it (``seeds/idlib-2020-followup.toml``, the reporting of the weeks
after), each of its reports on the day it became known
(:mod:`timeline.demo_contrast`). Both are loaded a second time to show that
nothing new is appended, and printed, with names and sources read from the
store's own catalog, as:

* the chronology, in valid-time order (earliest first, the wider span first,
  then store position): each event's date as precise as the report makes it,
  its kind, its summary, the phrase it was dated by, and who says so with
  what stance;
* the state of the conflict at the end of 15 January and of 3 February 2020
  (Idlib time): agreements and ceasefires, who holds which place since when,
  casualty figures as ranges with their sources and the sources that decline
  to confirm, contested claims, displacement and refugee figures. Facts that
  only possibly hold at that date are marked "possibly";
* the record over recorded time: the state at the end of 6 March 2020 as
  known at 4 February and as known at 6 March
  (:func:`timeline.demo_contrast.contrast`).

It then writes the documents of :data:`DOCUMENTS` (the Markdown chronology,
the HTML page, iCalendar, TimelineJS and the snapshot reports) from that
store into the folder given by ``--out`` (default ``out/idlib-2020``) and
prints where. They are the documents the stream file itself gives: the
store holds the whole record.
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from timeline.conflict import ConflictState, Status, conflict_snapshot
from timeline.demo_contrast import RECORD_TITLE, contrast, find_followup, load_record
from timeline.events import Citation, Event, Gazetteer, Source
from timeline.io import load_stream
from timeline.projections import Catalog, Chronology
from timeline.store import EventStore, SQLiteStore
from timeline.time import Tri, When

__all__ = [
    "CONTRAST_DAY",
    "DOCUMENTS",
    "SEED",
    "SNAPSHOT_DAYS",
    "ZONE",
    "find_seed",
    "main",
    "render",
    "write_documents",
]

SEED = "seeds/idlib-2020.toml"
"""The seed's path, relative to the repository root."""

ZONE = "Asia/Damascus"
"""The zone the snapshot days are read in (the seed's zone)."""

SNAPSHOT_DAYS: tuple[str, ...] = ("2020-01-15", "2020-02-03", "2020-03-06")
"""The days the state is shown at: mid-January, the day of the report, the day of the ceasefire."""

CONTRAST_DAY = "2020-03-06"
"""The valid time of the known-at contrast (:func:`timeline.demo_contrast.contrast`)."""

_WIDTH = 100


#: Sources by id, as the store's catalog holds them.
Sources = Mapping[str, Source]


def find_seed() -> Path:
    """The seed file: next to the source tree (a clone), else under the working directory.

    Raises :class:`FileNotFoundError` naming both places looked in.
    """
    candidates = [Path(__file__).resolve().parents[2] / SEED, Path.cwd() / SEED]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    looked = " and ".join(str(c) for c in candidates)
    raise FileNotFoundError(
        f"the Idlib seed is not at {looked}; run the demo from a clone of the repository "
        "or pass the seed's path: python -m timeline.demo path/to/idlib-2020.toml"
    )


def render(seed: str | Path | None = None, store_path: str | Path | None = None) -> str:
    """The demo's text for the seed at ``seed`` (default: :func:`find_seed`).

    The seed, and the follow-up file next to it if there is one, are loaded
    into the SQLite store at ``store_path`` (default: a temporary file,
    removed afterwards); a store that exists is replaced.
    """
    path = Path(seed) if seed is not None else find_seed()
    if store_path is None:
        with tempfile.TemporaryDirectory() as scratch:
            return render(path, Path(scratch) / "idlib.db")
    store_file = Path(store_path)
    store_file.unlink(missing_ok=True)
    followup = find_followup(path)
    with SQLiteStore(store_file) as store:
        first = load_record(store, path, followup)
        again = load_record(store, path, followup)
        name = load_stream(path).meta.name  # the first file's stream: its title and settings
        return _text(store, name, first, again)


def _text(
    store: SQLiteStore,
    name: str,
    first: Sequence[tuple[Path, int]],
    again: Sequence[tuple[Path, int]],
) -> str:
    catalog = Catalog.of(store)  # names, grades and settings come from the store itself
    settings = catalog.settings(name)
    names = catalog.gazetteer()
    sources = catalog.sources
    title = catalog.title(name) or name
    lines = [title, "=" * len(title), ""]
    for (path, appended), (_, repeated) in zip(first, again, strict=True):
        lines.append(
            f"{path.name}: {appended} events loaded into a SQLite store; loaded again: "
            f"{repeated} new (ids are stable, re-appends are no-ops)."
        )
    lines.append(f"Streams: {', '.join(repr(s) for s in store.streams())}.")
    reference = None if settings is None else settings.reference_day
    if reference is not None:
        lines.append(
            f"Relative dates resolved against {reference:%A} {reference.day} "
            f"{reference:%B %Y} ({catalog.zone(name)})."
        )
    lines += ["", *_chronology(store, sources, names)]
    for day in SNAPSHOT_DAYS:
        at = When.parse(day, tz=ZONE)
        lines += ["", *_snapshot(conflict_snapshot(store, at=at), at, sources, names)]
    lines += ["", *contrast(store, CONTRAST_DAY, names, sources)]
    return "\n".join(lines)


# -- the chronology ---------------------------------------------------------------------------


def _chronology(store: EventStore, sources: Sources, names: Gazetteer) -> list[str]:
    records = Chronology(store, gazetteer=names, live=False).query()
    heading = f"Chronology: {len(records)} events in valid-time order"
    lines = [heading, "-" * len(heading)]
    width = max(len(r.event.when.display()) for r in records)
    kind_width = max(len(_kind(r.event)) for r in records)
    indent = " " * (width + kind_width + 4)
    for recorded in records:
        event = recorded.event
        lines.append(
            f"{event.when.display().ljust(width)}  {_kind(event).ljust(kind_width)}  "
            f"{event.summary}"
        )
        details = []
        if event.when.phrase is not None:
            details.append(f'dated "{event.when.phrase}"')
        details.append("per " + "; ".join(_citation(c, sources) for c in event.citations))
        lines.append(indent + " · ".join(details))
    return lines


def _kind(event: Event) -> str:
    return event.kind.removeprefix("conflict.")


def _citation(citation: Citation, sources: Sources) -> str:
    text = f"{_source(citation.source, sources)} ({citation.stance})"
    if citation.via is not None:
        text += f" via {_source(citation.via, sources)}"
    return text


def _source(source_id: str | None, sources: Sources) -> str:
    if source_id is None:
        return "unattributed"
    source = sources.get(source_id)
    return source_id if source is None else source.name.split(" (")[0].split(", ")[0]


def _name(name: str | None, names: Gazetteer) -> str:
    if name is None:
        return "unknown"
    entity = names.get(name)
    return name if entity is None else entity.name


# -- the snapshot ----------------------------------------------------------------------------


def _snapshot(state: ConflictState, at: When, sources: Sources, names: Gazetteer) -> list[str]:
    heading = f"State at the end of {at.display()} ({ZONE}), as recorded now"
    lines = [heading, "-" * len(heading)]
    lines += _section("Agreements and ceasefires", _accords(state, names))
    lines += _section("Control", _control(state, names))
    lines += _section("Operations", _operations(state, names))
    lines += _section("Casualties (ranges over sources)", _casualties(state, sources, names))
    lines += _section("Contested claims", _contests(state, sources))
    lines += _section("Displacement and refugees", _people(state, sources, names))
    return lines


def _section(title: str, rows: Sequence[str]) -> list[str]:
    return [f"{title}:", *(f"  {row}" for row in (rows or ["nothing reported yet"]))]


def _possibly(certain: bool) -> str:
    return "" if certain else "possibly "


def _accords(state: ConflictState, names: Gazetteer) -> list[str]:
    rows = []
    for accord in (*state.agreements.values(), *state.ceasefires.values()):
        if accord.status is None:
            continue
        parties = " and ".join(_name(p, names) for p in accord.parties) or "unnamed parties"
        what = f"{accord.kind} {accord.id} ({parties})"
        holds = accord.holds(accord.status)
        status = f"{'' if holds is Tri.YES else 'possibly '}{accord.status}"
        since = "" if accord.since is None else f" ({accord.since.display()})"
        row = f"{what}: {status}{since}"
        if accord.kind == "ceasefire":
            row += f"; in force? {_tri(accord.holds(Status.IN_FORCE))}"
        rows.append(row)
    return rows


def _tri(value: Tri) -> str:
    return {Tri.YES: "yes", Tri.NO: "no", Tri.MAYBE: "maybe"}[value]


def _control(state: ConflictState, names: Gazetteer) -> list[str]:
    rows = []
    for place, control in state.control.items():
        if control.holder is None:
            continue
        since = "" if control.since is None else f" since {control.since.display()}"
        rows.append(
            f"{_name(place, names)}: {_possibly(control.certain)}held by "
            f"{_name(control.holder, names)}{since}"
        )
    return rows


def _operations(state: ConflictState, names: Gazetteer) -> list[str]:
    rows = []
    for operation in state.operations.values():
        launched = ""
        if operation.launched is not None:
            verb = "launched" if any(s.certain for s in operation.launches) else "possibly launched"
            launched = f" {verb} {operation.launched.display()}"
        # No end in the stream is not evidence that it goes on: say only what is reported.
        if operation.ended is None:
            ended = "; no end reported"
        else:
            certainly = any(s.certain for s in operation.ends)
            ended = f", {'ended' if certainly else 'possibly ended'} {operation.ended.display()}"
        rows.append(
            f"{operation.name or operation.id} by {_name(operation.by, names)}{launched}{ended}"
        )
    return rows


def _casualties(state: ConflictState, sources: Sources, names: Gazetteer) -> list[str]:
    rows = []
    for tally in state.tallies():
        low, high = tally.range
        span = str(low) if low == high else f"{low}–{high}" if high is not None else f"{low}+"
        by = ", ".join(f"{_source(c.source, sources)}: {c.figure}" for c in tally.claims)
        if tally.summed:  # several incidents: a total nobody gave, and the demo says so
            span += f", a sum of ranges over {len(tally.incidents)} incidents"
        row = f"{_name(tally.side, names)}, {tally.category.replace('_', ' ')}: {span} ({by})"
        for objection in tally.objections:
            row += f"; {_source(objection.source, sources)} {objection.stance}"
        parts = _parts(tally.claims[0].figure.parts.items(), names) if tally.claims else ""
        rows.append(row + (f" [{parts}]" if parts else "") + _unsure(tally.certain))
    return rows


def _parts(parts: Iterable[tuple[str, object]], names: Gazetteer) -> str:
    # Largest first: a store gives a figure's parts in canonical (sorted) order, not as
    # written, so the demo orders them itself.
    ordered = sorted(parts, key=lambda part: (-(getattr(part[1], "low", None) or 0), part[0]))
    return ", ".join(f"{_name(name, names)} {figure}" for name, figure in ordered)


def _unsure(certain: bool) -> str:
    return "" if certain else " (possibly not yet)"


def _contests(state: ConflictState, sources: Sources) -> list[str]:
    rows = []
    for contest in state.contests:
        for side in contest.sides:
            who = ", ".join(_source(s, sources) for s in side.sources) or "unattributed"
            rows.append(f"{who} ({side.stance}): {side.summary}")
        rows.append("  ↳ these cannot all be true" + _unsure(contest.certain))
    return rows


def _people(state: ConflictState, sources: Sources, names: Gazetteer) -> list[str]:
    rows = []
    for fact in state.latest_displacement():
        toward = "" if fact.toward is None else f" toward {_name(fact.toward, names)}"
        origin = "" if fact.from_ is None else f" from {_name(fact.from_, names)}"
        per = ", ".join(_source(s, sources) for s in fact.sources)
        rows.append(
            f"{fact.people} people on the move{origin}{toward} "
            f"({fact.when.display()}, per {per}){_unsure(fact.certain)}"
        )
    for refugees in state.latest_refugees():
        per = ", ".join(_source(s, sources) for s in refugees.sources)
        rows.append(
            f"{_name(refugees.host, names)} hosts {refugees.figure} "
            f"{refugees.refugees} ({refugees.when.display()}, "
            f"per {per}){_unsure(refugees.certain)}"
        )
    return rows


DOCUMENTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("chronology.md", ("render", "--format", "md", "--mermaid", "--title", RECORD_TITLE)),
    ("timeline.html", ("render", "--format", "html", "--title", RECORD_TITLE)),
    ("timeline.ics", ("render", "--format", "ics", "--title", RECORD_TITLE)),
    ("timelinejs.json", ("render", "--format", "timelinejs", "--title", RECORD_TITLE)),
    ("snapshot-2020-01-15.md", ("snapshot", "--at", "2020-01-15")),
    ("snapshot-2020-02-03.md", ("snapshot", "--at", "2020-02-03")),
    ("snapshot-2020-02-03.json", ("snapshot", "--at", "2020-02-03", "--format", "json")),
    ("snapshot-2020-03-06.md", ("snapshot", "--at", "2020-03-06")),
    (
        "snapshot-2020-03-06-known-2020-02-04.md",
        ("snapshot", "--at", "2020-03-06", "--known-at", "2020-02-04"),
    ),
)
"""The documents ``make demo`` writes: file name and the ``timeline`` command that makes it."""


def write_documents(seed: Path, out: Path) -> list[Path]:
    """Render ``seed`` (a stream file or a store) into ``out`` with the ``timeline`` command."""
    from timeline.cli import main as timeline_command

    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (command, *options) in DOCUMENTS:
        target = out / name
        status = timeline_command([command, str(seed), *options, "-o", str(target)])
        if status != 0:
            raise RuntimeError(f"timeline {command} {' '.join(options)} failed with {status}")
        written.append(target)
    return written


def main(argv: Sequence[str] | None = None) -> None:
    """Print the demo and write the Idlib documents (``--out``, default ``out/idlib-2020``)."""
    parser = argparse.ArgumentParser(
        prog="python -m timeline.demo",
        description="The Idlib seed as a chronology and snapshots, printed and rendered to files.",
    )
    parser.add_argument("seed", nargs="?", help=f"the stream file (default: {SEED})")
    parser.add_argument(
        "--out",
        default="out/idlib-2020",
        help="the folder the documents are written into (default: out/idlib-2020)",
    )
    parser.add_argument(
        "--ged",
        action="store_true",
        help="also import the shared UCDP GED file and print the Idlib context from it",
    )
    args = parser.parse_args(argv)
    seed = Path(args.seed) if args.seed is not None else find_seed()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    store = out / "idlib.db"
    print(render(seed, store))
    written = write_documents(store, out)  # from the store: the same documents as the file
    print()
    print(f"Store and documents written to {out.resolve()}:")
    for path in [store, *written]:
        print(f"  {path.name}")
    if args.ged:  # the optional step: GED beside the article (timeline.idlib_context)
        from timeline.errors import TimelineError
        from timeline.idlib_context import build_context, render_text

        try:
            context = build_context(seed=seed)
        except (FileNotFoundError, TimelineError) as error:
            raise SystemExit(f"python -m timeline.demo --ged: {error}") from None
        print()
        print(render_text(context))


if __name__ == "__main__":
    main()
