"""Building the Idlib context: GED and the seed article in one store, read month by month.

See :mod:`timeline.idlib_context` for what is counted and how.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path

import attrs

from timeline.events import Event, Place, normalize_name
from timeline.io import load_into
from timeline.io.datasets import GedEvent, import_ucdp_ged
from timeline.projections import Catalog, Chronology, Match
from timeline.store import EventStore, MemoryStore, Recorded
from timeline.time import When

__all__ = [
    "CITATION",
    "GED_FILE",
    "GOVERNORATE",
    "MEETING_PLACES",
    "NEARBY_KM",
    "SEED_FILE",
    "WINDOW",
    "IdlibContext",
    "Meeting",
    "Month",
    "build_context",
    "find_ged",
]

GED_FILE = "shared/data/ucdp-ged-syria/ged_syria.csv.gz"
"""The shared GED file's path, relative to a folder above the checkout (or the working one)."""

SEED_FILE = "seeds/idlib-2020.toml"
"""The seed article's path, relative to the checkout."""

GOVERNORATE = "ucdp-syria/idlib-governorate"
"""The place id the GED import gives Idlib governorate (``adm_1``)."""

WINDOW: tuple[date, date] = (date(2018, 9, 17), date(2019, 11, 30))
"""From the Turkey-Russia deal of 17 September 2018 to the last day of the GED file."""

MEETING_PLACES: tuple[str, ...] = ("maaret-al-nouman", "nairab")
"""The seed's places looked for in GED."""

NEARBY_KM = 3.0
"""How near (by GED's coordinates) another GED place counts as at the edge of a meeting place."""

CITATION = (
    "UCDP Georeferenced Event Dataset, GED Syria file (version 19.1 with candidate events, "
    "obtained 2020-01-10), CC BY 4.0. Sundberg, Ralph, and Erik Melander (2013), "
    '"Introducing the UCDP Georeferenced Event Dataset", Journal of Peace Research 50(4): '
    '523-532; Högbladh, Stina (2019), "UCDP GED Codebook version 19.1", Department of Peace '
    "and Conflict Research, Uppsala University."
)
"""How UCDP asks to be cited (from the shared file's README)."""

_TYPE_WORDS = re.compile(r"\s+(town|village|city)$")  # a settlement, not a district
_KM_PER_DEGREE = 111.195  # on a sphere of radius 6371 km


@attrs.frozen
class Month:
    """One month of the window (the first starts on 17 September 2018): counts as ranges."""

    first: date
    """The month's first day inside the window."""
    last: date
    """The month's last day inside the window."""
    events: tuple[int, int]
    """GED events in the month: (for certain, possibly)."""
    deaths: tuple[int, int]
    """Deaths: (summed ``low`` of the certain events, summed ``high`` of the possible ones)."""
    best: int
    """Summed ``best`` of the events that start in the month."""
    article: tuple[str, ...] = ()
    """Ids of the article's events that may fall in the month (dated to a year or closer)."""

    @property
    def label(self) -> str:
        """``"2019-05"``."""
        return f"{self.first:%Y-%m}"


@attrs.frozen
class Meeting:
    """Where GED and the article meet: one of the article's places and GED's rows there."""

    place: str
    """The article's place id."""
    name: str
    """The article's name for it."""
    ged_names: tuple[str, ...]
    """GED's ``where_coordinates`` names that match it."""
    coordinates: tuple[float, float] | None
    """GED's coordinates of the place (of its first matching row)."""
    ged_events: tuple[str, ...]
    """Ids of the GED events there inside the window, in date order."""
    first: date | None
    """The earliest day of those events."""
    last: date | None
    """The latest day of those events."""
    deaths: tuple[int, int]
    """Deaths there: (summed ``low``, summed ``high``)."""
    best: int
    """Summed ``best`` there."""
    article_events: tuple[tuple[str, str, str, date | None], ...]
    """The article's events at the place: (id, date as given, summary, earliest day)."""
    km_from_idlib_city: float | None = None
    """Distance from GED's point for Idlib town, by GED's coordinates."""
    nearby: tuple[tuple[str, str, float], ...] = ()
    """Other GED events within :data:`NEARBY_KM` of the place: (id, GED's name, km)."""
    district: str | None = None
    """GED's ``adm_2`` of the place (its district)."""
    district_events: tuple[int, int] = (0, 0)
    """GED events in that district in the window: (wholly inside it, possibly)."""
    district_deaths: tuple[int, int, int] = (0, 0, 0)
    """Deaths in that district in the window: (low, best, high), counted as a month's are."""


