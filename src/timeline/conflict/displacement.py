"""Displacement and refugees: people on the move and refugee populations, as reported."""

from __future__ import annotations

import attrs

from timeline.conflict.fact import Fact
from timeline.events import Figure

__all__ = ["DisplacementFact", "RefugeeFact"]


@attrs.frozen(kw_only=True)
class DisplacementFact(Fact):
    """People on the move, as one report gives it."""

    people: Figure
    """How many."""
    from_: str | None = None
    """From where."""
    toward: str | None = None
    """Toward where."""


@attrs.frozen(kw_only=True)
class RefugeeFact(Fact):
    """A refugee population figure, as one report gives it."""

    host: str
    """The hosting country."""
    population: str
    """Whose refugees, as a description (``"syrian"``), not an actor id."""
    figure: Figure
    """How many."""

    @property
    def refugees(self) -> str:
        """Who the refugees are, in words: ``"Syrian refugees"`` for population ``"syrian"``.

        The population is a description that reads before "refugees"; it is
        shown with a capital initial, the rest as written.
        """
        return f"{self.population[:1].upper()}{self.population[1:]} refugees"
