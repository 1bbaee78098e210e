"""Agreements and ceasefires: their status, each change of it, and what holds now.

An :class:`Accord` keeps every reported :class:`StatusChange` in valid-time
order; its status is three-valued (:meth:`Accord.holds`) where changes that
only possibly happened, or overlap in time, leave it open.
"""

from __future__ import annotations

import enum
from typing import Literal

import attrs

from timeline.conflict._history import _History, _tri
from timeline.conflict.fact import Fact
from timeline.conflict.terms import Term
from timeline.time import Tri, When

__all__ = ["Accord", "Status", "StatusChange"]


class Status(enum.Enum):
    """The status of an agreement or a ceasefire."""

    SIGNED = "signed"
    """Signed or reached, not (yet) known to be in force."""
    IN_FORCE = "in_force"
    """In force (for a ceasefire: took effect)."""
    COLLAPSED = "collapsed"
    """Collapsed, abandoned or broken off."""

    def __str__(self) -> str:
        return self.value.replace("_", " ")


_RANK = {Status.SIGNED: 0, Status.IN_FORCE: 1, Status.COLLAPSED: 2}


@attrs.frozen(kw_only=True)
class StatusChange(Fact):
    """One change of an agreement's or ceasefire's status, and what that report said."""

    status: Status
    """The status from this change on."""
    parties: tuple[str, ...] = ()
    """The parties this report names."""
    terms: str | None = None
    """The terms' gist this report gives."""
    reason: str | None = None
    """Why (for a collapse), if reported."""
    agreement: str | None = None
    """For a ceasefire: the agreement it belongs to, if this report says."""
    name: str | None = None
    """Its name, if this report gives one ("the Sochi memorandum")."""
    relations: tuple[tuple[str, str], ...] = ()
    """The relations this report states: ``(type, target id)`` pairs (``("amends", "sochi")``);
    see :mod:`timeline.conflict.graph`."""
    dated_terms: tuple[Term, ...] = ()
    """The dated terms this report gives (:class:`~timeline.conflict.terms.Term`)."""

    @property
    def rank(self) -> int:  # type: ignore[override]
        """Signed (0) before in force (1) before collapsed (2), when times overlap."""
        return _RANK[self.status]


@attrs.frozen(kw_only=True)
class Accord(_History[StatusChange]):
    """An agreement or a ceasefire and every change of its status, in valid-time order."""

    id: str
    """The agreement's or ceasefire's id."""
    kind: Literal["agreement", "ceasefire"]
    """Which of the two it is."""

    def _value(self, change: StatusChange) -> Status:
        return change.status

    @property
    def agreement(self) -> str | None:
        """For a ceasefire: the agreement it belongs to, from the earliest report that says."""
        return next((c.agreement for c in self.changes if c.agreement is not None), None)

    @property
    def status(self) -> Status | None:
        """The current status, counting changes that only possibly happened by then."""
        status: Status | None = self._current_value()
        return status

    @property
    def certain(self) -> bool:
        """Whether :attr:`status` is certain (:meth:`holds` it is YES).

        False when the latest change only possibly happened by the snapshot's
        time, or when changes overlap in time so that their order is unknown.
        """
        return self.status is not None and self.holds(self.status) is Tri.YES

    @property
    def certain_status(self) -> Status | None:
        """The status set by the changes that certainly happened (``None``: none did)."""
        status: Status | None = self._certain_value()
        return status

    @property
    def possible_statuses(self) -> frozenset[Status | None]:
        """Every status it may be in, given which changes certainly happened and in what order.

        ``None`` is among them when no change certainly happened by then.
        """
        return self._possible_values()

    def holds(self, status: Status) -> Tri:
        """Is it in ``status``? YES, NO, or MAYBE when changes that may not have happened decide.

        The last change that certainly happened sets the status, unless a later
        change that only possibly happened changed it again, or changes overlap
        in time so that which came last is unknown.
        """
        return _tri(status, self.possible_statuses)

    @property
    def parties(self) -> tuple[str, ...]:
        """Every party named by any report, in order of first mention."""
        return tuple(dict.fromkeys(p for c in self.changes for p in c.parties))

    @property
    def name(self) -> str | None:
        """Its name, from the earliest report that gives one."""
        return next((c.name for c in self.changes if c.name is not None), None)

    @property
    def signed(self) -> When | None:
        """When it was signed (or, for a ceasefire, took effect): its earliest such report."""
        first = Status.SIGNED if self.kind == "agreement" else Status.IN_FORCE
        for status in (first, Status.IN_FORCE):
            for change in self.changes:
                if change.status is status:
                    return change.when
        return None

    @property
    def dated_terms(self) -> tuple[tuple[Term, StatusChange], ...]:
        """Every dated term, with the report that gives it, in report order; repeats once."""
        out: dict[Term, StatusChange] = {}
        for change in self.changes:
            for term in change.dated_terms:
                known = out.get(term)
                # A report that certainly happened wins over one that only possibly did.
                if known is None or (change.certain and not known.certain):
                    out[term] = change
        return tuple(out.items())

    @property
    def terms(self) -> str | None:
        """The terms' gist, from the earliest report that gives one."""
        for change in self.changes:
            if change.terms is not None:
                return change.terms
        return None
