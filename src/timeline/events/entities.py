"""Actors and places: entities with an id, a display name and aliases.

Transliterations differ across reports (Saraqeb / Saraqib, Nairab / Nayrab,
Maaret al-Nouman / Maarat al-Numan / Ma'arrat al-Nu'man). A :class:`Gazetteer`
holds the entities and resolves any of their names to the entity's id,
ignoring case, diacritics, apostrophes and the hyphen-or-space choice::

    places = Gazetteer([Place(id="saraqeb", name="Saraqeb", aliases=["Saraqib"])])
    places.resolve("SARAQIB")  # "saraqeb"
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs

from timeline.errors import EntityError, EventError
from timeline.events._errors import error_at
from timeline.events._plans import RecordSpec
from timeline.events._specs import FLOAT, STR, _Optional, _Tuple
from timeline.events.sources import check_id

__all__ = [
    "Actor",
    "Entity",
    "Gazetteer",
    "Place",
    "describe_cycle",
    "normalize_name",
    "within_cycles",
]

_APOSTROPHES = re.compile(r"['’‘`ʼʻʿʾ′]")
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_.,/]+")


def normalize_name(name: str) -> str:
    """The matching key of a name: case, diacritics, apostrophes and separators folded.

    ``normalize_name("Ma'arrat al-Nu'mān") == normalize_name("maarrat al numan")``.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = _APOSTROPHES.sub("", stripped.casefold())
    return _SEPARATORS.sub(" ", stripped).strip()


_NAMES = _Tuple(STR)
_OPT_STR = _Optional(STR)


def _to_id(value: str) -> str:
    return check_id(value, "id")


def _to_name(value: str) -> str:
    value = STR.convert(value, "name")
    if not normalize_name(value):
        raise error_at("name", f"{value!r} has nothing to match on")
    return value


def _to_aliases(value: Iterable[str]) -> tuple[str, ...]:
    aliases: tuple[str, ...] = _NAMES.convert(value, "aliases")
    for alias in aliases:
        _to_name(alias)
    return aliases


def _to_kind(value: str | None) -> str | None:
    return _OPT_STR.convert(value, "kind")  # type: ignore[no-any-return]


def _to_within(value: str | None) -> str | None:
    return None if value is None else check_id(value, "within")


def _to_coordinates(value: Iterable[float] | None) -> tuple[float, float] | None:
    if value is None:
        return None
    try:
        lat, lon = value
    except (TypeError, ValueError):
        raise error_at("coordinates", f"expected (latitude, longitude), got {value!r}") from None
    try:
        lat = FLOAT.convert(lat, "coordinates latitude")
        lon = FLOAT.convert(lon, "coordinates longitude")
    except EventError as exc:
        exc.field = "coordinates"  # the labels name the half; the field is the pair
        raise
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise error_at("coordinates", f"({lat}, {lon}) is not a latitude and longitude")
    return (lat, lon)


@attrs.frozen(kw_only=True)
class Actor:
    """Someone who acts: a state, an army, a group, a person.

    ``Actor(id="syrian-government", name="Syrian government", aliases=["Damascus"])``.
    """

    id: str = attrs.field(converter=_to_id)
    """Stable id that events name in ``actors``."""
    name: str = attrs.field(converter=_to_name)
    """Display name."""
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_to_aliases)
    """Other names it goes by in reports."""
    kind: str | None = attrs.field(default=None, converter=_to_kind)
    """Free classification ("state", "armed forces", "person"...)."""

    @property
    def names(self) -> tuple[str, ...]:
        """The display name followed by the aliases."""
        return (self.name, *self.aliases)

    @staticmethod
    def __timeline_spec__() -> RecordSpec:
        """The codec's spec for this record."""
        return RecordSpec(Actor)


@attrs.frozen(kw_only=True)
class Place:
    """A place: a city, a village, a province, a zone.

    ``Place(id="nairab", name="Nairab", aliases=["Nayrab"], within="idlib-province")``.
    """

    id: str = attrs.field(converter=_to_id)
    """Stable id that events name in ``places``."""
    name: str = attrs.field(converter=_to_name)
    """Display name."""
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_to_aliases)
    """Other names and transliterations."""
    coordinates: tuple[float, float] | None = attrs.field(default=None, converter=_to_coordinates)
    """``(latitude, longitude)`` in degrees (WGS 84), if known."""
    within: str | None = attrs.field(default=None, converter=_to_within)
    """Id of the place that contains it, if any."""

    @property
    def names(self) -> tuple[str, ...]:
        """The display name followed by the aliases."""
        return (self.name, *self.aliases)

    @staticmethod
    def __timeline_spec__() -> RecordSpec:
        """The codec's spec for this record."""
        return RecordSpec(Place)


Entity = Actor | Place


