"""Importing a dataset whose rows carry their own version stamp (ACLED), and its deletions.

ACLED has no releases: every row carries ``timestamp``, the Unix time ACLED
last changed it, and deleted rows are published apart as
``event_id_cnty,deleted_timestamp``. So each version of a row is recorded
*at its own stamp* (the store's reported time, which ``known_at`` reads):

* a key the stream lacks is a new event, recorded at its row's stamp;
* a later stamp of a key the stream holds is a :class:`~timeline.Correction`
  (naming the changed columns), recorded at that stamp; a file may hold
  several versions of one row, applied oldest first;
* a version the stream already holds is unchanged, so re-importing a file
  appends nothing;
* a deletion is a :class:`~timeline.Retraction`, recorded at its stamp.

A row absent from a file is not a deletion (an export is a query, not the
whole dataset): only the deletions file retracts.

All or nothing: every row is read, checked and mapped before anything is
written, so a malformed file (under ``strict``) or any refused row leaves the
store unchanged; then every version goes in one append, oldest stamp first,
each event reported at its own stamp (``reported_at`` given per event).
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterable, Mapping
from typing import IO

import attrs

from timeline.errors import DatasetError, Problem
from timeline.events import Correction, Event, Retraction, StreamSettings
from timeline.io.datasets._appending import correction_fields, declarations
from timeline.io.datasets._rows import CsvFile, Row, file_name
from timeline.io.datasets.dataset import BadCell, Dataset, Entry, Mapped
from timeline.io.datasets.importing import Progress
from timeline.store import EventStore

__all__ = ["VersionsImport", "import_deletions", "import_versions"]


@attrs.frozen(kw_only=True)
class VersionsImport:
    """What a versioned import did: counts, and the malformed rows left out (with their lines)."""

    file: str
    """The file read."""
    stream: str
    """The stream written to."""
    rows: int = 0
    """Data rows read."""
    added: int = 0
    """New events appended."""
    corrected: int = 0
    """Corrections appended (later versions of rows)."""
    retracted: int = 0
    """Retractions appended (deletions)."""
    unchanged: int = 0
    """Rows (or deletions) the stream already held."""
    unknown: int = 0
    """Deletions of rows the stream never held (nothing to retract)."""
    appended: int = 0
    """Every event appended (with declarations); 0 for a repeat."""
    stamps: int = 0
    """Distinct stamps among the events appended (all in one append, each reported at its own)."""
    skipped: tuple[Problem, ...] = ()
    """The malformed rows left out, each with its line, key and column."""
    warnings: tuple[Problem, ...] = ()
    """Rows imported with a cell read as best it could be (``strict`` refuses them)."""


@attrs.define
class _Known:
    """A key as the stream holds it: its current version and every stamp recorded."""

    event: Event
    stamp: int
    stamps: set[int]
    deleted: int | None = None


@attrs.frozen
class _Version:
    line: int
    key: str
    stamp: int
    mapped: Mapped


def import_versions(
    store: EventStore,
    dataset: Dataset,
    source: str | os.PathLike[str] | IO[str],
    *,
    stamp_column: str = "timestamp",
    strict: bool = False,
    stream: str | None = None,
    progress: Progress | None = None,
) -> VersionsImport:
    """Append the row versions of the CSV file ``source`` not yet in ``stream``, each at its stamp.

    See the module docs. ``stamp_column`` holds each row's version stamp (Unix
    seconds). Raises :class:`DatasetError` (nothing appended) if the file cannot
    be read, lacks a column, or has malformed rows under ``strict``.
    """
    name = file_name(source)
    stream = stream or dataset.name
    known = _read_stream(store, stream, dataset, stamp_column)
    problems: list[Problem] = []
    warnings: list[Problem] = []
    versions: dict[str, list[_Version]] = {}
    seen: dict[tuple[str, int], int] = {}
    count = unchanged = 0
    with CsvFile(source) as data:
        _require(name, data.header, (*dataset.required, stamp_column), dataset.title)
        key_at = data.header.index(dataset.key_column)
        stamp_at = data.header.index(stamp_column)
        width = len(data.header)
        rows: Iterable[Row] = data.rows()
        for row in progress(rows) if progress is not None else rows:
            count += 1

            def problem(key: str | None, column: str | None, message: str, at: Row = row) -> None:
                problems.append(
                    Problem(file=name, line=at.line, message=message, event_id=key, field=column)
                )

            if len(row.values) != width:
                problem(None, None, f"has {len(row.values)} cells; the header has {width}")
                continue
            key = row.values[key_at].strip()
            if not key:
                problem(None, dataset.key_column, "is empty; every row needs one")
                continue
            stamp = _stamp(row.values[stamp_at])
            if stamp is None:
                message = f"{row.values[stamp_at]!r} is not a time; expected Unix seconds"
                problem(key, stamp_column, message)
                continue
            first = seen.get((key, stamp))
            if first is not None:
                problem(key, stamp_column, f"repeats the version {stamp} of line {first}")
                continue
            seen[key, stamp] = row.line
            cells = dict(zip(data.header, row.values, strict=True))
            held = known.get(key)
            if (
                held is not None
                and stamp in held.stamps
                and (stamp != held.stamp or _row_of(held.event) == cells)
            ):
                unchanged += 1
                continue
            mapped = dataset.map_row(key, cells)
            if isinstance(mapped, BadCell):
                problem(key, mapped.column, mapped.message)
                continue
            if mapped.warning is not None:
                bad = mapped.warning
                warnings.append(
                    Problem(
                        file=name,
                        line=row.line,
                        message=bad.message,
                        event_id=key,
                        field=bad.column,
                    )
                )
            versions.setdefault(key, []).append(_Version(row.line, key, stamp, mapped))
    batches: dict[int, list[Event]] = {}
    entries: list[Entry] = [*dataset.base_entries()]
    added = corrected = 0
    for key, found in versions.items():
        held = known.get(key)
        for version in sorted(found, key=lambda v: v.stamp):
            event = version.mapped.event
            refusal = _refusal(held, version, stamp_column)
            if refusal is not None:
                problems.append(
                    Problem(
                        file=name,
                        line=version.line,
                        message=refusal,
                        event_id=key,
                        field=stamp_column,
                    )
                )
                continue
            entries.extend(version.mapped.entries)
            if held is None:
                batches.setdefault(version.stamp, []).append(event)
                held = known[key] = _Known(event, version.stamp, {version.stamp})
                added += 1
                continue
            correction = _correction(dataset, held.event, event, version.stamp)
            if correction is not None:
                batches.setdefault(version.stamp, []).append(correction)
                corrected += 1
            held.event, held.stamp = event, version.stamp
            held.stamps.add(version.stamp)
    result = VersionsImport(
        file=name,
        stream=stream,
        rows=count,
        added=added,
        corrected=corrected,
        unchanged=unchanged,
        skipped=tuple(sorted(problems, key=_line)),
        warnings=tuple(warnings),
    )
    _refuse_if_strict(name, strict, problems + warnings)
    if batches:
        first = min(batches)
        head = list(declarations(store, entries, _iso(first)[:10]))
        batches[first][:0] = head
    return _append(store, dataset, stream, batches, result)


def import_deletions(
    store: EventStore,
    dataset: Dataset,
    source: str | os.PathLike[str] | IO[str],
    *,
    stamp_column: str = "deleted_timestamp",
    strict: bool = False,
    stream: str | None = None,
) -> VersionsImport:
    """Retract, each at its stamp, the rows the deletions file ``source`` lists.

    The file has the dataset's key column and ``stamp_column`` (Unix seconds).
    A key the stream never held is counted in :attr:`VersionsImport.unknown`
    (a deletions file lists the whole dataset's); one already retracted is
    unchanged. Raises :class:`DatasetError` (nothing appended) as
    :func:`import_versions` does.
    """
    name = file_name(source)
    stream = stream or dataset.name
    known = _read_stream(store, stream, dataset, "timestamp")
    problems: list[Problem] = []
    batches: dict[int, list[Event]] = {}
    seen: dict[str, int] = {}
    count = unchanged = unknown = retracted = 0
    with CsvFile(source) as data:
        _require(
            name, data.header, (dataset.key_column, stamp_column), f"{dataset.title} deletions"
        )
        key_at = data.header.index(dataset.key_column)
        stamp_at = data.header.index(stamp_column)
        for row in data.rows():
            count += 1
            key = row.values[key_at].strip() if len(row.values) > key_at else ""
            stamp = _stamp(row.values[stamp_at]) if len(row.values) > stamp_at else None
            message = None
            if len(row.values) != len(data.header):
                message = f"has {len(row.values)} cells; the header has {len(data.header)}"
            elif not key:
                message = "is empty; every row needs one"
            elif stamp is None:
                message = f"{row.values[stamp_at]!r} is not a time; expected Unix seconds"
            elif key in seen:
                message = f"repeats the deletion of line {seen[key]}"
            if message is not None or stamp is None:
                column = stamp_column if key else dataset.key_column
                problems.append(
                    Problem(
                        file=name,
                        line=row.line,
                        message=str(message),
                        event_id=key or None,
                        field=column,
                    )
                )
                continue
            seen[key] = row.line
            held = known.get(key)
            if held is None:
                unknown += 1
            elif held.deleted is not None:
                unchanged += 1
            else:
                held.deleted = stamp
                batches.setdefault(stamp, []).append(_retraction(dataset, held.event, stamp))
                retracted += 1
    result = VersionsImport(
        file=name,
        stream=stream,
        rows=count,
        retracted=retracted,
        unchanged=unchanged,
        unknown=unknown,
        skipped=tuple(problems),
    )
    _refuse_if_strict(name, strict, problems)
    return _append(store, dataset, stream, batches, result)


def _require(name: str, header: list[str], columns: Iterable[str], title: str) -> None:
    columns = list(dict.fromkeys(columns))
    missing = [column for column in columns if column not in header]
    if missing:
        raise DatasetError(
            name,
            f"line 1: missing column(s) {', '.join(missing)}; a {title} file has "
            f"{', '.join(columns)}",
        )


def _refuse_if_strict(name: str, strict: bool, bad: list[Problem]) -> None:
    if strict and bad:
        count = len(bad)
        found = sorted(bad, key=_line)
        raise DatasetError(name, f"{count} malformed row{'s' * (count != 1)} (strict)", found)


def _line(problem: Problem) -> int:
    return problem.line or 0


def _append(
    store: EventStore,
    dataset: Dataset,
    stream: str,
    batches: dict[int, list[Event]],
    result: VersionsImport,
) -> VersionsImport:
    """Append the batches, oldest stamp first, each event reported at its stamp: one append.

    All or nothing: a failure (or another writer, caught by the expected
    version) leaves the store as it was.
    """
    version = store.stream_version(stream)
    if batches and version == 0:
        first = min(batches)
        settings = StreamSettings(stream=stream, title=dataset.title, when=_iso(first)[:10])
        batches[first].insert(0, settings)
    events: list[Event] = []
    reported: list[_dt.datetime | None] = []
    for stamp in sorted(batches):
        moment = _dt.datetime.fromtimestamp(stamp, _dt.UTC)
        events.extend(batches[stamp])
        reported.extend([moment] * len(batches[stamp]))
    done = store.append(stream, events, version, reported_at=reported)
    return attrs.evolve(result, appended=done.appended, stamps=len(batches))


def _read_stream(
    store: EventStore, stream: str, dataset: Dataset, stamp_column: str
) -> dict[str, _Known]:
    """Each key the stream holds, as its corrections and retraction left it."""
    known: dict[str, _Known] = {}
    by_id: dict[str, _Known] = {}
    for recorded in store.read(stream):
        event = recorded.event
        if isinstance(event, Correction | Retraction):
            held = by_id.get(event.target)
            stamp = event.data.get("stamp")
            if held is None or not isinstance(stamp, int):
                continue
            if isinstance(event, Retraction):
                held.deleted = stamp
            else:
                held.event = event.apply(held.event)
                held.stamp = stamp
                held.stamps.add(stamp)
            continue
        row = _row_of(event)
        key = row.get(dataset.key_column, "").strip()
        if key and event.id == dataset.event_id(key):
            stamp = _stamp(row.get(stamp_column, "")) or 0
            known[key] = by_id[event.id] = _Known(event, stamp, {stamp})
    return known


def _refusal(held: _Known | None, version: _Version, stamp_column: str) -> str | None:
    """Why ``version`` cannot follow what the stream holds of its key, or ``None``."""
    if held is None:
        return None
    if held.deleted is not None:
        return (
            f"was deleted at {_iso(held.deleted)}; a deleted event stays deleted, "
            "so the row is left out"
        )
    if version.stamp < held.stamp:
        return (
            f"{stamp_column} {version.stamp} is older than the version the stream holds "
            f"({held.stamp}, {_iso(held.stamp)}); a correction must be later"
        )
    if version.stamp == held.stamp:
        return (
            f"{stamp_column} {version.stamp} is that of the version the stream holds, "
            "with other cells; a changed row needs a later stamp"
        )
    return None


def _correction(dataset: Dataset, old: Event, new: Event, stamp: int) -> Correction | None:
    fields = correction_fields(old, new)
    if fields is None:
        return None
    columns = dataset.changed_columns(_row_of(old), _row_of(new))
    label = ", ".join(columns) if columns else "none"
    return Correction(
        id=f"{new.id}~{stamp}",
        target=new.id,
        when=new.when,
        summary=f"{dataset.title} corrects {new.id} at {_iso(stamp)}: {label}",
        reason=f"changed by {dataset.title} at {_iso(stamp)}: {label}",
        data={"stamp": stamp, "columns": columns},
        **fields,
    )


def _retraction(dataset: Dataset, old: Event, stamp: int) -> Retraction:
    return Retraction(
        id=f"{old.id}~deleted",
        target=old.id,
        when=old.when,
        summary=f"{dataset.title} deleted {old.id} at {_iso(stamp)}",
        reason=f"deleted by {dataset.title} at {_iso(stamp)}",
        data={"stamp": stamp},
    )


def _stamp(text: str) -> int | None:
    text = text.strip()
    if not text.isdigit():
        return None
    value = int(text)
    return value if value < 253_402_300_800 else None  # before the year 10000


def _iso(stamp: int) -> str:
    return _dt.datetime.fromtimestamp(stamp, _dt.UTC).isoformat().replace("+00:00", "Z")


def _row_of(event: Event) -> Mapping[str, str]:
    row = event.data.get("row")
    return row if isinstance(row, Mapping) else {}
