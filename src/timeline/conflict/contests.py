"""Contested claims: claims that cannot all be true, with every side.

A :class:`Contest` comes from :class:`timeline.events.Contradiction` events,
from citations that say what they contradict, and from one event cited both by
sources that assert it and by sources that deny it; each of its sides is a
:class:`ContestSide`.
"""

from __future__ import annotations

import attrs

from timeline.conflict.fact import Fact
from timeline.events import Citation, Stance
from timeline.time import When

__all__ = ["Contest", "ContestSide", "ContradictionEntry", "Said"]


@attrs.frozen(kw_only=True)
class Said(Fact):
    """What an event says, kept so contested claims can show both sides."""

    summary: str
    """The event's summary."""


@attrs.frozen(kw_only=True)
class ContradictionEntry(Fact):
    """A record that claims contradict each other (a Contradiction, or a citation's own)."""

    claims: tuple[str, ...]
    """References of the claims: ``"event-id"`` or ``"event-id#source-id"``."""
    key: str
    """Id of this entry (the Contradiction's id, or ``"event-id#source-id"``)."""


@attrs.frozen(kw_only=True)
class ContestSide:
    """One side of a contest: a claim, who makes it, and what it says."""

    ref: str
    """The claim's reference (``"event-id"`` or ``"event-id#source-id"``)."""
    event: str
    """The event id."""
    source: str | None
    """The one source the reference names, if it names one."""
    stance: Stance
    """The stance this side takes on the claim (``asserts``, or ``denies`` for the other side of
    one event)."""
    summary: str | None = None
    """The event's summary (``None``: the event is not in the stream as folded)."""
    citations: tuple[Citation, ...] = ()
    """The citations that make this side (only the named source's, for ``#source`` refs)."""
    when: When | None = None
    """The event's valid time, if known."""
    certain: bool | None = None
    """Whether the event certainly happened by then (``None``: not known)."""

    @property
    def sources(self) -> tuple[str, ...]:
        """The sources on this side."""
        return tuple(dict.fromkeys(c.source for c in self.citations))


@attrs.frozen(kw_only=True)
class Contest:
    """Claims that cannot all be true, with every side.

    It comes from :class:`timeline.events.Contradiction` events, from
    citations that say what they contradict (``Citation.contradicts``), and
    from one event cited both by sources that assert it and by sources that
    deny it. Records of the same dispute (the same events) are one contest.
    """

    key: str
    """The events in dispute, sorted and joined with ``" | "``."""
    sides: tuple[ContestSide, ...]
    """Every side."""
    noted_by: tuple[str, ...]
    """Ids of the records that establish the dispute (contradictions, citing events)."""
    certain: bool = True
    """Whether a record of the dispute certainly exists by the snapshot's time."""
