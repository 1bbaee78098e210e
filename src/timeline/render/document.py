"""The one input every renderer takes: a :class:`Document` built from a store.

:func:`build_document` reads a store (or any iterable of
:class:`~timeline.store.Recorded`), keeps what was recorded by ``known_at``,
applies corrections and retractions by the same rules as every projection
(:class:`timeline.projections.Resolver`: a retracted correction no longer
applies, claims about a withdrawn event go with it, a correction that does not
fit its target is ignored and noted), attaches
claims to the events they are about, collects contradictions, applies the
filters, and orders what is left by valid time (the time model's total order,
ties broken by store position). Every renderer in :mod:`timeline.render` then
turns the same :class:`Document` into text, so all formats show the same
entries.

A document carries its :class:`Provenance`: the streams it was made from,
``known_at``, the head position it saw, a SHA-256 of the events it read (in
store order) and the library version, so a reader can tell which version of
the record a document shows. Nothing in a document depends on the wall clock:
the same inputs give the same document, and byte-identical renderings.
"""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import attrs

from timeline.codec import dumps
from timeline.errors import RenderError
from timeline.events import (
    Claim,
    Contradiction,
    Correction,
    Event,
    Gazetteer,
    Retraction,
    Source,
)
from timeline.projections import Catalog, Resolver
from timeline.projections.resolver import ConstraintWarning, CorrectionWarning
from timeline.render._changes import CorrectionNote, correction_steps, stated_order
from timeline.store import EventStore, Recorded
from timeline.time import When

__all__ = [
    "ContradictionView",
    "CorrectionNote",
    "Counts",
    "Document",
    "Entry",
    "Filters",
    "Provenance",
    "RenderError",
    "Retracted",
    "Side",
    "build_document",
]

#: Kinds that speak about other events rather than about the world.
_META = (Correction, Retraction, Contradiction)


def _names(values: Iterable[str]) -> frozenset[str]:
    if isinstance(values, str):
        raise RenderError(f"filters take a collection of names, not the string {values!r}")
    return frozenset(values)


@attrs.frozen
class Filters:
    """What a document keeps: a valid-time window and kind / actor / source filters.

    Attributes:
        valid_from: keep entries that may overlap the time from the start of this value.
        valid_to: keep entries that may overlap the time up to the end of this value.
        kinds: keep entries of these kinds (empty: every kind).
        actors: keep entries naming one of these actors (empty: all).
        sources: keep entries citing one of these sources (empty: all).
    """

    valid_from: When | None = None
    valid_to: When | None = None
    kinds: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    actors: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    sources: frozenset[str] = attrs.field(default=frozenset(), converter=_names)

    @property
    def empty(self) -> bool:
        """Whether nothing is filtered out."""
        return self == Filters()

    def describe(self) -> str:
        """One line naming the filters in effect (``"none"`` when nothing is filtered)."""
        parts = []
        if self.valid_from is not None:
            parts.append(f"from {self.valid_from.to_text()}")
        if self.valid_to is not None:
            parts.append(f"to {self.valid_to.to_text()}")
        for name, values in (("kind", self.kinds), ("actor", self.actors)):
            if values:
                parts.append(f"{name} {', '.join(sorted(values))}")
        if self.sources:
            parts.append(f"source {', '.join(sorted(self.sources))}")
        return "; ".join(parts) if parts else "none"

    def keeps(self, event: Event) -> bool:
        """Whether ``event`` passes every filter."""
        if self.kinds and event.kind not in self.kinds:
            return False
        if self.actors and not self.actors.intersection(event.actors):
            return False
        if self.sources and not self.sources.intersection(c.source for c in event.citations):
            return False
        if self.valid_from is not None or self.valid_to is not None:
            return _may_overlap(event.when, self.valid_from, self.valid_to)
        return True


def _may_overlap(when: When, start: When | None, end: When | None) -> bool:
    lo = None if start is None else start.earliest_ts
    hi = None if end is None else end.latest_ts
    w_lo, w_hi = when.earliest_ts, when.latest_ts
    if hi is not None and w_lo is not None and w_lo >= hi:
        return False
    return not (lo is not None and w_hi is not None and w_hi <= lo)


