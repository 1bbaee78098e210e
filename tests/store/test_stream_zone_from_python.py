"""A stream's zone applies to plain dates appended from Python through its catalog (issue 10).

An ``Event`` fixes its ``When`` (and its content id) when it is built, before a
store sees it, so a plain string is read in UTC there. ``Catalog.when`` reads a
date on the stream's wall clock, as a stream file does: the same dates appended
from code and from the file give the same events and the same documents.
"""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from timeline import codec
from timeline.events import CatalogEvent, Event, StreamSettings
from timeline.io.authoring import load_into
from timeline.projections import Catalog
from timeline.render import build_document, render_markdown
from timeline.store import MemoryStore

ZONES = ["UTC", "Asia/Damascus", "Asia/Tokyo", "America/Los_Angeles", "Pacific/Kiritimati"]
DAY = datetime(2020, 2, 3, tzinfo=UTC)

dates = st.one_of(
    st.dates().filter(lambda d: 1900 <= d.year <= 2100).map(lambda d: d.isoformat()),
    st.integers(1900, 2100).map(lambda y: f"{y:04d}"),
    st.tuples(st.integers(1900, 2100), st.integers(1, 12)).map(lambda p: f"{p[0]:04d}-{p[1]:02d}"),
)


def _file(zone: str, whens: list[str]) -> str:
    text = f'[stream]\nname = "s"\ntitle = "S"\nzone = "{zone}"\n'
    for i, when in enumerate(whens):
        text += f'\n[[events]]\nid = "e{i}"\nwhen = "{when}"\nsummary = "event {i}"\n'
    return text


def _store() -> MemoryStore:
    return MemoryStore(clock=lambda: DAY)


@given(st.sampled_from(ZONES), st.lists(dates, min_size=1, max_size=6))
def test_events_appended_from_python_render_as_the_stream_file_does(
    zone: str, whens: list[str]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        full = Path(folder) / "full.toml"
        full.write_text(_file(zone, whens), encoding="utf-8")
        settings_only = Path(folder) / "settings.toml"
        settings_only.write_text(_file(zone, []), encoding="utf-8")
        from_file = _store()
        load_into(from_file, full, reported_at=DAY)
        settings = _store()
        load_into(settings, settings_only, reported_at=DAY)
    # In code: the stream's catalog events (the loader dates a stream's settings by
    # its events, so they are taken from the file's record), then events whose dates
    # are read by the catalog of a store holding the same [stream] settings.
    catalog = Catalog.of(settings)
    assert catalog.zone("s") == zone
    declared = [r.event for r in from_file.read_all() if isinstance(r.event, CatalogEvent)]
    events = [
        Event(id=f"e{i}", when=catalog.when("s", when), summary=f"event {i}")
        for i, when in enumerate(whens)
    ]
    from_code = _store()
    from_code.append("s", [*declared, *events], reported_at=DAY)

    def world(store: MemoryStore) -> list[str]:
        return [
            codec.dumps(r.event) for r in store.read_all() if not isinstance(r.event, CatalogEvent)
        ]

    assert world(from_code) == world(from_file)
    assert render_markdown(build_document(from_code)) == render_markdown(build_document(from_file))


def test_a_plain_string_is_read_in_utc_and_the_catalog_reads_it_in_the_zone() -> None:
    store = _store()
    store.append(
        "s",
        [Event(id="x", when="2020", summary="x")],
    )
    catalog = Catalog.of(store)
    assert catalog.when("s", "2014-07-17").tz == "UTC"  # no settings: UTC
    store.append(
        "s", [StreamSettings(stream="s", zone="Asia/Damascus", when="2020", summary="settings")]
    )
    catalog = Catalog.of(store)
    day = catalog.when("s", "2014-07-17")
    assert day.tz == "Asia/Damascus"
    assert str(day.earliest) == "2014-07-17 00:00:00+03:00"
    assert Event(id="y", when="2014-07-17", summary="y").when.tz == "UTC"
