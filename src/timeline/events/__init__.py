"""Events, kinds, sources, citations and claims.

The base :class:`Event`, the :func:`kind` registry for user-defined kinds,
:class:`Source` / :class:`Citation` with Admiralty grades, and the kinds
every stream may use: :class:`Claim`, :class:`Correction`,
:class:`Retraction` and :class:`Contradiction`; and the catalog kinds
(:class:`SourceDeclared`, :class:`ActorDeclared`, :class:`PlaceDeclared`,
:class:`Retired`, :class:`StreamSettings`). Actors and places, with
alias matching, live in :class:`Gazetteer`.
"""

from timeline.errors import DecodeError, EntityError, EventError, KindError, UnknownKindError
from timeline.events._frozen import FrozenDict
from timeline.events._plans import RecordSpec
from timeline.events.base import Event, content_id, kind, kind_class, kinds
from timeline.events.catalog import (
    ActorDeclared,
    CatalogEvent,
    PlaceDeclared,
    Retired,
    SourceDeclared,
    StreamSettings,
)
from timeline.events.claims import Claim, Contradiction, Correction, Retraction
from timeline.events.constraints import Constraint
from timeline.events.entities import (
    Actor,
    Entity,
    Gazetteer,
    Place,
    describe_cycle,
    normalize_name,
    within_cycles,
)
from timeline.events.sources import (
    Citation,
    Credibility,
    Figure,
    Grade,
    Reliability,
    Source,
    SourceKind,
    Stance,
)

__all__ = [
    "Actor",
    "ActorDeclared",
    "CatalogEvent",
    "Citation",
    "Claim",
    "Constraint",
    "Contradiction",
    "Correction",
    "Credibility",
    "DecodeError",
    "Entity",
    "EntityError",
    "Event",
    "EventError",
    "Figure",
    "FrozenDict",
    "Gazetteer",
    "Grade",
    "KindError",
    "Place",
    "PlaceDeclared",
    "RecordSpec",
    "Reliability",
    "Retired",
    "Retraction",
    "Source",
    "SourceDeclared",
    "SourceKind",
    "Stance",
    "StreamSettings",
    "UnknownKindError",
    "content_id",
    "describe_cycle",
    "kind",
    "kind_class",
    "kinds",
    "normalize_name",
    "within_cycles",
]
