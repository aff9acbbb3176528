"""GEXF 1.3 for Gephi: claims coloured by kind, relations coloured green (support) or red (attack).

Node attributes: `kind`, `text` (the exact quote), `map`, `attributed_to`, `cases`, `sources`
(the label is the node's own `label`). Edge attributes: `relation`, `rationale`, `scheme`,
`text`, `target_relation`. As in GraphML, an undercut is an edge from the undercutter to the
conclusion of the support it attacks, with `target_relation` naming that support.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from argmap.export._style import (
    EDGE_ATTRIBUTES,
    KIND_COLOURS,
    NODE_ATTRIBUTES,
    RELATION_COLOURS,
    edge_values,
    node_values,
    rgb,
    xml_safe,
)
from argmap.model import ArgumentMap, Node, Relation

GEXF = "http://gexf.net/1.3"
VIZ = "http://gexf.net/1.3/viz"
XSI = "http://www.w3.org/2001/XMLSchema-instance"

# A GEXF node's label is an attribute of its element, so the label is no attvalue.
NODE_ATTVALUES = tuple(name for name in NODE_ATTRIBUTES if name != "label")

# Elements carry literal prefixes and the root declares them, rather than registering
# prefixes in ElementTree's process-wide table, which other modules share.
_VIZ = "viz"


def _tag(name: str, prefix: str = "") -> str:
    return f"{prefix}:{name}" if prefix else name


def dump_gexf(model: ArgumentMap) -> str:
    """The map as GEXF 1.3 text with viz colours."""
    root = ET.Element(
        "gexf",
        {
            "xmlns": GEXF,
            "xmlns:viz": VIZ,
            "xmlns:xsi": XSI,
            "xsi:schemaLocation": f"{GEXF} {GEXF}/gexf.xsd",
            "version": "1.3",
        },
    )
    meta = ET.SubElement(root, _tag("meta"), _modified(model))
    ET.SubElement(meta, _tag("creator")).text = "argmap"
    ET.SubElement(meta, _tag("description")).text = xml_safe(model.title)
    graph = ET.SubElement(root, _tag("graph"), {"defaultedgetype": "directed", "mode": "static"})
    _attributes(graph, "node", NODE_ATTVALUES)
    _attributes(graph, "edge", EDGE_ATTRIBUTES)
    nodes = ET.SubElement(graph, _tag("nodes"))
    for node in model.nodes:
        _node(nodes, node)
    edges = ET.SubElement(graph, _tag("edges"))
    for relation in model.relations:
        _edge(edges, model, relation)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def _modified(model: ArgumentMap) -> dict[str, str]:
    return {"lastmodifieddate": model.created[:10]} if model.created else {}


def _attributes(graph: ET.Element, cls: str, names: tuple[str, ...]) -> None:
    block = ET.SubElement(graph, _tag("attributes"), {"class": cls, "mode": "static"})
    for name in names:
        ET.SubElement(block, _tag("attribute"), {"id": name, "title": name, "type": "string"})


def _values(element: ET.Element, values: dict[str, str]) -> None:
    block = ET.SubElement(element, _tag("attvalues"))
    for name, value in values.items():
        ET.SubElement(block, _tag("attvalue"), {"for": name, "value": xml_safe(value)})


def _colour(element: ET.Element, colour: str) -> None:
    r, g, b = rgb(colour)
    ET.SubElement(element, _tag("color", _VIZ), {"r": str(r), "g": str(g), "b": str(b)})


def _node(nodes: ET.Element, node: Node) -> None:
    element = ET.SubElement(nodes, _tag("node"), {"id": node.id, "label": xml_safe(node.label)})
    values = node_values(node)
    _values(element, {name: values[name] for name in NODE_ATTVALUES})
    _colour(element, KIND_COLOURS[node.kind])
    # Recommendations are what readers look for first; draw them larger.
    size = "16.0" if node.kind == "recommendation" else "10.0"
    ET.SubElement(element, _tag("size", _VIZ), {"value": size})


def _edge(edges: ET.Element, model: ArgumentMap, relation: Relation) -> None:
    # A linked relation is one edge per premise, all carrying the relation's id.
    for edge_id, premise in relation.edge_ids():
        element = ET.SubElement(
            edges,
            _tag("edge"),
            {
                "id": edge_id,
                "source": premise,
                "target": model.conclusion(relation),
                "label": relation.kind,
            },
        )
        _edge_body(element, relation)


def _edge_body(element: ET.Element, relation: Relation) -> None:
    _values(element, edge_values(relation))
    _colour(element, RELATION_COLOURS[relation.kind])
    if relation.kind in ("undercuts", "rephrases"):
        ET.SubElement(element, _tag("shape", _VIZ), {"value": "dashed"})
