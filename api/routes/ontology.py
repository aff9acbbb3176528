"""/ontology: the HTML reference of the argmap ontology (pyLODE), and the ontology as Turtle."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from argmap import reference, resources

router = APIRouter(tags=["ontology"])


@router.get("/ontology", summary="The ontology reference (HTML)", response_class=HTMLResponse)
def ontology_page() -> HTMLResponse:
    """Every class and property of the ontology with its label, comment and axioms."""
    return HTMLResponse(reference.ontology_html())


@router.get(
    "/ontology.ttl",
    summary="The ontology as Turtle",
    response_class=Response,
    responses={200: {"content": {"text/turtle": {}}}},
)
def ontology_turtle() -> Response:
    """The OWL 2 ontology, as shipped with this version of argmap."""
    text = resources.ontology_file().read_text(encoding="utf-8")
    return Response(text, media_type="text/turtle; charset=utf-8")