@attrs.frozen
class IdlibContext:
    """The GED chronology of the window and the article beside it, from one store."""

    months: tuple[Month, ...]
    """The months of :data:`WINDOW`, first to last."""
    meetings: tuple[Meeting, ...]
    """Where GED and the article meet, one per place of :data:`MEETING_PLACES`."""
    article: tuple[tuple[str, str, str], ...]
    """The article's events in valid-time order: (id, date as given, summary)."""
    rows: int
    """GED rows imported (the whole file)."""
    ged_stream: str
    """The GED stream's name in the store."""
    article_stream: str
    """The article's stream name in the store."""

    @property
    def events(self) -> tuple[int, int]:
        """GED events in the window: (for certain, possibly)."""
        return (sum(m.events[0] for m in self.months), sum(m.events[1] for m in self.months))

    @property
    def deaths(self) -> tuple[int, int, int]:
        """Deaths in the window: (low, best, high) summed over the months."""
        return (
            sum(m.deaths[0] for m in self.months),
            sum(m.best for m in self.months),
            sum(m.deaths[1] for m in self.months),
        )


def find_ged() -> Path:
    """The shared GED file: ``$TIMELINE_GED`` if set, else :data:`GED_FILE` in a folder above.

    Above the checkout or the working folder (a clone beside ``shared/``).
    Raises :class:`FileNotFoundError` naming the file and where it was looked for.
    """
    given = os.environ.get("TIMELINE_GED")
    if given:
        if not Path(given).is_file():
            raise FileNotFoundError(f"TIMELINE_GED={given}: no such file")
        return Path(given)
    return _find(GED_FILE)


def _find(relative: str) -> Path:
    bases = [*Path(__file__).resolve().parents, Path.cwd(), *Path.cwd().resolve().parents]
    for base in dict.fromkeys(bases):
        if (base / relative).is_file():
            return base / relative
    raise FileNotFoundError(
        f"{relative} is not in any folder above {Path(__file__).parent} or {Path.cwd()}; "
        "pass its path"
    )


def build_context(
    store: EventStore | None = None,
    *,
    ged: str | os.PathLike[str] | None = None,
    seed: str | os.PathLike[str] | None = None,
) -> IdlibContext:
    """Import GED and the seed into ``store`` (default: a new memory store) and read the context.

    ``ged`` defaults to :func:`find_ged`, ``seed`` to :data:`SEED_FILE` in the checkout.
    The GED stream is ``ucdp-ged`` (release 19.1), the article's its own (``idlib-2020``).
    """
    target = MemoryStore() if store is None else store
    imported = import_ucdp_ged(
        target, Path(ged) if ged is not None else find_ged(), release="19.1", released="2020-01-10"
    )
    loaded = load_into(target, Path(seed) if seed is not None else _find(SEED_FILE))
    ged_stream, article_stream = imported.stream, loaded.stream.name
    chronology = Chronology(target, live=False)
    zone = Catalog.of(target).zone(article_stream) or "UTC"
    months = tuple(
        _month(chronology, ged_stream, (article_stream, zone), first, last)
        for first, last in _bins()
    )
    start, end = WINDOW
    selected = _idlib(chronology, ged_stream, start, end, "possible")
    inside = {e.id for e in _idlib(chronology, ged_stream, start, end, "certain")}
    article = [r.event for r in chronology.query(streams=article_stream)]
    town = next((e for e in selected if _key(_ged_name(e)) == _key("Idlib")), None)
    gazetteer = Catalog.of(target).gazetteer()
    meetings = []
    for place_id in MEETING_PLACES:
        place = gazetteer.get(place_id)
        if isinstance(place, Place):
            meetings.append(_meeting(place, (selected, inside), article, town))
    return IdlibContext(
        months=months,
        meetings=tuple(meetings),
        article=tuple(_described(e) for e in article),
        rows=imported.rows,
        ged_stream=ged_stream,
        article_stream=article_stream,
    )


def _bins() -> list[tuple[date, date]]:
    start, end = WINDOW
    bins = []
    first = start
    while first <= end:
        following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        bins.append((first, min(following - timedelta(days=1), end)))
        first = following
    return bins


def _day(day: date, zone: str = "UTC") -> When:
    return When.of(day.year, day.month, day.day, tz=zone)


def _idlib(
    chronology: Chronology, stream: str, first: date, last: date, match: Match
) -> list[GedEvent]:
    """The GED events of Idlib governorate certainly (wholly) or possibly in ``first..last``."""
    found = chronology.query(
        _day(first), _day(last), match=match, streams=stream, where=_in_governorate
    )
    return [r.event for r in found if isinstance(r.event, GedEvent)]


def _in_governorate(recorded: Recorded) -> bool:
    return GOVERNORATE in recorded.event.places


