"""User-defined kinds used by the tests (module level, as a user's would be)."""

from __future__ import annotations

import attrs

import timeline
from timeline.events import Figure


@timeline.kind("test.capture")
@attrs.frozen(kw_only=True)
class Capture(timeline.Event):
    """A place changes hands (a user-defined kind, the recommended two-decorator form)."""

    place: str
    by: str
    from_: str | None = None
    sides: tuple[str, ...] = ()
    toll: Figure | None = None


@timeline.kind("test.statement")
class Statement(timeline.Event):
    """Someone says something (the decorator alone: fine at run time)."""

    speaker: str
    gist: str
    audience: frozenset[str] = frozenset()
