"""Importing a dataset release: append only what changed since the last one, all at once.

:func:`import_release` reads a CSV file row by row, compares each row's
fingerprint with the last release the stream holds, maps only the rows that
are new or changed, and appends, in **one batch** reported at the release's
day: the catalog entries they need, the new events, a
:class:`~timeline.Correction` per changed row (naming the changed columns), a
:class:`~timeline.Retraction` per row that disappeared, and the
:class:`DatasetRelease` record. One append is all or nothing, so a store is
never left half-imported; re-importing a release appends nothing.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import IO

import attrs

from timeline.errors import DatasetError, Problem
from timeline.events import (
    Correction,
    Event,
    FrozenDict,
    Retraction,
    StreamSettings,
)
from timeline.io.datasets._appending import correction_fields, declarations
from timeline.io.datasets._rows import CsvFile, Row, digest_of, file_name
from timeline.io.datasets.dataset import BadCell, Dataset, Mapped
from timeline.io.datasets.release import DatasetRelease, release_id, releases
from timeline.store import EventStore

__all__ = ["Progress", "ReleaseImport", "import_release"]

#: Wraps the rows as they are read (the CLI passes its progress bar's ``wrap``).
Progress = Callable[[Iterable[Row]], Iterable[Row]]

_RELEASE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]*$")


@attrs.frozen(kw_only=True)
class ReleaseImport:
    """What an import did: counts, and the malformed rows left out (with their lines)."""

    file: str
    """The file read."""
    stream: str
    """The stream written to."""
    release: str
    """The release's name."""
    released: _dt.date | None
    """Its day, if given."""
    rows: int = 0
    """Data rows read."""
    added: int = 0
    """New events appended."""
    corrected: int = 0
    """Corrections appended."""
    retracted: int = 0
    """Retractions appended."""
    unchanged: int = 0
    """Rows the store already held as they are."""
    appended: int = 0
    """Every event appended (with declarations and the release record); 0 for a repeat."""
    skipped: tuple[Problem, ...] = ()
    """The malformed rows left out, each with its line, key and column."""
    warnings: tuple[Problem, ...] = ()
    """Rows imported with a cell read as best it could be (``strict`` refuses them)."""


def import_release(
    store: EventStore,
    dataset: Dataset,
    source: str | os.PathLike[str] | IO[str],
    *,
    release: str | None = None,
    released: _dt.date | str | None = None,
    strict: bool = False,
    stream: str | None = None,
    progress: Progress | None = None,
) -> ReleaseImport:
    """Append release ``release`` of ``dataset`` from the CSV file ``source`` to ``store``.

    Args:
        store: the store (any backend).
        dataset: the dataset's mapping (a new instance, e.g. ``UcdpGed()``).
        source: a CSV file (plain or gzipped) or a text file object.
        release: the release's name (``"20.1"``); default: the file's name
            without its extensions.
        released: the day the release was published (a ``date`` or
            ``"YYYY-MM-DD"``): the batch is reported at that day (midnight
            UTC), so ``known_at`` on a later day sees it. Without it, the
            batch counts as known when it is recorded.
        strict: refuse the whole file if any row is malformed; by default
            malformed rows are left out and listed in :attr:`ReleaseImport.skipped`.
        stream: the stream to write (default: the dataset's name).
        progress: wraps the rows as they are read, e.g. a progress bar.

    Raises:
        DatasetError: the file cannot be read, lacks a column, has malformed
            rows under ``strict``, or the release is already imported with
            other rows, or is older than the last one. Nothing is appended.
    """
    name = file_name(source)
    stream = stream or dataset.name
    release = release or _default_release(name)
    if not _RELEASE_NAME.match(release):
        raise DatasetError(
            name,
            f"release {release!r} is not a usable name; use letters, digits and . _ + - "
            "(like 20.1 or 19.1-candidate)",
        )
    day = _day(name, released)
    history = releases(store, stream)
    version = store.stream_version(stream)
    same = [r for r in history if r.release == release]
    base = same[0] if same else (history[-1] if history else None)
    last_day = None if same or base is None else base.released_day
    if base is not None and day is not None and last_day is not None and day < last_day:
        raise DatasetError(
            name,
            f"release {release!r} of {day} is older than {base.release!r} of "
            f"{base.released_day}, the last one imported; import releases in order",
        )
    known = dict(base.rows) if base is not None else {}
    with CsvFile(source) as data:
        missing = [column for column in dataset.required if column not in data.header]
        if missing:
            raise DatasetError(
                name,
                f"line 1: missing column(s) {', '.join(missing)}; a {dataset.title} file has "
                f"{', '.join(dataset.required)}",
            )
        read = _Reading(name, dataset, data.header, known, store if history else None)
        rows: Iterable[Row] = data.rows()
        read.run(progress(rows) if progress is not None else rows)
    result = ReleaseImport(
        file=name,
        stream=stream,
        release=release,
        released=day,
        rows=read.count,
        unchanged=read.unchanged,
        skipped=tuple(read.problems),
        warnings=tuple(read.warnings),
    )
    if strict and (read.problems or read.warnings):
        bad = sorted(read.problems + read.warnings, key=lambda problem: problem.line or 0)
        count = len(bad)
        raise DatasetError(name, f"{count} malformed row{'s' * (count != 1)} (strict)", bad)
    if same:
        if read.manifest() != dict(same[0].rows):
            raise DatasetError(
                name,
                f"release {release!r} is already in stream {stream!r} with other rows; "
                "a release does not change: give this file another release name",
            )
        return result  # the same release again: nothing to append
    batch = _Batch(store, dataset, stream, release, day, history)
    events = batch.build(read)
    moment = None if day is None else _dt.datetime(day.year, day.month, day.day, tzinfo=_dt.UTC)
    appended = store.append(stream, events, version, reported_at=moment).appended
    return attrs.evolve(
        result,
        added=batch.added,
        corrected=batch.corrected,
        retracted=batch.retracted,
        appended=appended,
    )


