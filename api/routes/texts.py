"""/maps/{map_id}/text: the text a map analyses, and where each node's words are in it."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from argmap import texts
from argmap.api.deps import StoreDep
from argmap.api.routes.maps import find_map
from argmap.api.routes.params import MapId
from argmap.errors import NotFound

router = APIRouter(tags=["maps"])


class Span(BaseModel):
    """A node's words in the text: [start, end) in Unicode code points of the body."""

    node: str = Field(examples=["cx-syria"])
    start: int
    end: int
    exact: str


class MapText(BaseModel):
    """The analysed text with the anchors of every claim, relation, case and source in it."""

    map: str
    iri: str = Field(description="IRI of the text (a prov:Entity in the map)")
    path: str | None = Field(description="its file, relative to the folder that holds data/")
    format: str | None = Field(examples=["text/markdown"])
    body: str | None = Field(
        description="the body the offsets count in; null when the file is not on this server"
    )
    anchors: list[Span]


@router.get(
    "/maps/{map_id}/text",
    summary="The text a map analyses, with where each node's words are in it",
    response_model=MapText,
    responses={404: {"description": "No such map, or the map names no text."}},
)
def map_text(map_id: MapId, store: StoreDep) -> MapText:
    """The body of the map's text and every anchor in it, in the order of the text."""
    find_map(store, map_id)
    found = texts.text_of(store, map_id)
    if found is None:
        raise NotFound(f"map {map_id!r} names no text")
    return MapText(
        map=map_id,
        iri=found.iri,
        path=found.path,
        format=found.format,
        body=found.body,
        anchors=[
            Span(node=a.node, start=a.start, end=a.end, exact=a.exact)
            for a in texts.anchored(store, map_id)
        ],
    )
