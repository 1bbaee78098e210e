"""Which records a projection reads: its kinds, and the ``streams`` / ``where`` of a run.

Shared by the runners (:mod:`~timeline.projections.fold`), the snapshots and
the snapshot index, so that all of them select records the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from timeline.errors import ProjectionError
from timeline.projections._records import check_kinds
from timeline.projections.projection import MergeableProjection, Projection
from timeline.store import Recorded

__all__ = ["Selected", "SelectedMergeable", "kinds_of", "selected", "selector"]

S = TypeVar("S")


def kinds_of(projection: Projection[Any]) -> frozenset[str] | None:
    """The kind names ``projection`` reads (``None``: every kind), checking it is a projection."""
    if not (hasattr(projection, "initial") and hasattr(projection, "apply")):
        raise ProjectionError(
            f"{projection!r} is not a projection: it needs initial() and apply(state, recorded)"
        )
    return check_kinds(getattr(projection, "kinds", None))


def selector(
    kinds: frozenset[str] | None,
    streams: Iterable[str] | None,
    where: Callable[[Recorded], bool] | None,
) -> Callable[[Recorded], bool] | None:
    """A predicate for records of ``kinds``, ``streams`` and ``where`` (``None``: every record)."""
    if streams is not None and isinstance(streams, str):
        streams = (streams,)
    wanted = None if streams is None else frozenset(streams)
    if kinds is None and wanted is None and where is None:
        return None

    def select(recorded: Recorded) -> bool:
        if kinds is not None and type(recorded.event).kind not in kinds:
            return False
        if wanted is not None and recorded.stream not in wanted:
            return False
        return where is None or bool(where(recorded))

    return select


class Selected(Projection[S]):
    """A projection that applies only the records ``select`` accepts."""

    def __init__(self, inner: Projection[S], select: Callable[[Recorded], bool]) -> None:
        self._inner = inner
        self._select = select
        self.kinds = kinds_of(inner)

    def initial(self) -> S:
        return self._inner.initial()

    def apply(self, state: S, recorded: Recorded) -> S:
        return self._inner.apply(state, recorded) if self._select(recorded) else state

    def __repr__(self) -> str:
        return repr(self._inner)


class SelectedMergeable(Selected[S], MergeableProjection[S]):
    """A mergeable projection that applies only the records ``select`` accepts (still mergeable)."""

    _inner: MergeableProjection[S]

    def merge(self, earlier: S, later: S) -> S:
        return self._inner.merge(earlier, later)


def selected(projection: Projection[S], select: Callable[[Recorded], bool]) -> Projection[S]:
    """``projection`` applying only the records ``select`` accepts (mergeable if it was)."""
    if isinstance(projection, MergeableProjection):
        return SelectedMergeable(projection, select)
    return Selected(projection, select)
