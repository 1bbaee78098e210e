"""The kinds every stream may use: claims, corrections, retractions, contradictions.

Nothing is updated in place. A later report about an event is a :class:`Claim`
that targets it (claims accumulate, each with its source and recorded time);
a :class:`Correction` replaces an earlier event or some of its fields; a
:class:`Retraction` withdraws it; a :class:`Contradiction` records that two
or more claims cannot all be true.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from timeline.errors import EventError, TimelineError
from timeline.events._errors import error_at
from timeline.events._frozen import FrozenDict
from timeline.events._specs import JSON, STR, WHEN, _Map, _Optional, _Tuple
from timeline.events.base import Event, decode_event, encode_event, kind
from timeline.events.sources import Figure, check_id
from timeline.time.when import When

__all__ = ["Claim", "Contradiction", "Correction", "Retraction"]


def _to_target(value: str) -> str:
    return check_id(value, "target")


_FIGURES = _Map(Figure.__timeline_spec__())
_CHANGES = _Map(JSON)
_OPT_STR = _Optional(STR)
_REFS = _Tuple(STR)


def _to_figures(value: Mapping[str, Figure | int]) -> FrozenDict[Figure]:
    return _FIGURES.convert(value, "figures")  # type: ignore[no-any-return]


def _to_changes(value: Mapping[str, Any]) -> FrozenDict[Any]:
    if isinstance(value, Mapping) and value:
        value = {k: _plain(v) for k, v in value.items()}
    return _CHANGES.convert(value, "changes")  # type: ignore[no-any-return]


def _plain(value: Any) -> Any:
    """Python values (When, records, enums, sets) as the codec writes them."""
    if isinstance(value, When):
        return WHEN.encode(value)
    hook = getattr(type(value), "__timeline_spec__", None)
    if hook is not None:
        return hook().encode(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, frozenset | set):
        return sorted(_plain(v) for v in value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _to_reason(value: str | None) -> str | None:
    return _OPT_STR.convert(value, "reason")  # type: ignore[no-any-return]


def _to_claims(value: Iterable[str]) -> tuple[str, ...]:
    refs: tuple[str, ...] = _REFS.convert(value, "claims")
    for ref in refs:
        check_id(ref, "claims")
    return refs


def _to_replacement(value: Event | Mapping[str, Any] | None) -> Event | None:
    if value is None or isinstance(value, Event):
        return value
    if isinstance(value, Mapping):
        return decode_event(value)
    raise error_at("replacement", f"expected an Event or None, got {value!r}")


@kind("claim")
@attrs.frozen(kw_only=True)
class Claim(Event):
    """A report about an existing event: who says what about it, with their figures.

    ``target`` is the id of the event it is about; ``when`` is the valid time
    of what it claims (usually the target's); ``citations`` say who makes the
    claim and who denies it or declines to confirm it; ``figures`` carries the
    numbers claimed, by name (``{"turkish_soldiers_killed": 5}``). A claim is
    neither a copy of the event nor a correction of it: claims accumulate.
    """

    target: str = attrs.field(converter=_to_target)
    """Id of the event this claim is about."""
    figures: FrozenDict[Figure] = attrs.field(factory=FrozenDict, converter=_to_figures)
    """Numbers claimed, by name; an ``int`` is taken as an exact figure."""


@kind("correction")
@attrs.frozen(kw_only=True)
class Correction(Event):
    """A new event that corrects an earlier one, which stays in the store unchanged.

    Give either the whole ``replacement`` event (its id must be the target's)
    or ``changes``: field names (as written by the codec) to new values
    (``{"summary": "...", "when": When.parse("2020-02-02")}``).
    :meth:`apply` gives the corrected event.
    """

    target: str = attrs.field(converter=_to_target)
    """Id of the event corrected."""
    replacement: Event | None = attrs.field(default=None, converter=_to_replacement)
    """The corrected event in full (same id as ``target``), or ``None`` with ``changes``."""
    changes: FrozenDict[Any] = attrs.field(factory=FrozenDict, converter=_to_changes)
    """Changed fields, JSON-ready as the codec writes them, or empty with ``replacement``."""
    reason: str | None = attrs.field(default=None, converter=_to_reason)
    """Why it was corrected."""

    def __attrs_post_init__(self) -> None:
        if (self.replacement is None) == (not self.changes):
            raise EventError(
                f"Correction of {self.target!r}: give either replacement or changes (exactly one)",
                where="Correction",
            )
        if self.replacement is not None and self.replacement.id != self.target:
            raise EventError(
                f"Correction of {self.target!r}: the replacement's id is "
                f"{self.replacement.id!r}; give it id={self.target!r}",
                where="Correction.replacement",
            )
        for key in ("id", "kind"):
            if key in self.changes:
                raise EventError(
                    f"Correction of {self.target!r}: changes cannot change {key!r}; "
                    "retract the event and record a new one instead",
                    where="Correction.changes",
                )
        super().__attrs_post_init__()

    def apply(self, original: Event) -> Event:
        """The corrected version of ``original`` (which must be the target)."""
        if original.id != self.target:
            raise EventError(
                f"Correction of {self.target!r} cannot apply to event {original.id!r}",
                where="Correction.apply",
            )
        if self.replacement is not None:
            return self.replacement
        data = encode_event(original)
        data.update((k, JSON.encode(v)) for k, v in self.changes.items())
        return decode_event(data)

    def refused_changes(self, original: Event) -> dict[str, str]:
        """The ``changes`` that cannot apply to ``original``, each with why (empty: all apply).

        Keys are ``"changes.<field>"``; a change is tried on its own, so every
        bad field is named, not only the first. A stream file with such a
        correction is refused, and ``timeline validate`` reports one held in a
        store (a projection ignores it, with a
        :class:`~timeline.errors.CorrectionWarning`).
        """
        refused: dict[str, str] = {}
        if self.replacement is not None:
            return refused
        data = encode_event(original)
        changed = {key: JSON.encode(value) for key, value in self.changes.items()}
        try:  # the usual case, in one decode: every change applies
            decode_event({**data, **changed})
        except TimelineError:
            pass
        else:
            return refused
        for key, value in changed.items():  # one at a time, to name every bad field
            try:
                decode_event({**data, key: value})
            except TimelineError as exc:
                refused[f"changes.{key}"] = f"cannot apply to the event it corrects: {exc}"
        return refused


@kind("retraction")
@attrs.frozen(kw_only=True)
class Retraction(Event):
    """A new event that withdraws an earlier one (which stays in the store unchanged)."""

    target: str = attrs.field(converter=_to_target)
    """Id of the event withdrawn."""
    reason: str | None = attrs.field(default=None, converter=_to_reason)
    """Why it was withdrawn."""


@kind("contradiction")
@attrs.frozen(kw_only=True)
class Contradiction(Event):
    """A record that two or more claims cannot all be true.

    ``claims`` are references: an event id, or ``"event-id#source-id"`` for
    one source's citation on that event. For a source that itself
    contradicts another claim, :attr:`Citation.contradicts` says it inline.
    """

    claims: tuple[str, ...] = attrs.field(converter=_to_claims)
    """References of the claims in contradiction (two or more)."""

    def __attrs_post_init__(self) -> None:
        if len(set(self.claims)) < 2:
            raise EventError(
                "Contradiction: claims must name two or more different claims, "
                f"got {self.claims!r}",
                where="Contradiction.claims",
            )
        super().__attrs_post_init__()
