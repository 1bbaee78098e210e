"""The ``timeline`` command: render, snapshot, validate, import, export, stats.

Run ``timeline --help`` (or ``python -m timeline --help``) for the commands and
``timeline COMMAND --help`` for each one, with an example.

FILE may be a stream file in the authoring format (``.toml``), a JSON Lines
export (``.jsonl``) or a SQLite store (``.db`` / ``.sqlite``; any file that
starts with SQLite's header); other names are told apart by their first bytes.

Dates on the command line (``--from``, ``--to``, ``--at``) are read in the
stream file's zone (``[stream] zone``), as the file's own dates are; for JSON
Lines and SQLite stores, in UTC.

A stream file has no recorded times of its own: its events are recorded at the
stream's ``reference`` day (00:00 UTC), or at 1970-01-01T00:00:00Z when it has
none, so documents made from the same file are byte-identical.

Exit status: 0 on success, 1 when the data is invalid (the message names the
file, the event and the field), 2 on a usage error (a bad option, a missing file).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import IO, Any, NoReturn, TypeVar

import attrs

from timeline import __version__
from timeline.errors import TimelineError
from timeline.events import (
    Claim,
    Contradiction,
    Correction,
    Event,
    Figure,
    Gazetteer,
    Retraction,
    Source,
)
from timeline.store import EventStore, MemoryStore, Recorded, SQLiteStore
from timeline.time import End, Tri, When

__all__ = ["Loaded", "load_file", "main"]

PROG = "timeline"
_SQLITE_MAGIC = b"SQLite format 3\x00"
T = TypeVar("T")


class UsageError(Exception):
    """A problem with how the command was called (exit status 2)."""


class DataError(Exception):
    """Invalid data (exit status 1)."""


# -- loading -------------------------------------------------------------------------


@attrs.define
class Loaded:
    """A FILE opened as a store, with what the file says besides its events.

    Attributes:
        path: the file.
        format: ``"toml"``, ``"jsonl"`` or ``"sqlite"``.
        store: the events, in a store.
        sources: sources declared by a stream file (empty otherwise).
        gazetteer: actors and places declared by a stream file, if any.
        title: the stream file's title, if any.
        catalog: the loaded stream file (``None`` for JSON Lines and SQLite).
    """

    path: str
    format: str
    store: EventStore
    sources: dict[str, Source] = attrs.field(factory=dict)
    gazetteer: Gazetteer | None = None
    title: str | None = None
    catalog: Any = None


def detect_format(path: str) -> str:
    """``"toml"``, ``"jsonl"`` or ``"sqlite"`` for ``path``, by extension then by content."""
    lower = path.lower()
    if lower.endswith(".toml"):
        return "toml"
    if lower.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if lower.endswith((".db", ".sqlite", ".sqlite3")):
        return "sqlite"
    with open(path, "rb") as handle:
        head = handle.read(64)
    if head.startswith(_SQLITE_MAGIC):
        return "sqlite"
    if head.lstrip().startswith(b"{"):
        return "jsonl"
    return "toml"


def zone_of(loaded: Loaded) -> str:
    """The zone dates on the command line are read in: the stream file's, else UTC."""
    meta = getattr(loaded.catalog, "meta", None)
    zone = getattr(meta, "zone", None)
    return zone if isinstance(zone, str) else "UTC"


def _in_zone(when: When | None, zone: str) -> When | None:
    return None if when is None or zone == "UTC" else when.replace(tz=zone)


def _fixed_clock(moment: datetime) -> Callable[[], datetime]:
    return lambda: moment


def load_file(path: str) -> Loaded:
    """Open FILE (a stream file, a JSON Lines export or a SQLite store) as a store.

    Raises:
        UsageError: the file does not exist.
        DataError: the file cannot be read as any of the formats, or its data is invalid.
    """
    import timeline.conflict  # noqa: F401  (registers the conflict kinds)

    if not os.path.exists(path):
        raise UsageError(f"{path}: no such file")
    if os.path.isdir(path):
        raise UsageError(f"{path}: is a directory, not a stream file or store")
    fmt = detect_format(path)
    with Activity(f"loading {path}"):
        return _load(path, fmt)


