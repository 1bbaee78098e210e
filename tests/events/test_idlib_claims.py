"""The Idlib article's contested claims, expressed exactly (3 February 2020).

Turkey's five soldiers and three civilians (Erdogan asserts); the Observatory's
13 Syrian soldiers (8 Idlib, 3 Latakia, 2 Hama) that Damascus did not confirm;
Turkey's "we notified our coordinates" against Russia's "we were not informed".
"""

import pytest

from timeline import codec, resolve
from timeline.events import (
    Citation,
    Claim,
    Contradiction,
    Event,
    Figure,
    Source,
    SourceKind,
    Stance,
)
from timeline.time import When

ARTICLE = When.parse("2020-02-03", tz="Europe/Istanbul")
OVERNIGHT = resolve("overnight", ARTICLE, tz="Asia/Damascus")

SOURCES = {
    s.id: s
    for s in (
        Source(id="erdogan", name="Recep Tayyip Erdogan", kind="person", affiliation="turkey"),
        Source(
            id="tr-mod",
            name="Turkish Defence Ministry",
            kind=SourceKind.MINISTRY,
            affiliation="turkey",
        ),
        Source(id="ru-mod", name="Russian Defence Ministry", kind="ministry", affiliation="russia"),
        Source(id="sohr", name="Syrian Observatory for Human Rights", kind="monitor"),
        Source(id="damascus", name="Syrian government", kind="government", affiliation="syria"),
    )
}

SHELLING = Event(
    id="shelling-of-turkish-troops",
    when=OVERNIGHT,
    summary="Syrian government forces shell Turkish troops west of Saraqeb",
    actors=["syrian-army", "turkish-army"],
    places=["saraqeb"],
    citations=[
        Citation(
            source="ru-mod",
            reported=ARTICLE,
            quote="came under fire from Syrian government troops targeting terrorists "
            "in an area west of Saraqeb",
        )
    ],
)

TURKISH_TOLL = Claim(
    id="turkish-toll-erdogan",
    target=SHELLING.id,
    when=OVERNIGHT,
    summary="Five Turkish soldiers and three civilians killed",
    figures={"turkish_soldiers_killed": 5, "civilians_killed": 3},
    citations=[Citation(source="erdogan", stance=Stance.ASSERTS, reported=ARTICLE)],
)

RETALIATION = Event(
    id="turkish-shelling-of-syrian-positions",
    when=OVERNIGHT,
    summary="Turkish shelling hits Syrian army positions in three provinces",
    actors=["turkish-army", "syrian-army"],
    places=["idlib-province", "latakia-province", "hama-province"],
    citations=[Citation(source="sohr", reported=ARTICLE)],
)

SYRIAN_TOLL = Claim(
    id="syrian-toll-sohr",
    target=RETALIATION.id,
    when=OVERNIGHT,
    summary="13 Syrian soldiers killed: 8 in Idlib, 3 in Latakia, 2 in Hama",
    figures={
        "syrian_soldiers_killed": Figure.exact(
            13, parts={"idlib-province": 8, "latakia-province": 3, "hama-province": 2}
        )
    },
    citations=[
        Citation(source="sohr", stance=Stance.ASSERTS, reported=ARTICLE),
        Citation(source="damascus", stance=Stance.DECLINES_TO_CONFIRM, reported=ARTICLE),
    ],
)

NOTIFIED = Claim(
    id="turkey-notified-coordinates",
    target=SHELLING.id,
    when=OVERNIGHT,
    summary="Turkey had notified its troops' coordinates in advance",
    citations=[Citation(source="tr-mod", reported=ARTICLE)],
)

NOT_INFORMED = Claim(
    id="russia-not-informed",
    target=SHELLING.id,
    when=OVERNIGHT,
    summary="Turkish troops moved at night without informing Russia",
    citations=[
        Citation(
            source="ru-mod",
            reported=ARTICLE,
            quote="Turkish troops were changing locations at night in the Idlib "
            "de-escalation zone without informing the Russian side",
            contradicts=[NOTIFIED.id],
        )
    ],
)

DISPUTE = Contradiction(
    id="notification-dispute",
    when=OVERNIGHT,
    summary="Turkey and Russia disagree on whether Russia was told where Turkish troops were",
    claims=[NOTIFIED.id, NOT_INFORMED.id],
)

STREAM = (SHELLING, TURKISH_TOLL, RETALIATION, SYRIAN_TOLL, NOTIFIED, NOT_INFORMED, DISPUTE)


def test_every_citation_names_a_declared_source() -> None:
    for event in STREAM:
        for citation in event.citations:
            assert citation.source in SOURCES


def test_turkish_toll_is_erdogans_claim() -> None:
    assert TURKISH_TOLL.kind == "claim"
    assert TURKISH_TOLL.figures["turkish_soldiers_killed"] == Figure.exact(5)
    assert TURKISH_TOLL.figures["civilians_killed"] == Figure(low=3, high=3)
    (citation,) = TURKISH_TOLL.citations
    assert (citation.source, citation.stance) == ("erdogan", Stance.ASSERTS)


def test_observatory_figure_and_damascus_declining_to_confirm() -> None:
    figure = SYRIAN_TOLL.figures["syrian_soldiers_killed"]
    assert figure.is_exact
    assert figure.low == 13
    assert sum(p.low or 0 for p in figure.parts.values()) == 13
    stances = {c.source: c.stance for c in SYRIAN_TOLL.citations}
    assert stances == {"sohr": Stance.ASSERTS, "damascus": Stance.DECLINES_TO_CONFIRM}


def test_notification_dispute_is_linked_both_ways() -> None:
    (russia,) = NOT_INFORMED.citations
    assert russia.contradicts == (NOTIFIED.id,)
    assert set(DISPUTE.claims) == {NOTIFIED.id, NOT_INFORMED.id}
    assert NOTIFIED.target == NOT_INFORMED.target == SHELLING.id


def test_overnight_keeps_phrase_hint_and_zone() -> None:
    assert SHELLING.when.phrase == "overnight"
    assert SHELLING.when.hint == "night"
    assert codec.encode(SHELLING)["when"] == {
        "text": "[2020-02-02T18..2020-02-03T05]",
        "tz": "Asia/Damascus",
        "phrase": "overnight",
        "hint": "night",
    }


@pytest.mark.parametrize("event", STREAM, ids=lambda e: e.id)
def test_round_trips_exactly(event: Event) -> None:
    assert codec.decode(codec.encode(event)) == event
    text = codec.dumps(event)
    again = codec.loads(text)
    assert again == event
    assert type(again) is type(event)
    assert codec.dumps(again) == text


def test_sources_round_trip() -> None:
    for source in SOURCES.values():
        assert codec.decode_value(Source, codec.encode_value(source)) == source


def test_encoding_is_readable() -> None:
    assert codec.encode(SYRIAN_TOLL)["figures"] == {
        "syrian_soldiers_killed": {
            "low": 13,
            "high": 13,
            "parts": {"idlib-province": 8, "latakia-province": 3, "hama-province": 2},
        }
    }
    assert codec.encode(SYRIAN_TOLL)["citations"][1] == {
        "source": "damascus",
        "stance": "declines_to_confirm",
        "reported": {"text": "2020-02-03", "tz": "Europe/Istanbul"},
    }
