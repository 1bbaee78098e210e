"""Control of places: each change of hands, and who holds a place now."""

from __future__ import annotations

import attrs

from timeline.conflict._history import _History, _tri
from timeline.conflict.fact import Fact
from timeline.time import Tri

__all__ = ["Control", "ControlChange"]


@attrs.frozen(kw_only=True)
class ControlChange(Fact):
    """A place changing hands: ``holder`` took ``place`` (from ``from_``)."""

    place: str
    """The place (resolved through the gazetteer when one is given)."""
    holder: str
    """Who took it."""
    from_: str | None = None
    """Who held it before, if reported."""


@attrs.frozen(kw_only=True)
class Control(_History[ControlChange]):
    """Who holds a place: every change of hands reported, in valid-time order."""

    place: str
    """The place."""

    def _value(self, change: ControlChange) -> str:
        return change.holder

    @property
    def holder(self) -> str | None:
        """The current holder, counting captures that only possibly happened by then."""
        holder: str | None = self._current_value()
        return holder

    @property
    def certain(self) -> bool:
        """Whether :attr:`holder` is certain (:meth:`held_by` it is YES).

        False when the latest capture only possibly happened by the snapshot's
        time, or when captures overlap in time so that their order is unknown.
        """
        return self.holder is not None and self.held_by(self.holder) is Tri.YES

    @property
    def certain_holder(self) -> str | None:
        """The holder by the captures that certainly happened (``None``: none did)."""
        holder: str | None = self._certain_value()
        return holder

    @property
    def possible_holders(self) -> frozenset[str | None]:
        """Everyone who may hold it, given which captures certainly happened and in what order.

        ``None`` is among them when no capture certainly happened by then.
        """
        return self._possible_values()

    def held_by(self, actor: str) -> Tri:
        """Does ``actor`` hold it? YES, NO, or MAYBE when uncertain captures decide."""
        return _tri(actor, self.possible_holders)
