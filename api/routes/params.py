"""Path parameters shared by the map, claim and recommendation routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

from argmap.vocab import MAP_ID_PATTERN, NODE_ID_PATTERN

MapId = Annotated[
    str,
    Path(
        description="The id of a map (as in its IRI https://w3id.org/argmap/map/{map_id}).",
        pattern=MAP_ID_PATTERN,
        examples=["gallagher-2022"],
    ),
]
NodeId = Annotated[
    str,
    Path(
        description="The id of a node of the map (the last segment of its IRI).",
        pattern=NODE_ID_PATTERN,
        examples=["idc-rec-iii"],
    ),
]
MaxDepth = Annotated[
    int,
    Query(ge=1, le=20, description="How many relations a chain of reasons may have.", examples=[6]),
]
