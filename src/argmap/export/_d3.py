"""Node-link JSON for d3's force layout (`nodes`, `links`), as `networkx.node_link_data` shapes it.

Links join nodes, so an undercut is a link from the undercutter to the conclusion of the support
it attacks, with `target_relation` naming that support.
"""

from __future__ import annotations

from argmap.export._style import KIND_COLOURS, RELATION_COLOURS
from argmap.export.schemas import NodeLink, NodeLinkLink, NodeLinkNode
from argmap.model import ArgumentMap, Node, Relation


def dump_d3(model: ArgumentMap) -> NodeLink:
    """The map as d3 node-link data."""
    return {
        "directed": True,
        "multigraph": True,
        "graph": {"id": model.id, "title": model.title, "iri": model.iri},
        "nodes": [node_data(node) for node in model.nodes],
        "links": [link for relation in model.relations for link in link_data(model, relation)],
    }


def node_data(node: Node) -> NodeLinkNode:
    """A node's attributes, as d3 and Cytoscape both carry them."""
    return {
        "id": node.id,
        "label": node.label,
        "kind": node.kind,
        "text": node.quote,
        "map": node.map,
        "color": KIND_COLOURS[node.kind],
        "attributed_to": list(node.attributed_to),
        "cases": list(node.cases),
        "sources": [s.title for s in node.sources],
    }


def link_data(model: ArgumentMap, relation: Relation) -> list[NodeLinkLink]:
    """A relation's links (one per premise), with the attributes d3 and Cytoscape both carry."""
    return [_link(model, relation, edge_id, premise) for edge_id, premise in relation.edge_ids()]


def _link(model: ArgumentMap, relation: Relation, edge_id: str, premise: str) -> NodeLinkLink:
    link: NodeLinkLink = {
        "id": edge_id,
        "source": premise,
        "target": model.conclusion(relation),
        "relation": relation.kind,
        "rationale": relation.rationale,
        "scheme": relation.scheme,
        "text": relation.quote,
        "color": RELATION_COLOURS[relation.kind],
    }
    if relation.kind == "undercuts":
        link["target_relation"] = relation.target
    if relation.linked:
        link["relation_id"] = relation.id
    return link
