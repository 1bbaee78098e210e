"""The places a dataset's rows name: a chain from the country down, built as rows are read.

Shared by the importers of :mod:`timeline.io.datasets`. Each row names its
country, its administrative levels and a location with coordinates; each
becomes a :class:`~timeline.events.Place` within the one above, with an id
made of the dataset's prefix and the names' slugs
(``ucdp-syria/idlib-governorate/ariha-district/ariha-town``). Two locations
of one name under one parent are told apart by their coordinates.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from timeline.events import Place, normalize_name
from timeline.io.datasets.dataset import BadCell, Entry

__all__ = ["PlaceBook", "slug"]

_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """``text`` as an id part: lowercase letters and digits joined by ``-`` (``"x"`` if none)."""
    return _SLUG.sub("-", normalize_name(text)).strip("-") or "x"


class PlaceBook:
    """The places an import has made so far, by id (one instance per import)."""

    __slots__ = ("_places", "_slugs")

    def __init__(self) -> None:
        self._places: dict[str, Place] = {}
        self._slugs: dict[str, str] = {}

    def slug(self, text: str) -> str:
        """:func:`slug`, remembered (a dataset repeats its names on every row)."""
        found = self._slugs.get(text)
        if found is None:
            found = self._slugs[text] = slug(text)
        return found

    def chain(
        self,
        prefix: str,
        levels: Sequence[str],
        location: str,
        latitude: str,
        longitude: str,
        entries: list[Entry],
    ) -> tuple[str, ...] | BadCell:
        """The ids of a row's places, innermost first, each added to ``entries``.

        ``levels`` are the country and the administrative levels, outermost
        first (empty names are skipped; the country must not be empty);
        ``location`` (may be empty) is placed at the coordinates, which are
        checked: a bad pair is a :class:`BadCell` of ``latitude``.
        """
        country, *admins = levels
        chain = [self.place(f"{prefix}-{self.slug(country)}", country, None, None, entries)]
        for name in admins:
            if name:
                chain.append(
                    self.place(f"{chain[-1]}/{self.slug(name)}", name, chain[-1], None, entries)
                )
        latitude, longitude = latitude.strip(), longitude.strip()
        coordinates = None
        if latitude or longitude:
            try:
                coordinates = (float(latitude), float(longitude))
            except ValueError:
                return BadCell(
                    "latitude", f"({latitude!r}, {longitude!r}) is not a latitude and longitude"
                )
            if not (-90 <= coordinates[0] <= 90 and -180 <= coordinates[1] <= 180):
                return BadCell("latitude", f"{coordinates} is not a latitude and longitude")
        if location:
            pid = f"{chain[-1]}/{self.slug(location)}"
            chain.append(self.place(pid, location, chain[-1], coordinates, entries))
        return tuple(reversed(chain))

    def place(
        self,
        pid: str,
        name: str,
        within: str | None,
        coordinates: tuple[float, float] | None,
        entries: list[Entry],
    ) -> str:
        """The id of the place ``pid`` (made on first sight), added to ``entries``."""
        place = self._places.get(pid)
        if place is not None and place.coordinates != coordinates:
            # Two places of one name in one district: the coordinates tell them apart.
            pid = f"{pid}@{coordinates[0]},{coordinates[1]}" if coordinates else f"{pid}@area"
            place = self._places.get(pid)
        if place is None:
            place = Place(id=pid, name=name, within=within, coordinates=coordinates)
            self._places[pid] = place
        entries.append(place)
        return pid
