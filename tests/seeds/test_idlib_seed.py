"""Example tests pinned on the Idlib seed (``seeds/idlib-2020.toml``, report of 3 February 2020).

They pin what the stream must say, and how faithfully: the chronology's
order, dates no more precise than the report's, every claim with its source
and stance, and the state of the conflict on 15 January against 3 February
2020.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from timeline import codec
from timeline.conflict import conflict_kinds
from timeline.conflict.projection import conflict_snapshot
from timeline.conflict.state import ConflictState, Status
from timeline.events import CatalogEvent, Stance
from timeline.io import StreamFile, export_toml, load_into, load_stream
from timeline.projections import Chronology
from timeline.store import MemoryStore, Recorded, SQLiteStore
from timeline.time import Tri, When

SEED = Path(__file__).resolve().parents[2] / "seeds" / "idlib-2020.toml"


@pytest.fixture(scope="module")
def seed() -> StreamFile:
    """The seed, loaded and validated."""
    return load_stream(SEED)


@pytest.fixture(scope="module")
def store() -> MemoryStore:
    """A store with the seed loaded."""
    store = MemoryStore()
    load_into(store, SEED)
    return store


@pytest.fixture(scope="module")
def chronology(store: MemoryStore, seed: StreamFile) -> list[Recorded]:
    """The seed's chronology, in valid-time order."""
    return Chronology(store, gazetteer=seed.gazetteer(), live=False).query()


def state(store: MemoryStore, at: str) -> ConflictState:
    """The conflict state at the end of day ``at`` (Idlib time)."""
    return conflict_snapshot(store, at=When.parse(at, tz="Asia/Damascus"))


# -- the stream ---------------------------------------------------------------------------------


def test_loads_cleanly_and_idempotently(seed: StreamFile) -> None:
    store = MemoryStore()
    first = load_into(store, SEED)
    assert first.appended == len(seed.events) >= 30
    assert load_into(store, SEED).appended == 0
    assert store.streams() == ["idlib-2020"]


def test_loads_into_sqlite_once_across_reopenings(tmp_path: Path) -> None:
    heads = []
    for expected in (30, 0):
        with SQLiteStore(tmp_path / "idlib.db") as store:
            assert load_into(store, SEED).appended == expected
            heads.append(store.head)
    # the 30 events, after the catalog: the stream settings and every declaration
    assert heads[0] == heads[1] > 30


def test_every_event_cites_a_declared_source_with_a_stance(seed: StreamFile) -> None:
    for event in seed.events:
        assert event.citations, event.id
        for citation in event.citations:
            assert citation.source in seed.sources
            assert isinstance(citation.stance, Stance)
            assert citation.via is None or citation.via in seed.sources
            assert citation.reported is not None


def test_uses_the_conflict_kinds(seed: StreamFile) -> None:
    kinds = {event.kind for event in seed.events}
    assert {
        "conflict.agreement.signed",
        "conflict.operation.launched",
        "conflict.ceasefire.took_effect",
        "conflict.ceasefire.collapsed",
        "conflict.capture",
        "conflict.attack",
        "conflict.casualties",
        "conflict.statement",
        "conflict.displacement",
        "conflict.refugees",
        "conflict.deployment",
        "claim",
        "contradiction",
    } <= kinds
    assert kinds - {"event", "claim", "contradiction"} <= set(conflict_kinds())


def test_sources_of_the_report(seed: StreamFile) -> None:
    cited = {c.source for e in seed.events for c in e.citations}
    assert {
        "erdogan",
        "tr-mod",
        "ru-mod",
        "sohr",
        "government-sources",
        "resident-ahmed",
        "resident-mustafa",
        "damascus",
    } <= cited
    relayed = {c.source for e in seed.events for c in e.citations if c.via == "dpa"}
    assert relayed == {"government-sources", "resident-ahmed", "resident-mustafa"}


@pytest.mark.parametrize(
    ("event_id", "text", "phrase", "display"),
    [
        ("demilitarized-zone-deal-2018", "2018", None, "2018"),
        ("turkish-incursion-2016", "2016", None, "2016"),
        ("idlib-ceasefire-took-effect", "2020-01", "in January", "January 2020"),
        (
            "idlib-ceasefire-collapsed",
            "[2020-01..2020-02-03]",
            None,
            "between January and 3 February 2020",
        ),
        ("maaret-al-nouman-captured", "2020-W05", "last week", "week of 27 January 2020"),
        ("erdogan-warns-of-new-operation", "2020-W05", "last week", "week of 27 January 2020"),
        ("erdogan-no-tolerance-for-migration", "/2020-02-03", "recently", None),
        (
            "syrian-shelling-of-turkish-troops",
            "[2020-02-02T18..2020-02-03T05]",
            "overnight",
            "night of 2–3 February 2020",
        ),
        ("ankara-will-not-stay-silent", "2020-02-03", "on Monday", "3 February 2020"),
        ("nairab-captured", "2020-02-03", None, "3 February 2020"),
        ("nairab-area-first-since-2012", "2012-39/2020-02-03", "since late 2012", None),
    ],
)
def test_dated_no_more_precisely_than_the_report(
    seed: StreamFile, event_id: str, text: str, phrase: str | None, display: str | None
) -> None:
    when = seed.event(event_id).when
    assert when.to_text() == text
    assert when.phrase == phrase
    assert when.tz == "Asia/Damascus"
    if display is not None:
        assert when.display() == display


