"""Loading stream files: the file's day becomes the records' reported time; ids are looked up."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

import timeline.conflict  # noqa: F401  (registers the conflict kinds the seed uses)
from timeline.io import load_into
from timeline.projections import fold, replay
from timeline.store import MemoryStore, Recorded

SEED = Path(__file__).parent.parent.parent / "seeds" / "idlib-2020.toml"

LATER = """\
[stream]
format = 1
name = "idlib-2020"
reference = 2020-02-28
reported = 2020-02-28

[sources.later-report]
name = "A later report"
kind = "media"

[[events]]
id = "later-report-event"
when = "2020-02-27"
summary = "Something reported on 28 February"
citations = [{ source = "later-report" }]
"""


class NoFullReads(MemoryStore):
    """A store that refuses to be read whole: loading must look ids up."""

    def read_all(self, after: int = 0, *, kinds: Iterable[str] | None = None) -> Iterator[Recorded]:
        if kinds is None:
            raise AssertionError("load_into read every event")
        return super().read_all(after, kinds=kinds)  # the catalog kinds only: an index


def test_the_file_day_is_the_reported_time() -> None:
    store = MemoryStore()
    load_into(store, SEED)
    assert {r.reported_at for r in store.read_all()} == {datetime(2020, 2, 3, tzinfo=UTC)}


def test_reported_at_can_be_given(tmp_path: Path) -> None:
    store = MemoryStore()
    moment = datetime(2020, 2, 4, 12, tzinfo=UTC)
    load_into(store, SEED, reported_at=moment)
    assert {r.reported_at for r in store.read_all()} == {moment}


def test_loading_looks_ids_up_instead_of_reading_the_store(tmp_path: Path) -> None:
    store = NoFullReads()
    assert load_into(store, SEED).appended == 30
    assert load_into(store, SEED).appended == 0  # a second load appends nothing new
    later = tmp_path / "later.toml"
    later.write_text(LATER, encoding="utf-8")
    assert load_into(store, later).appended == 1
    found = store.get("later-report-event")
    assert found is not None
    assert found.reported_at == datetime(2020, 2, 28, tzinfo=UTC)


@pytest.mark.parametrize("order", [("seed", "later"), ("later", "seed")])
def test_two_reports_in_either_order_keep_their_days(
    tmp_path: Path, order: tuple[str, str]
) -> None:
    later = tmp_path / "later.toml"
    later.write_text(LATER, encoding="utf-8")
    files = {"seed": SEED, "later": later}
    store = MemoryStore()
    for name in order:
        load_into(store, files[name])
    ids = fold(lambda: frozenset(), lambda s, r: s | {r.event.id})
    known = replay(ids, store, known_at=datetime(2020, 2, 4, tzinfo=UTC))
    assert len(known) == 30
    assert "later-report-event" not in known
    assert "later-report-event" in replay(ids, store, known_at=datetime(2020, 2, 28, tzinfo=UTC))