def within_cycles(
    places: Mapping[str, Place], starts: Iterable[str] | None = None
) -> list[tuple[str, ...]]:
    """The cycles of ``within`` among ``places`` (by id): each once, from its least id.

    ``("a", "b")`` means a is within b and b within a. Only chains from
    ``starts`` are followed when given (the places just added). A ``within``
    naming a place not in ``places`` ends its chain.
    """
    cycles: dict[frozenset[str], tuple[str, ...]] = {}
    for start in places if starts is None else starts:
        chain: list[str] = []
        current: str | None = start
        while current is not None and current in places and current not in chain:
            chain.append(current)
            current = places[current].within
        if current is None or current not in chain:
            continue
        cycle = chain[chain.index(current) :]
        first = cycle.index(min(cycle))  # the same cycle reads the same from any start
        cycles.setdefault(frozenset(cycle), tuple(cycle[first:] + cycle[:first]))
    return list(cycles.values())


def describe_cycle(cycle: tuple[str, ...]) -> str:
    """``'a within b within a'``: a cycle of :func:`within_cycles` for a message."""
    return " within ".join([*cycle, cycle[0]])


class Gazetteer:
    """Entities by id, and every one of their names, for matching across spellings.

    Names match when :func:`normalize_name` agrees. A name shared by two
    entities is refused (:class:`~timeline.events.EntityError`), so a match is
    never a guess.
    """

    __slots__ = ("_by_id", "_by_name")

    def __init__(self, entities: Iterable[Entity] = ()) -> None:
        """A gazetteer holding ``entities``."""
        self._by_id: dict[str, Entity] = {}
        self._by_name: dict[str, str] = {}
        self.add(*entities)

    def add(self, *entities: Entity) -> None:
        """Add entities; all or none (a clash leaves the gazetteer unchanged)."""
        by_id = dict(self._by_id)
        by_name = dict(self._by_name)
        for entity in entities:
            if not isinstance(entity, Actor | Place):
                raise EntityError(f"expected an Actor or a Place, got {entity!r}")
            old = by_id.get(entity.id)
            if old is not None and old != entity:
                raise EntityError(f"id {entity.id!r} is already taken by {old!r}")
            by_id[entity.id] = entity
            for name in (entity.id, *entity.names):
                key = normalize_name(name)
                owner = by_name.get(key)
                if owner is not None and owner != entity.id:
                    raise EntityError(
                        f"name {name!r} of {entity.id!r} already names {owner!r}; "
                        "a name must point to one entity"
                    )
                by_name[key] = entity.id
        self._refuse_cycles(by_id, [e.id for e in entities if isinstance(e, Place)])
        self._by_id = by_id
        self._by_name = by_name

    @staticmethod
    def _refuse_cycles(by_id: dict[str, Entity], added: list[str]) -> None:
        # As a stream file does: a place cannot be within itself, at any remove.
        if not added:
            return
        places = {i: e for i, e in by_id.items() if isinstance(e, Place)}
        cycles = within_cycles(places, added)
        if cycles:
            raise EntityError(
                f"places are within each other in a cycle: {describe_cycle(cycles[0])}; "
                "a place cannot contain itself",
                field="within",
                where="Place.within",
            )

    def resolve(self, name: str) -> str:
        """The id of the entity ``name`` (an id, display name or alias) names.

        Raises :class:`~timeline.events.EntityError` with the closest known
        names when nothing matches.
        """
        found = self.find(name)
        if found is None:
            close = difflib.get_close_matches(normalize_name(name), list(self._by_name), n=5)
            ids = list(dict.fromkeys(self._by_name[c] for c in close))[:3]
            hint = (
                "; did you mean " + ", ".join(f"{self._by_id[i].name!r} ({i})" for i in ids) + "?"
                if ids
                else ""
            )
            raise EntityError(f"unknown name {name!r}{hint}")
        return found

    def find(self, name: str) -> str | None:
        """The id ``name`` resolves to, or ``None``."""
        if not isinstance(name, str):
            raise EntityError(f"expected a name (string), got {name!r}")
        return self._by_name.get(normalize_name(name))

    def same(self, a: str, b: str) -> bool:
        """Whether two names resolve to the same known entity."""
        found = self.find(a)
        return found is not None and found == self.find(b)

    def __getitem__(self, entity_id: str) -> Entity:
        try:
            return self._by_id[entity_id]
        except KeyError:
            raise EntityError(f"no entity with id {entity_id!r}") from None

    def get(self, name: str) -> Entity | None:
        """The entity ``name`` resolves to, or ``None``."""
        found = self.find(name)
        return None if found is None else self._by_id[found]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.find(name) is not None

    def __iter__(self) -> Iterator[Entity]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def __repr__(self) -> str:
        return f"Gazetteer({list(self._by_id.values())!r})"

    def __eq__(self, other: Any) -> bool:
        if not isinstance(other, Gazetteer):
            return NotImplemented
        return self._by_id == other._by_id

    __hash__ = None  # type: ignore[assignment]
