"""Agreements as a graph: how agreements and ceasefires relate, and which are in force.

An agreement may *amend* another (the Moscow protocol of March 2020 amends
the Sochi memorandum of 2018), *replace* (supersede) it, *suspend* it, and
a ceasefire or an arrangement may *implement* the agreement that set it up.
Each relation is said by a report (the signing of the amending agreement),
so it is a :class:`Link`, a :class:`~timeline.conflict.fact.Fact` with the
report's time, citations and certainty.

:func:`standings` reads the graph at a snapshot's time: whether each
agreement or ceasefire is in force (three-valued, :class:`Standing`) and
through which chain it stands. The rules:

* An agreement's own status says it: in force (YES), signed but not known to
  be in force (MAYBE), collapsed or not yet reported (NO); statuses that only
  possibly hold give MAYBE.
* A replacement or a suspension ends it while the agreement that replaces or
  suspends it is in force: in force only if its own status says so *and* no
  such agreement is in force (Kleene logic, so an uncertain replacement gives
  MAYBE, never a guess).
* Amendments and implementations do not end anything: they are the chain
  through which an agreement stands ("the ceasefire implements the Moscow
  protocol, which amends the Sochi memorandum").

The graph has no cycles: :func:`relation_cycle` finds one, the stream-file
reader refuses it, and :func:`standings` (which must answer for any events
folded) drops a relation that would close a cycle, in the order the relations
were reported.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping

import attrs

from timeline.conflict.accords import Accord, Status
from timeline.conflict.fact import Fact
from timeline.time import Tri

__all__ = [
    "RELATION_FIELDS",
    "Link",
    "RelationType",
    "Standing",
    "accord_links",
    "relation_cycle",
    "standings",
]


class RelationType(enum.Enum):
    """How one agreement (or ceasefire) relates to another."""

    AMENDS = "amends"
    """Changes some of the other's terms; the other stays in force, as amended."""
    REPLACES = "replaces"
    """Supersedes the other: the other ends while this one is in force."""
    IMPLEMENTS = "implements"
    """Puts the other into effect (a ceasefire set up by an agreement)."""
    SUSPENDS = "suspends"
    """Suspends the other while this one is in force."""

    def __str__(self) -> str:
        return self.value

    @property
    def ends_target(self) -> bool:
        """Whether the relation ends the other while in force (replaces, suspends)."""
        return self in (RelationType.REPLACES, RelationType.SUSPENDS)


#: The relation fields of the agreement and ceasefire kinds, in this order.
RELATION_FIELDS: tuple[str, ...] = tuple(t.value for t in RelationType)


@attrs.frozen(kw_only=True)
class Link(Fact):
    """One relation, as a report says it: ``source`` amends (replaces...) ``target``."""

    source: str
    """Id of the agreement or ceasefire the relation is said of."""
    type: RelationType
    """How it relates."""
    target: str
    """Id of the agreement or ceasefire it relates to."""

    def __str__(self) -> str:
        return f"{self.source} {self.type} {self.target}"


@attrs.frozen(kw_only=True)
class Standing:
    """Whether an agreement or ceasefire is in force, and through which chain.

    ``in_force`` is three-valued: MAYBE when its status only possibly holds,
    when it is only signed, or when what would end it is itself only possibly
    in force.
    """

    accord: str
    """Id of the agreement or ceasefire."""
    kind: str
    """``"agreement"`` or ``"ceasefire"``."""
    in_force: Tri
    """Whether it is in force: YES, NO or MAYBE."""
    own: Tri
    """What its own status says, before anything that ends it is counted."""
    chain: tuple[Link, ...] = ()
    """The relations it stands through, from it outward: what it implements, amends, replaces,
    then what those do, breadth first."""
    amended_by: tuple[Link, ...] = ()
    """Relations of agreements not known to be out of force that amend it."""
    ended_by: tuple[Link, ...] = ()
    """Relations that end it (replaces, suspends) from agreements possibly in force."""

    @property
    def possible(self) -> frozenset[bool]:
        """The values ``in_force`` may take: ``{True}``, ``{False}`` or both."""
        if self.in_force is Tri.MAYBE:
            return frozenset({True, False})
        return frozenset({self.in_force is Tri.YES})


_OWN = {Status.IN_FORCE: Tri.YES, Status.SIGNED: Tri.MAYBE, Status.COLLAPSED: Tri.NO, None: Tri.NO}


