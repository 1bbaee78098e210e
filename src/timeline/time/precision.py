"""Precisions and three-valued answers: the small vocabularies of the time model."""

from __future__ import annotations

from enum import Enum, IntEnum

__all__ = ["Precision", "Tri"]


class Precision(IntEnum):
    """How finely a calendar value is stated, from coarsest to finest.

    ``THIRD`` is a third of a year (EDTF quadrimesters, shown as early / mid /
    late); ``SEASON``, ``QUARTER`` and ``HALF`` are the other EDTF sub-year
    groupings; ``WEEK`` is an ISO 8601 week.
    """

    CENTURY = 0
    DECADE = 1
    YEAR = 2
    HALF = 3
    THIRD = 4
    QUARTER = 5
    SEASON = 6
    MONTH = 7
    WEEK = 8
    DAY = 9
    HOUR = 10
    MINUTE = 11
    SECOND = 12

    def __str__(self) -> str:
        return self.name.lower()


class Tri(Enum):
    """A three-valued answer: ``YES``, ``NO`` or ``MAYBE``.

    ``bool(Tri.MAYBE)`` raises, so a MAYBE can never be silently taken for a
    yes or a no; ask ``answer is Tri.YES`` (or ``.certain`` / ``.possible``).
    """

    NO = 0
    MAYBE = 1
    YES = 2

    @property
    def certain(self) -> bool:
        """True only for ``YES``."""
        return self is Tri.YES

    @property
    def possible(self) -> bool:
        """True for ``YES`` and ``MAYBE``."""
        return self is not Tri.NO

    def __invert__(self) -> Tri:
        return _NOT[self]

    def __and__(self, other: Tri) -> Tri:
        return self if self.value <= other.value else other

    def __or__(self, other: Tri) -> Tri:
        return self if self.value >= other.value else other

    def __bool__(self) -> bool:
        raise TypeError(
            "a Tri answer is YES, NO or MAYBE, not a bool: "
            "compare with `is Tri.YES`, or use .certain / .possible"
        )

    def __repr__(self) -> str:
        return f"Tri.{self.name}"


_NOT = {Tri.NO: Tri.YES, Tri.MAYBE: Tri.MAYBE, Tri.YES: Tri.NO}
