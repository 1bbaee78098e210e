"""``Fact``: where a fact of the conflict state comes from, and the order of facts.

Every fact keeps the id of the event that said it, the event's ``when``, its
store ``position``, its citations, and whether it *certainly* happened by the
snapshot's valid time (``certain``) or only possibly did (its span straddles
that time). The kinds of state (:mod:`~timeline.conflict.control`,
:mod:`~timeline.conflict.accords`, :mod:`~timeline.conflict.operations`,
:mod:`~timeline.conflict.casualties`, :mod:`~timeline.conflict.displacement`,
:mod:`~timeline.conflict.contests`) build on it.
"""

from __future__ import annotations

from typing import ClassVar

import attrs

from timeline.events import Citation, Stance
from timeline.time import When

__all__ = ["Fact"]


@attrs.frozen(kw_only=True)
class Fact:
    """Where a fact comes from: the event, its valid time, store position, citations, certainty."""

    event: str
    """Id of the event that says it."""
    when: When
    """The event's valid time."""
    position: int = 0
    """The event's store position (0 when folded from a bare event)."""
    certain: bool = True
    """Whether the event certainly happened by the snapshot's time (False: only possibly)."""
    citations: tuple[Citation, ...] = ()
    """Who says it, with what stance."""

    rank: ClassVar[int] = 0
    """Tiebreak between facts whose times overlap (a launch before an end)."""

    @property
    def order(self) -> tuple[float | int, float | int, int, int, str]:
        """The order of facts: the latest each may have happened, then the earliest.

        Facts are changes at one (possibly uncertain) instant; the one that may
        have happened last is the current one. "took effect in January" comes
        before "collapsed between January and 3 February", although the
        chronology (earliest first, wider first) lists them the other way.
        Ties: :attr:`rank` (a signature before entry into force before a
        collapse), then store position, then event id.
        """
        earliest, latest = self.when.bounds
        return (latest, earliest, self.rank, self.position, self.event)

    @property
    def sources(self) -> tuple[str, ...]:
        """Ids of the sources that assert it (citations with stance ``asserts``)."""
        return tuple(dict.fromkeys(c.source for c in self.citations if c.stance is Stance.ASSERTS))
