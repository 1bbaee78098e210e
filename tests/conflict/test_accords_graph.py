"""Agreements as a graph and dated terms: example tests pinning facts.

The file ``data/accords.toml`` holds the Sochi memorandum (2018), the Moscow
protocol that amends it (5 March 2020, in force on signature, with dated
terms) and the ceasefire that implements the protocol.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from timeline.conflict import (
    AgreementSigned,
    ConflictState,
    RelationType,
    Term,
    TermKind,
    TermStatus,
    conflict_snapshot,
    relation_cycle,
    term_due,
)
from timeline.errors import AuthoringError, EventError
from timeline.io import load_into, loads_stream
from timeline.report import review
from timeline.store import MemoryStore
from timeline.time import Tri, When

DATA = Path(__file__).parent / "data" / "accords.toml"


@pytest.fixture(scope="module")
def store() -> MemoryStore:
    store = MemoryStore()
    load_into(store, DATA)
    return store


def day(text: str) -> When:
    """A date on the wall clock of Idlib, as the file's dates are."""
    return When.parse(text, tz="Asia/Damascus")


def at(store: MemoryStore, when: str) -> ConflictState:
    return conflict_snapshot(store, at=day(when))


def test_an_amending_agreement_in_force_leaves_the_amended_one_standing_through_it(
    store: MemoryStore,
) -> None:
    state = at(store, "2020-03-10")
    moscow = state.standing("moscow-2020")
    sochi = state.standing("sochi-2018")
    assert moscow is not None
    assert sochi is not None
    assert moscow.in_force is Tri.YES
    assert [(k.source, k.type, k.target) for k in moscow.chain] == [
        ("moscow-2020", RelationType.AMENDS, "sochi-2018")
    ]
    # Signed, never reported in force: not a guess either way.
    assert sochi.in_force is Tri.MAYBE
    assert [k.source for k in sochi.amended_by] == ["moscow-2020"]


def test_the_ceasefire_stands_through_the_protocol_and_the_memorandum(store: MemoryStore) -> None:
    state = at(store, "2020-03-10")
    ceasefire = state.standing("idlib-ceasefire-march-2020")
    assert ceasefire is not None
    assert ceasefire.in_force is Tri.YES
    assert [str(k) for k in ceasefire.chain] == [
        "idlib-ceasefire-march-2020 implements moscow-2020",
        "moscow-2020 amends sochi-2018",
    ]
    assert {s.accord for s in state.in_force()} == {
        "idlib-ceasefire-march-2020",
        "moscow-2020",
        "sochi-2018",
    }


def test_before_the_protocol_only_the_memorandum_is_known(store: MemoryStore) -> None:
    state = at(store, "2020-03-04")
    assert [s.accord for s in state.in_force()] == ["sochi-2018"]
    assert state.dated_terms(day("2020-03-04")) == ()


def test_terms_are_due_not_yet_due_or_possibly_due(store: MemoryStore) -> None:
    def statuses(when: str) -> dict[TermKind, TermStatus]:
        return {t.term.kind: t.status for t in at(store, when).dated_terms(day(when))}

    assert statuses("2020-03-05") == {
        TermKind.CEASEFIRE_START: TermStatus.NOT_YET_DUE,
        TermKind.ZONE: TermStatus.NOT_YET_DUE,
        TermKind.PATROLS: TermStatus.NOT_YET_DUE,
    }
    assert statuses("2020-03-10")[TermKind.CEASEFIRE_START] is TermStatus.DUE
    assert statuses("2020-03-10")[TermKind.PATROLS] is TermStatus.NOT_YET_DUE
    assert set(statuses("2020-03").values()) == {TermStatus.DUE}  # by the end of March
    # A term set for "March" asked about on the 10th: possibly due, never a guess.
    march = Term(kind="withdrawal_deadline", when="2020-03", summary="withdraw")
    assert term_due(march, When.parse("2020-03-10")) is Tri.MAYBE
    assert statuses("2020-04")[TermKind.ZONE] is TermStatus.DUE


