"""``make demo``: the time model at work on the dates of the Idlib article.

Run as ``python -m timeline.demo``. Each date phrase of the article of Monday
3 February 2020 is resolved against that day in Damascus time, and shown with
its EDTF, the span of instants it covers and its display text, then the same
values in chronological order. (Once the seed stream exists, the demo renders
the real timeline.)
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from timeline import resolve
from timeline.time.when import When

__all__ = ["PHRASES", "REFERENCE", "ZONE", "main", "render"]

REFERENCE = date(2020, 2, 3)
"""The article's publication day, a Monday."""

ZONE = "Asia/Damascus"
"""The zone the article's dates are read in."""

PHRASES: tuple[tuple[str, str], ...] = (
    ("on Monday", "Ankara warns it will not stay silent"),
    ("overnight", "Syrian forces fire on Turkish troops"),
    ("last week", "Syrian forces capture Maaret al-Nouman"),
    ("in 2018", "Turkey-Russia deal on a demilitarized zone"),
    ("in January", "the ceasefire takes effect"),
    ("recently", "Erdogan: no tolerance for a new migration wave"),
    ("2016", "first Turkish incursion"),
    ("2018", "second Turkish incursion"),
    ("2019", "third Turkish incursion"),
    ("since late 2012", "the army has not reached the Nairab area"),
)
"""The article's date phrases, in the order it uses them, with what each dates."""

_HEADERS = ("phrase", "EDTF", f"span in {ZONE}, [earliest, latest)", "display")
_UNBOUNDED = "?"


def _instant(when: When, which: str) -> str:
    moment = when.earliest if which == "earliest" else when.latest
    return _UNBOUNDED.rjust(16) if moment is None else moment.strftime("%Y-%m-%d %H:%M")


def _span(when: When) -> str:
    return f"{_instant(when, 'earliest')} – {_instant(when, 'latest')}"


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in (headers, *rows)) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))

    rule = "  ".join("-" * width for width in widths)
    return [line(headers).rstrip(), rule, *(line(row).rstrip() for row in rows)]


def render() -> str:
    """The demo's text: the table of phrases, then the values in chronological order."""
    resolved = [(resolve(phrase, REFERENCE, tz=ZONE), what) for phrase, what in PHRASES]
    rows = [
        (f'"{when.phrase}"', when.to_text(), _span(when), when.display()) for when, _ in resolved
    ]
    lines = [
        "The time model on the dates of the Idlib article "
        f"(reference: Monday {REFERENCE.day} {REFERENCE:%B %Y}, {ZONE})",
        "",
        *_table(_HEADERS, rows),
        "",
        f'Spans are half-open; "{_UNBOUNDED}" is an unknown end, which sorts first.',
        "",
        "In chronological order (earliest first, the wider span first):",
        "",
    ]
    ordered = sorted(resolved, key=lambda pair: pair[0].sort_key)
    width = max(len(when.display()) for when, _ in ordered)
    lines += [f"  {when.display().ljust(width)}  {what}" for when, what in ordered]
    return "\n".join(lines)


def main() -> None:
    """Print the demo to standard output."""
    print(render())


if __name__ == "__main__":
    main()
