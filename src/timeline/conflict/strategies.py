"""Hypothesis strategies for the conflict pack, for your own property tests.

::

    from hypothesis import given
    from timeline.conflict.strategies import conflict_streams

    @given(conflict_streams())
    def test_my_report_never_crashes(events): ...

Events are drawn from small pools of places, actors, sources, agreement,
ceasefire and operation ids, so that streams exercise the interesting cases
(a place taken back and forth, a ceasefire that takes effect and collapses,
several sources on one incident, a denial). Streams hold events with unique
ids, including :class:`~timeline.events.Claim` events about casualty
reports and :class:`~timeline.events.Contradiction` events between claims.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import attrs
from hypothesis import strategies as st

from timeline.conflict.kinds import (
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
)
from timeline.conflict.terms import Term, TermKind
from timeline.errors import ConflictError
from timeline.events import Citation, Claim, Contradiction, Event, Figure, Stance
from timeline.strategies import whens
from timeline.time import Precision, When

__all__ = [
    "ACTORS",
    "PLACES",
    "SOURCES",
    "agreement_streams",
    "citations",
    "conflict_events",
    "conflict_streams",
    "dated_terms",
    "figures",
]

#: The actors events are drawn from.
ACTORS: tuple[str, ...] = ("turkey", "russia", "syrian-government", "rebels")
#: The places events are drawn from.
PLACES: tuple[str, ...] = ("idlib-city", "saraqeb", "nairab", "maaret-al-nouman")
#: The sources citations are drawn from.
SOURCES: tuple[str, ...] = ("erdogan", "tr-mod", "ru-mod", "sohr", "damascus")

_ACCORDS = ("sochi-2018", "astana-2017")
_CEASEFIRES = ("idlib-ceasefire-2020", "idlib-ceasefire-2019")
_OPERATIONS = ("euphrates-shield", "olive-branch", "peace-spring")
_INCIDENTS = ("shelling-1", "shelling-2", None)
_PRECISIONS = (Precision.YEAR, Precision.MONTH, Precision.DAY)
_SHAPES = st.sampled_from(("exact", "at_least", "at_most", "between", "words"))
_WORDS = st.sampled_from(("dozens", "several", "hundreds"))
_STANCES = st.sampled_from(
    (Stance.ASSERTS, Stance.ASSERTS, Stance.DENIES, Stance.DECLINES_TO_CONFIRM)
)


@st.composite
def figures(draw: st.DrawFn, *, max_value: int = 10_000, breakdown: bool = True) -> Figure:
    """A reported figure: exact, at least, at most, a range or words only, maybe with parts."""
    shape = draw(_SHAPES)
    value = draw(st.integers(0, max_value))
    other = draw(st.integers(0, max_value))
    low, high = min(value, other), max(value, other)
    parts: dict[str, Figure] = {}
    if breakdown and shape == "exact" and draw(st.booleans()):
        cut = draw(st.integers(0, value))
        parts = {"idlib-province": Figure.exact(cut), "hama-province": Figure.exact(value - cut)}
    if shape == "exact":
        return Figure.exact(value, parts=parts)
    if shape == "at_least":
        return Figure.at_least(value, text=f"at least {value}")
    if shape == "at_most":
        return Figure(high=value, text=f"nearly {value}")
    if shape == "between":
        return Figure.between(low, high)
    return Figure(text=draw(_WORDS))


@st.composite
def citations(
    draw: st.DrawFn, *, sources: Sequence[str] = SOURCES, max_size: int = 3
) -> tuple[Citation, ...]:
    """Citations from distinct sources, each asserting, denying or declining to confirm."""
    chosen = draw(_sources(tuple(sources), max_size))
    return tuple(Citation(source=s, stance=draw(_STANCES)) for s in chosen)


@lru_cache(maxsize=32)
def _sources(sources: tuple[str, ...], max_size: int) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(sources), max_size=max_size, unique=True)


_FIGURE = figures()
_PLAIN_FIGURE = figures(breakdown=False)
_PEOPLE = figures(max_value=2_000_000, breakdown=False)
_HOSTED = figures(max_value=5_000_000, breakdown=False)
_CITATIONS = citations()


@lru_cache(maxsize=32)
def _when(min_year: int, max_year: int) -> st.SearchStrategy[When]:
    return whens(
        min_year=min_year,
        max_year=max_year,
        precisions=_PRECISIONS,
        open_ends=True,
        qualifiers=False,
    )


# Strategies are built once: building them inside a composite on every draw is slow.
_ACTOR = st.sampled_from(ACTORS)
_PLACE = st.sampled_from(PLACES)
_MAYBE_PLACE = st.none() | _PLACE
_MAYBE_ACTOR = st.none() | _ACTOR
_PARTIES = st.lists(_ACTOR, max_size=3, unique=True)
_ACCORD = st.sampled_from(_ACCORDS)
_CEASEFIRE = st.sampled_from(_CEASEFIRES)
_OPERATION = st.sampled_from(_OPERATIONS)
_INCIDENT = st.sampled_from(_INCIDENTS)
_OPTIONAL_ACCORD = st.none() | _ACCORD
_OPERATION_NAME = st.none() | st.sampled_from(("Operation A", "Operation B"))
_INTO = st.none() | st.just("syria")
_METHOD = st.none() | st.just("shelling")
_QUOTE = st.none() | st.just("a short quote")
_ROLE = st.none() | st.just("reinforcements")
_TOWARD = st.none() | st.just("turkish-border")
_SPEAKER = st.sampled_from(SOURCES)
_WHICH = st.lists(st.booleans(), min_size=3, max_size=3).filter(any)
_KIND = st.integers(0, 13)
_CATEGORY_NAMES = st.lists(st.sampled_from(("killed", "civilians_killed", "wounded")), unique=True)


#: Every kind :func:`conflict_events` draws from, in the order of its choices.
_KINDS: tuple[type[ConflictEvent], ...] = (
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
)


@lru_cache(maxsize=64)
def _choices(kinds: tuple[type[ConflictEvent], ...] | None) -> st.SearchStrategy[int]:
    if kinds is None:
        return _KIND
    chosen = []
    for cls in kinds:
        if cls not in _KINDS:
            names = ", ".join(k.__name__ for k in _KINDS)
            raise ConflictError(
                f"conflict strategies: cannot draw {getattr(cls, '__name__', cls)!r}; "
                f"expected some of {names}",
                field="kinds",
                where="timeline.conflict.strategies",
            )
        chosen.append(_KINDS.index(cls))
    if not chosen:
        raise ConflictError(
            "conflict strategies: kinds is empty; give at least one conflict kind",
            field="kinds",
            where="timeline.conflict.strategies",
        )
    return st.sampled_from(sorted(set(chosen)))


@st.composite
def conflict_events(
    draw: st.DrawFn,
    *,
    min_year: int = 2016,
    max_year: int = 2021,
    kinds: Iterable[type[ConflictEvent]] | None = None,
) -> ConflictEvent:
    """One event of a conflict kind, dated between ``min_year`` and ``max_year``.

    ``kinds`` narrows the kinds drawn from (``kinds=[Capture, CasualtyReport]``);
    by default every kind of the pack. Fields are drawn from small pools
    (:data:`ACTORS`, :data:`PLACES`, :data:`SOURCES`), so events meet each
    other: the same place taken twice, the same ceasefire collapsing.
    """
    common: dict[str, Any] = {
        "when": draw(_when(min_year, max_year)),
        "summary": "generated",
        "citations": draw(_CITATIONS),
    }
    choice = draw(_choices(None if kinds is None else tuple(kinds)))
    if choice == 0:
        return AgreementSigned(agreement=draw(_ACCORD), parties=draw(_PARTIES), **common)
    if choice == 1:
        return AgreementInForce(agreement=draw(_ACCORD), **common)
    if choice == 2:
        return AgreementCollapsed(agreement=draw(_ACCORD), **common)
    if choice == 3:
        return CeasefireTookEffect(
            ceasefire=draw(_CEASEFIRE),
            parties=draw(_PARTIES),
            agreement=draw(_OPTIONAL_ACCORD),
            **common,
        )
    if choice == 4:
        return CeasefireCollapsed(ceasefire=draw(_CEASEFIRE), **common)
    if choice == 5:
        return OperationLaunched(
            operation=draw(_OPERATION),
            by=draw(_ACTOR),
            into=draw(_INTO),
            name=draw(_OPERATION_NAME),
            **common,
        )
    if choice == 6:
        return OperationEnded(operation=draw(_OPERATION), **common)
    if choice == 7:
        return Capture(place=draw(_PLACE), by=draw(_ACTOR), from_=draw(_MAYBE_ACTOR), **common)
    if choice == 8:
        return Attack(
            by=draw(_MAYBE_ACTOR),
            on=draw(_MAYBE_ACTOR),
            where=draw(_MAYBE_PLACE),
            method=draw(_METHOD),
            **common,
        )
    if choice == 9:
        given = draw(_WHICH)
        return CasualtyReport(
            side=draw(_ACTOR),
            killed=draw(_FIGURE) if given[0] else None,
            civilians_killed=draw(_FIGURE) if given[1] else None,
            wounded=draw(_FIGURE) if given[2] else None,
            incident=draw(_INCIDENT),
            **common,
        )
    if choice == 10:
        return Statement(
            speaker=draw(_SPEAKER), gist="something was said", quote=draw(_QUOTE), **common
        )
    if choice == 11:
        return Deployment(
            who=draw(_ACTOR),
            where=draw(_PLACE),
            size=draw(st.none() | _PLAIN_FIGURE),
            role=draw(_ROLE),
            **common,
        )
    if choice == 12:
        return Displacement(
            people=draw(_PEOPLE), from_=draw(_MAYBE_PLACE), toward=draw(_TOWARD), **common
        )
    return RefugeePopulation(host=draw(_ACTOR), population="syrian", figure=draw(_HOSTED), **common)


@st.composite
def conflict_streams(
    draw: st.DrawFn,
    *,
    min_size: int = 0,
    max_size: int = 12,
    min_year: int = 2016,
    max_year: int = 2021,
    kinds: Iterable[type[ConflictEvent]] | None = None,
    min_captures: int | None = None,
    max_captures: int | None = None,
    max_extras: int = 4,
    report_chains: bool = True,
    max_announcements: int = 2,
) -> list[Event]:
    """A stream of conflict events with unique ids, plus claims and contradictions about them.

    A store accepts it in order: a casualty report's ``incident`` names an
    earlier event of the stream (an attack when there is one, or, with
    ``report_chains``, an earlier casualty report, as a later report on the
    same incident does).

    Args:
        min_size: the fewest conflict events (claims and contradictions come
            on top, see ``max_extras``; so do captures when their number is given).
        max_size: the most conflict events.
        min_year: the first year events are dated in.
        max_year: the last year events are dated in.
        kinds: the conflict kinds to draw from (default: all of them).
        min_captures: when this or ``max_captures`` is given, the stream holds
            between ``min_captures`` (default 0) and ``max_captures`` (default
            4) :class:`~timeline.conflict.Capture` events (of :data:`PLACES`),
            besides the other kinds; otherwise captures are drawn like any kind.
        max_captures: see ``min_captures``.
        max_extras: at most this many :class:`~timeline.events.Claim` events
            (about casualty reports, with figures by category or none) and
            :class:`~timeline.events.Contradiction` events (naming two of the
            stream's events, or one source's citation on an event).
        report_chains: whether a casualty report may name an earlier report
            as its incident.
        max_announcements: at most this many
            :class:`~timeline.conflict.Announcement` events, each announcing a
            conflict event of the stream (half of them giving its date).
    """
    if min_size > max_size or max_extras < 0:
        raise ConflictError(
            f"conflict_streams: min_size {min_size} > max_size {max_size}, or max_extras "
            f"{max_extras} < 0; give 0 <= min_size <= max_size and max_extras >= 0",
            field="min_size",
            where="timeline.conflict.strategies.conflict_streams",
        )
    counted = min_captures is not None or max_captures is not None
    low = min_captures or 0
    high = max_captures if max_captures is not None else max(low, 4)
    if low > high:
        raise ConflictError(
            f"conflict_streams: min_captures {low} > max_captures {high}",
            field="min_captures",
            where="timeline.conflict.strategies.conflict_streams",
        )
    chosen = _KINDS if kinds is None else tuple(kinds)
    if counted:
        chosen = tuple(k for k in chosen if k is not Capture)
    base: list[ConflictEvent] = []
    if chosen:
        base = draw(
            st.lists(
                conflict_events(min_year=min_year, max_year=max_year, kinds=chosen),
                min_size=min_size,
                max_size=max_size,
            )
        )
    if counted:
        for _ in range(draw(st.integers(low, high))):
            capture = draw(conflict_events(min_year=min_year, max_year=max_year, kinds=(Capture,)))
            base.insert(draw(st.integers(0, len(base))), capture)
    events: list[Event] = []
    for index, event in enumerate(base):
        event = attrs.evolve(event, id=f"e{index}")
        if isinstance(event, CasualtyReport) and event.incident is not None:
            # An incident is an event the store holds: an earlier one of the stream
            # (an attack when there is one, or a report on it), shared by the reports
            # that name it.
            attacks = [e.id for e in events if isinstance(e, Attack)]
            if report_chains:
                attacks += [e.id for e in events if isinstance(e, CasualtyReport)]
            earlier = attacks or [e.id for e in events]
            incident = draw(st.sampled_from(earlier)) if earlier else None
            event = attrs.evolve(event, incident=incident)
        events.append(event)
    reports = [e for e in events if isinstance(e, CasualtyReport)]
    extra = draw(st.integers(0, max_extras)) if events else 0
    for index in range(extra):
        claim: bool = draw(st.booleans())
        if reports and claim:
            target = draw(st.sampled_from(reports))
            names = draw(_CATEGORY_NAMES)
            events.append(
                Claim(
                    id=f"c{index}",
                    target=target.id,
                    when=target.when,
                    summary="another figure",
                    figures={n: draw(_PLAIN_FIGURE) for n in names},
                    citations=draw(_CITATIONS),
                )
            )
        elif len(events) >= 2:
            pair = draw(
                st.lists(st.sampled_from(events), min_size=2, max_size=2, unique_by=lambda e: e.id)
            )
            refs = [e.id for e in pair]
            by_source: bool = draw(st.booleans())
            if pair[0].citations and by_source:
                refs[0] = f"{pair[0].id}#{pair[0].citations[0].source}"
            if len(set(refs)) >= 2:
                events.append(
                    Contradiction(
                        id=f"x{index}",
                        when=pair[0].when,
                        summary="these cannot both be true",
                        claims=refs,
                    )
                )
    events.extend(_announcements(draw, events, max_announcements))
    return events


@st.composite
def dated_terms(
    draw: st.DrawFn, *, min_year: int = 2016, max_year: int = 2021, max_size: int = 3
) -> list[Term]:
    """Dated terms of an agreement: any kind, a zone with or without a width."""
    out: list[Term] = []
    for _ in range(draw(st.integers(0, max_size))):
        kind = draw(st.sampled_from(list(TermKind)))
        width = draw(st.none() | st.integers(1, 30)) if kind is TermKind.ZONE else None
        out.append(
            Term(
                kind=kind,
                when=draw(_when(min_year, max_year)),
                summary=f"a {kind.value} term",
                place=draw(_MAYBE_PLACE),
                width_km=width,
                each_side=width is not None and draw(st.booleans()),
            )
        )
    return out


@st.composite
def agreement_streams(
    draw: st.DrawFn,
    *,
    max_agreements: int = 5,
    relations: bool = True,
    terms: bool = True,
    cycles: bool = False,
    min_year: int = 2016,
    max_year: int = 2021,
) -> list[Event]:
    """Agreements and ceasefires that relate to each other, with dated terms.

    Up to ``max_agreements`` agreements (``a0``, ``a1``...), each signed, some
    in force or collapsed, and ceasefires implementing them. With
    ``relations``, each may amend, replace or suspend agreements; only earlier
    ones unless ``cycles`` (then relations may run in a circle, as a careless
    stream might: what stream files refuse, and what :func:`standings` must
    still answer for). With ``terms``, signings carry dated terms.
    """
    n = draw(st.integers(1, max_agreements))
    events: list[Event] = []
    for i in range(n):
        accord = f"a{i}"
        pool = [f"a{j}" for j in range(n if cycles else i) if j != i]
        links: dict[str, Any] = {"amends": [], "replaces": [], "suspends": []}
        if relations and pool:
            for target in draw(st.lists(st.sampled_from(pool), max_size=2, unique=True)):
                links[draw(st.sampled_from(sorted(links)))].append(target)
        common: dict[str, Any] = {"summary": "generated", "citations": draw(_CITATIONS)}
        events.append(
            AgreementSigned(
                id=f"{accord}-signed",
                agreement=accord,
                when=draw(_when(min_year, max_year)),
                name=f"agreement {i}",
                dated_terms=draw(dated_terms(min_year=min_year, max_year=max_year))
                if terms
                else (),
                **links,
                **common,
            )
        )
        follow = draw(st.sampled_from(("none", "in_force", "collapsed", "ceasefire")))
        when = draw(_when(min_year, max_year))
        if follow == "in_force":
            events.append(
                AgreementInForce(id=f"{accord}-in-force", agreement=accord, when=when, **common)
            )
        elif follow == "collapsed":
            events.append(
                AgreementCollapsed(id=f"{accord}-collapsed", agreement=accord, when=when, **common)
            )
        elif follow == "ceasefire":
            events.append(
                CeasefireTookEffect(
                    id=f"{accord}-ceasefire",
                    ceasefire=f"{accord}-ceasefire",
                    agreement=accord,
                    when=when,
                    **common,
                )
            )
    return events


def _announcements(draw: st.DrawFn, events: list[Event], most: int) -> list[Announcement]:
    """Up to ``most`` announcements of conflict events of the stream, half giving a date."""
    announced = [e for e in events if isinstance(e, ConflictEvent)]
    if not announced or most <= 0:
        return []
    out = []
    for index in range(draw(st.integers(0, most))):
        target = draw(st.sampled_from(announced))
        gives_date: bool = draw(st.booleans())
        out.append(
            Announcement(
                id=f"a{index}",
                announces=target.id,
                when=draw(_when(2016, 2021)),
                by=draw(_MAYBE_ACTOR),
                dated=target.when if gives_date else None,
                summary="announced",
                citations=draw(_CITATIONS),
            )
        )
    return out