def _load(path: str, fmt: str) -> Loaded:
    try:
        if fmt == "toml":
            from timeline.io.authoring import load_into, load_stream

            catalog = load_stream(path)
            ref = catalog.meta.reference
            moment = datetime(1970, 1, 1, tzinfo=UTC)
            if ref is not None:
                moment = datetime(ref.year, ref.month, ref.day, tzinfo=UTC)
            store: EventStore = MemoryStore(clock=_fixed_clock(moment))
            result = load_into(store, path)
            catalog = result.stream
            return Loaded(
                path,
                fmt,
                store,
                dict(catalog.sources),
                catalog.gazetteer(),
                catalog.meta.title,
                catalog,
            )
        if fmt == "jsonl":
            from timeline.io.jsonl import import_jsonl

            store = MemoryStore()
            import_jsonl(store, path)
            return Loaded(path, fmt, store)
        return Loaded(path, fmt, SQLiteStore(path))
    except TimelineError as error:
        raise DataError(str(error)) from error
    except (UnicodeDecodeError, ValueError) as error:
        raise DataError(f"{path}: cannot read as {fmt}: {error}") from error


# -- progress --------------------------------------------------------------------------


class Progress:
    """A progress bar (or count) on standard error, only when it is a terminal.

    Silent when standard error is not a TTY (pipes, files, CI logs), and
    silent for work that ends within half a second. With a ``total`` it draws
    a bar, otherwise a count.
    """

    WIDTH = 30

    def __init__(
        self, label: str, stream: IO[str] | None = None, *, total: int | None = None
    ) -> None:
        """Count ``label`` items on ``stream`` (default: standard error), out of ``total``."""
        self.stream = stream if stream is not None else sys.stderr
        self.label = label
        self.total = total if total else None
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.start = time.monotonic()
        self.shown = False
        self.count = 0

    def wrap(self, items: Iterable[T]) -> Iterator[T]:
        """Yield ``items``, counting them."""
        for item in items:
            self.count += 1
            if self.enabled and self.count % 4096 == 0:
                self._show()
            yield item
        self.done()

    def _line(self) -> str:
        if self.total is None:
            return f"{self.label}: {self.count:,}"
        done = min(self.count, self.total)
        filled = self.WIDTH * done // self.total
        bar = "#" * filled + "." * (self.WIDTH - filled)
        return f"{self.label} [{bar}] {done:,}/{self.total:,}"

    def _show(self) -> None:
        if time.monotonic() - self.start < 0.5:
            return
        self.stream.write(f"\r{self._line()}")
        self.stream.flush()
        self.shown = True

    def done(self) -> None:
        """End the line, if anything was shown."""
        if self.shown:
            self.stream.write(f"\r{self._line()} done\n")
            self.stream.flush()
            self.shown = False


class Activity:
    """``with Activity("loading FILE"):`` shows the step and its elapsed time on a terminal.

    Nothing is written unless standard error is a TTY and the step takes more
    than half a second; then a line ``loading FILE... 3.5 s`` counts up (from a
    background thread) and ends with ``done``.
    """

    def __init__(self, label: str, stream: IO[str] | None = None, *, delay: float = 0.5) -> None:
        """A step called ``label``, reported on ``stream`` (default: standard error)."""
        self.stream = stream if stream is not None else sys.stderr
        self.label = label
        self.delay = delay
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._shown = False
        self._start = 0.0

    def __enter__(self) -> Activity:
        self._start = time.monotonic()
        if self.enabled:
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(self.delay if not self._shown else 0.25):
            self.stream.write(f"\r{self.label}... {time.monotonic() - self._start:.1f} s")
            self.stream.flush()
            self._shown = True

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self._shown:
            elapsed = time.monotonic() - self._start
            self.stream.write(f"\r{self.label}... done in {elapsed:.1f} s\n")
            self.stream.flush()


# -- argument values ---------------------------------------------------------------------


def parse_when(text: str) -> When:
    """An EDTF value (or ISO week / time) for ``--from``, ``--to`` and ``--at``."""
    try:
        return When.parse(text)
    except TimelineError as error:
        raise argparse.ArgumentTypeError(str(error)) from error


