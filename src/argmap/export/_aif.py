"""AIFdb JSON (Argument Interchange Format): what AIFdb serves and OVA and arguebuf read.

Each claim is an I-node whose text is its label. Each support is an RA node (premise → RA →
conclusion), each rebuttal a CA node (attacker → CA → attacked claim), each rephrase an MA node.
An undercut is a CA node whose edge points at the RA node of the support it attacks. An S-node's
text is its scheme when the map names one, else AIF's "Default Inference", "Default Conflict"
or "Default Rephrase".

A standard AIF reader therefore maps I → claim, RA → support, CA → attack (an undercut when the
CA points at an RA), MA → rephrase. argmap adds keys that such readers ignore and that an
argmap import can use to keep ids and quotes: `argmapID` (the node id), `argmapKind` (the
claim kind, or supports/rebuts/undercuts/rephrases), `quote` (the exact words of the text) and
`rationale` (on S-nodes). Node and edge ids are numeric strings, as in AIFdb; `locutions` is
empty because argmap maps a text, not a dialogue.
"""

from __future__ import annotations

from argmap.export.schemas import AifEdge, AifGraph, AifNode, AifNodeType
from argmap.model import ArgumentMap, Relation

DEFAULT_TEXT: dict[str, str] = {
    "RA": "Default Inference",
    "CA": "Default Conflict",
    "MA": "Default Rephrase",
}
_TYPE_OF: dict[str, AifNodeType] = {
    "supports": "RA",
    "rebuts": "CA",
    "undercuts": "CA",
    "rephrases": "MA",
}


def _timestamp(model: ArgumentMap) -> str:
    # AIFdb stamps "YYYY-MM-DD HH:mm:ss"; the map's creation date is the only honest time.
    return f"{model.created[:10]} 00:00:00" if model.created else ""


def dump_aif(model: ArgumentMap) -> AifGraph:
    """The map as an AIFdb JSON document."""
    stamp = _timestamp(model)
    nodes: list[AifNode] = []
    ids: dict[str, str] = {}
    for node in model.nodes:
        ids[node.id] = str(len(nodes) + 1)
        entry: AifNode = {
            "nodeID": ids[node.id],
            "text": node.label,
            "type": "I",
            "argmapID": node.id,
            "argmapKind": node.kind,
        }
        if stamp:
            entry["timestamp"] = stamp
        if node.quote:
            entry["quote"] = node.quote
        nodes.append(entry)
    for relation in model.relations:
        ids[relation.id] = str(len(nodes) + 1)
        nodes.append(_scheme_node(ids[relation.id], relation, stamp))
    edges: list[AifEdge] = []
    for relation in model.relations:
        # Undercut targets are relation ids, which `ids` holds alongside the claims; a linked
        # relation has an edge from each of its premises into its one scheme node.
        ends = [(premise, relation.id) for premise in relation.premises]
        for source, target in [*ends, (relation.id, relation.target)]:
            edges.append(
                {
                    "edgeID": str(len(edges) + 1),
                    "fromID": ids[source],
                    "toID": ids[target],
                    "formEdgeID": None,
                }
            )
    return {"nodes": nodes, "edges": edges, "locutions": []}


def _scheme_node(node_id: str, relation: Relation, stamp: str) -> AifNode:
    kind = _TYPE_OF[relation.kind]
    entry: AifNode = {
        "nodeID": node_id,
        "text": relation.scheme or DEFAULT_TEXT[kind],
        "type": kind,
        "argmapID": relation.id,
        "argmapKind": relation.kind,
    }
    if stamp:
        entry["timestamp"] = stamp
    if relation.scheme:
        entry["scheme"] = relation.scheme
    if relation.rationale:
        entry["rationale"] = relation.rationale
    if relation.quote:
        entry["quote"] = relation.quote
    return entry
