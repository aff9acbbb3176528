"""The AIF JSON formats the importer reads, described as TypedDicts.

AIFdb (aifdb.org) serves a map as `{nodes, edges, locutions}`; OVA3 saves "xAIF", which wraps the
same lists in an `AIF` object beside the analysed `text` and OVA's layout. Ids are strings in
AIFdb and sometimes numbers in xAIF, so readers turn them into strings.
"""

from __future__ import annotations

from typing import Literal, NotRequired, TypedDict

ArgumentType = Literal["I", "RA", "CA", "MA", "PA"]
DialogueType = Literal["L", "YA", "TA"]

ARGUMENT_TYPES: frozenset[str] = frozenset({"I", "RA", "CA", "MA", "PA"})
"""Node types of the argument layer: information (claims) and scheme applications."""

DIALOGUE_TYPES: frozenset[str] = frozenset({"L", "YA", "TA"})
"""Node types of the dialogue layer: locutions, illocutionary anchors, transitions."""

SCHEME_TYPES: frozenset[str] = frozenset({"RA", "CA", "MA", "PA"})
"""The S-nodes of the argument layer: inference, conflict, rephrase, preference."""


class AifNode(TypedDict):
    """A node: `text` is the proposition (I), the words spoken (L) or the scheme name (S-nodes).

    argmap's own AIF export adds `argmapID` (the node id), `argmapKind` (the claim kind, or
    supports/rebuts/undercuts/rephrases), `quote` (the words of the analysed text) and
    `rationale`; other AIF tools ignore them, and the importer uses them when they are there.
    """

    nodeID: str | int
    type: str
    text: NotRequired[str]
    timestamp: NotRequired[str]
    scheme: NotRequired[str]
    schemeID: NotRequired[str | int]
    argmapID: NotRequired[str]
    argmapKind: NotRequired[str]
    quote: NotRequired[str]
    rationale: NotRequired[str]


class AifEdge(TypedDict):
    """A directed edge between two nodes; AIF S-nodes sit between the claims they relate."""

    fromID: str | int
    toID: str | int
    edgeID: NotRequired[str | int]
    formEdgeID: NotRequired[str | int | None]


class AifLocution(TypedDict):
    """Who spoke an L-node, and when."""

    nodeID: str | int
    personID: NotRequired[str | int]
    timestamp: NotRequired[str]
    start: NotRequired[str | None]
    end: NotRequired[str | None]
    source: NotRequired[str | None]


class AifParticipant(TypedDict):
    """A speaker named in an xAIF file."""

    participantID: str | int
    firstname: NotRequired[str]
    surname: NotRequired[str]


class AifGraph(TypedDict):
    """An AIFdb map, which is also the `AIF` object of an xAIF file."""

    nodes: list[AifNode]
    edges: list[AifEdge]
    locutions: NotRequired[list[AifLocution]]
    participants: NotRequired[list[AifParticipant]]
    schemefulfillments: NotRequired[list[dict[str, str | int]]]


class XaifDocument(TypedDict):
    """An OVA3 / xAIF file: the AIF graph, the analysed text and OVA's drawing of it."""

    AIF: AifGraph
    text: NotRequired[str | dict[str, str]]
    OVA: NotRequired[dict[str, object]]
