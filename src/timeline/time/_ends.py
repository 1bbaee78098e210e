"""The ends of a ``When`` written out, and its instants as pendulum values.

Private to :mod:`timeline.time`: helpers of :mod:`timeline.time.when` that
need no ``When`` of their own (so ``when.py`` stays one class and its
construction).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from timeline.errors import WhenError
from timeline.time._dst import Fold, settle
from timeline.time.edtf import format_end, format_strict_end
from timeline.time.value import End, Endpoint

if TYPE_CHECKING:
    import pendulum

__all__ = ["instant", "point_end", "settled", "strict_interval"]


def settled(end: Endpoint, tz: str, fold: Fold, text: str) -> Endpoint:
    """``end`` with its wall time settled in ``tz`` by ``fold`` (an open or unknown end as is)."""
    return end if isinstance(end, End) else settle(end, tz, fold, text)


def point_end(end: Endpoint) -> str:
    """One end of ``[a..b]``: an open end is left empty (``[..2012]``)."""
    return "" if end is End.OPEN else format_end(end)


def strict_interval(start: Endpoint, end: Endpoint) -> str:
    """``start/end`` in strict EDTF."""
    return f"{format_strict_end(start, first=True)}/{format_strict_end(end, first=False)}"


@lru_cache(maxsize=65_536)
def _pendulum_at(seconds: int, tz: str) -> pendulum.DateTime:
    import pendulum

    return pendulum.from_timestamp(seconds, tz=tz)


def instant(seconds: int, tz: str, text: str) -> pendulum.DateTime:
    """The instant ``seconds`` in ``tz``; the value ``text`` is named if pendulum cannot hold it."""
    try:
        return _pendulum_at(seconds, tz)
    except (OverflowError, ValueError, OSError) as error:
        raise WhenError(
            f"{text!r} has a bound outside years 1-9999 (UTC), which pendulum "
            "cannot hold; use earliest_ts / latest_ts (epoch seconds) or the relations",
            where=text,
        ) from error
