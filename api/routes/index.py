"""/: the map page for a browser, the service's entry points as JSON for a program."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from pydantic import BaseModel, Field

from argmap.api import assets
from argmap.api.negotiation import check_accept, choose

router = APIRouter(tags=["health"])

MAP_PAGE = assets.STATIC / "map.html"
"""The interactive map (its script and styles are bundled into api/static/dist)."""

JSON, HTML = "application/json", "text/html"
VARY = {"Vary": "Accept"}


class Index(BaseModel):
    """The service's entry points."""

    service: str = "argmap"
    docs: str = Field(default="/docs", description="the interactive API documentation")
    openapi: str = "/openapi.json"
    sparql: str = Field(
        default="/sparql", description="the SPARQL 1.1 Protocol endpoint and query page"
    )
    queries: str = Field(default="/queries", description="the named-query catalogue")
    maps: str = "/maps"
    recommendations: str = "/recommendations"
    ontology: str = Field(default="/ontology", description="the ontology reference (HTML)")
    health: str = "/healthz"


@router.get(
    "/",
    summary="The service's entry points (JSON), or the map page for a browser",
    response_model=Index,
    responses={
        200: {"content": {HTML: {"schema": {"type": "string"}}}},
        503: {"description": "A browser asked for the map page before `make setup` built it."},
    },
)
def index(request: Request) -> Response:
    """Links to the documentation, the SPARQL endpoint and the main resources; HTML by Accept."""
    accept = request.headers.get("accept")
    check_accept(accept)
    # JSON is offered first, so a client that accepts anything (curl, */*) still gets JSON.
    if choose(accept, [JSON, HTML]) == HTML:
        if not assets.built():
            meanwhile = 'The API answers meanwhile: see <a href="/docs">/docs</a>.'
            return assets.not_built("map page", meanwhile, VARY)
        return FileResponse(MAP_PAGE, media_type=HTML, headers=VARY)
    return JSONResponse(Index().model_dump(), headers=VARY)
