"""Human-readable text for a ``When``, at the precision it has."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from timeline.time.when import When

__all__ = ["display"]


def display(when: When) -> str:
    """Placeholder until the display rules land."""
    return when.to_text()
