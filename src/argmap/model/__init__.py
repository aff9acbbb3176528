"""A map read out of the store into the small in-memory model every diagram exporter draws from.

Nodes are the map's claims (with their most specific kind, label, the exact words of the text
they are anchored to, who said them, the cases they concern, the sources they cite); relations
are its supports, rebuttals, undercuts and rephrases. An undercut attacks an inference, so its
`target` is the id of the Support relation it attacks, not a claim. Claims and relations are
read with the catalogue's `claims` and `relations` queries (which decide each one's kind);
the map's metadata and each claim's agents, cases and sources with `export/queries/*.rq`.
"""

from __future__ import annotations

import re
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Literal, cast

from rdflib import Graph

from argmap import queries
from argmap.errors import NotFound, ParameterError
from argmap.store import Store, Table, Term
from argmap.vocab import inferred_graph_iri, map_iri, node_id_of

NodeKind = Literal["claim", "recommendation", "evidence", "counterexample", "assumption"]
RelationKind = Literal["supports", "rebuts", "undercuts", "rephrases"]

NODE_KINDS: tuple[NodeKind, ...] = (
    "claim",
    "recommendation",
    "evidence",
    "counterexample",
    "assumption",
)
RELATION_KINDS: tuple[RelationKind, ...] = ("supports", "rebuts", "undercuts", "rephrases")

_MAP_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_QUERIES = Path(__file__).resolve().parent / "queries"


@dataclass(frozen=True)
class Node:
    """A claim of the map as the diagram formats show it."""

    id: str
    iri: str
    kind: NodeKind
    label: str
    text: str
    """The exact words of the analysed text the claim is anchored to ('' when unanchored)."""
    map: str
    attributed_to: tuple[str, ...] = ()
    cases: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Relation:
    """A support, rebuttal, undercut or rephrase between claims of the map."""

    id: str
    iri: str
    kind: RelationKind
    source: str
    """The claim the relation starts from."""
    target: str
    """The claim it ends at; for an undercut, the id of the Support relation it attacks."""
    rationale: str = ""
    scheme: str = ""
    text: str = ""
    """The exact words of the text that state the relation ('' when unanchored)."""


@dataclass(frozen=True)
class ArgumentMap:
    """One map: its metadata, claims and relations (all of them, or a focused neighbourhood)."""

    id: str
    iri: str
    title: str
    description: str = ""
    created: str = ""
    nodes: tuple[Node, ...] = ()
    relations: tuple[Relation, ...] = ()
    focus: str | None = None
    depth: int | None = None
    _nodes_by_id: dict[str, Node] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _relations_by_id: dict[str, Relation] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        self._nodes_by_id.update((n.id, n) for n in self.nodes)
        self._relations_by_id.update((r.id, r) for r in self.relations)

    def node(self, node_id: str) -> Node:
        """The claim with this id."""
        try:
            return self._nodes_by_id[node_id]
        except KeyError:
            raise NotFound(f"map {self.id!r} has no claim {node_id!r}") from None

    def relation(self, relation_id: str) -> Relation:
        """The relation with this id."""
        try:
            return self._relations_by_id[relation_id]
        except KeyError:
            raise NotFound(f"map {self.id!r} has no relation {relation_id!r}") from None

    def conclusion(self, relation: Relation) -> str:
        """The claim a relation's arrow points at: its target, or the undercut support's target."""
        if relation.kind == "undercuts":
            return self.relation(relation.target).target
        return relation.target

    def undercut_supports(self) -> set[str]:
        """Ids of the Support relations that some undercut attacks."""
        return {r.target for r in self.relations if r.kind == "undercuts"}


# -- reading a map out of the store --------------------------------------------------------------


@cache
def _sparql(name: str) -> str:
    return (_QUERIES / f"{name}.rq").read_text(encoding="utf-8")


def _select(store: Store, name: str, map_id: str) -> Table:
    return store.select(_sparql(name), {"map": map_iri(map_id)})


def _text(term: Term | None) -> str:
    return str(term) if term is not None else ""


def check_map(store: Store, map_id: str) -> dict[str, str]:
    """The map's title, label, description and created date; NotFound for an unknown map."""
    rows = _select(store, "map", map_id).rows if _MAP_ID.match(map_id) else []
    if not rows:
        raise NotFound(f"no map {map_id!r} in the store")
    return {key: _text(value) for key, value in rows[0].items()}


def load(store: Store, map_id: str) -> ArgumentMap:
    """Read a whole map out of the store (NotFound when the store has no such map)."""
    info = check_map(store, map_id)
    context = _context(_select(store, "claim-context", map_id))
    nodes = _nodes(queries.run(store, "claims", {"map": map_id}), map_id, context)
    relations = _relations(
        queries.run(store, "relations", {"map": map_id}), {n.iri: n.id for n in nodes}
    )
    return ArgumentMap(
        id=map_id,
        iri=str(map_iri(map_id)),
        title=info.get("title") or info.get("label") or map_id,
        description=info.get("description", ""),
        created=info.get("created", ""),
        nodes=tuple(nodes),
        relations=tuple(relations),
    )


