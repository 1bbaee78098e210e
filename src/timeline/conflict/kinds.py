"""The conflict pack's kinds of event, registered under ``conflict.*`` names.

Every kind is an ordinary :class:`timeline.Event`: it has an ``id``, a
``when``, a one-line ``summary``, ``actors``, ``places``, ``citations`` and
``tags``, plus its own fields. The kind's own actor and place fields (a
capture's ``place``, ``by`` and ``from_``) are added to ``actors`` / ``places``
when missing, so chronology filters by actor or place find the event without
repeating the names.

Figures (casualties, displaced people, refugees) are :class:`timeline.Figure`
values: exact, "at least N", "at most N", a range, or only words, with an
optional breakdown (``parts``, for example by province). An ``int`` is taken
as an exact figure. Who reports a figure, and with what stance, is said by the
event's citations: the figures of a casualty report are the claim of each
citation that asserts it; a citation that denies it or declines to confirm
it is kept beside it, never folded into the numbers.

Agreements, ceasefires and operations are named by an id of your choosing
(``"sochi-2018"``); the events that change their status name the same id, so
"collapsed" targets "took effect" whatever order the events arrive in.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, ClassVar, Final

import attrs

from timeline.conflict._fields import (
    _check_field,
    _flat,
    _merge,
    _own_fields,
    _to_figure,
    _to_id,
    _to_names,
    _to_opt_figure,
    _to_opt_id,
    _to_opt_text,
    _to_opt_when,
    _to_terms,
)
from timeline.conflict.terms import Term
from timeline.events import Event, EventError, Figure, kind
from timeline.time import When

__all__ = [
    "ACCORD_KINDS",
    "CASUALTY_CATEGORIES",
    "AgreementCollapsed",
    "AgreementInForce",
    "AgreementSigned",
    "Announcement",
    "Attack",
    "Capture",
    "CasualtyReport",
    "CeasefireCollapsed",
    "CeasefireTookEffect",
    "ConflictEvent",
    "Deployment",
    "Displacement",
    "OperationEnded",
    "OperationLaunched",
    "RefugeePopulation",
    "Statement",
    "conflict_kinds",
]


# -- the common base -------------------------------------------------------------------------

# Agreements and ceasefires share one namespace of names: a relation may name either.
_NAMES_AGREEMENT: Final = MappingProxyType({"agreement": "agreement"})
_NAMES_CEASEFIRE: Final = MappingProxyType({"ceasefire": "agreement"})
# The relation fields (timeline.conflict.graph.RELATION_FIELDS): each id must name one.
_RELATIONS: Final = MappingProxyType(
    dict.fromkeys(("amends", "replaces", "implements", "suspends"), "agreement")
)


@attrs.frozen(kw_only=True)
class ConflictEvent(Event):
    """Base of the conflict kinds (not a kind itself).

    Subclasses name the fields that hold actors and places in
    :attr:`actor_fields` and :attr:`place_fields`; their values are added to
    ``actors`` and ``places`` when the event is made.
    """

    actor_fields: ClassVar[tuple[str, ...]] = ()
    """Names of the fields that hold actors (added to ``actors``)."""
    place_fields: ClassVar[tuple[str, ...]] = ()
    """Names of the fields that hold places (added to ``places``)."""

    @classmethod
    def field_problem(cls, name: str, value: Any) -> str | None:
        """What is wrong with ``value`` for this kind's field ``name``, or ``None`` if nothing.

        The check construction makes, one field at a time, so that a reader (the
        stream-file loader) reports every bad field of an event, even one that
        also misses a required field.
        """
        for own, converter in _own_fields(cls):
            if own == name:
                return _check_field(converter, converter(value))
        return None

    def __attrs_post_init__(self) -> None:
        """Check the kind's own fields, fill ``actors`` / ``places``, then the base checks.

        Raises :class:`timeline.EventError` naming the class and the field.
        """
        cls = type(self)
        for name, converter in _own_fields(cls):
            problem = _check_field(converter, getattr(self, name))
            if problem is not None:
                where = f"{cls.__name__}.{name}"
                raise EventError(f"{where}: {problem}", field=name, where=where)
        self._check()
        actors = _merge(
            self.actors, (n for name in cls.actor_fields for n in _flat(getattr(self, name)))
        )
        places = _merge(
            self.places, (n for name in cls.place_fields for n in _flat(getattr(self, name)))
        )
        if actors is not self.actors:
            object.__setattr__(self, "actors", actors)
        if places is not self.places:
            object.__setattr__(self, "places", places)
        super().__attrs_post_init__()

    def _check(self) -> None:
        """Checks across fields, after each field is checked (subclasses override)."""


# -- agreements and ceasefires ------------------------------------------------------------------


@kind("conflict.agreement.signed")
@attrs.frozen(kw_only=True)
class AgreementSigned(ConflictEvent):
    """An agreement (a deal, a memorandum, a treaty) was signed or reached.

    ``AgreementSigned(id="sochi-signed", agreement="sochi-2018", when="2018-09-17",
    summary="Turkey and Russia agree a demilitarized zone around Idlib",
    parties=["turkey", "russia"], terms="a demilitarized zone around Idlib")``.
    """

    agreement: str = attrs.field(converter=_to_id)
    """Id of the agreement, shared by the events that change its status."""
    parties: tuple[str, ...] = attrs.field(default=(), converter=_to_names)
    """The parties (actor ids or names)."""
    terms: str | None = attrs.field(default=None, converter=_to_opt_text)
    """The gist of its terms, in a line."""
    name: str | None = attrs.field(default=None, converter=_to_opt_text)
    """Its name as it reads after "amends" ("the Sochi memorandum"), if it has one."""
    amends: tuple[str, ...] = attrs.field(default=(), converter=_to_names)
    """Ids of the agreements it amends (see :mod:`timeline.conflict.graph`)."""
    replaces: tuple[str, ...] = attrs.field(default=(), converter=_to_names)
    """Ids of the agreements it replaces (supersedes)."""
    implements: tuple[str, ...] = attrs.field(default=(), converter=_to_names)
    """Ids of the agreements it puts into effect."""
    suspends: tuple[str, ...] = attrs.field(default=(), converter=_to_names)
    """Ids of the agreements or ceasefires it suspends."""
    dated_terms: tuple[Term, ...] = attrs.field(default=(), converter=_to_terms)
    """Its dated terms (:class:`~timeline.conflict.terms.Term`): what it schedules, and when."""

    actor_fields: ClassVar[tuple[str, ...]] = ("parties",)
    name_fields: ClassVar[Mapping[str, str]] = _NAMES_AGREEMENT
    name_reference_fields: ClassVar[Mapping[str, str]] = _RELATIONS


@kind("conflict.agreement.in_force")
@attrs.frozen(kw_only=True)
class AgreementInForce(ConflictEvent):
    """An agreement came into force (took effect)."""

    agreement: str = attrs.field(converter=_to_id)
    """Id of the agreement."""
    parties: tuple[str, ...] = attrs.field(default=(), converter=_to_names)
    """The parties, if this report names them."""
    terms: str | None = attrs.field(default=None, converter=_to_opt_text)
    """The gist of its terms, if this report gives them."""
    amends: tuple[str, ...] = attrs.field(default=(), converter=_to_names)
    """Ids of the agreements it amends (see :mod:`timeline.conflict.graph`)."""
    replaces: tuple[str, ...] = attrs.field(default=(), converter=_to_names)
    """Ids of the agreements it replaces (supersedes)."""
    implements: tuple[str, ...] = attrs.field(default=(), converter=_to_names)
    """Ids of the agreements it puts into effect."""
    suspends: tuple[str, ...] = attrs.field(default=(), converter=_to_names)
    """Ids of the agreements or ceasefires it suspends."""
    dated_terms: tuple[Term, ...] = attrs.field(default=(), converter=_to_terms)
    """Its dated terms (:class:`~timeline.conflict.terms.Term`): what it schedules, and when."""

    actor_fields: ClassVar[tuple[str, ...]] = ("parties",)
    name_fields: ClassVar[Mapping[str, str]] = _NAMES_AGREEMENT
    name_reference_fields: ClassVar[Mapping[str, str]] = _RELATIONS


@kind("conflict.agreement.collapsed")
@attrs.frozen(kw_only=True)
class AgreementCollapsed(ConflictEvent):
    """An agreement collapsed, was abandoned or broken off."""

    agreement: str = attrs.field(converter=_to_id)
    """Id of the agreement."""
    reason: str | None = attrs.field(default=None, converter=_to_opt_text)
    """Why, in a line, if reported."""
    name_fields: ClassVar[Mapping[str, str]] = _NAMES_AGREEMENT


@kind("conflict.ceasefire.took_effect")
@attrs.frozen(kw_only=True)
class CeasefireTookEffect(ConflictEvent):
    """A ceasefire took effect.

    ``CeasefireTookEffect(id="idlib-ceasefire-starts", ceasefire="idlib-ceasefire-2020",
    when="2020-01", summary="...", parties=["turkey", "russia"])``.
    """

    ceasefire: str = attrs.field(converter=_to_id)
    """Id of the ceasefire, shared by the events that change its status."""
    parties: tuple[str, ...] = attrs.field(default=(), converter=_to_names)
    """The parties that agreed it (actor ids or names)."""
    terms: str | None = attrs.field(default=None, converter=_to_opt_text)
    """The gist of its terms, in a line."""
    agreement: str | None = attrs.field(default=None, converter=_to_opt_id)
    """Id of the agreement it belongs to, if any (it implements that agreement)."""
    name: str | None = attrs.field(default=None, converter=_to_opt_text)
    """Its name as it reads after "amends" ("the Sochi memorandum"), if it has one."""
    amends: tuple[str, ...] = attrs.field(default=(), converter=_to_names)
    """Ids of the agreements it amends (see :mod:`timeline.conflict.graph`)."""
    replaces: tuple[str, ...] = attrs.field(default=(), converter=_to_names)
    """Ids of the agreements it replaces (supersedes)."""
    implements: tuple[str, ...] = attrs.field(default=(), converter=_to_names)
    """Ids of the agreements it puts into effect."""
    suspends: tuple[str, ...] = attrs.field(default=(), converter=_to_names)
    """Ids of the agreements or ceasefires it suspends."""

    actor_fields: ClassVar[tuple[str, ...]] = ("parties",)
    name_fields: ClassVar[Mapping[str, str]] = _NAMES_CEASEFIRE
    name_reference_fields: ClassVar[Mapping[str, str]] = _RELATIONS


@kind("conflict.ceasefire.collapsed")
@attrs.frozen(kw_only=True)
class CeasefireCollapsed(ConflictEvent):
    """A ceasefire collapsed (broke down, ended)."""

    ceasefire: str = attrs.field(converter=_to_id)
    """Id of the ceasefire."""
    reason: str | None = attrs.field(default=None, converter=_to_opt_text)
    """Why, in a line, if reported."""
    name_fields: ClassVar[Mapping[str, str]] = _NAMES_CEASEFIRE


#: The kinds that change the status of an agreement or a ceasefire.
ACCORD_KINDS: tuple[type[ConflictEvent], ...] = (
    AgreementSigned,
    AgreementInForce,
    AgreementCollapsed,
    CeasefireTookEffect,
    CeasefireCollapsed,
)


# -- operations -------------------------------------------------------------------------------


@kind("conflict.operation.launched")
@attrs.frozen(kw_only=True)
class OperationLaunched(ConflictEvent):
    """A military operation (an incursion, an offensive) was launched.

    ``OperationLaunched(id="euphrates-shield-launched", operation="euphrates-shield",
    name="Operation Euphrates Shield", when="2016", by="turkey", into="syria", summary="...")``.
    """

    operation: str = attrs.field(converter=_to_id)
    """Id of the operation, shared with the event that ends it."""
    by: str = attrs.field(converter=_to_id)
    """Who launched it (an actor id or name)."""
    into: str | None = attrs.field(default=None, converter=_to_opt_id)
    """Where it went (a place or country), if said."""
    name: str | None = attrs.field(default=None, converter=_to_opt_text)
    """Its name, if it has one ("Operation Peace Spring")."""

    actor_fields: ClassVar[tuple[str, ...]] = ("by",)
    place_fields: ClassVar[tuple[str, ...]] = ("into",)


@kind("conflict.operation.ended")
@attrs.frozen(kw_only=True)
class OperationEnded(ConflictEvent):
    """A military operation ended (was declared over, withdrew, was suspended)."""

    operation: str = attrs.field(converter=_to_id)
    """Id of the operation."""
    reason: str | None = attrs.field(default=None, converter=_to_opt_text)
    """How or why it ended, if reported."""


# -- fighting ------------------------------------------------------------------------------------


@kind("conflict.capture")
@attrs.frozen(kw_only=True)
class Capture(ConflictEvent):
    """A place changed hands: ``by`` took ``place`` (from ``from_``, if known).

    ``from_`` is written ``"from"`` in JSON.
    """

    place: str = attrs.field(converter=_to_id)
    """The place taken (an id, or a name the gazetteer knows)."""
    by: str = attrs.field(converter=_to_id)
    """Who took it."""
    from_: str | None = attrs.field(default=None, converter=_to_opt_id)
    """Who held it before, if reported."""

    actor_fields: ClassVar[tuple[str, ...]] = ("by", "from_")
    place_fields: ClassVar[tuple[str, ...]] = ("place",)


@kind("conflict.attack")
@attrs.frozen(kw_only=True)
class Attack(ConflictEvent):
    """An attack: shelling, an air strike, a raid. Any part may be unknown.

    ``Attack(by="syrian-army", on="turkish-army", where="saraqeb", method="shelling", ...)``.
    """

    by: str | None = attrs.field(default=None, converter=_to_opt_id)
    """Who attacked, if known."""
    on: str | None = attrs.field(default=None, converter=_to_opt_id)
    """Who was attacked (the target actor), if known."""
    where: str | None = attrs.field(default=None, converter=_to_opt_id)
    """Where (a place), if known."""
    method: str | None = attrs.field(default=None, converter=_to_opt_text)
    """How: ``"shelling"``, ``"air strike"``..."""

    actor_fields: ClassVar[tuple[str, ...]] = ("by", "on")
    place_fields: ClassVar[tuple[str, ...]] = ("where",)


#: The casualty categories a report can carry, as field names.
CASUALTY_CATEGORIES: tuple[str, ...] = ("killed", "civilians_killed", "wounded")


@kind("conflict.casualties")
@attrs.frozen(kw_only=True)
class CasualtyReport(ConflictEvent):
    """Casualties on one side, as its citations claim them.

    ``killed`` counts the side's fighters (soldiers, members of armed
    groups), ``civilians_killed`` its civilians, ``wounded`` everyone
    wounded. Each figure may be exact, "at least N", a range, or words only,
    with a breakdown in ``parts`` (``Figure.exact(13, parts={"idlib": 8,
    "latakia": 3, "hama": 2})``). ``incident`` is the id of the event the
    casualties come from (an attack): reports on the same incident are
    alternatives (their figures give a range), reports on different
    incidents add up.

    Every citation that asserts the report makes its figures that source's
    claim; a citation that denies it, or declines to confirm it, is kept
    beside it.
    """

    side: str = attrs.field(converter=_to_id)
    """Whose casualties (an actor id or name)."""
    killed: Figure | None = attrs.field(default=None, converter=_to_opt_figure)
    """Fighters of the side killed."""
    civilians_killed: Figure | None = attrs.field(default=None, converter=_to_opt_figure)
    """Civilians killed."""
    wounded: Figure | None = attrs.field(default=None, converter=_to_opt_figure)
    """People wounded."""
    incident: str | None = attrs.field(default=None, converter=_to_opt_id)
    """Id of the event (an attack) the casualties come from, if known."""

    actor_fields: ClassVar[tuple[str, ...]] = ("side",)

    def _check(self) -> None:
        if self.killed is None and self.civilians_killed is None and self.wounded is None:
            raise EventError(
                "CasualtyReport: give at least one of killed, civilians_killed, wounded"
            )

    def figures(self) -> dict[str, Figure]:
        """The figures given, by category (``"killed"``, ``"civilians_killed"``, ``"wounded"``)."""
        out: dict[str, Figure] = {}
        for name in CASUALTY_CATEGORIES:
            figure = getattr(self, name)
            if figure is not None:
                out[name] = figure
        return out


@kind("conflict.statement")
@attrs.frozen(kw_only=True)
class Statement(ConflictEvent):
    """Someone said something on the record: a speech, a warning, a communiqué.

    ``gist`` says in a line what was said; ``quote`` keeps a short quote.
    """

    speaker: str = attrs.field(converter=_to_id)
    """Who spoke (an actor or source id, or a name)."""
    gist: str = attrs.field(converter=_to_id)
    """What was said, in a line."""
    quote: str | None = attrs.field(default=None, converter=_to_opt_text)
    """A short quote."""

    actor_fields: ClassVar[tuple[str, ...]] = ("speaker",)


@kind("conflict.deployment")
@attrs.frozen(kw_only=True)
class Deployment(ConflictEvent):
    """Forces were sent somewhere (reinforcements, observers, a convoy)."""

    who: str = attrs.field(converter=_to_id)
    """Whose forces."""
    where: str = attrs.field(converter=_to_id)
    """Where they went."""
    size: Figure | None = attrs.field(default=None, converter=_to_opt_figure)
    """How many (troops, vehicles: say which in the figure's text), if reported."""
    role: str | None = attrs.field(default=None, converter=_to_opt_text)
    """What for (``"reinforcements"``), if said."""

    actor_fields: ClassVar[tuple[str, ...]] = ("who",)
    place_fields: ClassVar[tuple[str, ...]] = ("where",)


@kind("conflict.displacement")
@attrs.frozen(kw_only=True)
class Displacement(ConflictEvent):
    """People on the move: ``people`` (a figure) from somewhere, toward somewhere.

    ``Displacement(people=Figure(high=1_000_000, text="nearly 1 million"),
    toward="turkish-border", ...)``. ``from_`` is written ``"from"`` in JSON.
    """

    people: Figure = attrs.field(converter=_to_figure)
    """How many people."""
    from_: str | None = attrs.field(default=None, converter=_to_opt_id)
    """Where from (a place), if said."""
    toward: str | None = attrs.field(default=None, converter=_to_opt_id)
    """Where to (a place, a border), if said."""

    place_fields: ClassVar[tuple[str, ...]] = ("from_", "toward")


@kind("conflict.refugees")
@attrs.frozen(kw_only=True)
class RefugeePopulation(ConflictEvent):
    """How many refugees a country hosts: ``host`` hosts ``figure`` refugees from ``population``.

    ``RefugeePopulation(host="turkey", population="syrian", figure=Figure.exact(3_600_000,
    text="3.6 million"), ...)``.
    """

    host: str = attrs.field(converter=_to_id)
    """The hosting country (an actor id or name)."""
    population: str = attrs.field(converter=_to_id)
    """Whose refugees, as a description that reads before "refugees" (``"syrian"``,
    ``"Palestinian"``), not an actor: documents show it with a capital initial
    ("Syrian refugees"; see :attr:`timeline.conflict.RefugeeFact.refugees`)."""
    figure: Figure = attrs.field(converter=_to_figure)
    """How many."""

    actor_fields: ClassVar[tuple[str, ...]] = ("host",)


@kind("conflict.announcement")
@attrs.frozen(kw_only=True)
class Announcement(ConflictEvent):
    """Someone announced an event: an operation, an agreement, a ceasefire, a withdrawal.

    ``announces`` is the id of the event announced (for an agreement, the
    event that records it: its signing or entry into force); it must be in the
    record (the store, or the same file), or the append is refused. The
    announcement has its own date (``when``: the day it was made), and the
    announced event keeps its own. ``dated`` is the date the announcer gives
    for what it announces ("from 27 February", "began three days ago"): a claim
    of the announcement's sources (its citations), not a fact of the event, so
    documents show it as "from 27 February 2020, per the Turkish Defence
    Ministry" beside the event, which stays at the date it is recorded with.

    ``Announcement(id="tr-announces-op", announces="spring-shield-launched",
    when="2020-03-01", by="turkey", dated="2020-02-27", summary="...",
    citations=[Citation(source="tr-mod")])``.
    """

    announces: str = attrs.field(converter=_to_id)
    """Id of the event announced."""
    by: str | None = attrs.field(default=None, converter=_to_opt_id)
    """Who announced it (an actor id or name), if said."""
    dated: When | None = attrs.field(default=None, converter=_to_opt_when)
    """The date the announcer gives for what it announces, if it gives one (its sources' claim)."""

    actor_fields: ClassVar[tuple[str, ...]] = ("by",)


def conflict_kinds() -> dict[str, type[ConflictEvent]]:
    """The conflict pack's kinds by registered name (``"conflict.capture"``...)."""
    return {
        cls.kind: cls
        for cls in (
            AgreementSigned,
            AgreementInForce,
            AgreementCollapsed,
            CeasefireTookEffect,
            CeasefireCollapsed,
            OperationLaunched,
            OperationEnded,
            Capture,
            Attack,
            CasualtyReport,
            Statement,
            Deployment,
            Displacement,
            RefugeePopulation,
            Announcement,
        )
    }
