"""The checks an append makes of what its events refer to (shared by every backend).

Four rules, the same as a stream file's:

* **Events.** A reference to another event (a claim's or correction's
  ``target``, a report's ``incident``, the claims of a contradiction, the
  event a constraint names) must name
  an event the store holds or one of the same append.
* **The catalog.** Once a store declares sources (or actors, or places), an
  event's citations (or actors, or places) must name declared ones; a
  declaration that differs from the one in force must say ``amends``; and an
  actor and a place cannot share an id. A store that never declares any keeps
  plain ids, as before catalogs existed.
* **Names.** A field a kind lists in ``name_reference_fields`` (an
  agreement's ``amends``, say) must name a thing an event of the store or of
  the same append sets up through its kind's ``name_fields`` (an agreement's
  or a ceasefire's id).
* **Corrections.** A correction's ``changes`` must apply to the event it
  corrects (as recorded, or as given earlier in the same append).

Checked before writing: nothing recorded is ever removed, so a reference
found stays good. The catalog and the names are read once and then caught up
from the last position seen, so other writers' declarations are found too.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Set

from timeline.errors import CatalogConflictError, CorrectionRefusedError, UnknownReferenceError
from timeline.events import CatalogEvent, Contradiction, Correction, Event, kinds
from timeline.events.catalog import declared_entry
from timeline.events.references import EVENT_REFERENCE_FIELDS, names_set_up, references
from timeline.store.catalog import CATALOG_KINDS, Catalog
from timeline.store.records import Recorded

__all__ = ["ReferenceCheck"]

_Reader = Callable[[int, Set[str]], Iterator[Recorded]]
_Present = Callable[[list[str]], Collection[str]]
# Those of some event ids (distinct) that are recorded: their stream, position and event.
_Records = Callable[[list[str]], Mapping[str, tuple[str, int, Event | None]]]

# Kind classes whose events can refer to something only through actors, places and
# citations (no event-reference field, not a contradiction or a declaration): for them
# three attribute reads tell that an event refers to nothing. Filled on first sight.
_PLAIN: dict[type, bool] = {}


def _plain(cls: type) -> bool:
    found = _PLAIN.get(cls)
    if found is None:
        found = (
            not issubclass(cls, CatalogEvent | Contradiction)
            and not any(hasattr(cls, name) for name in EVENT_REFERENCE_FIELDS)
            and not getattr(cls, "name_reference_fields", None)
            and getattr(cls, "__dictoffset__", 1) == 0  # slotted: no attribute hides elsewhere
            and "__getattr__" not in dir(cls)
        )
        _PLAIN[cls] = found
    return found


class ReferenceCheck:
    """A store's view of its catalog, caught up on demand, and the checks of an append."""

    __slots__ = ("_catalog", "_kinds", "_names", "_seen")

    def __init__(self) -> None:
        self._catalog = Catalog()
        self._names: dict[str, set[str]] = {}
        self._kinds: frozenset[str] = frozenset()  # the naming kinds read so far
        self._seen = 0

    def check(
        self,
        stream: str,
        events: list[Event],
        ids: list[str],
        present: _Present,
        read_catalog: _Reader,
        head: Callable[[], int],
        recorded: _Records | None = None,
    ) -> None:
        """Raise if an event of the batch refers to what neither the store nor the batch holds.

        ``present(ids)`` answers which of some event ids the store holds: one
        call (one query) for the whole batch. ``head()`` is asked only when
        the catalog must be read; ``recorded(ids)`` (one query) only for the
        corrections of recorded events.
        """
        needs_catalog = False
        to_events: list[tuple[Event, str, str]] = []  # (event, field, id) of event references
        plain_kinds = _PLAIN
        for event in events:
            cls = type(event)
            plain = plain_kinds.get(cls)  # inlined: this loop runs once per event appended
            if plain is None:
                plain = _plain(cls)
            if plain:
                if event.actors or event.places or event.citations:
                    needs_catalog = True
                elif not event.constraints:
                    continue  # the usual event: refers to nothing
            if isinstance(event, CatalogEvent):
                needs_catalog = True
            for reference in references(event):
                if reference.to != "event":
                    needs_catalog = True
                else:
                    to_events.append((event, reference.field, reference.id))
        if to_events:
            batch = set(ids)
            wanted = list(dict.fromkeys(i for _, _, i in to_events if i not in batch))
            held = present(wanted) if wanted else ()
            for event, field, target in to_events:
                if target not in batch and target not in held:
                    raise UnknownReferenceError(event.id, field, target, "event", stream)
        if needs_catalog:
            self._catch_up(read_catalog, head)
            self._check_catalog(stream, events)
        if recorded is not None and to_events:
            _check_corrections(stream, events, recorded)

    def catalog(self, read_catalog: _Reader, head: Callable[[], int]) -> Catalog:
        """The store's catalog now: caught up, then copied (later appends leave it alone)."""
        self._catch_up(read_catalog, head)
        return self._catalog.copy()

    def _catch_up(self, read_catalog: _Reader, head: Callable[[], int]) -> None:
        naming = _naming_kinds()
        if naming != self._kinds:  # a pack registered kinds since: read the store again
            self._catalog, self._names, self._kinds, self._seen = Catalog(), {}, naming, 0
        last = head()  # before reading: what is appended meanwhile is read next time
        for recorded in read_catalog(self._seen, CATALOG_KINDS | naming):
            if recorded.event.kind in CATALOG_KINDS:
                self._catalog.add(recorded)
            for namespace, name in names_set_up(recorded.event):
                self._names.setdefault(namespace, set()).add(name)
        self._seen = max(self._seen, last)

    def _check_catalog(self, stream: str, events: Iterable[Event]) -> None:
        catalog = self._catalog
        # The catalog as it stands, with the batch's own declarations over it (no copies:
        # this runs on every append that cites a source).
        batch: dict[str, dict[str, object]] = {"source": {}, "actor": {}, "place": {}}

        def current_of(what: str, entity_id: str) -> object | None:
            found = batch[what].get(entity_id)
            return catalog.entries(what).get(entity_id) if found is None else found

        def declares(what: str) -> bool:
            return bool(batch[what]) or bool(catalog.entries(what))

        for event in events:  # declarations first: an event may cite one of its batch
            declared = declared_entry(event)
            if declared is None:
                continue
            what, entity_id, entry = declared
            current = current_of(what, entity_id)
            amends = bool(getattr(event, "amends", False))
            if current is not None and current != entry and not amends:
                where = catalog.declared_at(what, entity_id)
                raise CatalogConflictError(event.id, what, entity_id, stream, where)
            other = "place" if what == "actor" else "actor" if what == "place" else None
            if other is not None and current_of(other, entity_id) is not None:
                raise CatalogConflictError(
                    event.id, what, entity_id, stream, catalog.declared_at(other, entity_id), other
                )
            batch[what][entity_id] = entry
        named: dict[str, set[str]] = {}
        for event in events:
            for namespace, name in names_set_up(event):
                named.setdefault(namespace, set()).add(name)
        for event in events:
            for reference in references(event):
                to = reference.to
                if to == "event":
                    continue  # checked above
                if to not in batch:  # a name: set up by the store or the batch
                    if reference.id in named.get(to, ()) or reference.id in self._names.get(to, ()):
                        continue
                elif not declares(to) or current_of(to, reference.id) is not None:
                    continue  # an undeclared kind of entry is free
                raise UnknownReferenceError(event.id, reference.field, reference.id, to, stream)


def _check_corrections(stream: str, events: list[Event], recorded: _Records) -> None:
    """Refuse a correction whose changes cannot apply to its target (file readers do the same)."""
    fixes = [e for e in events if isinstance(e, Correction) and e.changes]
    if not fixes:
        return
    batch = {event.id for event in events}
    held = recorded(list(dict.fromkeys(f.target for f in fixes if f.target not in batch)))
    given: dict[str, Event] = {}
    for event in events:
        if isinstance(event, Correction) and event.changes:
            original = given.get(event.target)
            if original is None and event.target in held:
                original = held[event.target][2]
            if original is not None:
                refused = event.refused_changes(original)
                if refused:
                    raise CorrectionRefusedError(event.id, event.target, refused, stream)
        given.setdefault(event.id, event)


def catalog_reader(read_all: Callable[..., Iterator[Recorded]]) -> _Reader:
    """``read_all`` restricted to some kinds (the catalog and naming ones), after a position."""
    return lambda after, kinds: read_all(after, kinds=kinds)


def _naming_kinds() -> frozenset[str]:
    """The registered kinds whose events set up names (an agreement's, a ceasefire's)."""
    return frozenset(name for name, cls in kinds().items() if cls.name_fields)