def read_graphs(store: Store, map_id: str) -> tuple[Graph, Graph]:
    """The map's asserted named graph and its inferred graph, as rdflib graphs."""
    check_map(store, map_id)
    return store.graph(map_iri(map_id)), store.graph(inferred_graph_iri(map_id))


def _context(table: Table) -> dict[str, dict[str, list[str]]]:
    context: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in table.rows:
        names = context[str(row["claim"])][str(row["role"])]
        if str(row["name"]) not in names:
            names.append(str(row["name"]))
    return context


def _nodes(table: Table, map_id: str, context: dict[str, dict[str, list[str]]]) -> list[Node]:
    nodes = []
    for row in table.rows:
        iri = str(row["claim"])
        node_id = node_id_of(iri)
        about = context.get(iri, {})
        nodes.append(
            Node(
                id=node_id,
                iri=iri,
                kind=cast(NodeKind, str(row["kind"])),
                label=_text(row.get("label")) or node_id,
                text=_text(row.get("quote")),
                map=map_id,
                attributed_to=tuple(about.get("attributed_to", ())),
                cases=tuple(about.get("cases", ())),
                sources=tuple(about.get("sources", ())),
            )
        )
    return sorted(nodes, key=lambda n: n.id)


def _relations(table: Table, claims: dict[str, str]) -> list[Relation]:
    relations = []
    for row in table.rows:
        iri, kind = str(row["relation"]), cast(RelationKind, str(row["kind"]))
        source, target = str(row["from"]), str(row["to"])
        # Ends outside the map's claims (a dangling or cross-map link) cannot be drawn.
        if source not in claims or (kind != "undercuts" and target not in claims):
            continue
        relations.append(
            Relation(
                id=node_id_of(iri),
                iri=iri,
                kind=kind,
                source=claims[source],
                target=node_id_of(target) if kind == "undercuts" else claims[target],
                rationale=_text(row.get("rationale")),
                scheme=_text(row.get("scheme")),
                text=_text(row.get("quote")),
            )
        )
    drawn = {r.id for r in relations if r.kind == "supports"}
    kept = [r for r in relations if r.kind != "undercuts" or r.target in drawn]
    return sorted(kept, key=lambda r: r.id)


# -- neighbourhoods ------------------------------------------------------------------------------


def focus(model: ArgumentMap, node_id: str, depth: int = 1) -> ArgumentMap:
    """The claims within `depth` relation hops of one claim, and the relations among them.

    Hops ignore direction. An undercut links its author to both ends of the support it
    attacks, so the undercutter of an inference is one hop from its premise and conclusion.
    """
    if depth < 0:
        raise ParameterError(f"depth must be 0 or more, not {depth}")
    model.node(node_id)
    neighbours = _adjacency(model)
    distance = {node_id: 0}
    queue = deque([node_id])
    while queue:
        current = queue.popleft()
        if distance[current] == depth:
            continue
        for other in sorted(neighbours[current]):
            if other not in distance:
                distance[other] = distance[current] + 1
                queue.append(other)
    return _restrict(model, distance.keys(), node_id, depth)


def neighbourhood(model: ArgumentMap, node_id: str | None, depth: int | None) -> ArgumentMap:
    """The whole map without a focus; else `focus(model, node_id, depth or 1)`."""
    if node_id is None:
        if depth is not None:
            raise ParameterError("a depth needs a focus claim (--focus NODE / ?focus=NODE)")
        return model
    return focus(model, node_id, 1 if depth is None else depth)


def _ends(model: ArgumentMap, relation: Relation) -> tuple[str, ...]:
    if relation.kind == "undercuts":
        support = model.relation(relation.target)
        return (support.source, support.target)
    return (relation.target,)


def _adjacency(model: ArgumentMap) -> dict[str, set[str]]:
    neighbours: dict[str, set[str]] = defaultdict(set)
    for relation in model.relations:
        for end in _ends(model, relation):
            neighbours[relation.source].add(end)
            neighbours[end].add(relation.source)
    return neighbours


def _restrict(model: ArgumentMap, keep: Iterable[str], node_id: str, depth: int) -> ArgumentMap:
    kept = set(keep)
    plain = {
        r.id
        for r in model.relations
        if r.kind != "undercuts" and r.source in kept and r.target in kept
    }
    undercuts = {
        r.id
        for r in model.relations
        if r.kind == "undercuts" and r.source in kept and r.target in plain
    }
    return replace(
        model,
        nodes=tuple(n for n in model.nodes if n.id in kept),
        relations=tuple(r for r in model.relations if r.id in plain | undercuts),
        focus=node_id,
        depth=depth,
    )
