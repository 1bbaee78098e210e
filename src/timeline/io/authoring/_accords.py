"""The checks a stream file's agreements need once every event is read.

A relation (``amends``, ``replaces``, ``implements``, ``suspends``) must name
an agreement or ceasefire the file or the target store knows (the id of its
``agreement`` / ``ceasefire`` field), and relations, with a ceasefire's
``agreement`` (an ``implements`` relation), must not run in a circle
(:func:`timeline.conflict.relation_cycle`). A ceasefire's ``agreement`` may
name an agreement the record does not hold, as before relations existed.
Read from the raw tables, so that events refused for another reason are
checked too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Final

from timeline.conflict.graph import RELATION_FIELDS, relation_cycle
from timeline.io.authoring._problems import suggestion
from timeline.io.authoring._toml_lines import Path

__all__ = ["ACCORD_KIND_IDS", "check_accords"]

#: The kinds that name an agreement or a ceasefire, and the key holding its id.
ACCORD_KIND_IDS: Final = {
    "conflict.agreement.signed": "agreement",
    "conflict.agreement.in_force": "agreement",
    "conflict.agreement.collapsed": "agreement",
    "conflict.ceasefire.took_effect": "ceasefire",
    "conflict.ceasefire.collapsed": "ceasefire",
}

_Problem = Callable[[Path, str, str, dict[str, Any]], None]


def _relations(body: dict[str, Any]) -> Iterable[tuple[str, int | None, Any]]:
    """``(key, index in its list or None, target)`` for every relation a table states."""
    if body.get("kind") == "conflict.ceasefire.took_effect" and "agreement" in body:
        yield "agreement", None, body["agreement"]
    for key in RELATION_FIELDS:
        value = body.get(key)
        if isinstance(value, list):
            for i, target in enumerate(value):
                yield key, i, target


def check_accords(
    tables: list[tuple[int, dict[str, Any]]], known: frozenset[str], problem: _Problem
) -> None:
    """Report relations to unknown agreements, and a cycle of relations, through ``problem``."""
    declared: dict[str, str] = {}
    for _, body in tables:
        key = ACCORD_KIND_IDS.get(str(body.get("kind")))
        accord = body.get(key) if key else None
        if isinstance(accord, str):
            declared.setdefault(accord, str(body.get("kind")).split(".")[1])
    names = set(declared) | known
    edges: list[tuple[str, str]] = []
    first: dict[str, tuple[int, dict[str, Any], str]] = {}
    for index, body in tables:
        key = ACCORD_KIND_IDS.get(str(body.get("kind")))
        source = body.get(key) if key else None
        event_id = body.get("id")
        ctx: dict[str, Any] = {
            "event": index,
            "event_id": event_id if isinstance(event_id, str) else None,
        }
        for field, i, target in _relations(body):
            if not isinstance(target, str):
                continue  # the field's own check reports the type
            path: Path = ("events", index, field) if i is None else ("events", index, field, i)
            name = field if i is None else f"{field}[{i}]"
            if target not in names:
                if i is None:
                    continue  # a ceasefire's agreement: free, as before relations existed
                known_text = ", ".join(sorted(names)) or "none"
                problem(
                    path,
                    f"{field} {target!r}: no agreement or ceasefire has this id in this file"
                    f"{' or the store' if known else ''}{suggestion(target, names)}; "
                    f"known: {known_text}",
                    name,
                    ctx,
                )
                continue
            if isinstance(source, str):
                if target == source and i is None:
                    continue  # a ceasefire named after its agreement: two things, one id
                if target == source:
                    problem(
                        path, f"{field} {target!r}: an agreement cannot relate to itself", name, ctx
                    )
                    continue
                edges.append((source, target))
                first.setdefault(source, (index, ctx, name))
    cycle = relation_cycle(edges)
    if cycle is not None:
        index, ctx, name = first[cycle[0]]
        problem(
            ("events", index),
            "relations between agreements run in a circle: "
            + " → ".join(cycle)
            + "; an agreement cannot (through others) amend, replace, implement or suspend itself",
            name,
            ctx,
        )
