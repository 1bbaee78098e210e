"""What a dataset import appends besides its events: catalog declarations and correction fields.

Shared by the release import (:mod:`timeline.io.datasets.importing`) and the
versioned ACLED import (:mod:`timeline.io.datasets.versions`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from timeline.codec import encode
from timeline.events import (
    Actor,
    ActorDeclared,
    Event,
    Place,
    PlaceDeclared,
    Source,
    SourceDeclared,
)
from timeline.io.datasets.dataset import Entry
from timeline.store import EventStore
from timeline.store.catalog import Catalog

__all__ = ["correction_fields", "declarations"]


def declarations(store: EventStore, entries: Iterable[Entry], when: str) -> Iterator[Event]:
    """Declare each of ``entries`` the store's catalog lacks, or holds otherwise (amended)."""
    unique: dict[tuple[str, str], Any] = {}
    for entry in entries:
        unique.setdefault((type(entry).__name__, entry.id), entry)
    if not unique:
        return
    catalog = Catalog.of(store)
    for entry in unique.values():
        if isinstance(entry, Source):
            current: Any = catalog.entries("source").get(entry.id)
            if current != entry:
                yield SourceDeclared(source=entry, amends=current is not None, when=when)
        elif isinstance(entry, Actor):
            current = catalog.entries("actor").get(entry.id)
            if current != entry:
                yield ActorDeclared(actor=entry, amends=current is not None, when=when)
        elif isinstance(entry, Place):
            current = catalog.entries("place").get(entry.id)
            if current != entry:
                yield PlaceDeclared(place=entry, amends=current is not None, when=when)


def correction_fields(old: Event, new: Event) -> dict[str, Any] | None:
    """The fields of a :class:`~timeline.Correction` turning ``old`` into ``new``.

    ``{"changes": ...}`` naming only the fields that differ, ``{"replacement":
    new}`` when the kind changed or a field went away, ``None`` when nothing did.
    """
    if type(old) is not type(new):
        return {"replacement": new}
    before, after = encode(old), encode(new)
    changes = {k: v for k, v in after.items() if k not in ("id", "kind") and before.get(k) != v}
    if any(k not in after for k in before):
        return {"replacement": new}
    if not changes:
        return None
    return {"changes": changes}
