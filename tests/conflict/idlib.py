"""The Idlib article of Monday 3 February 2020, modelled directly with the conflict kinds.

Used by the example tests until the seed stream (seeds/) exists. Nothing is
dated more precisely than the article dates it: the 2018 deal and incursions
by year, the ceasefire "in January" and its collapse somewhere between then
and the report, the capture of Maaret al-Nouman "last week", the shelling
"overnight", Nairab on the day of the report.
"""

from __future__ import annotations

from timeline import Citation, Figure, Stance, When, resolve
from timeline.conflict import (
    AgreementSigned,
    Attack,
    Capture,
    CasualtyReport,
    CeasefireCollapsed,
    CeasefireTookEffect,
    Deployment,
    Displacement,
    OperationLaunched,
    RefugeePopulation,
    Statement,
)
from timeline.events import Claim, Contradiction, Event, Gazetteer, Place

TZ = "Asia/Damascus"
ARTICLE = When.parse("2020-02-03", tz=TZ)
OVERNIGHT = resolve("overnight", ARTICLE, tz=TZ)
LAST_WEEK = resolve("last week", ARTICLE, tz=TZ)
MONDAY = resolve("on Monday", ARTICLE, tz=TZ)


def cite(source: str, stance: Stance = Stance.ASSERTS, **extra: object) -> Citation:
    """A citation reported on the article's day."""
    return Citation(source=source, stance=stance, reported=ARTICLE, **extra)  # type: ignore[arg-type]


PLACES = Gazetteer(
    [
        Place(
            id="maaret-al-nouman",
            name="Maaret al-Nouman",
            aliases=["Maarat al-Numan", "Ma'arrat al-Nu'man"],
        ),
        Place(id="nairab", name="Nairab", aliases=["Nayrab"]),
        Place(id="saraqeb", name="Saraqeb", aliases=["Saraqib"]),
        Place(id="idlib-city", name="Idlib city"),
    ]
)

SOCHI = AgreementSigned(
    id="sochi-deal",
    agreement="sochi-2018",
    when="2018",
    summary="Turkey and Russia agree a demilitarized zone around Idlib",
    parties=["turkey", "russia"],
    terms="a demilitarized zone around Idlib to stave off a Syrian offensive",
    citations=[cite("article")],
)

INCURSIONS = tuple(
    OperationLaunched(
        id=f"turkish-incursion-{year}",
        operation=f"turkish-incursion-{year}",
        when=str(year),
        summary=f"Turkey launches an incursion into Syria ({year})",
        by="turkey",
        into="syria",
        citations=[cite("article")],
    )
    for year in (2016, 2018, 2019)
)

CEASEFIRE_STARTS = CeasefireTookEffect(
    id="idlib-ceasefire-took-effect",
    ceasefire="idlib-ceasefire-2020",
    when=When.parse("2020-01", tz=TZ),
    summary="A Turkey-Russia ceasefire in Idlib takes effect",
    parties=["turkey", "russia"],
    citations=[cite("article")],
)

CEASEFIRE_ENDS = CeasefireCollapsed(
    id="idlib-ceasefire-collapsed",
    ceasefire="idlib-ceasefire-2020",
    # It took effect in January and "has collapsed" by the report: somewhere in between.
    when=When.parse("2020-01/2020-02-03", tz=TZ),
    summary="The Idlib ceasefire collapses",
    citations=[cite("article")],
)

MAARET_TAKEN = Capture(
    id="maaret-al-nouman-captured",
    when=LAST_WEEK,
    summary="Syrian forces capture Maaret al-Nouman",
    place="Maarat al-Numan",  # another transliteration: the gazetteer resolves it
    by="syrian-government",
    from_="rebels",
    citations=[cite("article")],
)

SHELLING = Attack(
    id="shelling-of-turkish-troops",
    when=OVERNIGHT,
    summary="Syrian government forces shell Turkish troops west of Saraqeb",
    by="syrian-government",
    on="turkey",
    where="Saraqib",
    method="shelling",
    citations=[
        cite(
            "ru-mod",
            quote="came under fire from Syrian government troops targeting terrorists "
            "in an area west of Saraqeb",
        )
    ],
)

