"""The checks and the rules over every map of a write at once, inside Oxigraph.

The write pipeline (`argmap.pipeline`) hands a `Batch` every map of a file; the batch holds
them in one graph (ASSERTED) of an in-memory Oxigraph store together with the ontology, and
each question is asked once over all of them: the SHACL shapes compiled to SPARQL
(`argmap.shapes_sparql`), the violation queries (ontology/checks), the rules
(ontology/rules) to a fixpoint, writing to a second graph (DERIVED), then the disjointness
of classes over both. What a query finds is given back to the map whose node it is about.

Reading many maps as one graph answers as reading each alone only when no map's triples
reach into another's. So a map joins the shared graph only when it is *closed*: every
subject is its map node or a node under it (`…/map/<id>/…`), every map IRI it names is its
own, and it has no blank nodes. Any other map (a hand-written file may say things about
outside IRIs) gets a graph of its own, so its answers are exactly what they would be alone.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, RDFS

from argmap import resources
from argmap.errors import Problem
from argmap.shapes_sparql import Constraint, constraints
from argmap.vocab import AM, MAP_BASE, OA, map_id_of, node_id_of, shorten_iris

ASSERTED = ox.NamedNode("urn:argmap:batch:asserted")
"""The graph of a batch's store that holds what the maps assert, and the ontology."""
DERIVED = ox.NamedNode("urn:argmap:batch:derived")
"""The graph the rules write what they derive to; they read it with ASSERTED."""
CONSISTENCY_CHECK = "disjoint-classes-inconsistency"
"""The check run over a map and its inferences: what HermiT would call inconsistent."""


@cache
def _ontology_ntriples() -> bytes:
    graph = ox.Store()
    graph.load(path=str(resources.ontology_file()), format=ox.RdfFormat.TURTLE)
    return ox.serialize(graph, format=ox.RdfFormat.N_QUADS) or b""


@cache
def check_queries() -> dict[str, str]:
    """The violation queries by file name: each row they return is a problem."""
    folder = resources.ontology_dir() / "checks"
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*-violation.rq"))}


@cache
def consistency_query() -> str:
    """The query that finds a node in two disjoint classes, inferences included."""
    path = resources.ontology_dir() / "checks" / f"{CONSISTENCY_CHECK}.rq"
    return path.read_text(encoding="utf-8")


@cache
def rule_queries() -> dict[str, str]:
    """The rules by file name (SPARQL CONSTRUCT over a map and the ontology)."""
    folder = resources.ontology_dir() / "rules"
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.rq"))}


def _short(term: str) -> str:
    for prefix, iri in (
        ("am", str(AM)),
        ("oa", str(OA)),
        ("rdfs", str(RDFS)),
        ("dcterms", str(DCTERMS)),
    ):
        if term.startswith(iri):
            return f"{prefix}:{term[len(iri) :]}"
    return term


def _value(term: object) -> str:
    return str(term.value) if isinstance(term, ox.NamedNode | ox.Literal | ox.BlankNode) else ""


@dataclass
class _Graph:
    """One in-memory store of maps read together (closed ones) or of one map alone."""

    store: ox.Store
    map_ids: set[str] = field(default_factory=set)

    def owner(self, term: object) -> str | None:
        """The map a node of a result belongs to (None: not a map's node)."""
        if len(self.map_ids) == 1:
            return next(iter(self.map_ids))
        if isinstance(term, ox.NamedNode):
            found = map_id_of(term.value)
            return found if found in self.map_ids else None
        return None


