"""The Idlib context from real data: UCDP GED beside the seed article, month by month.

:func:`build_context` imports the shared UCDP GED file (Syria, 2016-2019, see
``../shared/data/ucdp-ged-syria/README.md``) and the seed article
(``seeds/idlib-2020.toml``) into one store, as two streams, and reads back:

* the Idlib governorate chronology from the September 2018 deal (17 September
  2018) to the end of the file (30 November 2019), month by month
  (:class:`Month`): events and deaths as ranges. An event whose date window
  lies wholly inside the month counts for certain; one whose window only
  overlaps it counts possibly. Deaths run from the summed ``low`` of the
  certain events to the summed ``high`` of the possible ones; the best figure
  sums ``best`` over the events that start in the month (as UCDP dates an
  event by its start), so the best figures add up to the window's;
* the article's own events that may fall in each month, beside GED's;
* where GED and the article meet (:class:`Meeting`): the GED rows whose
  place is one the article names (by name or alias, the place type word
  dropped: "Maarat al-Numaan town" is the article's "Maarat al-Numan"), the
  other GED places within :data:`NEARBY_KM` of it (by GED's coordinates),
  its district (GED's ``adm_2``) counted like a month, and the article's
  events at that place.

:mod:`timeline.idlib_context.context` builds it, :mod:`timeline.idlib_context.text`
writes it out.

``python -m timeline.demo --ged`` (``make demo-ged``) prints :func:`render_text`;
the docs page ``idlib/ged-context.md`` is :func:`render_markdown`, with a plot
made by ``docs_ext/idlib_ged_page.py``.
"""

from timeline.idlib_context.context import (
    CITATION,
    GED_FILE,
    GOVERNORATE,
    MEETING_PLACES,
    NEARBY_KM,
    SEED_FILE,
    WINDOW,
    IdlibContext,
    Meeting,
    Month,
    build_context,
    find_ged,
)
from timeline.idlib_context.text import meeting_notes, render_markdown, render_text

__all__ = [
    "CITATION",
    "GED_FILE",
    "GOVERNORATE",
    "MEETING_PLACES",
    "NEARBY_KM",
    "SEED_FILE",
    "WINDOW",
    "IdlibContext",
    "Meeting",
    "Month",
    "build_context",
    "find_ged",
    "meeting_notes",
    "render_markdown",
    "render_text",
]
