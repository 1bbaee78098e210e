"""The filters of :meth:`Chronology.query <timeline.projections.Chronology.query>`.

Kinds, streams, actors, places, sources, tags and a ``where`` predicate,
made into one predicate on a record. Actors and places match by any alias
a gazetteer knows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from timeline.errors import ProjectionError
from timeline.events import Event, Gazetteer
from timeline.store import Recorded

__all__ = ["matcher"]


def _names(values: Iterable[str] | str | None, what: str) -> frozenset[str] | None:
    if values is None:
        return None
    if isinstance(values, str):
        return frozenset({values})
    found = frozenset(values)
    for value in found:
        if not isinstance(value, str):
            raise ProjectionError(f"{what}: expected names (str), got {value!r}")
    return found


def _kind_names(kinds: Iterable[str | type[Event]] | str | type[Event] | None) -> frozenset[str]:
    if isinstance(kinds, str | type):
        kinds = (kinds,)
    names: set[str] = set()
    for item in kinds or ():
        if isinstance(item, type) and issubclass(item, Event):
            names.add(item.kind)
        elif isinstance(item, str):
            names.add(item)
        else:
            raise ProjectionError(f"kinds: expected kind names or Event classes, got {item!r}")
    return frozenset(names)


def matcher(
    gazetteer: Gazetteer | None,
    kinds: Iterable[str | type[Event]] | str | type[Event] | None,
    actors: Iterable[str] | str | None,
    places: Iterable[str] | str | None,
    sources: Iterable[str] | str | None,
    tags: Iterable[str] | str | None,
    where: Callable[[Recorded], bool] | None,
    streams: Iterable[str] | str | None = None,
) -> Callable[[Recorded], bool] | None:
    """A predicate for the records that pass every filter given (``None``: no filter)."""

    def canon(name: str) -> str:
        found = None if gazetteer is None else gazetteer.find(name)
        return name if found is None else found

    def entities(names: frozenset[str] | None) -> frozenset[str] | None:
        if names is None or gazetteer is None:
            return names
        return frozenset(map(canon, names))

    kind_set = _kind_names(kinds) if kinds is not None else None
    stream_set = _names(streams, "streams")
    actor_set = entities(_names(actors, "actors"))
    place_set = entities(_names(places, "places"))
    source_set = _names(sources, "sources")
    tag_set = _names(tags, "tags")
    wanted = (kind_set, actor_set, place_set, source_set, tag_set, stream_set, where)
    if all(x is None for x in wanted):
        return None

    def matches(recorded: Recorded) -> bool:
        event = recorded.event
        if kind_set is not None and type(event).kind not in kind_set:
            return False
        if stream_set is not None and recorded.stream not in stream_set:
            return False
        if actor_set is not None and actor_set.isdisjoint(map(canon, event.actors)):
            return False
        if place_set is not None and place_set.isdisjoint(map(canon, event.places)):
            return False
        if source_set is not None and source_set.isdisjoint(c.source for c in event.citations):
            return False
        if tag_set is not None and tag_set.isdisjoint(event.tags):
            return False
        return where is None or bool(where(recorded))

    return matches