def _default_release(name: str) -> str:
    base = os.path.basename(name)
    for ext in (".gz", ".csv", ".txt"):
        base = base.removesuffix(ext)
    cleaned = re.sub(r"[^A-Za-z0-9._+-]+", "-", base).strip("-._+")
    return cleaned or "release"


def _day(name: str, released: _dt.date | str | None) -> _dt.date | None:
    if released is None:
        return None
    if isinstance(released, _dt.datetime):
        released = released.date()
    if isinstance(released, _dt.date):
        return released
    try:
        return _dt.date.fromisoformat(str(released))
    except ValueError:
        raise DatasetError(
            name, f"released: {released!r} is not a day; give YYYY-MM-DD (2020-06-15)"
        ) from None


class _Reading:
    """One pass over the rows: fingerprints, problems, and the rows to map."""

    def __init__(
        self,
        name: str,
        dataset: Dataset,
        header: list[str],
        known: Mapping[str, str],
        store: EventStore | None,
    ) -> None:
        self.name = name
        self.dataset = dataset
        self.header = header
        self.known = known
        self.store = store  # set when an earlier release exists: a new key may be a retracted one
        self.count = 0
        self.unchanged = 0
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.rows: dict[str, str] = {}  # key -> fingerprint, good rows of this file
        self.seen: dict[str, int] = {}  # key -> line, every row with a key
        self.new: list[Mapped] = []
        self.changed: list[Mapped] = []

    def run(self, rows: Iterable[Row]) -> None:
        key_at = self.header.index(self.dataset.key_column)
        width = len(self.header)
        known = self.known
        for row in rows:
            self.count += 1
            values = row.values
            if len(values) != width:
                self._problem(row, None, None, f"has {len(values)} cells; the header has {width}")
                continue
            key = values[key_at].strip()
            if not key:
                self._problem(row, None, self.dataset.key_column, "is empty; every row needs one")
                continue
            first = self.seen.get(key)
            if first is not None:
                self._problem(row, key, self.dataset.key_column, f"repeats the row of line {first}")
                continue
            self.seen[key] = row.line
            digest = digest_of(values)
            before = known.get(key)
            if before == digest:
                self.rows[key] = digest
                self.unchanged += 1
                continue
            mapped = self.dataset.map_row(key, dict(zip(self.header, values, strict=True)))
            if isinstance(mapped, BadCell):
                self._problem(row, key, mapped.column, mapped.message)
                continue
            if before is None and self.store is not None and self.store.contains(mapped.event.id):
                self._problem(
                    row,
                    key,
                    self.dataset.key_column,
                    f"was retracted by an earlier release ({mapped.event.id!r}) and "
                    "reappears; a retracted event stays retracted, so the row is left out",
                )
                continue
            if mapped.warning is not None:
                self._problem(row, key, mapped.warning.column, mapped.warning.message, warn=True)
            self.rows[key] = digest
            (self.new if before is None else self.changed).append(mapped)

    def _problem(
        self, row: Row, key: str | None, column: str | None, message: str, *, warn: bool = False
    ) -> None:
        (self.warnings if warn else self.problems).append(
            Problem(file=self.name, line=row.line, message=message, event_id=key, field=column)
        )

    def manifest(self) -> dict[str, str]:
        """The fingerprints of the release: good rows, and the earlier version of bad ones."""
        manifest = dict(self.rows)
        for key in self.seen:
            if key not in manifest and key in self.known:
                manifest[key] = self.known[key]
        return manifest

    def gone(self) -> list[str]:
        """Keys of the earlier release that this file does not have."""
        return [key for key in self.known if key not in self.seen]


