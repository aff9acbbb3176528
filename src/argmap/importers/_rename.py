"""Move a map's triples under the IRIs of the contract: `https://w3id.org/argmap/map/<id>/...`.

Queries, the API and the exporters find a map and its nodes by these IRIs, so an imported map
is moved there whatever IRIs its file used:

- the map resource becomes `map/<id>`, and every IRI that starts with the old map IRI plus `/`
  (its nodes, their `#anchor`s, its text) moves with it: a map of this project imported under
  another id keeps its node ids;
- the other members (nodes `am:inMap` the map, typed as claims, relations, cases, sources or
  agents, or at either end of a relation) get `map/<id>/<node-id>`, the node id being their
  `dcterms:identifier`, else the fragment or last path segment of their IRI (for a blank node,
  its label made into an id); IRIs that begin with theirs plus `#` follow; the original IRI
  stays reachable through `rdfs:seeAlso`;
- anything else (a resource the map only points at, such as a web page) is left as it is.
"""

from __future__ import annotations

import re

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS
from rdflib.term import Node

from argmap.errors import ImportFormatError
from argmap.vocab import (
    AM,
    CLAIM_CLASSES,
    CONTEXT_CLASSES,
    MAP_ID,
    PREFIXES,
    RELATION_CLASSES,
    map_iri,
    node_iri,
)

_LINKS = (AM["from"], AM.to, AM.supports, AM.rebuts, AM.undercuts, AM.undermines, AM.rephrases)


def slug(text: str) -> str:
    """A lowercase id made of letters, digits and hyphens ('' when nothing is left)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def local_name(iri: str) -> str:
    """The fragment of an IRI, else its last non-empty path segment."""
    base, _, fragment = iri.partition("#")
    if fragment:
        return fragment
    return next((part for part in reversed(base.split("/")) if part), base)


def members(graph: Graph, old: Node) -> set[Node]:
    """The nodes of the map `old`: members, claims, relations and their ends, context nodes."""
    found: set[Node] = set(graph.subjects(AM.inMap, old))
    for cls in (*CLAIM_CLASSES, *RELATION_CLASSES, *CONTEXT_CLASSES):
        found.update(graph.subjects(RDF.type, cls))
    for prop in _LINKS:
        for subject, obj in graph.subject_objects(prop):
            found.update((subject, obj))
    found.discard(old)
    # A node another map owns (a link across maps) keeps its IRI.
    return {
        node
        for node in found
        if isinstance(node, (URIRef, BNode))
        and all(owner == old for owner in graph.objects(node, AM.inMap))
    }


def move_map(graph: Graph, old: Node, map_id: str) -> Graph:
    """The triples of one map with its IRIs moved under `map/<map_id>` (see the module doc)."""
    new_map = map_iri(map_id)
    old_prefix = f"{old}/" if isinstance(old, URIRef) else None
    renamed: dict[Node, URIRef] = {old: new_map}
    taken: dict[str, Node] = {}
    outside: list[tuple[str, URIRef]] = []  # (old IRI, new IRI) of members outside old_prefix
    for node in sorted(members(graph, old), key=lambda n: (str(graph.value(n, RDFS.label)), n)):
        if old_prefix and str(node).startswith(old_prefix):
            continue  # moved with the prefix below
        node_id = _node_id(graph, node) or f"node-{len(taken) + 1}"
        if node_id in taken:
            raise ImportFormatError(
                f"two nodes of map {map_id} would get the id {node_id!r}: "
                f"{_show(taken[node_id])} and {_show(node)}; give them distinct dcterms:identifier"
            )
        taken[node_id] = node
        renamed[node] = node_iri(map_id, node_id)
        if isinstance(node, URIRef):
            outside.append((str(node), renamed[node]))

    def move(term: Node) -> Node:
        if term in renamed:
            return renamed[term]
        if not isinstance(term, URIRef):
            return term
        text = str(term)
        if old_prefix and text.startswith(old_prefix):
            return URIRef(f"{new_map}/{text[len(old_prefix) :]}")
        for before, after in outside:
            if text.startswith(before + "#"):
                return URIRef(f"{after}{text[len(before) :]}")
        return term

    moved = Graph()
    for prefix, iri in PREFIXES.items():
        moved.bind(prefix, iri)
    for s, p, o in graph:
        moved.add((move(s), p, move(o)))
    for before, after in outside:
        if URIRef(before) != after:
            moved.add((after, RDFS.seeAlso, URIRef(before)))
    for node_id, node in taken.items():
        # The contract: a node's dcterms:identifier is the last segment of its IRI.
        moved.set((renamed[node], DCTERMS.identifier, Literal(node_id)))
    return moved


def _node_id(graph: Graph, node: Node) -> str | None:
    identifier = graph.value(node, DCTERMS.identifier)
    candidates = [str(identifier)] if identifier is not None else []
    if isinstance(node, URIRef):
        candidates.append(local_name(str(node)))
    else:
        # A blank node has no name of its own: its label gives a readable one.
        label = graph.value(node, RDFS.label)
        if label is not None:
            candidates.append(slug(str(label))[:48].strip("-"))
    for candidate in candidates:
        if MAP_ID.match(candidate) and candidate != "text":
            return candidate
    for candidate in candidates:
        if slug(candidate) and slug(candidate) != "text":
            return slug(candidate)
    return None


def _show(node: Node) -> str:
    return f"<{node}>" if isinstance(node, URIRef) else f"a blank node ({node})"
