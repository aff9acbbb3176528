"""The one in-memory model of a map: its claims and relations, read once out of the store.

Analysis (`argmap.analysis`), the labels of `argmap evaluate` and every diagram exporter
(`argmap.export`) work on this model. Claims carry their most specific kind, label, anchor
(the exact words of the text and their offsets), who said them, the cases they concern and
the sources they cite. Relations are supports, rebuttals, undercuts and rephrases; a relation
has one premise, or several for a linked argument (the premises bear on the target only
together, as several AIF I-nodes into one RA or CA node). An undercut attacks an inference,
so its `target` is the id of the Support relation it attacks; `ArgumentMap.conclusion` is the
one place that says which claim that leaves it bearing on.

Claims and relations are read with the catalogue's `claims` and `relations` queries, the map's
metadata and each claim's agents, cases and sources with `model/queries/*.rq`.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Literal, cast

from rdflib import Graph

from argmap import queries
from argmap.errors import NotFound, ParameterError
from argmap.store import Store, Table, Term, to_python
from argmap.vocab import (
    CLAIM_KINDS,
    MAP_ID,
    map_dataset,
    map_graphs,
    map_iri,
    node_id_of,
)

NodeKind = Literal["claim", "recommendation", "evidence", "counterexample", "assumption"]
RelationKind = Literal["supports", "rebuts", "undercuts", "rephrases"]

NODE_KINDS: tuple[NodeKind, ...] = tuple(cast(NodeKind, k.name) for k in CLAIM_KINDS)

_QUERIES = Path(__file__).resolve().parent / "queries"


@dataclass(frozen=True)
class SourceRef:
    """A source a claim cites: its node id, IRI and title."""

    id: str
    iri: str
    title: str


@dataclass(frozen=True)
class Anchor:
    """The words of the text that state a node, and their offsets in Unicode code points."""

    exact: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Node:
    """A claim of the map."""

    id: str
    iri: str
    kind: NodeKind
    label: str
    map: str
    anchor: Anchor | None = None
    attributed_to: tuple[str, ...] = ()
    """The names of the agents the claim is attributed to."""
    cases: tuple[str, ...] = ()
    """The labels of the cases it concerns."""
    sources: tuple[SourceRef, ...] = ()

    @property
    def quote(self) -> str:
        """The exact words of the analysed text the claim is anchored to ('' when unanchored)."""
        return self.anchor.exact if self.anchor else ""


@dataclass(frozen=True)
class Relation:
    """A support, rebuttal, undercut or rephrase from one or more premises to a target."""

    id: str
    iri: str
    kind: RelationKind
    premises: tuple[str, ...]
    """The claims the relation starts from: one, or several for a linked argument."""
    target: str
    """The claim it ends at; for an undercut, the id of the Support relation it attacks."""
    rationale: str = ""
    scheme: str = ""
    quote: str = ""
    """The exact words of the text that state the relation ('' when unanchored)."""

    @property
    def linked(self) -> bool:
        """Whether several premises bear on the target together."""
        return len(self.premises) > 1

    def edge_ids(self) -> Iterator[tuple[str, str]]:
        """(edge id, premise) per premise, for formats that draw one edge per premise.

        >>> r = Relation("r1", "", "supports", ("a", "b"), "c")
        >>> list(r.edge_ids())
        [('r1.1', 'a'), ('r1.2', 'b')]
        """
        if not self.linked:
            yield self.id, self.premises[0]
            return
        for number, premise in enumerate(self.premises, 1):
            yield f"{self.id}.{number}", premise


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
    _incoming: dict[str, list[Relation]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        self._nodes_by_id.update((n.id, n) for n in self.nodes)
        self._relations_by_id.update((r.id, r) for r in self.relations)
        incoming: dict[str, list[Relation]] = defaultdict(list)
        for relation in self.relations:
            incoming[relation.target].append(relation)
        self._incoming.update(incoming)

    def node(self, node_id: str) -> Node:
        """The claim with this id."""
        try:
            return self._nodes_by_id[node_id]
        except KeyError:
            raise NotFound(f"map {self.id!r} has no claim {node_id!r}") from None

    def has_node(self, node_id: str) -> bool:
        """Whether the map has a claim with this id."""
        return node_id in self._nodes_by_id

    def relation(self, relation_id: str) -> Relation:
        """The relation with this id."""
        try:
            return self._relations_by_id[relation_id]
        except KeyError:
            raise NotFound(f"map {self.id!r} has no relation {relation_id!r}") from None

    def incoming(self, target: str) -> list[Relation]:
        """The relations whose target is this claim or (for undercuts) this support."""
        return self._incoming.get(target, [])

    def conclusion(self, relation: Relation) -> str:
        """The claim a relation bears on: its target, or for an undercut its support's target.

        This is the one statement of the undercut rule: an undercut attacks an inference, so
        it counts against the conclusion that inference was drawn for.
        """
        if relation.kind == "undercuts":
            return self.relation(relation.target).target
        return relation.target

    def undercut_supports(self) -> set[str]:
        """Ids of the Support relations that some undercut attacks."""
        return {r.target for r in self.relations if r.kind == "undercuts"}

    def nodes_of_kind(self, kind: NodeKind) -> list[Node]:
        """The claims of one kind, by id."""
        return [n for n in self.nodes if n.kind == kind]


# -- reading a map out of the store --------------------------------------------------------------


@cache
def _sparql(name: str) -> str:
    return (_QUERIES / f"{name}.rq").read_text(encoding="utf-8")


def _select(store: Store, name: str, map_id: str) -> Table:
    # The map's own graphs only: the cost of reading a map stays flat as the corpus grows.
    return store.select(_sparql(name), {"map": map_iri(map_id)}, map_dataset(map_id))


def _text(term: Term | None) -> str:
    return str(term) if term is not None else ""


def check_map(store: Store, map_id: str) -> dict[str, str]:
    """The map's title, label, description and created date; NotFound for an unknown map."""
    rows = _select(store, "map", map_id).rows if MAP_ID.match(map_id) else []
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


