"""Hypothesis strategies for property-based tests of code that uses ``timeline``.

Use them in your own tests::

    from hypothesis import given
    from timeline.strategies import whens

    @given(whens(min_year=1900, max_year=2100))
    def test_my_chronology_sorts(when): ...

Once the library is installed, ``st.from_type(When)`` works too: the library
registers :func:`whens` through Hypothesis's entry-point hook.
Every strategy shrinks toward simple values (a plain year).

Single values (:func:`whens`, :func:`sources`, :func:`events`...) live in
:mod:`timeline.strategies.values`; lists of events a store accepts in order
(:func:`event_streams`) in :mod:`timeline.strategies.streams`.
"""

from __future__ import annotations

import sys
from typing import Any

from timeline.events import Citation, Event, Source
from timeline.time.when import When


def _hypothesis_setup_hook() -> None:
    """Entry point Hypothesis calls at start-up: makes ``st.from_type(When)`` (and
    ``Event``, ``Source``, ``Citation``) work.

    Defined before this package imports Hypothesis, and lazy: importing
    ``timeline.strategies`` first imports Hypothesis, which runs this hook
    while the package is still half-loaded; the deferred strategies look the
    real ones up only when drawn.
    """
    from hypothesis import strategies as hst

    def here() -> Any:
        return sys.modules["timeline.strategies"]

    hst.register_type_strategy(When, hst.deferred(lambda: here().whens()))
    hst.register_type_strategy(Event, hst.deferred(lambda: here().events()))
    hst.register_type_strategy(Source, hst.deferred(lambda: here().sources()))
    hst.register_type_strategy(Citation, hst.deferred(lambda: here().citations()))


# Imported after the hook on purpose: importing Hypothesis runs the hook.
from timeline.strategies.networks import constraint_networks, constraints  # noqa: E402
from timeline.strategies.streams import event_streams  # noqa: E402
from timeline.strategies.values import (  # noqa: E402
    ALL_PRECISIONS,
    EDTF_PRECISIONS,
    calendar_values,
    citations,
    events,
    figures,
    grades,
    json_values,
    register_kind_strategy,
    slugs,
    sources,
    whens,
)

__all__ = [
    "ALL_PRECISIONS",
    "EDTF_PRECISIONS",
    "calendar_values",
    "citations",
    "constraint_networks",
    "constraints",
    "event_streams",
    "events",
    "figures",
    "grades",
    "json_values",
    "register_kind_strategy",
    "slugs",
    "sources",
    "whens",
]
