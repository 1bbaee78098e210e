"""``Possible``: an answer that is only possible, so that no shortcut turns a MAYBE into a guess.

The shortcuts of :class:`~timeline.conflict.ConflictState` (``holder(place)``)
return a plain value only when it is certain. When the events that decide it
only possibly happened by the snapshot's time (or overlap so that their order
is unknown), they return a :class:`Possible` naming every value that may hold,
which compares unequal to each of them and refuses to be read as a bool.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, TypeVar

import attrs

__all__ = ["Possible"]

T = TypeVar("T")
"""The kind of value (a holder's id, a status)."""


def _sorted(values: frozenset[T | None]) -> tuple[T | None, ...]:
    return tuple(sorted(values, key=lambda v: (v is not None, str(v))))


@attrs.frozen
class Possible(Generic[T]):
    """One of :attr:`values` holds, and which one is not known.

    ``None`` among the values means "none of them" (for a place: no capture
    certainly happened, so no holder is known). ``Possible`` is never equal
    to a plain value, and ``bool()`` of it raises, like :class:`timeline.Tri`:
    ask ``"syrian-army" in answer`` or read :attr:`values`.
    """

    values: frozenset[T | None]
    """Every value that may hold (``None``: none)."""

    def __contains__(self, value: object) -> bool:
        return value in self.values

    def __iter__(self) -> Iterator[T | None]:
        """The values, ``None`` first, then in text order."""
        return iter(_sorted(self.values))

    def __bool__(self) -> bool:
        raise TypeError(
            "a Possible answer is not a yes or no: ask `value in answer`, "
            "or read .values (every value that may hold)"
        )

    def __str__(self) -> str:
        """``"possibly syrian-army, or none"``."""
        named = [str(v) for v in _sorted(self.values) if v is not None]
        text = "possibly " + " or ".join(named)
        return text + (", or none" if None in self.values else "")
