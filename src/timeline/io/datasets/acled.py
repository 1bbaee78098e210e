"""ACLED: the Armed Conflict Location & Event Data Project's event exports.

One ACLED row becomes one event with the id ``acled-<event_id_cnty>``. Its
kind comes from ``event_type`` / ``sub_event_type``, mapped to the conflict
pack where the meaning is clear:

* territory changing hands (``Government regains territory``, ``Non-state
  actor overtakes territory``, ``Non-violent transfer of territory``) is an
  :class:`AcledCapture` (``acled.capture``, a :class:`~timeline.conflict.Capture`:
  ``actor1`` takes the location from ``actor2``);
* ``Explosions/Remote violence`` and ``Violence against civilians`` are an
  :class:`AcledAttack` (``acled.attack``, a :class:`~timeline.conflict.Attack`
  by ``actor1`` on ``actor2``, the sub-event type as its method);
* the rest keep ACLED's own types: ``acled.battle`` (armed clashes),
  ``acled.protest``, ``acled.riot`` and ``acled.strategic``.

The columns:

* ``event_date`` with ``time_precision``: 1 the day; 2 an uncertain point
  within the three days either side (the source gives a week or a few days);
  3 the month;
* ``actor1``, ``actor2`` and each of ``assoc_actor_1`` / ``assoc_actor_2``
  (``;``-separated) are declared actors (``acled-actor-<name>``), their kind
  from ``inter1`` / ``inter2`` (``State forces``, ``Civilians`` ...);
* ``country``, ``admin1``..``admin3`` and ``location`` are declared places,
  each ``within`` the next larger one, the location with its coordinates;
  ``geo_precision`` is kept;
* each of the ``;``-separated ``source`` names is a source, cited via ACLED;
  ``source_scale`` and ``notes`` are kept;
* ``fatalities`` is ACLED's *conservative* estimate, so the figure is "at
  least" that many (``Figure.at_least``), never an exact count;
* every cell is kept, by column name, in ``data["row"]``.

``timestamp`` (when ACLED last changed the row) is not part of the event: it
is the recorded time of the row's version, see :func:`import_acled`.
Coding from the ACLED codebook (2019 and later layouts).
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections.abc import Mapping
from typing import IO, Any

import attrs

from timeline.conflict import Attack, Capture
from timeline.events import (
    Actor,
    Citation,
    Event,
    Figure,
    Source,
    SourceKind,
    kind,
)
from timeline.io.datasets._places import PlaceBook, slug
from timeline.io.datasets._rows import count_of, expected
from timeline.io.datasets.dataset import BadCell, Dataset, Entry, Mapped
from timeline.io.datasets.importing import Progress
from timeline.io.datasets.versions import VersionsImport, import_deletions, import_versions
from timeline.store import EventStore
from timeline.time import When

__all__ = [
    "ACLED_COLUMNS",
    "Acled",
    "AcledAttack",
    "AcledBattle",
    "AcledCapture",
    "AcledEvent",
    "AcledProtest",
    "AcledRiot",
    "AcledStrategic",
    "import_acled",
    "import_acled_deletions",
]

#: The columns an import needs (the codebook has more, e.g. ``iso``, ``region``: all are kept).
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "timestamp",
)

#: ``inter1`` / ``inter2`` codes (older exports) and their names (newer ones).
_INTER: dict[str, str] = {
    "1": "State forces",
    "2": "Rebel groups",
    "3": "Political militias",
    "4": "Identity militias",
    "5": "Rioters",
    "6": "Protesters",
    "7": "Civilians",
    "8": "External/Other forces",
}


@attrs.frozen(kw_only=True)
class AcledEvent(Event):
    """Base of ACLED's own kinds (not a kind itself): one ACLED event."""

    sub_event_type: str
    """ACLED's ``sub_event_type`` (``Armed clash``, ``Peaceful protest`` ...)."""
    fatalities: Figure
    """At least ACLED's ``fatalities``: the codebook's conservative estimate."""
    time_precision: int = 1
    """ACLED ``time_precision``: 1 the day, 2 a week or a few days, 3 the month."""
    geo_precision: int = 1
    """ACLED ``geo_precision``: 1 the place, 2 near it or its district, 3 the region."""
    source_scale: str | None = None
    """ACLED ``source_scale`` (``National``, ``Local partner-Other`` ...)."""
    notes: str | None = None
    """ACLED ``notes``: the coder's description of the event."""


@kind("acled.battle")
@attrs.frozen(kw_only=True)
class AcledBattle(AcledEvent):
    """ACLED ``Battles`` / ``Armed clash``: two armed, organised sides fight."""


@kind("acled.protest")
@attrs.frozen(kw_only=True)
class AcledProtest(AcledEvent):
    """ACLED ``Protests``: a public demonstration."""


@kind("acled.riot")
@attrs.frozen(kw_only=True)
class AcledRiot(AcledEvent):
    """ACLED ``Riots``: a violent demonstration or mob violence."""


