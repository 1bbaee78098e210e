"""Military operations (their launches and ends) and deployments of forces."""

from __future__ import annotations

from typing import ClassVar

import attrs

from timeline.conflict.fact import Fact
from timeline.events import Figure
from timeline.time import Tri, When

__all__ = ["DeploymentFact", "Launch", "Operation", "Step"]


@attrs.frozen(kw_only=True)
class Step(Fact):
    """A dated step of an operation (its end)."""

    rank: ClassVar[int] = 1


@attrs.frozen(kw_only=True)
class Launch(Step):
    """A report of an operation's launch, with what it says of the operation."""

    rank: ClassVar[int] = 0

    name: str | None = None
    """The operation's name, if given."""
    by: str | None = None
    """Who launched it."""
    into: str | None = None
    """Where it went, if said."""


@attrs.frozen(kw_only=True)
class Operation:
    """A military operation: when it was launched and, if it was, ended."""

    id: str
    """The operation's id."""
    launches: tuple[Launch, ...] = ()
    """Every report of its launch, in valid-time order."""
    ends: tuple[Step, ...] = ()
    """Every report of its end, in valid-time order."""

    @property
    def name(self) -> str | None:
        """Its name, from the earliest launch report that gives one."""
        return next((s.name for s in self.launches if s.name is not None), None)

    @property
    def by(self) -> str | None:
        """Who launched it, from the earliest launch report."""
        return next((s.by for s in self.launches if s.by is not None), None)

    @property
    def into(self) -> str | None:
        """Where it went, from the earliest launch report that says."""
        return next((s.into for s in self.launches if s.into is not None), None)

    @property
    def launched(self) -> When | None:
        """When it was launched (the earliest report)."""
        return self.launches[0].when if self.launches else None

    @property
    def ended(self) -> When | None:
        """When it ended (the latest report), if it did."""
        return self.ends[-1].when if self.ends else None

    @property
    def active(self) -> Tri:
        """Is it under way? NO when it certainly ended (or nothing of it is known); else MAYBE.

        Never YES: the stream not recording an end is no evidence that the
        operation is still under way (an incursion launched in 2016 with no end
        reported is not known to be going on in 2020), and no kind reports an
        operation as still under way at a time. So an operation certainly
        launched with no end recorded is MAYBE, as is one whose launch or end
        only possibly happened by then. NO when an end certainly happened by
        then, or when neither a launch nor an end is known.
        """
        if any(s.certain for s in self.ends):
            return Tri.NO
        if not self.launches and not self.ends:
            return Tri.NO
        return Tri.MAYBE


@attrs.frozen(kw_only=True)
class DeploymentFact(Fact):
    """Forces sent somewhere, as one report gives it."""

    who: str
    """Whose forces."""
    where: str
    """Where."""
    size: Figure | None = None
    """How many, if reported."""
    role: str | None = None
    """What for, if said."""