def read_graphs(store: Store, map_id: str) -> tuple[Graph, Graph, Graph]:
    """The map's asserted named graph, its inferred and its evaluation graph, as rdflib graphs."""
    check_map(store, map_id)
    asserted, inferred, evaluation = map_graphs(map_id)
    return store.graph(asserted), store.graph(inferred), store.graph(evaluation)


@dataclass
class _Context:
    attributed_to: list[str] = field(default_factory=list)
    cases: list[str] = field(default_factory=list)
    sources: list[SourceRef] = field(default_factory=list)


def _context(table: Table) -> dict[str, _Context]:
    context: dict[str, _Context] = defaultdict(_Context)
    for row in table.rows:
        about, role, name = context[str(row["claim"])], str(row["role"]), str(row["name"])
        if role == "sources":
            source = SourceRef(node_id_of(str(row["thing"])), str(row["thing"]), name)
            if source not in about.sources:
                about.sources.append(source)
        else:
            names = about.attributed_to if role == "attributed_to" else about.cases
            if name not in names:
                names.append(name)
    return context


def _anchor(row: dict[str, Term]) -> Anchor | None:
    if "quote" not in row:
        return None
    start, end = to_python(row["start"]), to_python(row["end"])
    return Anchor(
        str(row["quote"]),
        start if isinstance(start, int) else None,
        end if isinstance(end, int) else None,
    )


def _nodes(table: Table, map_id: str, context: dict[str, _Context]) -> list[Node]:
    nodes = []
    for row in table.rows:
        iri = str(row["claim"])
        node_id = node_id_of(iri)
        about = context.get(iri, _Context())
        nodes.append(
            Node(
                id=node_id,
                iri=iri,
                kind=cast(NodeKind, str(row["kind"])),
                label=_text(row.get("label")) or node_id,
                map=map_id,
                anchor=_anchor(row),
                attributed_to=tuple(about.attributed_to),
                cases=tuple(about.cases),
                sources=tuple(about.sources),
            )
        )
    return sorted(nodes, key=lambda n: n.id)


