"""The Idlib context as text (``make demo-ged``) and as a Markdown page (the docs).

Every count is shown as a range: ``a–b`` when its ends differ, one number when
they agree.
"""

from __future__ import annotations

import math
import textwrap
from datetime import date

from timeline.idlib_context.context import CITATION, NEARBY_KM, WINDOW, IdlibContext

__all__ = ["meeting_notes", "render_markdown", "render_text"]


def _range(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}–{high}"


def _deaths(low: int, best: int, high: int) -> str:
    return f"{_range(low, high)} (best {best})"


def _long(day: date | None) -> str:
    return "?" if day is None else f"{day.day} {day:%B %Y}"


def _window() -> str:
    return f"{_long(WINDOW[0])} to {_long(WINDOW[1])}"


def meeting_notes(context: IdlibContext) -> list[str]:
    """One sentence or two per :class:`Meeting`: what GED has there and how it meets the article."""
    notes = []
    for meeting in context.meetings:
        if not meeting.ged_events:
            notes.append(f"{meeting.name}: no GED event in Idlib governorate in the window.")
            continue
        lat, lon = meeting.coordinates or (math.nan, math.nan)
        text = (
            f"{meeting.name}: GED has {len(meeting.ged_events)} events at "
            f"{' / '.join(meeting.ged_names)} ({lat:.4f}, {lon:.4f}) from "
            f"{_long(meeting.first)} to {_long(meeting.last)}, "
            f"{_deaths(meeting.deaths[0], meeting.best, meeting.deaths[1])} deaths."
        )
        text += f" GED 19.1 ends on {_long(WINDOW[1])}."
        if meeting.km_from_idlib_city is not None:
            km = meeting.km_from_idlib_city
            text += f" GED's coordinates put it {km:.1f} km from Idlib town."
        if meeting.nearby:
            near = ", ".join(
                f"{name} ({km} km, {event_id})" for event_id, name, km in meeting.nearby
            )
            text += f" Within {NEARBY_KM:g} km: {near}."
        if meeting.district is not None:
            low, best, high = meeting.district_deaths
            text += (
                f" Its district, {meeting.district}, has {_range(*meeting.district_events)} "
                f"events with {_deaths(low, best, high)} deaths in the window."
            )
        for event_id, when, summary, earliest in meeting.article_events:
            relation = (
                "after GED's last event there"
                if meeting.last is not None and earliest is not None and earliest > meeting.last
                else "a span that takes in GED's events there"
            )
            text += f" The article ({event_id}, {when}, {relation}): {summary}."
        notes.append(text)
    return notes


def _wrap(text: str, first: str = "", rest: str = "") -> list[str]:
    return textwrap.wrap(
        text, 100, initial_indent=first, subsequent_indent=rest, break_on_hyphens=False
    )


def render_text(context: IdlibContext) -> str:
    """The context as plain text (what ``python -m timeline.demo --ged`` prints)."""
    low, best, high = context.deaths
    certain, possible = context.events
    heading = f"Idlib governorate in UCDP GED, {_window()}"
    intro = (
        f"{context.rows} GED rows imported into stream {context.ged_stream!r}, beside the "
        f"article's {len(context.article)} events in stream {context.article_stream!r}. "
        f"In the window: {_range(certain, possible)} events, "
        f"{_deaths(low, best, high)} deaths. Ranges: certain–possible events, "
        "low–high deaths."
    )
    lines = [
        heading,
        "=" * len(heading),
        *_wrap(intro),
        "",
        f"{'month':<10}{'events':>10}{'deaths':>22}  article",
    ]
    for month in context.months:
        lines.append(
            f"{month.label:<10}{_range(*month.events):>10}"
            f"{_deaths(month.deaths[0], month.best, month.deaths[1]):>22}  "
            f"{', '.join(month.article)}"
        )
    lines += ["", "Where GED and the article meet:"]
    for note in meeting_notes(context):
        lines += _wrap(note, "  ", "    ")
    lines += ["", *_wrap(f"Source: {CITATION}")]
    return "\n".join(lines)


def render_markdown(context: IdlibContext, *, plot: str | None = None) -> str:
    """The context as a Markdown page; ``plot`` is the file name of an image to show."""
    low, best, high = context.deaths
    certain, possible = context.events
    lines = [
        "# Idlib in UCDP GED, September 2018 to November 2019",
        "",
        f"The Idlib governorate events of the UCDP Georeferenced Event Dataset (GED) from the "
        f"Turkey–Russia deal of {_long(WINDOW[0])} to the end of the file ({_long(WINDOW[1])}), "
        f"month by month, beside the events of [the seed article](chronology.md). "
        f"GED has {_range(certain, possible)} events in the window, with "
        f"{_deaths(low, best, high)} deaths.",
        "",
        "Every number is a range. An event counts for a month *for certain* when its date "
        "window (GED's `date_start`..`date_end`) lies inside the month, and *possibly* when it "
        "only overlaps it. Deaths run from the summed `low` estimate of the certain events to "
        "the summed `high` estimate of the possible ones; *best* sums GED's `best` estimate "
        "over the events that start in the month. The first month starts on 17 September.",
        "",
    ]
    if plot is not None:
        lines += [f"![Monthly GED events and deaths in Idlib governorate]({plot})", ""]
    lines += [
        "| Month | Events | Deaths low–high | Best | The article |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for month in context.months:
        article = ", ".join(f"`{a}`" for a in month.article) or "–"
        lines.append(
            f"| {month.label} | {_range(*month.events)} | {_range(*month.deaths)} | "
            f"{month.best} | {article} |"
        )
    lines += ["", "## Where GED and the article meet", ""]
    lines += [f"* {note}" for note in meeting_notes(context)]
    lines += ["", "## Source", "", CITATION, ""]
    return "\n".join(lines)