TURKISH_TOLL = CasualtyReport(
    id="turkish-toll",
    when=OVERNIGHT,
    summary="Five Turkish soldiers and three civilians killed in Syrian shelling",
    side="turkey",
    killed=5,
    civilians_killed=3,
    incident=SHELLING.id,
    citations=[cite("erdogan")],
)

RETALIATION = Attack(
    id="turkish-shelling-of-syrian-positions",
    when=OVERNIGHT,
    summary="Turkish shelling hits Syrian army positions in three provinces",
    by="turkey",
    on="syrian-government",
    method="shelling",
    places=["idlib-province", "latakia-province", "hama-province"],
    citations=[cite("sohr")],
)

SYRIAN_TOLL = CasualtyReport(
    id="syrian-toll",
    when=OVERNIGHT,
    summary="13 Syrian soldiers killed: 8 in Idlib, 3 in Latakia, 2 in Hama",
    side="syrian-government",
    killed=Figure.exact(13, parts={"idlib-province": 8, "latakia-province": 3, "hama-province": 2}),
    incident=RETALIATION.id,
    citations=[cite("sohr"), cite("damascus", Stance.DECLINES_TO_CONFIRM)],
)

REINFORCEMENTS = Deployment(
    id="turkish-reinforcements",
    when=When.parse("../2020-02-03", tz=TZ),
    summary="Turkish forces sent into Idlib as reinforcements",
    who="turkey",
    where="idlib-province",
    role="reinforcements",
    citations=[cite("tr-mod")],
)

NOTIFIED = Claim(
    id="turkey-notified-coordinates",
    target=SHELLING.id,
    when=OVERNIGHT,
    summary="Turkey had notified its troops' coordinates in advance",
    citations=[cite("tr-mod")],
)

NOT_INFORMED = Claim(
    id="russia-not-informed",
    target=SHELLING.id,
    when=OVERNIGHT,
    summary="Turkish troops moved at night without informing Russia",
    citations=[
        cite(
            "ru-mod",
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

NAIRAB_TAKEN = Capture(
    id="nairab-captured",
    when=ARTICLE,
    summary="Syrian army takes Nairab, 8 km from Idlib city, for the first time since late 2012",
    place="nairab",
    by="syrian-government",
    citations=[cite("gov-sources", via="dpa")],
)

WARNING = Statement(
    id="erdogan-unbearable",
    when=MONDAY,
    summary="Erdogan calls developments in Idlib unbearable",
    speaker="erdogan",
    gist="developments in Idlib have become unbearable",
    quote="unbearable",
    citations=[cite("erdogan")],
)

MARCHING = Displacement(
    id="march-to-the-border",
    when=ARTICLE,
    summary="Nearly 1 million people marching towards Turkey's border",
    people=Figure(high=1_000_000, text="nearly 1 million"),
    from_="idlib-province",
    toward="turkish-border",
    citations=[cite("erdogan")],
)

HOSTED = RefugeePopulation(
    id="turkey-hosts-3.6-million",
    when=When.parse("2020-01/2020-02-03", tz=TZ),  # "recently cautioned"
    summary="Turkey already hosts 3.6 million Syrian refugees",
    host="turkey",
    population="syrian",
    figure=Figure.exact(3_600_000, text="3.6 million"),
    citations=[cite("erdogan")],
)

STREAM: tuple[Event, ...] = (
    SOCHI,
    *INCURSIONS,
    CEASEFIRE_STARTS,
    CEASEFIRE_ENDS,
    MAARET_TAKEN,
    SHELLING,
    TURKISH_TOLL,
    RETALIATION,
    SYRIAN_TOLL,
    REINFORCEMENTS,
    NOTIFIED,
    NOT_INFORMED,
    DISPUTE,
    NAIRAB_TAKEN,
    WARNING,
    MARCHING,
    HOSTED,
)