@attrs.frozen
class Provenance:
    """What a document was made from, so a reader can tell which record it shows.

    Attributes:
        streams: the streams read (every stream of the store when not restricted).
        known_at: the recorded time the document reflects (``None``: everything recorded).
        head: the last store position among the events read (0 when none).
        events: how many recorded events were read.
        content_hash: SHA-256 (hex) of the canonical JSON of the events read, in
            store order, one per line.
        version: the library version that made the document.
        filters: the filters in effect, in words.
    """

    streams: tuple[str, ...]
    known_at: datetime | None
    head: int
    events: int
    content_hash: str
    version: str
    filters: str = "none"

    @property
    def known_at_text(self) -> str:
        """``known_at`` as ISO 8601 UTC text, or ``"latest"``."""
        if self.known_at is None:
            return "latest"
        return self.known_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready mapping of the provenance."""
        return {
            "streams": list(self.streams),
            "known_at": None if self.known_at is None else self.known_at_text,
            "head": self.head,
            "events": self.events,
            "content_hash": f"sha256:{self.content_hash}",
            "library": f"timeline {self.version}",
            "filters": self.filters,
        }

    def lines(self) -> list[str]:
        """The provenance as short ``"key: value"`` lines, for text formats."""
        return [
            f"streams: {', '.join(self.streams) or '(none)'}",
            f"known_at: {self.known_at_text}",
            f"head position: {self.head}",
            f"events read: {self.events}",
            f"content: sha256:{self.content_hash}",
            f"made by: timeline {self.version}",
            f"filters: {self.filters}",
        ]


@attrs.frozen
class Side:
    """One side of a contradiction: a claim reference and what it points at.

    Attributes:
        ref: the reference as written (``"event-id"`` or ``"event-id#source-id"``).
        event: the event the reference names, if it is in the document.
        source: the source id after ``#``, if any.
    """

    ref: str
    event: Event | None
    source: str | None


@attrs.frozen
class ContradictionView:
    """Claims that cannot all be true, to be shown side by side.

    Attributes:
        summary: what the contradiction is about.
        sides: the claims in contradiction, in the order given.
        event: the :class:`~timeline.events.Contradiction` event, or ``None``
            when the contradiction comes from a citation's ``contradicts``.
    """

    summary: str
    sides: tuple[Side, ...]
    event: Contradiction | None = None


@attrs.frozen
class Entry:
    """One item of the chronology: an event as corrected, with its claims and notes.

    Attributes:
        event: the event as it stands after every correction recorded by ``known_at``.
        stream: the stream it was recorded in.
        position: its store position (the order's tiebreak).
        recorded_at: when it became known (its ``known_time``: the reported time
            of its report, else when the store recorded it), so every copy of a
            record shows the same time.
        corrections: the corrections applied, oldest first.
        claims: claims about this event (each an :class:`Entry` itself), in valid-time order.
        contradictions: contradictions among this event's claims, to be shown side by side.
        announcements: the announcements of this event in the document
            (:class:`~timeline.conflict.Announcement` entries, each also an entry of
            its own at its own date), in valid-time order, so the two link both ways.
        statement: for an event whose constraints (or others') narrow its date, the
            order its sources state and the date they give ("after “…”; between
            January and 3 February 2020 by its sources"); ``None`` otherwise.
    """

    event: Event
    stream: str
    position: int
    recorded_at: datetime
    corrections: tuple[CorrectionNote, ...] = ()
    statement: str | None = None
    claims: tuple[Entry, ...] = ()
    contradictions: tuple[ContradictionView, ...] = ()
    announcements: tuple[Entry, ...] = ()

    @property
    def announces(self) -> str | None:
        """The id of the event this entry announces (an announcement's ``announces``), if any."""
        target = getattr(self.event, "announces", None)
        return target if isinstance(target, str) else None

    @property
    def when(self) -> When:
        """The entry's valid time."""
        return self.event.when

    @property
    def id(self) -> str:
        """The event id."""
        return self.event.id

    @property
    def sort_key(self) -> tuple[tuple[float | int, float | int], int]:
        """The chronological order: valid time, then store position."""
        return (self.event.when.sort_key, self.position)


@attrs.frozen
class Retracted:
    """An event withdrawn by a retraction (kept out of the chronology, listed apart).

    Attributes:
        event: the withdrawn event, as it stood.
        retraction: the :class:`~timeline.events.Retraction`.
        recorded_at: when the retraction became known (its ``known_time``).
    """

    event: Event
    retraction: Retraction
    recorded_at: datetime


@attrs.frozen
class Counts:
    """How the records read became the entries shown: every record falls in one count.

    ``read == catalog + corrections + retractions + contradictions + entries
    + claims + withdrawn + filtered + repeated``.

    Attributes:
        read: the records read (the provenance's ``events``).
        catalog: declarations of sources, actors and places, and stream
            settings: they describe the record, they are not events.
        corrections: corrections, folded into the entries they correct.
        retractions: retractions; what they withdrew is counted in ``withdrawn``.
        contradictions: contradiction records, shown beside the claims they
            set against each other.
        entries: the entries of the chronology.
        claims: claims shown inside the entry they are about.
        withdrawn: events withdrawn by a retraction (listed apart), and the
            claims withdrawn with the event they are about.
        filtered: events the filters left out.
        repeated: records of an event id already read (the first one counts).
    """

    read: int = 0
    catalog: int = 0
    corrections: int = 0
    retractions: int = 0
    contradictions: int = 0
    entries: int = 0
    claims: int = 0
    withdrawn: int = 0
    filtered: int = 0
    repeated: int = 0

    @property
    def shown(self) -> int:
        """The events shown: entries and the claims inside them."""
        return self.entries + self.claims


@attrs.frozen
class Document:
    """Everything a renderer needs: ordered entries, sources, names, provenance.

    Build one with :func:`build_document`. ``entries`` are in chronological
    order; claims about an entry are inside it (:attr:`Entry.claims`); a claim
    whose event is not in the document is an entry of its own.

    Attributes:
        title: the document's title.
        entries: the chronology, in valid-time order.
        retracted: events withdrawn by retractions, in valid-time order.
        sources: the sources cited, by id (ids not found here are shown as ids).
        gazetteer: actors and places, for display names (optional).
        provenance: what the document was made from.
        notes: problems met while building (a correction of an unknown event...).
        counts: how the records read became the entries shown (``None`` for a
            document not made by :func:`build_document`).
    """

    title: str
    entries: tuple[Entry, ...]
    retracted: tuple[Retracted, ...]
    sources: Mapping[str, Source]
    gazetteer: Gazetteer | None
    provenance: Provenance
    notes: tuple[str, ...] = ()
    counts: Counts | None = None

    def all_entries(self) -> list[Entry]:
        """Every entry and, after each, its claims: the flat list of events shown."""
        out: list[Entry] = []
        for entry in self.entries:
            out.append(entry)
            out.extend(entry.claims)
        return out

    def source_name(self, source_id: str) -> str:
        """The display name of a source (its id when it is not registered)."""
        source = self.sources.get(source_id)
        return source.name if source is not None else source_id

    def name(self, entity_id: str) -> str:
        """The display name of an actor or place (its id when unknown)."""
        if self.gazetteer is not None:
            entity = self.gazetteer.get(entity_id)
            if entity is not None:
                return entity.name
        return entity_id


def _parse_known_at(known_at: datetime | None) -> datetime | None:
    if known_at is None:
        return None
    if not isinstance(known_at, datetime):
        raise RenderError(f"known_at must be a datetime, not {known_at!r}")
    if known_at.tzinfo is None:
        raise RenderError(f"known_at must be timezone-aware, got {known_at.isoformat()}")
    return known_at


def build_document(
    records: EventStore | Iterable[Recorded],
    *,
    streams: Sequence[str] | None = None,
    known_at: datetime | None = None,
    filters: Filters | None = None,
    sources: Mapping[str, Source] | Iterable[Source] = (),
    gazetteer: Gazetteer | None = None,
    title: str | None = None,
    version: str | None = None,
) -> Document:
    """Build the document every renderer takes.

    Args:
        records: a store (every recorded event is read, in position order) or
            an iterable of :class:`~timeline.store.Recorded` in position order.
        streams: read only these streams (default: all).
        known_at: keep only what was known at or before this aware datetime
            (each record's ``known_time``: its reported time, else its
            recorded time); ``None`` keeps everything.
        filters: a valid-time window and kind / actor / source filters.
        sources: sources for names and grades, over those the record declares
            (a mapping by id, or the sources).
        gazetteer: actors and places for display names (default: those the
            record declares).
        title: the document's title (default: the title the record sets for
            its one stream, else the stream names).
        version: the library version written into the provenance (default:
            ``timeline.__version__``).

    Returns:
        The :class:`Document`: entries in chronological order, corrections
        applied, retracted events apart, and its :class:`Provenance`.
    """
    known = _parse_known_at(known_at)
    filters = filters or Filters()
    wanted = None if streams is None else frozenset(streams)
    if isinstance(records, EventStore):
        store_streams = records.streams()
        source_records: Iterable[Recorded] = records.read_all()
    else:
        store_streams = []
        source_records = records
    catalog = Catalog()  # the record's own names, grades and titles, as known at known_at

    digest = hashlib.sha256()
    seen_streams: dict[str, None] = dict.fromkeys(store_streams if wanted is None else ())
    resolver = Resolver()
    originals: dict[str, Recorded] = {}
    problems: list[str] = []
    head = 0
    count = 0
    catalog_records = corrections = retractions = repeated = 0
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CorrectionWarning)
        warnings.simplefilter("always", ConstraintWarning)
        for recorded in source_records:
            if known is not None and recorded.known_time > known:
                continue
            event = recorded.event
            is_catalog = catalog.add(recorded)  # declarations hold for every stream
            if wanted is not None and recorded.stream not in wanted:
                continue
            count += 1
            head = max(head, recorded.position)
            seen_streams.setdefault(recorded.stream)
            digest.update(dumps(event).encode())
            digest.update(b"\n")
            if is_catalog:
                catalog_records += 1
                continue  # not a world event: no entry (the provenance still counts it)
            if isinstance(event, Correction):
                corrections += 1
            elif isinstance(event, Retraction):
                retractions += 1
            elif event.id in originals:
                repeated += 1
            else:
                originals[event.id] = recorded
            resolver.add(recorded)
    problems.extend(
        str(w.message)
        for w in caught
        if issubclass(w.category, CorrectionWarning | ConstraintWarning)
    )

    # What the projections see (timeline.projections.Resolver: the one place corrections
    # and retractions are resolved), plus what each correction changed.
    current: dict[str, Event] = {}
    contradictions: list[tuple[int, Contradiction]] = []
    entries: dict[str, Entry] = {}
    retracted: list[Retracted] = []
    withdrawn = filtered = 0
    for event_id, original in originals.items():
        effective = resolver.get(event_id)
        notes = correction_steps(original.event, resolver.corrections(event_id))
        if effective is None:
            withdrawn += 1
            retraction = resolver.retraction(event_id)
            if retraction is not None and isinstance(retraction.event, Retraction):
                shown = notes[-1].after if notes else original.event
                retracted.append(Retracted(shown, retraction.event, retraction.known_time))
            continue
        event = effective.event
        current[event_id] = event
        if isinstance(event, Contradiction):
            contradictions.append((original.position, event))
            continue
        if not filters.keeps(event):
            filtered += 1
            continue
        entries[event_id] = Entry(
            event=event,
            stream=original.stream,
            position=original.position,
            recorded_at=original.known_time,
            corrections=tuple(note.note for note in notes),
            statement=stated_order(event, resolver, originals),
        )
    contradictions.sort(key=lambda item: item[0])

    # Claims go inside the entry they are about, when it is in the document.
    claims_of: dict[str, list[Entry]] = {}
    top: list[Entry] = []
    for entry in entries.values():
        event = entry.event
        if isinstance(event, Claim) and event.target in entries and event.target != event.id:
            claims_of.setdefault(event.target, []).append(entry)
        else:
            top.append(entry)

    # An announcement stays an entry at its own date, and is listed under what it announces.
    announced: dict[str, list[Entry]] = {}
    for entry in top:
        target = entry.announces
        if target is not None and target in entries and target != entry.id:
            announced.setdefault(target, []).append(entry)

    views_of = _contradictions([c for _, c in contradictions], entries, current)
    result = []
    for entry in top:
        claims = sorted(claims_of.get(entry.id, ()), key=_order)
        views = views_of.get(entry.id, ())
        if claims or views:
            entry = attrs.evolve(entry, claims=tuple(claims), contradictions=tuple(views))
        if entry.id in announced:
            entry = attrs.evolve(
                entry, announcements=tuple(sorted(announced[entry.id], key=_order))
            )
        result.append(entry)
    result.sort(key=_order)
    retracted.sort(key=lambda r: (r.event.when.sort_key, r.event.id))

    provenance = Provenance(
        streams=tuple(seen_streams),
        known_at=known,
        head=head,
        events=count,
        content_hash=digest.hexdigest(),
        version=_library_version() if version is None else version,
        filters=filters.describe(),
    )
    names = ", ".join(provenance.streams) or "empty record"
    if title is None and len(provenance.streams) == 1:
        title = catalog.title(provenance.streams[0])
    registry = {**catalog.sources, **_registry(sources)}
    if gazetteer is None:
        declared = catalog.gazetteer()
        gazetteer = declared if len(declared) else None
    claims_shown = sum(len(entry.claims) for entry in result)
    counts = Counts(
        read=count,
        catalog=catalog_records,
        corrections=corrections,
        retractions=retractions,
        contradictions=len(contradictions),
        entries=len(result),
        claims=claims_shown,
        withdrawn=withdrawn,
        filtered=filtered,
        repeated=repeated,
    )
    return Document(
        title=title if title is not None else f"Chronology: {names}",
        entries=tuple(result),
        retracted=tuple(retracted),
        sources=registry,
        gazetteer=gazetteer,
        provenance=provenance,
        notes=tuple(problems),
        counts=counts,
    )


def _library_version() -> str:
    from timeline import __version__

    return __version__


def _order(entry: Entry) -> tuple[tuple[float | int, float | int], int]:
    return entry.sort_key


def _registry(sources: Mapping[str, Source] | Iterable[Source]) -> dict[str, Source]:
    if isinstance(sources, Mapping):
        return dict(sources)
    registry: dict[str, Source] = {}
    for source in sources:
        if not isinstance(source, Source):
            raise RenderError(f"sources must be timeline.Source records, got {source!r}")
        registry[source.id] = source
    return registry


def _split_ref(ref: str) -> tuple[str, str | None]:
    event_id, sep, source = ref.partition("#")
    return event_id, (source if sep else None)


def _home(event: Event | None, entries: Mapping[str, Entry]) -> str | None:
    """The id of the entry under which a claim about ``event`` is shown."""
    if event is None:
        return None
    if isinstance(event, Claim) and event.target in entries:
        return event.target
    return event.id if event.id in entries else None


def _contradictions(
    contradictions: list[Contradiction],
    entries: Mapping[str, Entry],
    current: Mapping[str, Event],
) -> dict[str, list[ContradictionView]]:
    """Contradiction views, keyed by the entry they are shown under.

    Records of the same dispute (the same events, whichever sources the
    references name) are shown once: the first recorded wins.
    """
    views: dict[str, list[ContradictionView]] = {}
    seen: set[tuple[str, ...]] = set()

    def place(view: ContradictionView) -> None:
        key = tuple(sorted({_split_ref(side.ref)[0] for side in view.sides}))
        if key in seen:
            return
        for side in view.sides:
            home = _home(side.event, entries)
            if home is not None:
                seen.add(key)
                views.setdefault(home, []).append(view)
                return

    for contradiction in contradictions:
        sides = []
        for ref in contradiction.claims:
            event_id, source = _split_ref(ref)
            sides.append(Side(ref, current.get(event_id), source))
        place(ContradictionView(contradiction.summary, tuple(sides), contradiction))
    for entry in entries.values():
        for citation in entry.event.citations:
            for ref in citation.contradicts:
                event_id, source = _split_ref(ref)
                own = Side(f"{entry.id}#{citation.source}", entry.event, citation.source)
                other = Side(ref, current.get(event_id), source)
                place(ContradictionView(entry.event.summary, (own, other)))
    return views
