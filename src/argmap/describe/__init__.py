"""What a map's or a node's IRI says when it is dereferenced: a small RDF graph about it.

A node's description is every triple about it in its map's graphs (asserted, inferred,
evaluation), what points at it, the reified relations and verdicts that name it, its anchor
and selectors, and the labels of what it links to. A map's description is its own triples
and a list of its nodes with their types and labels; its exports carry the whole map.
Each is one CONSTRUCT query in `describe/queries/`, with every value bound, never spliced.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from rdflib import Graph, URIRef

from argmap.store import Store
from argmap.vocab import ONTOLOGY_IRI, PREFIXES, map_graphs, map_iri, node_iri

_QUERIES = Path(__file__).resolve().parent / "queries"


@cache
def _query(name: str) -> str:
    return (_QUERIES / f"{name}.rq").read_text(encoding="utf-8")


def _bound(graph: Graph, map_id: str) -> Graph:
    for prefix, namespace in {**PREFIXES, "node": f"{map_iri(map_id)}/"}.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def describe_node(store: Store, map_id: str, node_id: str) -> Graph:
    """The description of node `node_id` of map `map_id`; empty when the map has no such node."""
    asserted, inferred, evaluation = map_graphs(map_id)
    bindings = {
        "node": node_iri(map_id, node_id),
        "map": asserted,
        "inferred": inferred,
        "evaluation": evaluation,
        "ontology": ONTOLOGY_IRI,
    }
    return _bound(store.construct(_query("node"), bindings), map_id)


def describe_map(store: Store, map_id: str) -> Graph:
    """The description of map `map_id`: its metadata and its nodes; empty for an unknown map."""
    return _bound(store.construct(_query("map"), {"map": map_iri(map_id)}), map_id)


def has_subject(graph: Graph, iri: URIRef) -> bool:
    """Whether the description says anything of `iri` itself (else the IRI names nothing)."""
    return (iri, None, None) in graph