def _own(accord: Accord) -> Tri:
    values = {_OWN[s] for s in accord.possible_statuses}
    return next(iter(values)) if len(values) == 1 else Tri.MAYBE


def accord_links(accord: Accord) -> tuple[Link, ...]:
    """Every relation the reports on ``accord`` state, in valid-time order of the reports."""
    out: list[Link] = []
    for change in accord.changes:
        for relation_type, target in change.relations:
            out.append(
                Link(
                    source=accord.id,
                    type=RelationType(relation_type),
                    target=target,
                    event=change.event,
                    when=change.when,
                    position=change.position,
                    certain=change.certain,
                    citations=change.citations,
                )
            )
    return tuple(out)


def relation_cycle(edges: Iterable[tuple[str, str]]) -> tuple[str, ...] | None:
    """A cycle among ``(source, target)`` edges, as the ids around it, or ``None``.

    ``relation_cycle([("a", "b"), ("b", "a")])`` is ``("a", "b", "a")``.
    """
    graph: dict[str, list[str]] = {}
    for source, target in edges:
        graph.setdefault(source, []).append(target)
    done: set[str] = set()
    for start in sorted(graph):
        if start in done:
            continue
        path: list[str] = []
        on_path: set[str] = set()
        stack: list[tuple[str, int]] = [(start, 0)]
        while stack:
            node, i = stack.pop()
            if i == 0:
                if node in on_path:
                    return (*path[path.index(node) :], node)
                if node in done:
                    continue
                path.append(node)
                on_path.add(node)
            nexts = graph.get(node, [])
            if i < len(nexts):
                stack.append((node, i + 1))
                stack.append((nexts[i], 0))
            else:
                path.pop()
                on_path.discard(node)
                done.add(node)
    return None


def _acyclic(links: Iterable[Link]) -> list[Link]:
    """``links`` without those that would close a cycle, taken in report order."""
    kept: list[Link] = []
    reach: dict[str, set[str]] = {}  # node -> every node it reaches through kept links

    def reaches(a: str, b: str) -> bool:
        return a == b or b in reach.get(a, set())

    for link in sorted(links, key=lambda k: (k.order, k.type.value, k.target)):
        if reaches(link.target, link.source):
            continue  # source -> target would close a cycle
        kept.append(link)
        gained = {link.target} | reach.get(link.target, set())
        for node in [link.source, *(n for n, r in reach.items() if link.source in r)]:
            reach.setdefault(node, set()).update(gained)
    return kept


def standings(accords: Mapping[str, Accord]) -> dict[str, Standing]:
    """Every agreement's and ceasefire's standing, by id (see the module's rules)."""
    links = _acyclic(link for accord in accords.values() for link in accord_links(accord))
    outgoing: dict[str, list[Link]] = {}
    incoming: dict[str, list[Link]] = {}
    for link in links:
        outgoing.setdefault(link.source, []).append(link)
        incoming.setdefault(link.target, []).append(link)
    found: dict[str, Tri] = {}

    def in_force(accord_id: str) -> Tri:
        known = found.get(accord_id)
        if known is not None:
            return known
        accord = accords.get(accord_id)
        value = Tri.NO if accord is None else _own(accord)
        for link in incoming.get(accord_id, ()):
            if link.type.ends_target and value is not Tri.NO:
                value = value & ~_effect(link)
        found[accord_id] = value
        return value

    def _effect(link: Link) -> Tri:
        said = Tri.YES if link.certain else Tri.MAYBE
        return in_force(link.source) & said

    out: dict[str, Standing] = {}
    for accord_id in sorted(accords):
        accord = accords[accord_id]
        chain: list[Link] = []
        seen = {accord_id}
        queue = [accord_id]
        while queue:
            node = queue.pop(0)
            for link in outgoing.get(node, ()):
                chain.append(link)
                if link.target not in seen:
                    seen.add(link.target)
                    queue.append(link.target)
        into = incoming.get(accord_id, ())
        out[accord_id] = Standing(
            accord=accord_id,
            kind=accord.kind,
            in_force=in_force(accord_id),
            own=_own(accord),
            chain=tuple(chain),
            amended_by=tuple(
                k
                for k in into
                if k.type is RelationType.AMENDS and in_force(k.source) is not Tri.NO
            ),
            ended_by=tuple(k for k in into if k.type.ends_target and _effect(k) is not Tri.NO),
        )
    return out
