"""/: where everything is, for a person or a program arriving at the service's root."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

router = APIRouter(tags=["health"])


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


@router.get("/", summary="The service's entry points", response_model=Index)
def index() -> Index:
    """Links to the documentation, the SPARQL endpoint and the main resources."""
    return Index()