def test_the_collapse_is_an_uncertain_point(seed: StreamFile) -> None:
    when = seed.event("idlib-ceasefire-collapsed").when
    assert when.is_point
    took_effect = seed.event("idlib-ceasefire-took-effect").when
    assert took_effect < when


def test_the_collapse_is_stated_to_follow_the_ceasefire_taking_effect(seed: StreamFile) -> None:
    from timeline import Constraint

    collapse = seed.event("idlib-ceasefire-collapsed")
    assert collapse.constraints == (
        Constraint(relation="after", event="idlib-ceasefire-took-effect"),
    )


@pytest.mark.parametrize("fmt", ["md", "html", "timelinejs", "mermaid", "ics"])
def test_the_collapse_follows_the_ceasefire_taking_effect_in_every_document(
    store: MemoryStore, fmt: str
) -> None:
    from timeline.render import (
        build_document,
        render_html,
        render_ical,
        render_markdown,
        render_mermaid,
        render_timelinejs,
    )

    doc = build_document(store)
    renderers = {
        "md": render_markdown,
        "html": render_html,
        "timelinejs": render_timelinejs,
        "mermaid": render_mermaid,
        "ics": render_ical,
    }
    text = renderers[fmt](doc).replace("\r\n ", "")  # iCalendar folds long lines
    took_effect = text.index("ceasefire for Idlib takes effect")
    collapsed = text.index("ceasefire in Idlib has collapsed")
    assert took_effect < collapsed
    if fmt != "mermaid":  # a Mermaid timeline shows dates and summaries only
        assert "Order: after “A Turkish–Russian ceasefire for Idlib takes effect”" in text


def test_overnight_is_the_night_of_2_to_3_february(seed: StreamFile) -> None:
    when = seed.event("syrian-shelling-of-turkish-troops").when
    assert when.hint == "night"
    assert when.display() == "night of 2–3 February 2020"


def test_statements_reported_last_week_and_recently_keep_their_phrase(seed: StreamFile) -> None:
    (last_week,) = seed.event("erdogan-warns-of-new-operation").citations
    assert last_week.reported is not None
    assert last_week.reported.phrase == "last week"
    assert last_week.quote is not None
    assert "normalized rapidly" in last_week.quote
    (recently,) = seed.event("erdogan-no-tolerance-for-migration").citations
    assert recently.reported is not None
    assert recently.reported.phrase == "recently"
    assert recently.quote == "no tolerance for a new migration wave"


def test_statements_of_3_february(seed: StreamFile) -> None:
    monday = [
        e
        for e in seed.events
        if e.kind == "conflict.statement" and e.when.to_text() == "2020-02-03"
    ]
    quotes = " | ".join(getattr(e, "quote", None) or "" for e in monday)
    for words in ("unbearable", "stand in our way", "big mistake", "Russia turning a blind eye"):
        assert words in quotes
    assert "zelensky" in seed.event("erdogan-idlib-unbearable").actors
    assert "stay silent" in seed.event("ankara-will-not-stay-silent").summary
    speakers = {getattr(e, "speaker", None) for e in monday}
    assert {"erdogan", "turkey", "ahmed", "mustafa"} <= speakers


# -- the chronology -----------------------------------------------------------------------------


def test_chronology_order(chronology: list[Recorded]) -> None:
    order = [r.event.id for r in chronology]

    def at(event_id: str) -> int:
        return order.index(event_id)

    milestones = [
        "turkish-incursion-2016",
        "demilitarized-zone-deal-2018",
        "turkish-incursion-2018",
        "turkish-incursion-2019",
        "idlib-ceasefire-took-effect",
        "idlib-ceasefire-collapsed",  # a point: after what begins where it may begin
        "maaret-al-nouman-captured",
        "syrian-shelling-of-turkish-troops",
        "ankara-will-not-stay-silent",
        "nairab-captured",
    ]
    positions = [at(m) for m in milestones]
    assert positions == sorted(positions)
    # The 2018 deal and the 2018 incursion share a year: the file's order breaks the tie.
    assert at("turkish-incursion-2018") == at("demilitarized-zone-deal-2018") + 1
    # Everything "last week" comes before the night of 2-3 February, which comes before Monday.
    last_week = [at(r.event.id) for r in chronology if r.event.when.to_text() == "2020-W05"]
    overnight = [at(r.event.id) for r in chronology if r.event.when.phrase == "overnight"]
    monday = [at(r.event.id) for r in chronology if r.event.when.to_text() == "2020-02-03"]
    assert max(last_week) < min(overnight)
    assert max(overnight) < min(monday)
    assert at("nairab-captured") > at("syrian-shelling-of-turkish-troops")