def _month(
    chronology: Chronology, stream: str, article: tuple[str, str], first: date, last: date
) -> Month:
    """The month ``first..last``: GED's days read as UTC, the article's in its own zone."""
    article_stream, zone = article
    certain = _idlib(chronology, stream, first, last, "certain")
    possible = _idlib(chronology, stream, first, last, "possible")
    # Beside the month: the article's events that may fall in it and are dated to the
    # year or closer ("since late 2012" may fall in any month: it says nothing of one).
    beside = chronology.query(
        _day(first, zone), _day(last, zone), streams=article_stream, where=_dated_within_a_year
    )
    return Month(
        first=first,
        last=last,
        events=(len(certain), len(possible)),
        deaths=(_low(certain), _high(possible)),
        best=sum(e.best for e in possible if first <= _start(e) <= last),
        article=tuple(r.event.id for r in beside),
    )


def _dated_within_a_year(recorded: Recorded) -> bool:
    earliest, latest = recorded.event.when.earliest, recorded.event.when.latest
    return earliest is not None and latest is not None and (latest - earliest).days <= 366


def _low(events: Iterable[GedEvent]) -> int:
    return sum(e.deaths.low or 0 for e in events)


def _high(events: Iterable[GedEvent]) -> int:
    return sum(e.deaths.high or e.deaths.low or 0 for e in events)


def _row(event: GedEvent) -> Mapping[str, str]:
    row = event.data.get("row")
    return row if isinstance(row, Mapping) else {}


def _start(event: GedEvent) -> date:
    return date.fromisoformat(_row(event)["date_start"][:10])


def _end(event: GedEvent) -> date:
    return date.fromisoformat(_row(event)["date_end"][:10])


def _ged_name(event: GedEvent) -> str:
    return _row(event).get("where_coordinates", "")


def _key(name: str) -> str:
    """A loose key of a place name: folded, the type word dropped, doubled letters single.

    ``_key("Maarat al-Numaan town") == _key("Maarat al-Numan")``.
    """
    plain = _TYPE_WORDS.sub("", normalize_name(name))
    letters = re.sub(r"[^a-z0-9]", "", plain)
    return re.sub(r"(.)\1+", r"\1", letters)


def _described(event: Event) -> tuple[str, str, str]:
    when = event.when.display()
    if event.when.phrase is not None:
        when += f' ("{event.when.phrase}")'
    return (event.id, when, event.summary)


def _meeting(
    place: Place,
    window: tuple[Sequence[GedEvent], set[str]],
    article: Sequence[Event],
    town: GedEvent | None,
) -> Meeting:
    """The GED rows at ``place``: by name (or alias), then by coordinates and by district."""
    selected, inside = window
    keys = {_key(name) for name in (place.name, *place.aliases)}
    there = sorted(
        (e for e in selected if _key(_ged_name(e)) in keys), key=lambda e: (_start(e), e.id)
    )
    coordinates = next((c for c in map(_coordinates, there) if c is not None), None)
    distance = None
    if coordinates is not None and town is not None:
        town_at = _coordinates(town)
        distance = None if town_at is None else _km(coordinates, town_at)
    nearby = []
    if coordinates is not None:
        for event in selected:
            at = _coordinates(event)
            km = math.inf if at is None else _km(coordinates, at)
            if km <= NEARBY_KM and _key(_ged_name(event)) not in keys:
                nearby.append((event.id, _ged_name(event), round(km, 1)))
    district = next((_row(e).get("adm_2") for e in there if _row(e).get("adm_2")), None)
    in_district = [e for e in selected if district and _row(e).get("adm_2") == district]
    certain = [e for e in in_district if e.id in inside]
    return Meeting(
        place=place.id,
        name=place.name,
        ged_names=tuple(dict.fromkeys(_ged_name(e) for e in there)),
        coordinates=coordinates,
        ged_events=tuple(e.id for e in there),
        first=_start(there[0]) if there else None,
        last=max((_end(e) for e in there), default=None),
        deaths=(_low(there), _high(there)),
        best=sum(e.best for e in there),
        article_events=tuple(
            (*_described(e), None if e.when.earliest is None else e.when.earliest.date())
            for e in article
            if place.id in e.places
        ),
        km_from_idlib_city=distance,
        nearby=tuple(nearby),
        district=district,
        district_events=(len(certain), len(in_district)),
        district_deaths=(
            _low(certain),
            sum(e.best for e in in_district if WINDOW[0] <= _start(e)),
            _high(in_district),
        ),
    )


def _coordinates(event: GedEvent) -> tuple[float, float] | None:
    row = _row(event)
    try:
        return (float(row["latitude"]), float(row["longitude"]))
    except (KeyError, ValueError):
        return None


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km (haversine)."""
    lat1, lon1, lat2, lon2 = (math.radians(x) for x in (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * math.degrees(math.asin(math.sqrt(h))) * _KM_PER_DEGREE
