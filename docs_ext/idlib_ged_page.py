"""MkDocs hook: the page ``idlib/ged-context.md`` and its plot, from UCDP GED on every build.

Registered in ``mkdocs.yml`` beside ``docs_ext/idlib_pages.py``. On each build,
:func:`on_files` imports the shared UCDP GED file and the seed article into a
memory store with :func:`timeline.idlib_context.build_context` and adds, in
memory only (nothing is written into ``docs/``):

* ``idlib/ged-context.md``: :func:`timeline.idlib_context.render_markdown`,
  the months of Idlib governorate from 17 September 2018 to 30 November 2019
  with the article beside them, and where the two meet;
* ``idlib/ged-context.svg``: a static plot of the monthly events and deaths
  (best, with the low-high range as a band), drawn with matplotlib's Agg
  backend. The SVG is deterministic: a fixed ``svg.hashsalt``, no date in its
  metadata, text kept as text, so every build gives the same bytes.

Without the shared file (a clone without ``../shared/data``), the page says
where the file goes instead, and the build goes on.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from timeline import TimelineError
from timeline.idlib_context import GED_FILE, IdlibContext, build_context, render_markdown

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "idlib-2020.toml"
"""The seed article shown beside GED."""

PAGE = "idlib/ged-context.md"
"""The generated page, inside the site."""

PLOT = "idlib/ged-context.svg"
"""The generated plot, inside the site."""

_NOTE = (
    '!!! info "Generated from UCDP GED and `seeds/idlib-2020.toml` when the site is built"\n'
    "    Made by `timeline.idlib_context.render_markdown`; `make demo-ged` prints the same"
    " months as text. The plot is drawn by `docs_ext/idlib_ged_page.py` with matplotlib.\n"
)

log = logging.getLogger("mkdocs.plugins.idlib_ged_page")


def plot_svg(context: IdlibContext) -> str:
    """The monthly events (certain, and possibly) and deaths (best, low-high band) as SVG text."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot
    from matplotlib.figure import Figure

    labels = [month.label for month in context.months]
    x = list(range(len(labels)))
    certain = [month.events[0] for month in context.months]
    extra = [month.events[1] - month.events[0] for month in context.months]
    low = [month.deaths[0] for month in context.months]
    high = [month.deaths[1] for month in context.months]
    best = [month.best for month in context.months]
    style = {
        "svg.hashsalt": "timeline-idlib-ged",  # fixed ids: the same bytes on every build
        "svg.fonttype": "none",  # text as text, not paths from the local fonts
        "font.family": "DejaVu Sans",
        "font.size": 9,
    }
    with pyplot.rc_context(style):
        figure = Figure(figsize=(8, 5.5), layout="constrained")
        events, deaths = figure.subplots(2, 1, sharex=True)
        events.bar(x, certain, color="#3b6ea5", label="events, for certain")
        events.bar(x, extra, bottom=certain, color="#a9c4e0", label="possibly (date spans months)")
        events.set_ylabel("GED events")
        events.legend(loc="upper left", frameon=False)
        deaths.fill_between(x, low, high, color="#e8b3a6", label="deaths, low–high", step=None)
        deaths.plot(x, best, color="#a33a22", marker="o", markersize=3, label="deaths, best")
        deaths.set_ylabel("deaths")
        deaths.legend(loc="upper left", frameon=False)
        deaths.set_xticks(x, labels, rotation=45, ha="right")
        figure.suptitle(
            "Idlib governorate in UCDP GED 19.1, 17 Sep 2018 – 30 Nov 2019, by month",
            fontsize=10,
        )
        out = io.StringIO()
        figure.savefig(out, format="svg", metadata={"Date": None, "Creator": "timeline"})
    return out.getvalue()


def generate(context: IdlibContext | None = None) -> dict[str, str]:
    """The page and its plot, by path inside the site (``context``: built here when ``None``)."""
    if context is None:
        context = build_context(seed=SEED)
    markdown = render_markdown(context, plot=Path(PLOT).name)
    title, _, rest = markdown.partition("\n")
    return {PAGE: f"{title}\n\n{_NOTE}{rest}", PLOT: plot_svg(context)}


def _missing(error: Exception) -> dict[str, str]:
    return {
        PAGE: "# Idlib in UCDP GED, September 2018 to November 2019\n\n"
        f"This page is made from the UCDP GED file `{GED_FILE}`, which this build did not "
        f"find ({error}). Put the shared data beside the checkout and build again.\n"
    }


def on_files(files: Files, *, config: Any) -> Files:
    """Add the generated page and plot to the site (MkDocs event)."""
    try:
        generated = generate()
    except FileNotFoundError as error:  # no shared data beside this clone
        log.info("idlib/ged-context.md without data: %s", error)
        generated = _missing(error)
    except TimelineError as error:  # a bad GED file or seed
        raise PluginError(f"idlib/ged-context.md cannot be made: {error}") from error
    for path, content in generated.items():
        if files.get_file_from_path(path) is not None:
            raise RuntimeError(
                f"docs/{path} exists, but the docs build generates it from UCDP GED: "
                "delete the file (generated output is never committed)"
            )
        files.append(File.generated(config, path, content=content))
    return files
