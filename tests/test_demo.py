"""``make demo`` (``python -m timeline.demo``): the time model on the Idlib article's dates."""

from __future__ import annotations

import subprocess
import sys

import pytest

from timeline import demo


@pytest.fixture(scope="module")
def output() -> str:
    """The demo's standard output, run as ``make demo`` runs it."""
    done = subprocess.run(
        [sys.executable, "-m", "timeline.demo"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert done.stderr == ""
    return done.stdout


def row(output: str, phrase: str) -> list[str]:
    """The cells of the table row of ``phrase`` (split on runs of two spaces)."""
    for line in output.splitlines():
        if line.startswith(f'"{phrase}"'):
            return [cell.strip() for cell in line.split("  ") if cell.strip()]
    raise AssertionError(f"no row for {phrase!r} in:\n{output}")


def test_heading_names_reference_and_zone(output: str) -> None:
    assert output.splitlines()[0].endswith("(reference: Monday 3 February 2020, Asia/Damascus)")


@pytest.mark.parametrize(
    ("phrase", "cells"),
    [
        (
            "last week",
            ["2020-W05", "2020-01-27 00:00 – 2020-02-03 00:00", "week of 27 January 2020"],
        ),
        (
            "overnight",
            [
                "2020-02-02/2020-02-03",
                "2020-02-02 00:00 – 2020-02-04 00:00",
                "night of 2–3 February 2020",
            ],
        ),
        (
            "since late 2012",
            [
                "2012-39/2020-02-03",
                "2012-09-01 00:00 – 2020-02-04 00:00",
                "late 2012 – 3 February 2020",
            ],
        ),
        ("in January", ["2020-01", "2020-01-01 00:00 – 2020-02-01 00:00", "January 2020"]),
        (
            "recently",
            ["/2020-02-03", "? – 2020-02-04 00:00", "until 3 February 2020, start unknown"],
        ),
    ],
)
def test_rows(output: str, phrase: str, cells: list[str]) -> None:
    assert row(output, phrase)[1:] == cells


def test_every_phrase_has_a_row(output: str) -> None:
    for phrase, _ in demo.PHRASES:
        assert row(output, phrase)


def test_table_is_aligned(output: str) -> None:
    """Every row breaks into its cells exactly at the columns of the dashed rule."""
    lines = output.splitlines()
    rule = next(i for i, line in enumerate(lines) if line.startswith("-----"))
    starts = [
        i
        for i, char in enumerate(lines[rule])
        if char == "-" and (i == 0 or lines[rule][i - 1] == " ")
    ]
    assert len(starts) == 4
    for line in lines[rule - 1 : rule + 1 + len(demo.PHRASES)]:
        for start in starts[1:]:
            assert line[start - 2 : start] == "  ", line


def test_chronological_section_is_sorted(output: str) -> None:
    section = output.split("In chronological order")[1].splitlines()[2:]
    assert section[0].strip().startswith("until 3 February 2020, start unknown")
    assert section[1].strip().startswith("late 2012 – 3 February 2020")
    assert section[-1].strip().startswith("3 February 2020")


def test_main_prints_render(capsys: pytest.CaptureFixture[str]) -> None:
    demo.main()
    assert capsys.readouterr().out == demo.render() + "\n"
