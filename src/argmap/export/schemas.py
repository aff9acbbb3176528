"""The JSON shapes of the external formats argmap writes, as TypedDicts.

AIF is the AIFdb JSON of the Argument Interchange Format (what AIFdb serves, OVA and arguebuf
read): `nodes`, `edges`, `locutions`. Node ids are strings. argmap adds a few keys of its own to
nodes (`argmapID`, `argmapKind`, `quote`, `rationale`); AIF readers ignore keys they do not know,
as they ignore AIFdb's own `scheme`/`schemeID`.

Cytoscape is the `.cyjs` document Cytoscape desktop exports and imports, whose `elements` is
what Cytoscape.js takes. NodeLink is the node-link JSON of d3's force layout, in the shape
`networkx.node_link_data` writes (`nodes`, `links`).
"""

from __future__ import annotations

from typing import Literal, NotRequired, TypedDict

AifNodeType = Literal["I", "RA", "CA", "MA"]


class AifNode(TypedDict):
    """An I-node (a claim) or an S-node (RA inference, CA conflict, MA rephrase)."""

    nodeID: str
    text: str
    type: AifNodeType
    timestamp: NotRequired[str]
    scheme: NotRequired[str]
    argmapID: NotRequired[str]
    argmapKind: NotRequired[str]
    quote: NotRequired[str]
    rationale: NotRequired[str]


class AifEdge(TypedDict):
    """A directed edge between two AIF nodes."""

    edgeID: str
    fromID: str
    toID: str
    formEdgeID: None


class AifLocution(TypedDict):
    """A locution (who said an L-node); argmap writes none."""

    nodeID: str
    personID: str
    timestamp: str
    start: str | None
    end: str | None
    source: str | None


class AifGraph(TypedDict):
    """An AIFdb JSON document."""

    nodes: list[AifNode]
    edges: list[AifEdge]
    locutions: list[AifLocution]


class CyNode(TypedDict):
    """A Cytoscape node element."""

    data: CyNodeData
    classes: str


class CyEdge(TypedDict):
    """A Cytoscape edge element."""

    data: CyEdgeData
    classes: str


class CyElements(TypedDict):
    """Nodes and edges, the argument of `cytoscape({elements})`."""

    nodes: list[CyNode]
    edges: list[CyEdge]


class CyNetworkData(TypedDict):
    """Network-level data: its name and where it came from."""

    name: str
    map: str
    iri: str


class CytoscapeDocument(TypedDict):
    """A `.cyjs` document."""

    format_version: str
    generated_by: str
    target_cytoscapejs_version: str
    data: CyNetworkData
    elements: CyElements


class NodeLinkNode(TypedDict):
    """A node of the d3 graph."""

    id: str
    label: str
    kind: str
    text: str
    map: str
    color: str
    attributed_to: list[str]
    cases: list[str]
    sources: list[str]


class NodeLinkLink(TypedDict):
    """A link of the d3 graph, from `source` to `target` (node ids)."""

    id: str
    source: str
    target: str
    relation: str
    rationale: str
    scheme: str
    text: str
    color: str
    target_relation: NotRequired[str]
    relation_id: NotRequired[str]
    """On each link of a linked relation (one link per premise): the relation's id."""


class CyNodeData(NodeLinkNode):
    """The data of a Cytoscape node: `name` is what Cytoscape desktop shows (the label)."""

    name: str


class CyEdgeData(NodeLinkLink):
    """The data of a Cytoscape edge; `interaction` is Cytoscape desktop's edge type column."""

    interaction: str


class NodeLinkGraphData(TypedDict):
    """Graph-level data of the d3 graph."""

    id: str
    title: str
    iri: str


class NodeLink(TypedDict):
    """The node-link JSON of d3 (and `networkx.node_link_graph(data, edges="links")`)."""

    directed: bool
    multigraph: bool
    graph: NodeLinkGraphData
    nodes: list[NodeLinkNode]
    links: list[NodeLinkLink]
