"""Opening FILE: a stream file, a JSON Lines export, a SQLite store or a store URL, as a store.

:func:`load_file` is what every command starts with; :class:`UsageError` and
:class:`DataError` are the two ways a command fails (exit status 2 and 1).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import attrs

from timeline.cli.progress import Activity
from timeline.errors import TimelineError
from timeline.events import Gazetteer, Source
from timeline.store import EventStore, MemoryStore, SQLiteStore, open_store, store_kind

__all__ = ["DataError", "Loaded", "UsageError", "detect_format", "load_file", "zone_of"]

_SQLITE_MAGIC = b"SQLite format 3\x00"
# FILE may name a store by URL (timeline.open_store): these prefixes mark one.
_STORE_URLS = ("postgresql://", "postgres://", "sqlite:", "memory:")


class UsageError(Exception):
    """A problem with how the command was called (exit status 2)."""


class DataError(Exception):
    """Invalid data (exit status 1)."""


@attrs.define
class Loaded:
    """A FILE opened as a store, with the catalog the store holds.

    Whatever the format, names, grades, titles and zones come from the store's
    own catalog events (:class:`~timeline.projections.Catalog`), so every copy
    of a record renders the same.

    Attributes:
        path: the file (a store URL without its password).
        format: ``"toml"``, ``"jsonl"``, ``"sqlite"``, ``"postgres"`` or ``"memory"``.
        store: the events, in a store.
        sources: the sources the store declares.
        gazetteer: the actors and places the store declares, if any.
        title: the title of the store's only stream, if it has one and it is set.
        catalog: the store's :class:`~timeline.projections.Catalog`.
        warnings: what reading a stream file noticed without refusing it, one line each.
    """

    path: str
    format: str
    store: EventStore
    sources: dict[str, Source] = attrs.field(factory=dict)
    gazetteer: Gazetteer | None = None
    title: str | None = None
    catalog: Any = None
    warnings: tuple[str, ...] = ()

    @classmethod
    def of(cls, path: str, fmt: str, store: EventStore) -> Loaded:
        """``store`` opened from ``path``, with its catalog read from its records."""
        from timeline.projections import Catalog

        catalog = Catalog.of(store)
        streams = store.streams()
        title = catalog.title(streams[0]) if len(streams) == 1 else None
        gazetteer = catalog.gazetteer()
        return cls(
            path,
            fmt,
            store,
            dict(catalog.sources),
            gazetteer if len(gazetteer) else None,
            title,
            catalog,
        )


def detect_format(path: str) -> str:
    """``"toml"``, ``"jsonl"`` or ``"sqlite"`` for ``path``, by extension then by content.

    A store URL gives its backend: ``"postgres"``, ``"sqlite"`` or ``"memory"``.
    """
    if path.startswith(_STORE_URLS):
        return store_kind(path)
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
    """The zone dates on the command line are read in: the streams' zone (from the store's
    catalog) when they agree on one, else UTC."""
    if loaded.catalog is None:
        return "UTC"
    zones = {loaded.catalog.zone(stream) for stream in loaded.store.streams()}
    return zones.pop() if len(zones) == 1 else "UTC"


def load_file(path: str) -> Loaded:
    """Open FILE (a stream file, a JSON Lines export or a SQLite store) as a store.

    Raises:
        UsageError: the file does not exist.
        DataError: the file cannot be read as any of the formats, or its data is invalid.
    """
    # Registers the kinds a store may hold: the conflict pack's and the datasets' (ucdp.ged.*).
    import timeline.conflict
    import timeline.io.datasets  # noqa: F401

    if path.startswith(_STORE_URLS):
        with Activity("opening the store"):
            return _load(path, detect_format(path))
    if not os.path.exists(path):
        raise UsageError(f"{path}: no such file")
    if os.path.isdir(path):
        raise UsageError(f"{path}: is a directory, not a stream file or store")
    fmt = detect_format(path)
    with Activity(f"loading {path}"):
        return _load(path, fmt)


def _fixed_clock(moment: datetime) -> Callable[[], datetime]:
    return lambda: moment


def _file_day_and_warnings(path: str) -> tuple[datetime, tuple[str, ...]]:
    """A stream file's reference day (00:00 UTC) and its reader's warnings.

    Its own function, so that the file read here is freed before it is read
    again into the store: a large file is held once, not twice.
    """
    from timeline.io.authoring import load_stream

    stream = load_stream(path)
    ref = stream.meta.reference
    moment = datetime(1970, 1, 1, tzinfo=UTC)
    if ref is not None:
        moment = datetime(ref.year, ref.month, ref.day, tzinfo=UTC)
    return moment, tuple(str(w) for w in stream.warnings)


def _load(path: str, fmt: str) -> Loaded:
    try:
        if path.startswith(_STORE_URLS):
            opened = open_store(path)
            return Loaded(getattr(opened, "location", path), fmt, opened)
        if fmt == "toml":
            from timeline.io.authoring import load_into

            # A stream file has no recorded times: record at its reference day, so
            # documents made from the same file are byte-identical.
            moment, warnings = _file_day_and_warnings(path)
            store: EventStore = MemoryStore(clock=_fixed_clock(moment))
            load_into(store, path)
            loaded = Loaded.of(path, fmt, store)
            loaded.warnings = warnings
            return loaded
        if fmt == "jsonl":
            from timeline.io.jsonl import import_jsonl

            store = MemoryStore()
            import_jsonl(store, path)
            return Loaded.of(path, fmt, store)
        return Loaded.of(path, fmt, SQLiteStore(path, read_only=True))
    except TimelineError as error:
        raise DataError(str(error)) from error
    except (UnicodeDecodeError, ValueError) as error:
        raise DataError(f"{path}: cannot read as {fmt}: {error}") from error