class _Batch:
    """The events of one release import, in the order they are appended."""

    def __init__(
        self,
        store: EventStore,
        dataset: Dataset,
        stream: str,
        release: str,
        day: _dt.date | None,
        history: list[DatasetRelease],
    ) -> None:
        self.store = store
        self.dataset = dataset
        self.stream = stream
        self.release = release
        self.day = day
        self.history = history
        self.when = (day or _dt.datetime.now(_dt.UTC).date()).isoformat()
        self.added = self.corrected = self.retracted = 0

    def build(self, read: _Reading) -> list[Event]:
        events: list[Event] = []
        if not self.history:
            events.append(
                StreamSettings(stream=self.stream, title=self.dataset.title, when=self.when)
            )
        mapped = read.new + read.changed
        events += self._declarations(mapped)
        for item in read.new:
            events.append(item.event)
        self.added = len(read.new)
        for item in read.changed:
            correction = self._correction(item.event)
            if correction is not None:
                events.append(correction)
                self.corrected += 1
        for key in read.gone():
            events.append(self._retraction(self.dataset.event_id(key)))
            self.retracted += 1
        events.append(
            DatasetRelease(
                id=release_id(self.stream, self.release),
                when=self.when,
                dataset=self.dataset.name,
                release=self.release,
                released=None if self.day is None else self.day.isoformat(),
                file=os.path.basename(read.name),
                rows=FrozenDict(read.manifest()),
                added=self.added,
                corrected=self.corrected,
                retracted=self.retracted,
                skipped=len(read.problems),
            )
        )
        return events

    def _declarations(self, mapped: list[Mapped]) -> Iterator[Event]:
        entries = [*self.dataset.base_entries()]
        for item in mapped:
            entries.extend(item.entries)
        return declarations(self.store, entries, self.when)

    def _current(self, event_id: str) -> Event:
        """The event as the last release left it: the original with each correction applied."""
        recorded = self.store.get(event_id)
        if recorded is None:  # the fingerprints say it is there: the stream was tampered with
            raise DatasetError(self.stream, f"event {event_id!r} of an earlier release is missing")
        event = recorded.event
        for earlier in self.history:
            found = self.store.get(f"{event_id}~{earlier.release}")
            if found is not None and isinstance(found.event, Correction):
                event = found.event.apply(event)
        return event

    def _correction(self, new: Event) -> Correction | None:
        old = self._current(new.id)
        columns = self.dataset.changed_columns(_row_of(old), _row_of(new))
        label = ", ".join(columns) if columns else "none"
        fields = correction_fields(old, new)
        if fields is None:
            return None
        return Correction(
            id=f"{new.id}~{self.release}",
            target=new.id,
            when=new.when,
            summary=f"{self.dataset.title} {self.release} corrects {new.id}: {label}",
            reason=f"changed in release {self.release}: {label}",
            data={"release": self.release, "columns": columns},
            **fields,
        )

    def _retraction(self, event_id: str) -> Retraction:
        old = self._current(event_id)
        return Retraction(
            id=f"{event_id}~{self.release}",
            target=event_id,
            when=old.when,
            summary=f"{self.dataset.title} {self.release} no longer has {event_id}",
            reason=f"not in release {self.release}",
            data={"release": self.release},
        )


def _row_of(event: Event) -> Mapping[str, str]:
    row = event.data.get("row")
    return row if isinstance(row, Mapping) else {}