class Batch:
    """Maps to check and infer together: closed ones share a graph, the rest get their own."""

    def __init__(self) -> None:
        self._shared: _Graph | None = None
        self._alone: list[_Graph] = []
        self.map_ids: list[str] = []

    def add(self, map_id: str, triples: Iterable[ox.Triple | ox.Quad]) -> None:
        """Add one map's triples (graph names are ignored)."""
        quads = [ox.Quad(t.subject, t.predicate, t.object, ASSERTED) for t in triples]
        self.map_ids.append(map_id)
        if is_closed(map_id, quads):
            if self._shared is None:
                self._shared = _new_graph()
            target = self._shared
        else:
            target = _new_graph()
            self._alone.append(target)
        target.map_ids.add(map_id)
        target.store.extend(quads)

    def graphs(self) -> Iterator[_Graph]:
        """The stores the maps are in."""
        if self._shared is not None:
            yield self._shared
        yield from self._alone

    def problems(self) -> dict[str | None, list[Problem]]:
        """Every problem the shapes and the violation queries find, by map (None: no map)."""
        found: dict[str | None, list[Problem]] = defaultdict(list)
        for map_id, problems in self.shape_problems().items():
            found[map_id] += problems
        for graph in self.graphs():
            for map_id, problems in _check_problems(graph, check_queries()).items():
                found[map_id] += problems
        return dict(found)

    def shape_problems(self) -> dict[str | None, list[Problem]]:
        """What the SHACL shapes alone find, by map, as pyshacl would report it."""
        found: dict[str | None, list[Problem]] = defaultdict(list)
        for graph in self.graphs():
            for map_id, problems in _shape_problems(graph).items():
                found[map_id] += problems
        return dict(found)

    def infer(self) -> dict[str, list[ox.Triple]]:
        """What the rules derive for each map (not what it asserts), run until nothing is new."""
        derived: dict[str, list[ox.Triple]] = {m: [] for m in self.map_ids}
        for graph in self.graphs():
            for map_id, triples in _infer(graph).items():
                derived[map_id] += triples
        return derived

    def rows(self, sparql: str) -> Iterator[dict[str, str]]:
        """The answers of a SELECT over every map and its inferences (call after `infer`)."""
        for graph in self.graphs():
            results = graph.store.query(sparql, default_graph=[ASSERTED, DERIVED])
            assert isinstance(results, ox.QuerySolutions)
            names = [v.value for v in results.variables]
            for solution in results:
                yield {n: t.value for n in names if (t := solution[n]) is not None}

    def inconsistencies(self) -> dict[str | None, list[Problem]]:
        """Nodes in two disjoint classes, their inferences included (call after `infer`)."""
        found: dict[str | None, list[Problem]] = defaultdict(list)
        for graph in self.graphs():
            query = {CONSISTENCY_CHECK: consistency_query()}
            for map_id, problems in _check_problems(graph, query, (ASSERTED, DERIVED)).items():
                found[map_id] += problems
        return dict(found)


def _new_graph() -> _Graph:
    store = ox.Store()
    store.load(_ontology_ntriples(), format=ox.RdfFormat.N_TRIPLES, to_graph=ASSERTED)
    return _Graph(store)


def is_closed(map_id: str, quads: Sequence[ox.Quad | ox.Triple]) -> bool:
    """Whether a map speaks only of its own nodes (see the module docstring)."""
    own = MAP_BASE + map_id
    inside = own + "/"
    for quad in quads:
        subject = quad.subject
        if not isinstance(subject, ox.NamedNode):
            # A blank node may be shared with another map of the same file (N-Quads scopes
            # blank nodes to the document), and its map cannot be told from its name.
            return False
        text = subject.value
        if text != own and not text.startswith(inside):
            return False
        obj = quad.object
        if isinstance(obj, ox.BlankNode):
            return False
        if isinstance(obj, ox.NamedNode):
            text = obj.value
            if text.startswith(MAP_BASE) and text != own and not text.startswith(inside):
                return False
    return True


def _shape_problems(graph: _Graph) -> dict[str | None, list[Problem]]:
    violations: dict[str | None, list[Problem]] = defaultdict(list)
    warnings: dict[str | None, list[Problem]] = defaultdict(list)
    for constraint in constraints():
        for row in _select(graph.store, constraint.sparql):
            focus, value = row["focus"], row["value"] if constraint.reports_value else None
            owner = graph.owner(focus)
            into = warnings if constraint.warning else violations
            into[owner].append(_shape_problem(constraint, focus, value))
    found: dict[str | None, list[Problem]] = {}
    for owner, problems in violations.items():
        # As pyshacl reports them: a map that conforms (warnings alone) has no problems; one
        # that breaks a shape is shown its warnings too.
        found[owner] = sorted(
            problems + warnings.get(owner, []),
            key=lambda p: (p.node or "", p.field or "", p.message),
        )
    return found


