"""GraphML for yEd, Gephi and networkx: claims as nodes, relations as directed edges.

Node data: `label`, `kind`, `text` (the exact quote), `map`, plus `attributed_to`, `cases` and
`sources` (joined with "; "). Edge data: `relation` (supports, rebuts, undercuts, rephrases),
`rationale`, `scheme`, `text`, and `target_relation` on undercuts.

GraphML edges join nodes, so an undercut (which attacks an inference, not a claim) is drawn from
the undercutter to the conclusion of the support it attacks, with `relation=undercuts` and
`target_relation` naming that support. yEd reads its own `y:` graphics (a box coloured by kind
with the label, green and red arrows); Gephi and networkx read the plain keys.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from argmap.export._style import (
    EDGE_ATTRIBUTES,
    KIND_COLOURS,
    KIND_FILLS,
    NODE_ATTRIBUTES,
    RELATION_COLOURS,
    edge_values,
    node_values,
    wrap,
    xml_safe,
)
from argmap.model import ArgumentMap, Node, Relation

GRAPHML = "http://graphml.graphdrawing.org/xmlns"
YWORKS = "http://www.yworks.com/xml/graphml"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA = "http://graphml.graphdrawing.org/xmlns http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd"


# Elements carry literal prefixes and the root declares them, rather than registering
# prefixes in ElementTree's process-wide table, which other modules share.
_Y = "y"


def _tag(name: str, prefix: str = "") -> str:
    return f"{prefix}:{name}" if prefix else name


def dump_graphml(model: ArgumentMap) -> str:
    """The map as GraphML text with yEd graphics."""
    root = ET.Element(
        "graphml",
        {"xmlns": GRAPHML, "xmlns:y": YWORKS, "xmlns:xsi": XSI, "xsi:schemaLocation": SCHEMA},
    )
    for name in NODE_ATTRIBUTES:
        _key(root, f"n_{name}", "node", name)
    for name in EDGE_ATTRIBUTES:
        _key(root, f"e_{name}", "edge", name)
    ET.SubElement(
        root, _tag("key"), {"id": "n_graphics", "for": "node", "yfiles.type": "nodegraphics"}
    )
    ET.SubElement(
        root, _tag("key"), {"id": "e_graphics", "for": "edge", "yfiles.type": "edgegraphics"}
    )
    graph = ET.SubElement(root, _tag("graph"), {"id": model.id, "edgedefault": "directed"})
    for node in model.nodes:
        _node(graph, node)
    for relation in model.relations:
        _edge(graph, model, relation)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def _key(root: ET.Element, key_id: str, domain: str, name: str) -> None:
    ET.SubElement(
        root,
        _tag("key"),
        {"id": key_id, "for": domain, "attr.name": name, "attr.type": "string"},
    )


def _data(parent: ET.Element, key: str, value: str) -> None:
    ET.SubElement(parent, _tag("data"), {"key": key}).text = xml_safe(value)


def _node(graph: ET.Element, node: Node) -> None:
    element = ET.SubElement(graph, _tag("node"), {"id": node.id})
    # yEd graphics first: networkx takes a `label` from them, and the plain label that follows
    # then wins, so readers get the label unwrapped.
    _node_graphics(element, node)
    for name, value in node_values(node).items():
        _data(element, f"n_{name}", value)


def _node_graphics(element: ET.Element, node: Node) -> None:
    lines = wrap(node.label)
    width = max(len(line) for line in lines) * 7 + 24
    height = len(lines) * 16 + 14
    shape = ET.SubElement(
        ET.SubElement(element, _tag("data"), {"key": "n_graphics"}), _tag("ShapeNode", _Y)
    )
    ET.SubElement(shape, _tag("Geometry", _Y), {"width": f"{width}.0", "height": f"{height}.0"})
    ET.SubElement(shape, _tag("Fill", _Y), {"color": KIND_FILLS[node.kind]})
    ET.SubElement(
        shape,
        _tag("BorderStyle", _Y),
        {"color": KIND_COLOURS[node.kind], "type": "line", "width": "1.5"},
    )
    ET.SubElement(shape, _tag("NodeLabel", _Y)).text = xml_safe("\n".join(lines))
    ET.SubElement(shape, _tag("Shape", _Y), {"type": "roundrectangle"})


def _edge(graph: ET.Element, model: ArgumentMap, relation: Relation) -> None:
    # A linked relation is one edge per premise, all carrying the relation's id.
    for edge_id, premise in relation.edge_ids():
        element = ET.SubElement(
            graph,
            _tag("edge"),
            {"id": edge_id, "source": premise, "target": model.conclusion(relation)},
        )
        _edge_body(element, relation)


def _edge_body(element: ET.Element, relation: Relation) -> None:
    line = ET.SubElement(
        ET.SubElement(element, _tag("data"), {"key": "e_graphics"}), _tag("PolyLineEdge", _Y)
    )
    ET.SubElement(
        line,
        _tag("LineStyle", _Y),
        {
            "color": RELATION_COLOURS[relation.kind],
            "type": "dashed" if relation.kind in ("undercuts", "rephrases") else "line",
            "width": "2.0",
        },
    )
    ET.SubElement(line, _tag("Arrows", _Y), {"source": "none", "target": "standard"})
    ET.SubElement(line, _tag("EdgeLabel", _Y)).text = relation.kind
    for name, value in edge_values(relation).items():
        _data(element, f"e_{name}", value)
