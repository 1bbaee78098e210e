"""Kinds: registration, user-defined kinds, upcasters, corrections and retractions."""

import attrs
import pytest

import timeline
from timeline import codec
from timeline.events import (
    Correction,
    DecodeError,
    Event,
    EventError,
    Figure,
    KindError,
    Retraction,
    UnknownKindError,
    kind_class,
    kinds,
)
from timeline.time import When

from .kinds_fixture import Capture, Statement

MAARET = Capture(
    id="maaret-al-nouman-captured",
    when=timeline.resolve("last week", When.parse("2020-02-03"), tz="Asia/Damascus"),
    summary="Syrian forces capture Maaret al-Nouman",
    place="maaret-al-nouman",
    by="syrian-army",
    from_="rebels",
    sides=["syrian-army", "rebels"],  # type: ignore[arg-type]
)


def test_registry_knows_every_kind() -> None:
    assert {"event", "claim", "correction", "retraction", "contradiction"} <= set(kinds())
    assert kind_class("test.capture") is Capture
    assert Capture.kind == "test.capture"
    assert Event.kind == "event"


def test_unknown_kind_lists_known_kinds() -> None:
    with pytest.raises(
        UnknownKindError,
        # The datasets' acled.* kinds sort first when timeline.io.datasets is imported.
        match=r"unknown kind 'nope'; known kinds: (acled\.[a-z]+, )*catalog\.actor, "
        r"catalog\.place, catalog\.retired, catalog\.source, claim, ",
    ):
        kind_class("nope")
    with pytest.raises(UnknownKindError, match="unknown kind 'nope'"):
        codec.decode({"kind": "nope", "id": "x"})


def test_user_kind_converts_and_round_trips() -> None:
    assert MAARET.sides == ("syrian-army", "rebels")
    data = codec.encode(MAARET)
    assert data["kind"] == "test.capture"
    assert data["from"] == "rebels"  # a keyword-dodging underscore is dropped in JSON
    assert codec.decode(data) == MAARET
    assert codec.loads(codec.dumps(MAARET)) == MAARET


def test_decorator_alone_makes_an_attrs_kind() -> None:
    statement = Statement(  # type: ignore[call-arg]
        when="2020-02-03", summary="s", speaker="erdogan", gist="g", audience=["press"]
    )
    assert attrs.has(Statement)
    assert statement.audience == frozenset({"press"})  # type: ignore[attr-defined]
    assert codec.loads(codec.dumps(statement)) == statement
    with pytest.raises(EventError, match=r"Statement\.speaker: expected a string, got 5"):
        Statement(when="2020", summary="s", speaker=5, gist="g")  # type: ignore[call-arg]


def test_user_kind_field_types_are_checked() -> None:
    with pytest.raises(EventError, match=r"Capture.place: expected a string, got \['x'\]"):
        Capture(when="2020", summary="s", place=["x"], by="y")  # type: ignore[arg-type]
    with pytest.raises(DecodeError, match=r"kind 'test\.capture' event 'c': missing field 'by'"):
        codec.decode(
            {"kind": "test.capture", "id": "c", "when": "2020", "summary": "s", "place": "p"}
        )


def test_bad_registrations_are_refused() -> None:
    with pytest.raises(KindError, match="not valid"):
        timeline.kind("Bad Name")
    with pytest.raises(KindError, match="already registered"):

        @timeline.kind("claim")
        @attrs.frozen(kw_only=True)
        class Other(Event):
            pass

    with pytest.raises(KindError, match="cannot write values of type"):

        @timeline.kind("test.bad-field")
        @attrs.frozen(kw_only=True)
        class BadField(Event):
            thing: complex

    assert "test.bad-field" not in kinds()


def test_unregistered_subclass_cannot_be_encoded() -> None:
    @attrs.frozen(kw_only=True)
    class Loose(Event):
        pass

    with pytest.raises(KindError, match="not a registered kind"):
        codec.encode(Loose(when="2020", summary="s"))


def test_upcaster_maps_old_kind_and_field_names() -> None:
    codec.upcaster("test.seizure", to="test.capture", rename={"town": "place", "captor": "by"})
    old = {
        "kind": "test.seizure",
        "id": "nairab",
        "when": {"text": "2020-02-03", "tz": "Asia/Damascus"},
        "summary": "Syrian army takes Nairab",
        "town": "nairab",
        "captor": "syrian-army",
    }
    event = codec.decode(old)
    assert isinstance(event, Capture)
    assert (event.place, event.by) == ("nairab", "syrian-army")
    assert codec.encode(event)["kind"] == "test.capture"


def test_upcaster_for_renamed_fields_of_a_current_kind() -> None:
    codec.upcaster("test.statement", rename={"what": "gist"}, drop=["mood"])
    event = codec.decode(
        {
            "kind": "test.statement",
            "id": "s",
            "when": "2020-02-03",
            "summary": "Erdogan speaks",
            "speaker": "erdogan",
            "what": "Turkey will not stay silent",
            "mood": "angry",
        }
    )
    assert event.gist == "Turkey will not stay silent"  # type: ignore[attr-defined]


def test_generated_id_ignores_nothing_but_the_id() -> None:
    a = Capture(when="2020-02-03", summary="s", place="nairab", by="syrian-army")
    b = Capture(when="2020-02-03", summary="s", place="nayrab", by="syrian-army")
    assert a.id != b.id
    assert codec.decode({k: v for k, v in codec.encode(a).items() if k != "id"}).id == a.id


def test_correction_by_changes() -> None:
    fix = Correction(
        when="2020-02-04",
        summary="Maaret al-Nouman was captured on 28 January",
        target=MAARET.id,
        changes={"when": When.parse("2020-01-28", tz="Asia/Damascus")},
        reason="later reports give the date",
    )
    corrected = fix.apply(MAARET)
    assert isinstance(corrected, Capture)
    assert corrected.when == When.parse("2020-01-28", tz="Asia/Damascus")
    assert corrected.id == MAARET.id
    assert MAARET.when.phrase == "last week"  # the original is untouched
    assert codec.loads(codec.dumps(fix)) == fix


def test_correction_by_replacement() -> None:
    replacement = attrs.evolve(MAARET, toll=Figure.at_least(8, text="at least 8"))
    fix = Correction(
        when="2020-02-04", summary="toll added", target=MAARET.id, replacement=replacement
    )
    assert fix.apply(MAARET) == replacement
    again = codec.loads(codec.dumps(fix))
    assert again == fix
    assert isinstance(again, Correction)
    assert isinstance(again.replacement, Capture)


def test_correction_rules() -> None:
    with pytest.raises(EventError, match="exactly one"):
        Correction(when="2020", summary="s", target="x")
    with pytest.raises(EventError, match="give it id='x'"):
        Correction(when="2020", summary="s", target="x", replacement=MAARET)
    with pytest.raises(EventError, match="cannot change 'id'"):
        Correction(when="2020", summary="s", target="x", changes={"id": "y"})
    fix = Correction(when="2020", summary="s", target="x", changes={"summary": "t"})
    with pytest.raises(EventError, match="cannot apply to event"):
        fix.apply(MAARET)


def test_retraction() -> None:
    retraction = Retraction(
        when="2020-02-05", summary="report withdrawn", target=MAARET.id, reason="misattributed"
    )
    assert codec.loads(codec.dumps(retraction)) == retraction
    with pytest.raises(EventError, match="target: '' is not a usable id"):
        Retraction(when="2020", summary="s", target="")
