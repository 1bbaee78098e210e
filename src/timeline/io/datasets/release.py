"""Releases of a dataset as recorded time: the release record, the list, the difference.

Each import of a dataset release appends, in one batch, what changed since
the previous release (new events, corrections, retractions, declarations)
and ends the batch with a :class:`DatasetRelease`: the release's name, its
day, and a fingerprint of every row it holds. The batch is reported at the
release's day, so ``known_at`` answers as of any release; the fingerprints
let the next import find what changed without rebuilding any event.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from typing import Any

import attrs

from timeline.errors import DatasetError
from timeline.events import CatalogEvent, Correction, Event, FrozenDict, Retraction, kind
from timeline.store import EventStore, Recorded

__all__ = ["DatasetRelease", "ReleaseDiff", "release_diff", "release_id", "releases"]


def _release_summary(self: Any) -> str:
    day = f" of {self.released}" if self.released else ""
    return (
        f"{self.dataset} release {self.release}{day}: {self.added} new, "
        f"{self.corrected} corrected, {self.retracted} retracted"
    )


@kind("dataset.release")
@attrs.frozen(kw_only=True)
class DatasetRelease(CatalogEvent):
    """A dataset release imported: the last event of its batch.

    A record about the record (like a declaration), so chronologies and
    documents leave it out. ``rows`` maps each row's key to a fingerprint
    of its cells, for the rows the release holds (a malformed row that
    was skipped keeps the fingerprint of its earlier release).
    """

    dataset: str
    """The dataset's name (``"ucdp-ged"``)."""
    release: str
    """The release's name (``"20.1"``)."""
    released: str | None = None
    """The day the release was published, ISO (``"2020-06-15"``), if given."""
    file: str | None = None
    """The file's base name."""
    rows: FrozenDict[str] = attrs.field(factory=FrozenDict)
    """Row key to fingerprint, for every row of the release."""
    added: int = 0
    """Events new in this release."""
    corrected: int = 0
    """Events corrected by this release."""
    retracted: int = 0
    """Events retracted because their rows disappeared."""
    skipped: int = 0
    """Malformed rows left out (their earlier version, if any, stands)."""
    summary: str = attrs.field(default=attrs.Factory(_release_summary, takes_self=True))
    """One line (default: ``"ucdp-ged release 20.1 of 2020-06-15: 3 new, ..."``)."""

    @property
    def released_day(self) -> _dt.date | None:
        """:attr:`released` as a ``datetime.date``."""
        return None if self.released is None else _dt.date.fromisoformat(self.released)


def release_id(stream: str, release: str) -> str:
    """The id of the :class:`DatasetRelease` of ``release`` in ``stream``."""
    return f"{stream}/release/{release}"


def releases(store: EventStore, stream: str) -> list[DatasetRelease]:
    """The releases imported into ``stream``, in the order they were imported."""
    return [
        recorded.event
        for recorded in store.read_all(kinds=[DatasetRelease.kind])
        if recorded.stream == stream and isinstance(recorded.event, DatasetRelease)
    ]


@attrs.frozen(kw_only=True)
class ReleaseDiff:
    """What changed in a stream between two releases, event by event (net of the steps).

    An event added and later corrected counts as added; one added and later
    retracted does not appear; one corrected twice lists the columns of both.
    """

    stream: str
    """The dataset's stream."""
    from_release: str | None
    """The release compared from (``None``: from before the first)."""
    to_release: str
    """The release compared to."""
    added: tuple[str, ...] = ()
    """Ids of the events new since ``from_release``, in record order."""
    corrected: FrozenDict[tuple[str, ...]] = attrs.field(factory=FrozenDict)
    """Id of each corrected event to the columns that changed."""
    retracted: tuple[str, ...] = ()
    """Ids of the events whose rows disappeared."""

    @property
    def empty(self) -> bool:
        """Whether nothing changed."""
        return not (self.added or self.corrected or self.retracted)


def release_diff(
    store: EventStore, from_release: str | None, to_release: str, *, stream: str
) -> ReleaseDiff:
    """What changed in ``stream`` from release ``from_release`` to ``to_release``.

    ``from_release=None`` compares from the empty store. Raises
    :class:`~timeline.errors.DatasetError` for a release the stream does not
    hold, or a ``from_release`` imported after ``to_release``.
    """
    names = [release.release for release in releases(store, stream)]
    where = f"stream {stream!r}"
    for name in (from_release, to_release):
        if name is not None and name not in names:
            held = ", ".join(names) if names else "none"
            raise DatasetError(where, f"no release {name!r} (releases held: {held})")
    start = 0 if from_release is None else names.index(from_release) + 1
    end = names.index(to_release) + 1
    if start > end:
        raise DatasetError(
            where, f"release {from_release!r} was imported after {to_release!r}; swap them"
        )
    return _net(stream, from_release, to_release, _segments(store.read(stream), start, end))


def _segments(records: Iterable[Recorded], start: int, end: int) -> Iterable[Event]:
    """The events of the release batches ``start`` to ``end - 1`` (0-based, in import order)."""
    index = 0
    for recorded in records:
        if index >= end:
            return
        if start <= index:
            yield recorded.event
        if isinstance(recorded.event, DatasetRelease):
            index += 1


def _net(stream: str, from_: str | None, to: str, events: Iterable[Event]) -> ReleaseDiff:
    added: dict[str, None] = {}
    corrected: dict[str, dict[str, None]] = {}
    retracted: dict[str, None] = {}
    for event in events:
        if isinstance(event, CatalogEvent):
            continue
        if isinstance(event, Retraction):
            target = event.target
            corrected.pop(target, None)
            if target in added:
                del added[target]  # added and withdrawn within the range: no net change
                continue
            retracted[target] = None
        elif isinstance(event, Correction):
            target = event.target
            if target in added:
                continue
            columns = event.data.get("columns") or list(event.changes)
            corrected.setdefault(target, {}).update(dict.fromkeys(columns))
        else:
            added[event.id] = None
    return ReleaseDiff(
        stream=stream,
        from_release=from_,
        to_release=to,
        added=tuple(added),
        corrected=FrozenDict({k: tuple(v) for k, v in corrected.items()}),
        retracted=tuple(retracted),
    )