def test_a_replacement_possibly_in_force_leaves_the_replaced_one_maybe() -> None:
    old = AgreementSigned(id="a", agreement="old", when="2019", summary="s")
    new = AgreementSigned(id="b", agreement="new", when="2020-01", summary="s", replaces=["old"])
    store = MemoryStore()
    store.append("s", [old, new])
    state = conflict_snapshot(store, at="2020-01-15")  # "January" straddles the 15th
    assert state.standing("old").in_force is Tri.MAYBE  # type: ignore[union-attr]
    (ended,) = state.standing("old").ended_by  # type: ignore[union-attr]
    assert ended.type is RelationType.REPLACES
    assert not ended.certain


def test_a_relation_to_an_unknown_agreement_is_a_problem_and_loads_nothing(
    tmp_path: Path,
) -> None:
    text = DATA.read_text(encoding="utf-8").replace(
        'amends = ["sochi-2018"]', 'amends = ["sochi-2019"]'
    )
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    store = MemoryStore()
    with pytest.raises(AuthoringError) as caught:
        load_into(store, path)
    (problem,) = caught.value.problems
    assert problem.field == "amends[0]"
    assert "'sochi-2019'" in problem.message
    assert "did you mean 'sochi-2018'" in problem.message
    assert problem.line == text.splitlines().index('amends = ["sochi-2019"]') + 1
    assert store.head == 0


def test_a_later_report_may_relate_to_an_agreement_in_the_store(
    store: MemoryStore, tmp_path: Path
) -> None:
    later = tmp_path / "later.toml"
    later.write_text(
        '[stream]\nname = "later"\nzone = "UTC"\n\n'
        '[[events]]\nid = "sochi-suspended"\nkind = "conflict.agreement.signed"\n'
        'when = "2020-06"\nsummary = "A deal suspends the memorandum"\n'
        'agreement = "deal-2020"\nsuspends = ["sochi-2018"]\n',
        encoding="utf-8",
    )
    copy = MemoryStore()
    copy.append("accords", [r.event for r in store.read_all()])
    load_into(copy, later)
    assert "deal-2020" in copy_state(copy).agreements
    with pytest.raises(AuthoringError):
        loads_stream(later.read_text(encoding="utf-8"))  # alone, sochi-2018 is unknown


def copy_state(store: MemoryStore) -> ConflictState:
    return conflict_snapshot(store, at="2020-12")


def test_a_circle_of_relations_is_a_problem() -> None:
    text = (
        '[stream]\nname = "c"\nzone = "UTC"\n\n'
        '[[events]]\nid = "a"\nkind = "conflict.agreement.signed"\nwhen = "2020"\n'
        'summary = "A"\nagreement = "x"\namends = ["y"]\n\n'
        '[[events]]\nid = "b"\nkind = "conflict.agreement.signed"\nwhen = "2020"\n'
        'summary = "B"\nagreement = "y"\nreplaces = ["x"]\n'
    )
    with pytest.raises(AuthoringError, match="run in a circle: x → y → x"):
        loads_stream(text)
    assert relation_cycle([("x", "y"), ("y", "x")]) == ("x", "y", "x")


def test_a_term_dated_before_its_agreement_is_a_warning_naming_both_dates() -> None:
    event = AgreementSigned(
        id="m",
        agreement="moscow",
        when="2020-03-05",
        summary="s",
        dated_terms=[Term(kind="withdrawal_deadline", when="2020-03-01", summary="withdraw")],
    )
    (finding,) = [f for f in review([event]) if f.field == "dated_terms[0].when"]
    assert "1 March 2020" in finding.message
    assert "5 March 2020" in finding.message


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "road", "when": "2020", "summary": "s"}, "kind"),
        ({"kind": "patrols", "when": "2020", "summary": "s", "width_km": 6}, "width_km"),
        ({"kind": "zone", "when": "2020", "summary": "s", "width_km": -1}, "width_km"),
        ({"kind": "zone", "when": "2020", "summary": " "}, "summary"),
        ({"kind": "zone", "when": "not a date", "summary": "s"}, "when"),
    ],
)
def test_a_bad_term_is_refused_naming_its_field(fields: dict[str, object], field: str) -> None:
    with pytest.raises(EventError) as caught:
        Term(**fields)  # type: ignore[arg-type]
    assert caught.value.field == field
