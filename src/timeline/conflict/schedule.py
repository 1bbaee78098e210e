"""The schedule: every dated term of the agreements in a state, and whether each is due at a time.

:func:`term_states` reads the :class:`~timeline.conflict.terms.Term` items of
every agreement and ceasefire (each kept with the report that gives it) and
says of each, at a valid time, whether it is due
(:class:`~timeline.conflict.terms.TermStatus`). A term of a report that only
possibly happened by then is at most *possibly* due.
"""

from __future__ import annotations

from collections.abc import Iterable

from timeline.conflict.accords import Accord
from timeline.conflict.terms import TermState, term_due
from timeline.time import When

__all__ = ["term_states"]


def term_states(accords: Iterable[Accord], at: When | str) -> tuple[TermState, ...]:
    """Every dated term of ``accords`` at valid time ``at``, in the order of their dates."""
    if isinstance(at, str):
        at = When.parse(at)
    out: list[TermState] = []
    for accord in accords:
        for term, change in accord.dated_terms:
            out.append(
                TermState(
                    accord=accord.id,
                    term=term,
                    due=term_due(term, at),
                    event=change.event,
                    when=change.when,
                    position=change.position,
                    certain=change.certain,
                    citations=change.citations,
                )
            )
    out.sort(key=lambda s: (s.term.when.sort_key, s.accord, s.term.kind.value, s.term.summary))
    return tuple(out)