def test_undated_starts_sort_first(chronology: list[Recorded]) -> None:
    """Open or unknown starts ("recently", "since late 2012") head the chronology, never guessed."""
    head = [r.event.id for r in chronology[:4]]
    assert "erdogan-no-tolerance-for-migration" in head
    assert "nairab-area-first-since-2012" in head


# -- the state on 15 January versus 3 February 2020 ---------------------------------------------


def test_ceasefire_possibly_in_force_then_collapsed(store: MemoryStore) -> None:
    mid_january = state(store, "2020-01-15").accord("idlib-ceasefire-2020")
    assert mid_january is not None
    assert mid_january.holds(Status.IN_FORCE) is Tri.MAYBE
    assert not mid_january.certain  # "took effect in January": possibly not yet by the 15th
    publication = state(store, "2020-02-03").accord("idlib-ceasefire-2020")
    assert publication is not None
    assert publication.holds(Status.COLLAPSED) is Tri.YES
    assert publication.holds(Status.IN_FORCE) is Tri.NO
    assert publication.certain_status is Status.COLLAPSED


def test_the_2018_deal_is_known_on_both_dates(store: MemoryStore) -> None:
    for at in ("2020-01-15", "2020-02-03"):
        deal = state(store, at).accord("idlib-demilitarized-zone-2018")
        assert deal is not None
        assert deal.status is Status.SIGNED
        assert set(deal.parties) == {"turkey", "russia"}


def test_maaret_al_nouman_held_by_the_government_from_last_week(store: MemoryStore) -> None:
    assert state(store, "2020-01-15").holder("maaret-al-nouman") is None
    control = state(store, "2020-02-03").control["maaret-al-nouman"]
    assert control.holder == "syrian-army"
    assert control.certain
    assert control.since is not None
    assert control.since.phrase == "last week"
    # Asked in the middle of last week, the capture may or may not have happened yet.
    midweek = state(store, "2020-01-29").control["maaret-al-nouman"]
    assert midweek.held_by("syrian-army") is Tri.MAYBE


def test_nairab_taken_on_3_february(store: MemoryStore) -> None:
    assert state(store, "2020-02-02").holder("nairab") is None
    control = state(store, "2020-02-03").control["nairab"]
    assert control.holder == "syrian-army"
    assert control.since is not None
    assert control.since.to_text() == "2020-02-03"
    assert [c.source for c in control.changes[0].citations] == ["government-sources"]
    assert control.changes[0].citations[0].via == "dpa"


def test_casualties_as_ranges_with_sources(store: MemoryStore) -> None:
    assert state(store, "2020-01-15").tallies() == ()
    snap = state(store, "2020-02-03")
    turkish = snap.tally("turkey", "killed")
    assert turkish is not None
    assert turkish.range == (5, 5)
    assert [(c.source, c.figure.low) for c in turkish.claims] == [("erdogan", 5)]
    civilians = snap.tally("turkey", "civilians_killed")
    assert civilians is not None
    assert civilians.range == (3, 3)
    syrian = snap.tally("syrian-government", "killed")
    assert syrian is not None
    assert syrian.range == (13, 13)
    (claim,) = syrian.claims
    assert claim.source == "sohr"
    assert {name: part.low for name, part in claim.figure.parts.items()} == {
        "idlib-province": 8,
        "latakia-province": 3,
        "hama-province": 2,
    }
    assert [(o.source, o.stance) for o in syrian.objections] == [
        ("damascus", Stance.DECLINES_TO_CONFIRM)
    ]
    assert syrian.contested


def test_notification_dispute_is_a_contested_claim(store: MemoryStore) -> None:
    (contest,) = state(store, "2020-02-03").contests
    sides = {side.event: side for side in contest.sides}
    assert set(sides) == {"turkey-notified-coordinates", "russia-not-informed"}
    assert sides["turkey-notified-coordinates"].sources == ("tr-mod",)
    assert sides["russia-not-informed"].sources == ("ru-mod",)
    assert "notification-dispute" in contest.noted_by
    (russian,) = sides["russia-not-informed"].citations
    assert russian.contradicts == ("turkey-notified-coordinates",)
    assert russian.quote is not None
    assert "without informing the Russian side" in russian.quote


def test_displacement_and_refugees(store: MemoryStore) -> None:
    snap = state(store, "2020-02-03")
    (moving,) = snap.latest_displacement(toward="turkish-border")
    assert moving.people.high == 1_000_000
    assert moving.people.low is None
    assert str(moving.people) == "nearly 1 million"
    (refugees,) = snap.latest_refugees("turkey")
    assert refugees.figure.is_exact
    assert refugees.figure.low == 3_600_000
    assert refugees.when.phrase == "recently"


# -- round trip ---------------------------------------------------------------------------------


def test_export_round_trip(tmp_path: Path, store: MemoryStore, seed: StreamFile) -> None:
    out = tmp_path / "idlib.toml"
    export_toml(store, out, catalog=seed)
    again = load_stream(out)
    assert [codec.dumps(e) for e in again.events] == [
        codec.dumps(r.event)
        for r in store.read("idlib-2020")
        if not isinstance(r.event, CatalogEvent)
    ]
    assert again.sources == seed.sources
