"""Cytoscape JSON: the `.cyjs` file Cytoscape desktop imports; its `elements` go to Cytoscape.js.

Each element carries its colour in `data.color` (style with `background-color: data(color)` or
`line-color: data(color)`) and its kind or relation as a class. Cytoscape edges join nodes, so an
undercut is an edge from the undercutter to the conclusion of the support it attacks, with
`target_relation` naming that support.
"""

from __future__ import annotations

from argmap.export._d3 import link_data, node_data
from argmap.export.schemas import CyEdge, CyEdgeData, CyNode, CyNodeData, CytoscapeDocument
from argmap.model import ArgumentMap, Node, Relation


def dump_cytoscape(model: ArgumentMap) -> CytoscapeDocument:
    """The map as a Cytoscape (desktop and .js) elements document."""
    return {
        "format_version": "1.0",
        "generated_by": "argmap",
        "target_cytoscapejs_version": "~3.0",
        "data": {"name": model.title, "map": model.id, "iri": model.iri},
        "elements": {
            "nodes": [_node(node) for node in model.nodes],
            "edges": [edge for relation in model.relations for edge in _edges(model, relation)],
        },
    }


def _node(node: Node) -> CyNode:
    data: CyNodeData = {**node_data(node), "name": node.label}
    return {"data": data, "classes": node.kind}


def _edges(model: ArgumentMap, relation: Relation) -> list[CyEdge]:
    edges: list[CyEdge] = []
    for link in link_data(model, relation):
        data: CyEdgeData = {**link, "interaction": relation.kind}
        edges.append({"data": data, "classes": relation.kind})
    return edges