def _shape_problem(constraint: Constraint, focus: object, value: object) -> Problem:
    text = constraint.message
    if value is not None:
        text += f" (value: {node_id_of(_value(value))})"
    return Problem(text, node=node_id_of(_value(focus)), field=_short(str(constraint.path)))


def _select(
    store: ox.Store, sparql: str, graphs: Sequence[ox.NamedNode] = (ASSERTED,)
) -> ox.QuerySolutions:
    results = store.query(sparql, default_graph=list(graphs))
    assert isinstance(results, ox.QuerySolutions)
    return results


def _check_problems(
    graph: _Graph, queries: dict[str, str], graphs: Sequence[ox.NamedNode] = (ASSERTED,)
) -> dict[str | None, list[Problem]]:
    found: dict[str | None, list[Problem]] = defaultdict(list)
    for name, query in queries.items():
        for row in _select(graph.store, query, graphs):
            node, prop, message = row["node"], row["property"], row["message"]
            text = _value(message) if message is not None else name
            found[graph.owner(node) if node is not None else None].append(
                Problem(
                    shorten_iris(f"{text} ({name})"),
                    node=node_id_of(_value(node)) if node is not None else None,
                    field=_short(_value(prop)) if prop is not None else None,
                )
            )
    return found


_CONSTRUCT = re.compile(
    r"\bCONSTRUCT\s*\{(?P<template>[^{}]*)\}\s*WHERE\s*(?P<where>\{.*\})\s*$", re.S
)


@cache
def rule_updates() -> dict[str, str]:
    """Each rule as a SPARQL update that reads ASSERTED and DERIVED and adds to DERIVED.

    The rules are CONSTRUCT queries (readable, and runnable as such on any endpoint); run as
    updates, what they derive stays in the engine instead of coming to Python a triple at a
    time to be checked and added (at a million quads: 14 s for the fixpoint against 15 s;
    most of either is Oxigraph evaluating the rules and storing what they give).
    """
    updates = {}
    for name, query in rule_queries().items():
        found = _CONSTRUCT.search(query)
        if found is None:
            raise ValueError(f"ontology/rules/{name}.rq is not one CONSTRUCT {{ … }} WHERE {{ … }}")
        head = query[: found.start()]
        template, where = found["template"], found["where"]
        updates[name] = (
            f"{head}INSERT {{ GRAPH <{DERIVED.value}> {{ {template} }} }}\n"
            f"USING <{ASSERTED.value}> USING <{DERIVED.value}>\nWHERE {where}"
        )
    return updates


def _count(store: ox.Store, graph: ox.NamedNode) -> int:
    results = _select(store, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", (graph,))
    return int(_value(next(iter(results))["n"]))


def _infer(graph: _Graph) -> dict[str, list[ox.Triple]]:
    store = graph.store
    # Between passes DERIVED also holds what rules say of vocabulary terms; later rules may
    # read it (it is entailed all the same), and it is dropped with the rest below.
    before = -1
    while (size := _count(store, DERIVED)) != before:
        before = size
        for update in rule_updates().values():
            store.update(update)
    # A rule may derive what a map already states: that triple is the map's, not an inference.
    store.update(
        f"""DELETE {{ GRAPH <{DERIVED.value}> {{ ?s ?p ?o }} }}
        WHERE {{
          GRAPH <{DERIVED.value}> {{ ?s ?p ?o }}
          FILTER(!isIRI(?s) || !STRSTARTS(STR(?s), "{MAP_BASE}")
                 || EXISTS {{ GRAPH <{ASSERTED.value}> {{ ?s ?p ?o }} }})
        }}"""
    )
    derived: dict[str, list[ox.Triple]] = defaultdict(list)
    for quad in store.quads_for_pattern(None, None, None, DERIVED):
        # Each inference goes to the map whose node it is about.
        owner = graph.owner(quad.subject)
        if owner is not None:
            derived[owner].append(quad.triple)
    return dict(derived)
