"""What documents say of agreements: their relations in words, and their dated terms.

Private to :mod:`timeline.render` (the Markdown and HTML chronologies). An
agreement or ceasefire is named by the entry that first reports it (its
signing, else its entry into force): "amends the Sochi memorandum of 17
September 2018" links to that entry. Dated terms are plans: documents list
them apart from what happened, by the date they are set for.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from timeline.conflict import (
    RELATION_FIELDS,
    AgreementInForce,
    AgreementSigned,
    CeasefireTookEffect,
    Term,
)
from timeline.events import Event
from timeline.render.document import Entry
from timeline.time import When

#: The kind fields documents show in their own way (relations, dated terms).
ACCORD_FIELDS: frozenset[str] = frozenset({*RELATION_FIELDS, "dated_terms"})


@attrs.frozen
class AccordRef:
    """An agreement or ceasefire as documents name it: its name, day and entry."""

    accord: str
    name: str | None
    when: When
    event: str

    def text(self) -> str:
        """``"the Sochi memorandum of 17 September 2018"`` (its id when it has no name)."""
        return f"{self.name or self.accord} of {self.when.display()}"


def accord_of(event: Event) -> str | None:
    """The id of the agreement or ceasefire ``event`` reports (signing, entry into force)."""
    if isinstance(event, AgreementSigned | AgreementInForce):
        return event.agreement
    if isinstance(event, CeasefireTookEffect):
        return event.ceasefire
    return None


def accord_index(entries: Iterable[Entry]) -> dict[str, AccordRef]:
    """Each agreement's and ceasefire's first report among ``entries``, by id.

    A signing wins over an entry into force; an agreement wins over a
    ceasefire of the same id (as :meth:`timeline.conflict.ConflictState.accord`).
    """
    found: dict[str, tuple[int, AccordRef]] = {}
    names: dict[str, str] = {}
    for entry in entries:
        event = entry.event
        accord = accord_of(event)
        if accord is None:
            continue
        name = getattr(event, "name", None)
        if name is not None:
            names.setdefault(accord, name)
        rank = (
            0
            if isinstance(event, AgreementSigned)
            else 1
            if isinstance(event, AgreementInForce)
            else 2
        )
        known = found.get(accord)
        if known is None or rank < known[0]:
            found[accord] = (rank, AccordRef(accord, None, event.when, event.id))
    return {accord: attrs.evolve(ref, name=names.get(accord)) for accord, (_, ref) in found.items()}


def relations(event: Event) -> list[tuple[str, str]]:
    """``(verb, target id)`` for every relation ``event`` states (a ceasefire's agreement too)."""
    out: list[tuple[str, str]] = []
    if isinstance(event, CeasefireTookEffect) and event.agreement is not None:
        out.append(("implements", event.agreement))
    for field in RELATION_FIELDS:
        out.extend((field, target) for target in getattr(event, field, ()))
    return list(dict.fromkeys(out))


def dated_terms(event: Event) -> tuple[Term, ...]:
    """The dated terms ``event`` sets (none for other kinds)."""
    terms: tuple[Term, ...] = getattr(event, "dated_terms", ())
    return terms


def scheduled(entries: Sequence[Entry]) -> list[tuple[Term, Entry]]:
    """Every dated term of ``entries``, with the entry that sets it, by the date it is set for."""
    out = [(term, entry) for entry in entries for term in dated_terms(entry.event)]
    out.sort(key=lambda pair: (pair[0].when.sort_key, pair[1].sort_key))
    return out


def linked(entries: Iterable[Entry]) -> set[str]:
    """Ids of the entries documents link to: targets of relations and setters of terms."""
    entries = list(entries)
    index = accord_index(entries)
    out: set[str] = set()
    for entry in entries:
        for _, target in relations(entry.event):
            ref = index.get(target)
            if ref is not None:
                out.add(ref.event)
        if dated_terms(entry.event):
            out.add(entry.id)
    return out
