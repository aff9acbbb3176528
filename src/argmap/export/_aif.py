"""AIFdb JSON (Argument Interchange Format): what AIFdb serves and OVA and arguebuf read.

Each claim is an I-node whose text is its label. Each support is an RA node (premise → RA →
conclusion), each rebuttal a CA node (attacker → CA → attacked claim), each rephrase an MA node.
An undercut is a CA node whose edge points at the RA node of the support it attacks. An S-node's
text is its scheme when the map names one, else AIF's "Default Inference", "Default Conflict"
or "Default Rephrase". A scheme written in lower case, as argmap's maps write Walton's names
("argument from example", "practical reasoning"), is given as AIFdb names it, whose readers
(arguebuf) match the name exactly: each word capitalised, and without "argument from", since
AIFdb calls that family by what the argument is from ("Example", "Practical Reasoning").

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


def aif_scheme(scheme: str) -> str:
    """A scheme's name as AIFdb writes it; a name not all in lower case is kept as it is.

    >>> aif_scheme("argument from expert opinion"), aif_scheme("From-analogy")
    ('Expert Opinion', 'From-analogy')
    """
    if scheme != scheme.lower():
        return scheme  # already someone's spelling (an AIFdb import, say): keep it
    name = scheme.strip().removeprefix("argument from ").strip() or scheme.strip()
    return " ".join(word[:1].upper() + word[1:] for word in name.split())


def _scheme_node(node_id: str, relation: Relation, stamp: str) -> AifNode:
    kind = _TYPE_OF[relation.kind]
    entry: AifNode = {
        "nodeID": node_id,
        "text": aif_scheme(relation.scheme) if relation.scheme else DEFAULT_TEXT[kind],
        "type": kind,
        "argmapID": relation.id,
        "argmapKind": relation.kind,
    }
    if stamp:
        entry["timestamp"] = stamp
    if relation.scheme:
        entry["scheme"] = aif_scheme(relation.scheme)
    if relation.rationale:
        entry["rationale"] = relation.rationale
    if relation.quote:
        entry["quote"] = relation.quote
    return entry
