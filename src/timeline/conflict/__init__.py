"""The conflict pack: kinds of event for armed conflict, and the state they add up to.

Kinds (registered as ``conflict.*``): agreements signed / in force /
collapsed, ceasefires that took effect / collapsed, operations launched /
ended, captures, attacks, casualty reports, statements, deployments,
displacement and refugee figures, announcements. See :mod:`timeline.conflict.kinds`.

:class:`ConflictProjection` folds a stream into a :class:`ConflictState`: who
holds each place and since when, each agreement's and ceasefire's status,
operations not known to have ended, casualty tallies as ranges over sources
(with denials and non-confirmations beside them), the latest displacement and
refugee figures, and contested claims with every side. Facts from events that only possibly
happened by the snapshot's time are marked ``certain=False``.
"""

import warnings
from typing import Any

from timeline.conflict.accords import Accord, Status, StatusChange
from timeline.conflict.casualties import CasualtyClaim, IncidentTally, Objection, Tally
from timeline.conflict.contests import Contest, ContestSide
from timeline.conflict.control import Control, ControlChange
from timeline.conflict.displacement import DisplacementFact, RefugeeFact
from timeline.conflict.fact import Fact
from timeline.conflict.graph import (
    RELATION_FIELDS,
    Link,
    RelationType,
    Standing,
    accord_links,
    relation_cycle,
    standings,
)
from timeline.conflict.kinds import (
    CASUALTY_CATEGORIES,
    AgreementCollapsed,
    AgreementInForce,
    AgreementSigned,
    Announcement,
    Attack,
    Capture,
    CasualtyReport,
    CeasefireCollapsed,
    CeasefireTookEffect,
    ConflictEvent,
    Deployment,
    Displacement,
    OperationEnded,
    OperationLaunched,
    RefugeePopulation,
    Statement,
    conflict_kinds,
)
from timeline.conflict.operations import DeploymentFact, Launch, Operation, Step
from timeline.conflict.pmap import PersistentMap
from timeline.conflict.possible import Possible
from timeline.conflict.projection import ConflictProjection, conflict_snapshot, happened_by
from timeline.conflict.schedule import term_states
from timeline.conflict.state import ConflictState
from timeline.conflict.terms import Term, TermKind, TermState, TermStatus, term_due
from timeline.errors import ConflictError

__all__ = [
    "CASUALTY_CATEGORIES",
    "RELATION_FIELDS",
    "Accord",
    "AgreementCollapsed",
    "AgreementInForce",
    "AgreementSigned",
    "Announcement",
    "Attack",
    "Capture",
    "CasualtyClaim",
    "CasualtyReport",
    "CeasefireCollapsed",
    "CeasefireTookEffect",
    "ConflictError",
    "ConflictEvent",
    "ConflictProjection",
    "ConflictState",
    "Contest",
    "ContestSide",
    "Control",
    "ControlChange",
    "Deployment",
    "DeploymentFact",
    "Displacement",
    "DisplacementFact",
    "Fact",
    "IncidentTally",
    "Launch",
    "Link",
    "Objection",
    "Operation",
    "OperationEnded",
    "OperationLaunched",
    "PersistentMap",
    "Possible",
    "RefugeeFact",
    "RefugeePopulation",
    "RelationType",
    "Standing",
    "Statement",
    "Status",
    "StatusChange",
    "Step",
    "Tally",
    "Term",
    "TermKind",
    "TermState",
    "TermStatus",
    "accord_links",
    "conflict_kinds",
    "conflict_snapshot",
    "happened_by",
    "relation_cycle",
    "standings",
    "term_due",
    "term_states",
]


def __getattr__(name: str) -> Any:
    # ``Side`` was renamed ``ContestSide`` (``timeline.render.Side`` is unrelated); the old
    # name stays for one release.
    if name == "Side":
        warnings.warn(
            "timeline.conflict.Side is deprecated; use timeline.conflict.ContestSide",
            DeprecationWarning,
            stacklevel=2,
        )
        return ContestSide
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
