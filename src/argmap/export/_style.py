"""Colours and text helpers shared by the diagram formats, so every tool shows a map alike."""

from __future__ import annotations

import re
import textwrap

from argmap.model import Node, NodeKind, Relation, RelationKind

KIND_COLOURS: dict[NodeKind, str] = {
    "claim": "#4e79a7",
    "recommendation": "#f28e2b",
    "evidence": "#59a14f",
    "counterexample": "#e15759",
    "assumption": "#b07aa1",
}
"""Strong colours per claim kind: node colour in Gephi, Cytoscape and d3, border elsewhere."""

KIND_FILLS: dict[NodeKind, str] = {
    "claim": "#dce8f5",
    "recommendation": "#fde3c6",
    "evidence": "#dcefd9",
    "counterexample": "#f8d6d7",
    "assumption": "#ede0ea",
}
"""Light fills per claim kind, for boxes that carry black text (DOT, yEd, Mermaid)."""

RELATION_COLOURS: dict[RelationKind, str] = {
    "supports": "#2e7d32",
    "rebuts": "#c62828",
    "undercuts": "#c62828",
    "rephrases": "#757575",
}
"""Supports green, attacks red, rephrases grey."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def rgb(colour: str) -> tuple[int, int, int]:
    """The red, green and blue parts of a `#rrggbb` colour."""
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def xml_safe(text: str) -> str:
    """Text without the control characters XML 1.0 forbids (escaping is the writer's job)."""
    return _CONTROL.sub("", text)


def one_line(text: str) -> str:
    """Text with every run of whitespace, line breaks included, turned into one space."""
    return " ".join(text.split())


def wrap(text: str, width: int = 28) -> list[str]:
    """Text broken into lines of about `width` characters, for boxes in a diagram."""
    return textwrap.wrap(one_line(text), width) or [""]


NODE_ATTRIBUTES = ("label", "kind", "text", "map", "attributed_to", "cases", "sources")
"""The attributes of a claim in the flat graph formats (GraphML, GEXF)."""
EDGE_ATTRIBUTES = ("relation", "relation_id", "rationale", "scheme", "text", "target_relation")
"""The attributes of an edge there; `target_relation` only on undercuts."""


def node_values(node: Node) -> dict[str, str]:
    """A claim's attributes as flat strings (lists joined with '; ')."""
    return {
        "label": node.label,
        "kind": node.kind,
        "text": node.quote,
        "map": node.map,
        "attributed_to": "; ".join(node.attributed_to),
        "cases": "; ".join(node.cases),
        "sources": "; ".join(s.title for s in node.sources),
    }


def edge_values(relation: Relation) -> dict[str, str]:
    """A relation's attributes as flat strings; an undercut names the support it attacks."""
    values = {
        "relation": relation.kind,
        "relation_id": relation.id,
        "rationale": relation.rationale,
        "scheme": relation.scheme,
        "text": relation.quote,
    }
    if relation.kind == "undercuts":
        values["target_relation"] = relation.target
    return values