@kind("acled.strategic")
@attrs.frozen(kw_only=True)
class AcledStrategic(AcledEvent):
    """ACLED ``Strategic developments`` other than territory changing hands."""


@kind("acled.capture")
@attrs.frozen(kw_only=True)
class AcledCapture(Capture):
    """ACLED territory changing hands: ``actor1`` takes the location from ``actor2``."""

    sub_event_type: str
    """ACLED's ``sub_event_type`` (``Non-state actor overtakes territory`` ...)."""
    fatalities: Figure
    """At least ACLED's ``fatalities``: the codebook's conservative estimate."""
    time_precision: int = 1
    """ACLED ``time_precision``: 1 the day, 2 a week or a few days, 3 the month."""
    geo_precision: int = 1
    """ACLED ``geo_precision``: 1 the place, 2 near it or its district, 3 the region."""
    source_scale: str | None = None
    """ACLED ``source_scale``."""
    notes: str | None = None
    """ACLED ``notes``: the coder's description of the event."""


@kind("acled.attack")
@attrs.frozen(kw_only=True)
class AcledAttack(Attack):
    """ACLED ``Explosions/Remote violence`` or ``Violence against civilians``."""

    sub_event_type: str
    """ACLED's ``sub_event_type`` (``Air/drone strike``, ``Attack`` ...), also the method."""
    fatalities: Figure
    """At least ACLED's ``fatalities``: the codebook's conservative estimate."""
    time_precision: int = 1
    """ACLED ``time_precision``: 1 the day, 2 a week or a few days, 3 the month."""
    geo_precision: int = 1
    """ACLED ``geo_precision``: 1 the place, 2 near it or its district, 3 the region."""
    source_scale: str | None = None
    """ACLED ``source_scale``."""
    notes: str | None = None
    """ACLED ``notes``: the coder's description of the event."""


_TERRITORY = frozenset(
    {
        "Government regains territory",
        "Non-state actor overtakes territory",
        "Non-violent transfer of territory",
    }
)
_TYPES: dict[str, type[Event]] = {
    "Battles": AcledBattle,
    "Explosions/Remote violence": AcledAttack,
    "Violence against civilians": AcledAttack,
    "Protests": AcledProtest,
    "Riots": AcledRiot,
    "Strategic developments": AcledStrategic,
}
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_ACLED = Source(
    id="acled",
    name="Armed Conflict Location & Event Data Project (ACLED)",
    kind=SourceKind.OTHER,
    url="https://acleddata.com/",
)