def _relations(table: Table, claims: dict[str, str]) -> list[Relation]:
    # One row per premise: a linked relation comes back as several rows with one id.
    rows: dict[str, list[dict[str, Term]]] = defaultdict(list)
    for row in table.rows:
        rows[str(row["relation"])].append(row)
    relations = []
    for iri, group in rows.items():
        first = group[0]
        kind, target = cast(RelationKind, str(first["kind"])), str(first["to"])
        premises = sorted({str(row["from"]) for row in group})
        # Ends outside the map's claims (a dangling or cross-map link) cannot be drawn.
        if any(p not in claims for p in premises) or (kind != "undercuts" and target not in claims):
            continue
        relations.append(
            Relation(
                id=node_id_of(iri),
                iri=iri,
                kind=kind,
                premises=tuple(claims[p] for p in premises),
                target=node_id_of(target) if kind == "undercuts" else claims[target],
                rationale=_text(first.get("rationale")),
                scheme=_text(first.get("scheme")),
                quote=_text(first.get("quote")),
            )
        )
    drawn = {r.id for r in relations if r.kind == "supports"}
    kept = [r for r in relations if r.kind != "undercuts" or r.target in drawn]
    return sorted(kept, key=lambda r: r.id)


# -- neighbourhoods ------------------------------------------------------------------------------


def focus(model: ArgumentMap, node_id: str, depth: int = 1) -> ArgumentMap:
    """The claims within `depth` relation hops of one claim, and the relations among them.

    Hops ignore direction. An undercut links its author to both ends of the support it
    attacks, so the undercutter of an inference is one hop from its premise and conclusion;
    the premises of a linked relation are one hop from its target and from each other.
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


def check_focus(node_id: str | None, depth: int | None) -> None:
    """Refuse a depth without a focus (asked before a map is loaded, so it answers at once)."""
    if node_id is None and depth is not None:
        raise ParameterError("a depth needs a focus claim (--focus NODE / ?focus=NODE)")


def neighbourhood(model: ArgumentMap, node_id: str | None, depth: int | None) -> ArgumentMap:
    """The whole map without a focus; else `focus(model, node_id, depth or 1)`."""
    check_focus(node_id, depth)
    if node_id is None:
        return model
    return focus(model, node_id, 1 if depth is None else depth)


def _ends(model: ArgumentMap, relation: Relation) -> tuple[str, ...]:
    if relation.kind == "undercuts":
        support = model.relation(relation.target)
        return (*support.premises, support.target)
    return (relation.target,)


def _adjacency(model: ArgumentMap) -> dict[str, set[str]]:
    neighbours: dict[str, set[str]] = defaultdict(set)
    for relation in model.relations:
        # The premises of a linked relation are one reason: each is one hop from the others,
        # so a neighbourhood that holds one premise holds the whole argument.
        for premise in relation.premises:
            for end in (*_ends(model, relation), *relation.premises):
                if end != premise:
                    neighbours[premise].add(end)
                    neighbours[end].add(premise)
    return neighbours


def _restrict(model: ArgumentMap, keep: Iterable[str], node_id: str, depth: int) -> ArgumentMap:
    kept = set(keep)

    def inside(relation: Relation) -> bool:
        return all(p in kept for p in relation.premises)

    plain = {
        r.id for r in model.relations if r.kind != "undercuts" and inside(r) and r.target in kept
    }
    undercuts = {
        r.id for r in model.relations if r.kind == "undercuts" and inside(r) and r.target in plain
    }
    return replace(
        model,
        nodes=tuple(n for n in model.nodes if n.id in kept),
        relations=tuple(r for r in model.relations if r.id in plain | undercuts),
        focus=node_id,
        depth=depth,
    )