def parse_known_at(text: str) -> datetime:
    """A recorded time: an ISO datetime (UTC when no offset) or a date (its end, UTC)."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            day = date.fromisoformat(text)
            start = datetime(day.year, day.month, day.day, tzinfo=UTC)
            return start + timedelta(days=1) - timedelta(microseconds=1)
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date (2020-02-03) or an ISO datetime (2020-02-03T12:00Z)"
        ) from error
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


# -- output ----------------------------------------------------------------------------------


def _write(text: str, out: str | None, *, binary_crlf: bool = False) -> None:
    """Write ``text`` to ``out`` (a path, atomically) or to standard output."""
    if out is None or out == "-":
        if binary_crlf:
            sys.stdout.flush()
            sys.stdout.buffer.write(text.encode())
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(text)
        return
    directory = os.path.dirname(os.path.abspath(out))
    if not os.path.isdir(directory):
        raise UsageError(f"{out}: the folder {directory} does not exist")
    temporary = f"{out}.tmp-{os.getpid()}"
    with open(temporary, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    os.replace(temporary, out)


# -- commands ----------------------------------------------------------------------------------


def _document(args: argparse.Namespace, loaded: Loaded) -> Any:
    from timeline.render import Filters, build_document

    zone = zone_of(loaded)
    filters = Filters(
        valid_from=_in_zone(args.valid_from, zone) or args.valid_from,
        valid_to=_in_zone(args.valid_to, zone) or args.valid_to,
        kinds=args.kind or (),
        actors=args.actor or (),
        sources=args.source or (),
    )
    progress = Progress("reading events", total=loaded.store.head)
    records = list(progress.wrap(loaded.store.read_all()))
    with Activity("building the document"):
        return build_document(
            records,
            known_at=args.known_at,
            filters=filters,
            sources=loaded.sources,
            gazetteer=loaded.gazetteer,
            title=args.title or loaded.title,
        )


def cmd_render(args: argparse.Namespace) -> int:
    """``timeline render``."""
    from timeline import render

    loaded = load_file(args.file)
    doc = _document(args, loaded)
    fmt = args.format
    with Activity(f"rendering {fmt}"):
        if fmt == "md":
            text = render.render_markdown(doc, mermaid=args.mermaid)
        elif fmt == "mermaid":
            text = render.render_mermaid(doc)
        elif fmt == "timelinejs":
            text = render.render_timelinejs(doc)
        elif fmt == "ics":
            text = render.render_ical(doc)
        else:
            text = _render_html(doc, loaded, args)
    _write(text, args.output, binary_crlf=fmt == "ics")
    return 0


def _render_html(doc: Any, loaded: Loaded, args: argparse.Namespace) -> str:
    try:
        from timeline.render.html import render_html
    except ImportError as error:
        raise DataError(f"the html format is not available in this build ({error})") from error
    states: list[dict[str, Any]] = []
    try:
        from timeline.render.snapshot import html_states
    except ImportError:
        pass
    else:
        records = list(loaded.store.read_all())
        # Each state is a replay of the record: keep the total work near a million events.
        limit = max(6, min(60, 1_200_000 // max(1, len(records))))
        states = html_states(
            doc,
            records,
            gazetteer=loaded.gazetteer,
            known_at=args.known_at,
            limit=limit,
        )
    return render_html(doc, states=states)


def cmd_snapshot(args: argparse.Namespace) -> int:
    """``timeline snapshot``."""
    try:
        from timeline.render import snapshot as report
    except ImportError as error:
        raise DataError(f"snapshot reports are not available in this build ({error})") from error
    loaded = load_file(args.file)
    snap = report.build_snapshot(
        loaded.store,
        at=_in_zone(args.at, zone_of(loaded)) or args.at,
        known_at=args.known_at,
        sources=loaded.sources,
        gazetteer=loaded.gazetteer,
        title=loaded.title,
    )
    if args.format == "json":
        text = report.render_snapshot_json(snap)
    else:
        text = report.render_snapshot_markdown(snap)
    _write(text, args.output)
    return 0


@attrs.frozen
class Finding:
    """One warning of ``timeline validate``: the event it is about and what is wrong."""

    event: str
    field: str | None
    message: str

    def __str__(self) -> str:
        where = f"event {self.event!r}"
        if self.field is not None:
            where += f", field {self.field!r}"
        return f"{where}: {self.message}"


_NUMBER = re.compile(r"\d[\d,]*")


def _figures(value: Any, path: str) -> Iterator[tuple[str, Figure]]:
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
    from timeline.conflict import Capture

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


def review(events: Sequence[Event]) -> list[Finding]:
    """The warnings a reviewer wants about ``events`` (``timeline validate`` prints them).

    * an event that cites no source (corrections, retractions and
      contradictions, which speak about other events, are not asked for one);
    * two different holders of one place from captures over certainly
      overlapping spans;
    * a figure that contradicts its own range (parts adding up above its
      high, or its text naming a number outside it);
    * a claim, correction, retraction or contradiction naming an event that
      is not in the record (stream files refuse these when loading; JSON Lines
      exports and stores may hold them).
    """
    findings: list[Finding] = []
    ids = {event.id for event in events}
    for event in events:
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
    findings.extend(_holder_findings(events))
    return findings


def cmd_validate(args: argparse.Namespace) -> int:
    """``timeline validate``."""
    loaded = load_file(args.file)
    events = [
        r.event
        for r in Progress("checking events", total=loaded.store.head).wrap(loaded.store.read_all())
    ]
    findings = review(events)
    for finding in findings:
        print(f"{args.file}: warning: {finding}")
    noun = "warning" if len(findings) == 1 else "warnings"
    print(f"{args.file}: {len(events)} events, valid; {len(findings)} {noun}")
    return 1 if args.strict and findings else 0


def cmd_import(args: argparse.Namespace) -> int:
    """``timeline import``."""
    source = args.source
    if not os.path.exists(source):
        raise UsageError(f"{source}: no such file")
    dest_fmt = "sqlite"
    if args.dest.lower().endswith(".toml"):
        dest_fmt = "toml"
    loaded = load_file(source)
    if dest_fmt == "toml":
        from timeline.io.authoring import export_toml

        try:
            count = export_toml(loaded.store, args.dest, stream=args.stream, catalog=loaded.catalog)
        except TimelineError as error:
            raise DataError(str(error)) from error
    else:
        from timeline.io.jsonl import export_jsonl, import_jsonl

        with SQLiteStore(args.dest) as store:
            if loaded.format == "jsonl":
                count = import_jsonl(store, source)
            elif loaded.format == "toml":
                from timeline.io.authoring import load_into

                count = load_into(store, source).appended
            else:
                import io

                buffer = io.StringIO()
                export_jsonl(loaded.store, buffer)
                buffer.seek(0)
                count = import_jsonl(store, buffer)
    print(f"{args.dest}: {count} events imported from {source}", file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """``timeline export``."""
    loaded = load_file(args.file)
    fmt = args.format
    if fmt is None:
        fmt = "toml" if args.output and args.output.lower().endswith(".toml") else "jsonl"
    if fmt == "jsonl":
        from timeline.io.jsonl import dump_line

        progress = Progress("exporting events", total=loaded.store.head)
        lines = [dump_line(r) + "\n" for r in progress.wrap(loaded.store.read_all())]
        _write("".join(lines), args.output)
        return 0
    from timeline.io.authoring import dumps_stream, stream_of

    names = loaded.store.streams()
    name = args.stream or (names[0] if len(names) == 1 else None)
    if name is None:
        raise UsageError(f"{args.file} holds streams {names}: name one with --stream")
    events = tuple(r.event for r in loaded.store.read(name))
    _write(dumps_stream(stream_of(events, name=name, catalog=loaded.catalog)), args.output)
    return 0


def stats_data(records: Sequence[Recorded]) -> dict[str, Any]:
    """Counts for ``timeline stats``: events by stream, kind, precision, source; the span.

    The valid time covered runs from the earliest known start (``first``) to the
    latest known end (``last``) over all events; events whose start or end is open
    (``..``) or unknown (empty) count apart, never as bounds.
    """
    by_stream: dict[str, int] = {}
    by_kind: dict[str, int] = {}
    by_precision: dict[str, int] = {}
    by_source: dict[str, int] = {}
    uncited = uncertain = 0
    first: When | None = None
    last: When | None = None
    ends = {"open_start": 0, "unknown_start": 0, "open_end": 0, "unknown_end": 0}
    for recorded in records:
        event = recorded.event
        by_stream[recorded.stream] = by_stream.get(recorded.stream, 0) + 1
        by_kind[event.kind] = by_kind.get(event.kind, 0) + 1
        precision = str(event.when.precision)
        by_precision[precision] = by_precision.get(precision, 0) + 1
        for source in event.sources():
            by_source[source] = by_source.get(source, 0) + 1
        if not event.citations and not isinstance(event, Correction | Retraction | Contradiction):
            uncited += 1
        if event.when.uncertain or event.when.approximate:
            uncertain += 1
        start, end = event.when.start, event.when.end
        if isinstance(start, End):
            ends["open_start" if start is End.OPEN else "unknown_start"] += 1
        elif first is None or start.sort_key < first.sort_key:
            first = start
        if isinstance(end, End):
            ends["open_end" if end is End.OPEN else "unknown_end"] += 1
        elif last is None or _end_key(end) > _end_key(last):
            last = end
    return {
        "events": len(records),
        "head": records[-1].position if records else 0,
        "streams": dict(sorted(by_stream.items())),
        "kinds": dict(sorted(by_kind.items())),
        "precisions": dict(sorted(by_precision.items())),
        "sources": dict(sorted(by_source.items())),
        "uncited": uncited,
        "uncertain_or_approximate": uncertain,
        "claims": by_kind.get(Claim.kind, 0),
        "first": None if first is None else first.display(),
        "last": None if last is None else last.display(),
        **ends,
        "recorded_from": _iso(records[0].recorded_at) if records else None,
        "recorded_to": _iso(records[-1].recorded_at) if records else None,
    }


def _valid_range(data: dict[str, Any]) -> str:
    """``2016 – 3 February 2020; 3 events with an unknown start``: known bounds, then ends."""
    first, last = data["first"], data["last"]
    if data["events"] == 0:
        return "none"
    if first is None and last is None:
        text = "no known bound"
    else:
        text = f"{first or 'no known start'} – {last or 'no known end'}"
    notes = []
    for key, what in (
        ("unknown_start", "an unknown start"),
        ("open_start", "an open start"),
        ("unknown_end", "an unknown end"),
        ("open_end", "an open end"),
    ):
        count = data[key]
        if count:
            notes.append(f"{count} event{'' if count == 1 else 's'} with {what}")
    return "; ".join([text, *notes])


def _end_key(when: When) -> float:
    hi = when.latest_ts
    return float("inf") if hi is None else hi


def _iso(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def cmd_stats(args: argparse.Namespace) -> int:
    """``timeline stats``."""
    loaded = load_file(args.file)
    records = list(
        Progress("counting events", total=loaded.store.head).wrap(loaded.store.read_all())
    )
    data = stats_data(records)
    if args.json:
        _write(json.dumps(data, ensure_ascii=False, indent=2) + "\n", None)
        return 0
    lines = [
        f"{args.file}: {data['events']} events, head position {data['head']}",
        f"valid time: {_valid_range(data)}",
        f"recorded: {data['recorded_from']} … {data['recorded_to']}",
        f"uncited: {data['uncited']}; uncertain or approximate dates: "
        f"{data['uncertain_or_approximate']}",
    ]
    for key in ("streams", "kinds", "precisions", "sources"):
        counts = data[key]
        if counts:
            lines.append(f"{key}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    _write("\n".join(lines) + "\n", None)
    return 0


# -- the parser ----------------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """argparse that shows examples verbatim and exits 2 on usage errors."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def _add_filters(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("filters")
    group.add_argument(
        "--from",
        dest="valid_from",
        type=parse_when,
        metavar="EDTF",
        help="keep events that may overlap the time from the start of this date",
    )
    group.add_argument(
        "--to",
        dest="valid_to",
        type=parse_when,
        metavar="EDTF",
        help="keep events that may overlap the time up to the end of this date",
    )
    group.add_argument("--kind", action="append", metavar="KIND", help="keep this kind (repeat)")
    group.add_argument(
        "--actor", action="append", metavar="ID", help="keep events naming this actor (repeat)"
    )
    group.add_argument(
        "--source", action="append", metavar="ID", help="keep events citing this source (repeat)"
    )
    group.add_argument(
        "--known-at",
        type=parse_known_at,
        metavar="TIME",
        help="show the record as known at this recorded time (a date means its end, UTC)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``timeline`` command."""
    raw = argparse.RawDescriptionHelpFormatter
    parser = _Parser(
        prog=PROG,
        description="Chronologies of real-world events: render, snapshot, validate, convert.",
        epilog=(
            "FILE is a stream file (.toml), a JSON Lines export (.jsonl) or a SQLite store.\n"
            "Exit status: 0 success, 1 invalid data, 2 usage error.\n\n"
            "example:\n  timeline render seeds/idlib-2020.toml --format md -o idlib.md"
        ),
        formatter_class=raw,
    )
    parser.add_argument("--version", action="version", version=f"timeline {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    render = commands.add_parser(
        "render",
        help="render a chronology (Markdown, HTML, Mermaid, TimelineJS, iCalendar)",
        description="Render the chronology of FILE as a document, to standard output or -o OUT.",
        epilog=(
            "examples:\n"
            "  timeline render seeds/idlib-2020.toml --format md --mermaid -o idlib.md\n"
            "  timeline render store.db --format ics --from 2020-01 --to 2020-02 -o idlib.ics\n"
            "  timeline render export.jsonl --format timelinejs --kind conflict.capture"
        ),
        formatter_class=raw,
    )
    render.add_argument("file", metavar="FILE")
    render.add_argument(
        "--format",
        "-f",
        required=True,
        choices=("md", "html", "mermaid", "timelinejs", "ics"),
        help="the document format",
    )
    render.add_argument("-o", "--output", metavar="OUT", help="write here (default: stdout)")
    render.add_argument("--title", help="the document title (default: the stream's)")
    render.add_argument(
        "--mermaid", action="store_true", help="md: put a Mermaid timeline at the top"
    )
    _add_filters(render)
    render.set_defaults(handler=cmd_render)

    snap = commands.add_parser(
        "snapshot",
        help="the state of the conflict at a date, as known at a recorded time",
        description=(
            "The state at valid time --at (who holds what, agreements and ceasefires,\n"
            "casualty ranges by source, contested claims), as known at --known-at.\n"
            "Facts from events that only possibly happened by then are marked."
        ),
        epilog=(
            "examples:\n"
            "  timeline snapshot seeds/idlib-2020.toml --at 2020-01-15\n"
            "  timeline snapshot store.db --at 2020-02-03 --known-at 2020-02-04 --format json"
        ),
        formatter_class=raw,
    )
    snap.add_argument("file", metavar="FILE")
    snap.add_argument("--at", required=True, type=parse_when, metavar="EDTF", help="valid time")
    snap.add_argument(
        "--known-at", type=parse_known_at, metavar="TIME", help="recorded time (default: latest)"
    )
    snap.add_argument("--format", "-f", choices=("md", "json"), default="md")
    snap.add_argument("-o", "--output", metavar="OUT", help="write here (default: stdout)")
    snap.set_defaults(handler=cmd_snapshot)

    validate = commands.add_parser(
        "validate",
        help="check a file; list reviewer warnings",
        description=(
            "Check FILE (exit 1 with the file, event and field of every error), then\n"
            "print warnings a reviewer wants: events citing no source, two holders of\n"
            "one place over certainly overlapping spans, figures contradicting their range."
        ),
        epilog="example:\n  timeline validate seeds/idlib-2020.toml --strict",
        formatter_class=raw,
    )
    validate.add_argument("file", metavar="FILE")
    validate.add_argument("--strict", action="store_true", help="exit 1 when there are warnings")
    validate.set_defaults(handler=cmd_validate)

    imp = commands.add_parser(
        "import",
        help="import JSON Lines (or a stream file) into a SQLite store or a stream file",
        description=(
            "Append the events of SOURCE (JSON Lines, a stream file or a store) to the\n"
            "SQLite store DEST (created if missing), or write them as the stream file\n"
            "DEST when it ends in .toml. All or nothing: on any error, nothing is written."
        ),
        epilog=(
            "examples:\n  timeline import export.jsonl store.db\n"
            "  timeline import export.jsonl idlib.toml"
        ),
        formatter_class=raw,
    )
    imp.add_argument("source", metavar="SOURCE")
    imp.add_argument("dest", metavar="DEST")
    imp.add_argument("--stream", help="the stream to write to a .toml DEST")
    imp.set_defaults(handler=cmd_import)

    exp = commands.add_parser(
        "export",
        help="export a file as JSON Lines (or as a stream file)",
        description="Write the events of FILE as JSON Lines (lossless) or as a stream file.",
        epilog=(
            "examples:\n  timeline export store.db -o export.jsonl\n"
            "  timeline export store.db --format toml --stream idlib-2020 -o idlib.toml"
        ),
        formatter_class=raw,
    )
    exp.add_argument("file", metavar="FILE")
    exp.add_argument("-o", "--output", metavar="OUT", help="write here (default: stdout)")
    exp.add_argument(
        "--format", "-f", choices=("jsonl", "toml"), help="default: from OUT, else jsonl"
    )
    exp.add_argument("--stream", help="the stream to export as a stream file")
    exp.set_defaults(handler=cmd_export)

    stats = commands.add_parser(
        "stats",
        help="counts: events by stream, kind, precision and source; the time covered",
        description="Counts of FILE's events by stream, kind, date precision and source.",
        epilog="example:\n  timeline stats seeds/idlib-2020.toml --json",
        formatter_class=raw,
    )
    stats.add_argument("file", metavar="FILE")
    stats.add_argument("--json", action="store_true", help="print JSON")
    stats.set_defaults(handler=cmd_stats)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except UsageError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    except DataError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 1
    except TimelineError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 1
