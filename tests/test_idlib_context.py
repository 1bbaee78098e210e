"""The Idlib context from real data (timeline.idlib_context): GED months beside the article.

The monthly counts are checked against an independent count over the shared
GED file with the ``csv`` module, and the same count is the oracle of a
property test over small GED files written here.
"""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.errors import DatasetError
from timeline.idlib_context import (
    CITATION,
    WINDOW,
    IdlibContext,
    Month,
    build_context,
    find_ged,
    render_markdown,
    render_text,
)
from timeline.store import MemoryStore

GED = find_ged()
IDLIB = "Idlib Governorate"


def _rows(path: Path) -> list[dict[str, str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


ROWS = _rows(GED)


def _months() -> list[tuple[date, date]]:
    """The months of the window, the first from 17 September 2018 (apart from the module's)."""
    start, end = WINDOW
    bounds = []
    day = start
    while day <= end:
        last = day
        while last + timedelta(days=1) <= end and (last + timedelta(days=1)).month == day.month:
            last += timedelta(days=1)
        bounds.append((day, last))
        day = last + timedelta(days=1)
    return bounds


Counted = list[tuple[str, tuple[int, int], tuple[int, int], int]]


def _count(rows: Iterable[Mapping[str, str]]) -> Counted:
    """Per month: (label, (certain, possible) events, (low, high) deaths, best), over csv rows."""
    idlib = []
    for row in rows:
        if row["adm_1"] != IDLIB:
            continue
        figures = (int(row["low"]), int(row["best"]), int(row["high"]))
        idlib.append(
            (
                date.fromisoformat(row["date_start"][:10]),
                date.fromisoformat(row["date_end"][:10]),
                min(figures),  # the importer widens inconsistent figures to cover all three
                figures[1],
                max(figures),
            )
        )
    counted = []
    for first, last in _months():
        certain = [r for r in idlib if first <= r[0] and r[1] <= last]
        possible = [r for r in idlib if r[0] <= last and r[1] >= first]
        counted.append(
            (
                f"{first:%Y-%m}",
                (len(certain), len(possible)),
                (sum(r[2] for r in certain), sum(r[4] for r in possible)),
                sum(r[3] for r in idlib if first <= r[0] <= last),
            )
        )
    return counted


def _of(months: Iterable[Month]) -> Counted:
    return [(m.label, m.events, m.deaths, m.best) for m in months]


def test_the_months_match_an_independent_count_over_the_shared_file(
    idlib_context: IdlibContext,
) -> None:
    assert _of(idlib_context.months) == _count(ROWS)
    assert idlib_context.rows == len(ROWS) == 16566


def test_the_window_and_the_readme_agree(idlib_context: IdlibContext) -> None:
    months = idlib_context.months
    assert (months[0].first, months[-1].last) == (date(2018, 9, 17), date(2019, 11, 30))
    assert len(months) == 15
    # The README: 1,863 Idlib events, 699 of them from September 2018 on (19 before the deal).
    idlib = [r for r in ROWS if r["adm_1"] == IDLIB]
    assert len(idlib) == 1863
    assert sum(r["date_start"][:10] >= "2018-09-01" for r in idlib) == 699
    starting = sum(r["date_start"][:10] >= "2018-09-17" for r in idlib)
    assert starting == 680
    # 8 events start in one month and may end in the next: certain 672, possibly 690.
    assert idlib_context.events == (672, 690)
    assert idlib_context.deaths == (2611, 2792, 3062)


def test_deaths_are_ranges_that_hold_the_best_figure(idlib_context: IdlibContext) -> None:
    for month in idlib_context.months:
        low, high = month.deaths
        assert low <= month.best <= high
        assert month.events[0] <= month.events[1]
    # August 2019, the offensive's worst month in GED: a range, never one silent number.
    (august,) = [m for m in idlib_context.months if m.label == "2019-08"]
    assert (august.events, august.deaths, august.best) == ((100, 102), (937, 966), 950)


def test_the_article_is_a_second_stream_beside_the_months(idlib_context: IdlibContext) -> None:
    assert (idlib_context.ged_stream, idlib_context.article_stream) == ("ucdp-ged", "idlib-2020")
    assert len(idlib_context.article) == 30
    by_month = {m.label: m.article for m in idlib_context.months}
    # "2018" may fall in any month of late 2018 (Idlib time); "2019" in none of them.
    assert by_month["2018-09"] == ("demilitarized-zone-deal-2018", "turkish-incursion-2018")
    assert by_month["2018-12"] == ("demilitarized-zone-deal-2018", "turkish-incursion-2018")
    assert by_month["2019-01"] == ("turkish-incursion-2019",)
    # "since late 2012" may fall in any month: it is not placed beside one.
    assert all("nairab-area-first-since-2012" not in ids for ids in by_month.values())


def test_ged_and_the_article_meet_at_maaret_al_nouman_and_nairab(
    idlib_context: IdlibContext,
) -> None:
    maaret, nairab = idlib_context.meetings
    in_window = [r for r in ROWS if r["adm_1"] == IDLIB and r["date_end"][:10] >= "2018-09-17"]
    expected_town = {
        f"ucdp-ged-{r['id']}"
        for r in in_window
        if r["where_coordinates"] == "Maarat al-Numaan town"
    }
    assert maaret.place == "maaret-al-nouman"
    assert maaret.ged_names == ("Maarat al-Numaan town",)
    assert set(maaret.ged_events) == expected_town
    assert len(expected_town) == 43
    assert maaret.coordinates == (35.648379, 36.676019)
    assert [e[0] for e in maaret.article_events] == ["maaret-al-nouman-captured"]
    assert nairab.ged_names == ("Nayrab village",)
    assert nairab.ged_events == (
        "ucdp-ged-281815",
        "ucdp-ged-282634",
        "ucdp-ged-296342",
        "ucdp-ged-319725",
    )
    assert (nairab.first, nairab.last, nairab.deaths, nairab.best) == (
        date(2019, 3, 6),
        date(2019, 11, 8),
        (19, 19),
        19,
    )
    assert [e[0] for e in nairab.article_events] == [
        "nairab-area-first-since-2012",
        "nairab-captured",
    ]
    # The article puts Nairab 8 km from Idlib city; GED's points are 10 km apart.
    assert nairab.km_from_idlib_city == pytest.approx(10.0, abs=0.1)
    assert maaret.km_from_idlib_city == pytest.approx(31.6, abs=0.1)


def test_the_meeting_places_are_found_by_coordinates_and_district_too(
    idlib_context: IdlibContext,
) -> None:
    maaret, nairab = idlib_context.meetings
    # By coordinates: one other GED place within 3 km of the town, none of the village.
    assert maaret.nearby == (("ucdp-ged-282708", "Al Madajin Checkpoint", 2.8),)
    assert nairab.nearby == ()
    # By adm_2: the district's events in the window (certain: wholly inside it; one ends in
    # December 2019), counted as the months count theirs.
    for meeting, district in (
        (maaret, "Maarat al-Numaan district"),
        (nairab, "Markaz Idlib district"),
    ):
        assert meeting.district == district
        rows = [r for r in ROWS if r["adm_1"] == IDLIB and r["adm_2"] == district]
        possible = [r for r in rows if r["date_end"][:10] >= "2018-09-17"]
        certain = [
            r
            for r in possible
            if r["date_start"][:10] >= "2018-09-17" and r["date_end"][:10] <= "2019-11-30"
        ]
        assert meeting.district_events == (len(certain), len(possible))
        low, best, high = meeting.district_deaths
        assert low == sum(min(int(r[c]) for c in ("low", "best", "high")) for r in certain)
        starting = [r for r in possible if r["date_start"][:10] >= "2018-09-17"]
        assert best == sum(int(r["best"]) for r in starting)
        assert high == sum(max(int(r[c]) for c in ("low", "best", "high")) for r in possible)
    assert maaret.district_events == (422, 423)
    assert nairab.district_events == (85, 85)


def test_the_text_and_the_page_say_the_ranges_and_cite_ucdp(idlib_context: IdlibContext) -> None:
    text = render_text(idlib_context)
    assert "2019-08      100–102    937–966 (best 950)" in text
    assert max(len(line) for line in text.splitlines()) <= 100  # notes are wrapped
    flat = " ".join(text.split())
    assert "Nairab: GED has 4 events at Nayrab village" in flat
    assert "(nairab-captured, 3 February 2020, after GED's last event there)" in flat
    assert flat.endswith(" ".join(CITATION.split()))
    page = render_markdown(idlib_context, plot="ged-context.svg")
    assert "| 2019-08 | 100–102 | 937–966 | 950 | `turkish-incursion-2019` |" in page
    assert "![Monthly GED events and deaths in Idlib governorate](ged-context.svg)" in page
    assert CITATION in page


# -- the law, over small GED files written here -------------------------------------------------

_TEMPLATE = next(r for r in ROWS if r["adm_1"] == IDLIB)
_DAYS = st.dates(date(2018, 9, 1), date(2019, 12, 10))


@st.composite
def _ged_rows(draw: st.DrawFn) -> list[dict[str, str]]:
    rows = []
    for number in range(draw(st.integers(0, 12))):
        start = draw(_DAYS)
        end = start + timedelta(days=draw(st.sampled_from([0, 0, 1, 6, 30, 45])))
        low, best, high = (str(draw(st.integers(0, 60))) for _ in range(3))
        rows.append(
            {
                **_TEMPLATE,
                "id": str(900000 + number),
                "adm_1": draw(st.sampled_from([IDLIB, IDLIB, "Hamah Governorate"])),
                "date_start": start.isoformat(),
                "date_end": end.isoformat(),
                "low": low,
                "best": best,
                "high": high,
            }
        )
    return rows


@settings(max_examples=15)
@given(rows=_ged_rows())
def test_the_months_are_the_count_of_any_ged_file(
    tmp_path_factory: pytest.TempPathFactory, rows: list[dict[str, str]]
) -> None:
    path = tmp_path_factory.mktemp("ged") / "ged.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(_TEMPLATE))
        writer.writeheader()
        writer.writerows(rows)
    context = build_context(MemoryStore(), ged=path)
    assert _of(context.months) == _count(rows)
    for month in context.months:
        assert month.deaths[0] <= month.best <= month.deaths[1]


def test_a_missing_ged_file_is_named_and_nothing_is_imported(tmp_path: Path) -> None:
    store = MemoryStore()
    with pytest.raises(DatasetError, match=r"nowhere\.csv: no such file"):
        build_context(store, ged=tmp_path / "nowhere.csv")
    assert store.head == 0


def test_the_demo_prints_the_context_with_ged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from timeline import demo

    demo.main(["--ged", "--out", str(tmp_path)])
    out = capsys.readouterr().out
    heading = "Idlib governorate in UCDP GED, 17 September 2018 to 30 November 2019"
    assert out.index("Store and documents written to") < out.index(heading)
    assert "Where GED and the article meet:" in out


def test_the_demo_without_ged_data_says_so_without_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from timeline import demo
    from timeline.idlib_context import context

    monkeypatch.delenv("TIMELINE_GED", raising=False)
    monkeypatch.setattr(context, "GED_FILE", "no/such/ged.csv.gz")
    with pytest.raises(SystemExit, match=r"--ged: no/such/ged.csv.gz is not in any folder"):
        demo.main(["--ged", "--out", str(tmp_path)])
    monkeypatch.setenv("TIMELINE_GED", str(tmp_path / "missing.csv.gz"))
    with pytest.raises(SystemExit, match=r"--ged: TIMELINE_GED=.*missing.csv.gz: no such file"):
        demo.main(["--ged", "--out", str(tmp_path)])
