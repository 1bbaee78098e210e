"""Actors and places with aliases; sources, grades and citations."""

import pytest

from timeline import codec
from timeline.events import (
    Actor,
    Citation,
    Credibility,
    EntityError,
    EventError,
    Figure,
    Gazetteer,
    Grade,
    Place,
    Reliability,
    Source,
    SourceKind,
    Stance,
    normalize_name,
)

PLACES = Gazetteer(
    [
        Place(id="saraqeb", name="Saraqeb", aliases=["Saraqib", "Sarāqib"]),
        Place(id="nairab", name="Nairab", aliases=["Nayrab", "al-Nayrab"], within="idlib"),
        Place(
            id="maaret-al-nouman",
            name="Maaret al-Nouman",
            aliases=["Maarat al-Numan", "Ma'arrat al-Nu'man"],
            coordinates=(35.6433, 36.6739),
        ),
        Place(id="idlib", name="Idlib"),
    ]
)


@pytest.mark.parametrize(
    ("name", "place"),
    [
        ("Saraqeb", "saraqeb"),
        ("SARAQIB", "saraqeb"),
        ("Sarāqib", "saraqeb"),
        ("Nayrab", "nairab"),
        ("al Nayrab", "nairab"),
        ("maarat al numan", "maaret-al-nouman"),
        ("Maʿarrat al-Nuʿmān", "maaret-al-nouman"),
        ("Ma’arrat al-Nu’man", "maaret-al-nouman"),
        ("maaret-al-nouman", "maaret-al-nouman"),
    ],
)
def test_aliases_resolve_across_spellings(name: str, place: str) -> None:
    assert PLACES.resolve(name) == place


def test_unknown_names_suggest_close_ones() -> None:
    with pytest.raises(
        EntityError, match=r"unknown name 'Saraqb'; did you mean 'Saraqeb' \(saraqeb\)"
    ):
        PLACES.resolve("Saraqb")
    assert PLACES.find("Aleppo") is None
    assert "Nayrab" in PLACES
    assert PLACES.same("Nairab", "Nayrab")
    assert not PLACES.same("Nairab", "Idlib")


def test_clashing_aliases_are_refused_and_change_nothing() -> None:
    before = len(PLACES)
    with pytest.raises(EntityError, match="already names 'saraqeb'"):
        PLACES.add(Place(id="other", name="Other"), Place(id="x", name="Saraqib"))
    assert len(PLACES) == before
    assert PLACES.find("Other") is None


def test_actors_and_places_round_trip() -> None:
    actor = Actor(id="syrian-government", name="Syrian government", aliases=["Damascus"])
    assert PLACES["nairab"].within == "idlib"
    assert normalize_name("Ma'arrat  al-Nu'mān") == "maarrat al numan"
    for entity in (actor, *PLACES):
        assert codec.decode_value(type(entity), codec.encode_value(entity)) == entity
    with pytest.raises(EventError, match="coordinates"):
        Place(id="p", name="P", coordinates=(100, 0))


def test_admiralty_grades_are_independent() -> None:
    source = Source(id="sohr", name="Syrian Observatory", kind="monitor", reliability="C")
    assert source.reliability is Reliability.C
    assert source.kind is SourceKind.MONITOR
    assert Reliability.C.description == "Fairly reliable"
    citation = Citation(source="sohr", credibility=3)
    assert citation.credibility is Credibility.POSSIBLY_TRUE
    assert Credibility(6).description == "Truth cannot be judged"
    assert codec.encode_value(citation) == {"source": "sohr", "credibility": 3}
    assert codec.encode_value(source)["reliability"] == "C"


def test_another_grading_scale() -> None:
    grade = Grade(scale="ic-confidence", value="moderate")
    source = Source(id="s", name="S", reliability=grade)
    citation = Citation(source="s", credibility=grade)
    assert codec.decode_value(Source, codec.encode_value(source)) == source
    assert codec.decode_value(Citation, codec.encode_value(citation)) == citation
    with pytest.raises(EventError, match="reliability"):
        Source(id="s", name="S", reliability="G")


def test_citation_fields() -> None:
    citation = Citation(
        source="sources-close-to-government",
        stance="asserts",
        via="dpa",
        reported="2020-02-03",
        url="https://example.org/report",
        quote="the first time the army has reached this area since late 2012",
    )
    assert citation.stance is Stance.ASSERTS
    assert codec.decode_value(Citation, codec.encode_value(citation)) == citation
    with pytest.raises(EventError, match="stance: expected one of 'asserts', 'denies'"):
        Citation(source="x", stance="maybe")


def test_figures() -> None:
    assert str(Figure.at_least(8)) == "at least 8"
    assert str(Figure.between(3_000_000, 4_000_000)) == "3000000–4000000"
    assert str(Figure(high=1_000_000, text="nearly 1 million")) == "nearly 1 million"
    with pytest.raises(EventError, match="low 5 is above high 3"):
        Figure(low=5, high=3)
    with pytest.raises(EventError, match="empty figure"):
        Figure()