class Acled(Dataset):
    """The ACLED mapping (see the module docs); one instance per import, it caches entries."""

    name = "acled"
    title = "ACLED"
    key_column = "event_id_cnty"
    required = ACLED_COLUMNS

    def __init__(self) -> None:
        """A mapping with empty caches."""
        self._book = PlaceBook()
        self._actors: dict[str, Actor] = {}
        self._sources: dict[str, Source] = {}

    def base_entries(self) -> tuple[Entry, ...]:
        """ACLED itself, the compiler of every row."""
        return (_ACLED,)

    def changed_columns(self, old: Mapping[str, str], new: Mapping[str, str]) -> list[str]:
        """The columns that differ, without ``timestamp`` (it changes with every version)."""
        return [name for name in super().changed_columns(old, new) if name != "timestamp"]

    def map_row(self, key: str, row: Mapping[str, str]) -> Mapped | BadCell:
        """The event of one ACLED row, or the cell at fault."""
        if not _KEY.match(key):
            return BadCell(
                "event_id_cnty", f"{key!r} is not an ACLED id; expected letters and digits"
            )
        event_type = row["event_type"].strip()
        sub_type = " ".join(row["sub_event_type"].split())
        cls = _TYPES.get(event_type)
        if cls is None:
            return BadCell("event_type", expected(row, "event_type", ", ".join(_TYPES)))
        if not sub_type:
            return BadCell("sub_event_type", "is empty; expected ACLED's sub-event type")
        if sub_type in _TERRITORY:
            cls = AcledCapture
        numbers: dict[str, int] = {}
        for column, allowed in (("time_precision", 3), ("geo_precision", 3)):
            number = count_of(row[column])
            if number is None or not 1 <= number <= allowed:
                return BadCell(column, expected(row, column, f"1 to {allowed}"))
            numbers[column] = number
        fatalities = count_of(row["fatalities"])
        if fatalities is None:
            return BadCell("fatalities", expected(row, "fatalities", "a whole number of 0 or more"))
        when = _when_of(row["event_date"].strip(), numbers["time_precision"])
        if isinstance(when, BadCell):
            return when
        entries: list[Entry] = [_ACLED]
        places = self._places_of(row, entries)
        if isinstance(places, BadCell):
            return places
        actor1 = self._actor(row["actor1"], row["inter1"], entries)
        if actor1 is None:
            return BadCell("actor1", "is empty; every ACLED event has a first actor")
        actor2 = self._actor(row["actor2"], row["inter2"], entries)
        actors = [actor1] + ([actor2] if actor2 else [])
        for column, inter in (("assoc_actor_1", "inter1"), ("assoc_actor_2", "inter2")):
            for name in row[column].split(";"):
                found = self._actor(name, row[inter], entries)
                if found is not None and found not in actors:
                    actors.append(found)
        location = " ".join(row["location"].split()) or "an unknown place"
        killed = f"at least {fatalities} killed" if fatalities else "no fatalities reported"
        against = f" vs {' '.join(row['actor2'].split())}" if actor2 else ""
        summary = f"{sub_type}: {' '.join(row['actor1'].split())}{against}, {location} ({killed})"
        fields: dict[str, Any] = {
            "id": self.event_id(key),
            "when": when,
            "summary": summary,
            "actors": actors,
            "places": places,
            "citations": self._citations(row, entries),
            "data": {"row": dict(row)},
            "sub_event_type": sub_type,
            "fatalities": Figure.at_least(
                fatalities, text=f"at least {fatalities} (ACLED's conservative estimate)"
            ),
            "time_precision": numbers["time_precision"],
            "geo_precision": numbers["geo_precision"],
            "source_scale": row["source_scale"].strip() or None,
            "notes": row["notes"].strip() or None,
        }
        if cls is AcledCapture:
            fields.update(place=places[0], by=actor1, from_=actor2)
        elif cls is AcledAttack:
            fields.update(by=actor1, on=actor2, where=places[0], method=sub_type)
        return Mapped(cls(**fields), tuple(entries))

    def _places_of(self, row: Mapping[str, str], entries: list[Entry]) -> tuple[str, ...] | BadCell:
        country = " ".join(row["country"].split())
        if not country:
            return BadCell("country", "is empty; every ACLED event has a country")
        levels = [country, *(" ".join(row[c].split()) for c in ("admin1", "admin2", "admin3"))]
        location = " ".join(row["location"].split())
        return self._book.chain(
            "acled", levels, location, row["latitude"], row["longitude"], entries
        )

    def _actor(self, cell: str, inter: str, entries: list[Entry]) -> str | None:
        """The actor id of the name in ``cell`` (``None`` if empty); the first ``inter`` seen."""
        name = " ".join(cell.split())
        if not name:
            return None
        actor = self._actors.get(name)
        if actor is None:
            code = inter.strip()
            actor = Actor(id=f"acled-actor-{slug(name)}", name=name, kind=_INTER.get(code, code))
            self._actors[name] = actor
        entries.append(actor)
        return actor.id

    def _citations(self, row: Mapping[str, str], entries: list[Entry]) -> list[Citation]:
        citations = []
        for cell in row["source"].split(";"):
            name = " ".join(cell.split())
            if not name:
                continue
            source = self._sources.get(name)
            if source is None:
                source = Source(id=f"acled-source-{slug(name)}", name=name)
                self._sources[name] = source
            entries.append(source)
            citations.append(Citation(source=source.id, via=_ACLED.id))
        if not citations:
            citations.append(Citation(source=_ACLED.id))
        return citations


def _parse_day(text: str) -> _dt.date | None:
    """An ACLED ``event_date``: ``2019-03-15`` (API) or ``15 March 2019`` (older exports)."""
    found = _ISO_DAY.match(text)
    try:
        if found is not None:
            return _dt.date(*(int(g) for g in found.groups()))
        return _dt.datetime.strptime(" ".join(text.replace("-", " ").split()), "%d %B %Y").date()
    except ValueError:
        return None


def _when_of(text: str, precision: int) -> When | BadCell:
    day = _parse_day(text)
    if day is None:
        return BadCell("event_date", f"{text!r} is not a day; expected YYYY-MM-DD or 15 March 2019")
    if precision == 3:
        return When.of(day.year, day.month)
    if precision == 2:
        start, end = day - _dt.timedelta(days=3), day + _dt.timedelta(days=3)
        return When.between(
            When.of(start.year, start.month, start.day), When.of(end.year, end.month, end.day)
        )
    return When.of(day.year, day.month, day.day)


def import_acled(
    store: EventStore,
    source: str | os.PathLike[str] | IO[str],
    *,
    strict: bool = False,
    stream: str = Acled.name,
    progress: Progress | None = None,
) -> VersionsImport:
    """Import an ACLED export (CSV, plain or gzipped) into ``store``, each version at its stamp.

    The same as :func:`timeline.io.datasets.import_versions` with :class:`Acled`:
    a new row is an event recorded at its ``timestamp``; a later ``timestamp``
    of a row is a correction recorded then; the same file again appends nothing.
    """
    return import_versions(store, Acled(), source, strict=strict, stream=stream, progress=progress)


def import_acled_deletions(
    store: EventStore,
    source: str | os.PathLike[str] | IO[str],
    *,
    strict: bool = False,
    stream: str = Acled.name,
) -> VersionsImport:
    """Retract the events an ACLED deletions file (``event_id_cnty,deleted_timestamp``) lists.

    Each retraction is recorded at its ``deleted_timestamp``; see
    :func:`timeline.io.datasets.import_deletions`.
    """
    return import_deletions(store, Acled(), source, strict=strict, stream=stream)
