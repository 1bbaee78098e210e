"""The conflict pack: kinds of event for armed conflict, and the state they add up to.

Kinds (registered as ``conflict.*``): agreements signed / in force /
collapsed, ceasefires that took effect / collapsed, operations launched /
ended, captures, attacks, casualty reports, statements, deployments,
displacement and refugee figures. See :mod:`timeline.conflict.kinds`.

:class:`ConflictProjection` folds a stream into a :class:`ConflictState`: who
holds each place and since when, each agreement's and ceasefire's status,
operations not known to have ended, casualty tallies as ranges over sources
(with denials and non-confirmations beside them), the latest displacement and
refugee figures, and contested claims with every side. Facts from events that only possibly
happened by the snapshot's time are marked ``certain=False``.
"""

from timeline.conflict.kinds import (
    CASUALTY_CATEGORIES,
    AgreementCollapsed,
    AgreementInForce,
    AgreementSigned,
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
from timeline.conflict.pmap import PersistentMap
from timeline.conflict.projection import ConflictProjection, conflict_snapshot, happened_by
from timeline.conflict.state import (
    Accord,
    CasualtyClaim,
    ConflictError,
    ConflictState,
    Contest,
    Control,
    ControlChange,
    DeploymentFact,
    DisplacementFact,
    Fact,
    Launch,
    Objection,
    Operation,
    RefugeeFact,
    Side,
    Status,
    StatusChange,
    Step,
    Tally,
)

__all__ = [
    "CASUALTY_CATEGORIES",
    "Accord",
    "AgreementCollapsed",
    "AgreementInForce",
    "AgreementSigned",
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
    "Control",
    "ControlChange",
    "Deployment",
    "DeploymentFact",
    "Displacement",
    "DisplacementFact",
    "Fact",
    "Launch",
    "Objection",
    "Operation",
    "OperationEnded",
    "OperationLaunched",
    "PersistentMap",
    "RefugeeFact",
    "RefugeePopulation",
    "Side",
    "Statement",
    "Status",
    "StatusChange",
    "Step",
    "Tally",
    "conflict_kinds",
    "conflict_snapshot",
    "happened_by",
]
