"""RDF exports of a map: its named graph as Turtle, N-Triples, RDF/XML, JSON-LD; with inferences.

Turtle, N-Triples, RDF/XML and JSON-LD hold the map's named graph; N-Quads and TriG hold it
together with its inferred graph and its evaluation graph (what the argumentation semantics
say of its claims, `argmap.evaluation.rdf`), each under its own name.

The triple formats hold exactly the map's asserted graph (what `argmap build` or an import
loaded), so parsing them back gives a graph isomorphic to it. JSON-LD is compacted with a
context for the argmap vocabulary and the map's own nodes (`node:idc-rec-iii`). A neighbourhood
export keeps every triple that does not mention a claim or relation outside the neighbourhood
(or their anchors and selectors, whose IRIs extend the node's).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

from argmap.model import ArgumentMap
from argmap.vocab import PREFIXES, evaluation_graph_iri, inferred_graph_iri, map_iri


@dataclass(frozen=True)
class MapGraphs:
    """A map's asserted graph, its inferred graph and its evaluation graph."""

    map_id: str
    asserted: Graph
    inferred: Graph
    evaluation: Graph = field(default_factory=Graph)

    @property
    def node_base(self) -> str:
        """The namespace of the map's nodes (`https://w3id.org/argmap/map/<id>/`)."""
        return f"{map_iri(self.map_id)}/"


def context(map_id: str) -> dict[str, Any]:
    """The JSON-LD @context: argmap's prefixes plus `node:` for the map's own nodes."""
    return {**PREFIXES, "node": f"{map_iri(map_id)}/"}


def _bind(graph: Graph, map_id: str) -> Graph:
    for prefix, namespace in context(map_id).items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def restrict(graphs: MapGraphs, whole: ArgumentMap, part: ArgumentMap) -> MapGraphs:
    """The graphs without the claims and relations a neighbourhood leaves out."""
    dropped = {n.iri for n in whole.nodes} | {r.iri for r in whole.relations}
    dropped -= {n.iri for n in part.nodes} | {r.iri for r in part.relations}
    if not dropped:
        return graphs

    def outside(term: Node) -> bool:
        return isinstance(term, URIRef) and str(term).split("#", 1)[0] in dropped

    def keep(graph: Graph) -> Graph:
        kept = Graph()
        for s, p, o in graph:
            if not outside(s) and not outside(o):
                kept.add((s, p, o))
        return kept

    return MapGraphs(
        graphs.map_id, keep(graphs.asserted), keep(graphs.inferred), keep(graphs.evaluation)
    )


def _graph(graphs: MapGraphs) -> Graph:
    graph = _bind(Graph(), graphs.map_id)
    graph += graphs.asserted
    return graph


def _dataset(graphs: MapGraphs) -> Dataset:
    dataset = Dataset()
    _bind(dataset, graphs.map_id)
    asserted = dataset.graph(map_iri(graphs.map_id))
    asserted += graphs.asserted
    for name, graph in (
        (inferred_graph_iri(graphs.map_id), graphs.inferred),
        (evaluation_graph_iri(graphs.map_id), graphs.evaluation),
    ):
        if len(graph):
            named = dataset.graph(name)
            named += graph
    return dataset


def dump_turtle(graphs: MapGraphs) -> str:
    """The map graph as Turtle."""
    return _graph(graphs).serialize(format="turtle")


def dump_ntriples(graphs: MapGraphs) -> str:
    """The map graph as N-Triples, one triple a line, sorted so that exports diff cleanly."""
    lines = _graph(graphs).serialize(format="nt").splitlines()
    return "".join(f"{line}\n" for line in sorted(filter(None, lines)))


def dump_rdfxml(graphs: MapGraphs) -> str:
    """The map graph as RDF/XML."""
    return _graph(graphs).serialize(format="xml")


def dump_jsonld(graphs: MapGraphs) -> str:
    """The map graph as JSON-LD compacted with argmap's @context."""
    return _graph(graphs).serialize(
        format="json-ld", context=context(graphs.map_id), auto_compact=True, indent=2
    )


def dump_nquads(graphs: MapGraphs) -> str:
    """The map graph, its inferred and its evaluation graph as N-Quads, sorted."""
    lines = _dataset(graphs).serialize(format="nquads").splitlines()
    return "".join(f"{line}\n" for line in sorted(filter(None, lines)))


def dump_trig(graphs: MapGraphs) -> str:
    """The map graph, its inferred and its evaluation graph as TriG, one named graph each."""
    return _dataset(graphs).serialize(format="trig")
