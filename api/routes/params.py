"""Path parameters shared by the map, claim and recommendation routes, and their bounds."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

from argmap.api.sparql.protocol import MAX_IRI_CHARS
from argmap.vocab import MAP_ID_PATTERN, NODE_ID_PATTERN

__all__ = ["MAX_ID_CHARS", "MAX_IRI_CHARS", "MapId", "MaxDepth", "NodeId"]

MAX_ID_CHARS = 200
"""The longest map or node id a route takes: a longer one names nothing, and every message
that names the id would repeat it."""

MapId = Annotated[
    str,
    Path(
        description="The id of a map (as in its IRI https://w3id.org/argmap/map/{map_id}).",
        pattern=MAP_ID_PATTERN,
        max_length=MAX_ID_CHARS,
        examples=["gallagher-2022"],
    ),
]
NodeId = Annotated[
    str,
    Path(
        description="The id of a node of the map (the last segment of its IRI).",
        pattern=NODE_ID_PATTERN,
        max_length=MAX_ID_CHARS,
        examples=["idc-rec-iii"],
    ),
]
MaxDepth = Annotated[
    int,
    Query(ge=1, le=20, description="How many relations a chain of reasons may have.", examples=[6]),
]
