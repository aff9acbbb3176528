"""/ontology: the ontology's IRI dereferenced (pyLODE's HTML reference, or the ontology as RDF).

`/ontology.ttl` stays, for links and scripts that name the Turtle file.
"""

from __future__ import annotations

from functools import cache

from fastapi import APIRouter, Request
from fastapi.responses import Response
from rdflib import Graph

from argmap import reference, resources
from argmap.api.linked_data import representations as rep
from argmap.vocab import PREFIXES

router = APIRouter(tags=["ontology"])


@cache
def _ontology_graph() -> Graph:
    # Parsed once per process: the shipped ontology does not change while the service runs.
    return Graph().parse(resources.ontology_file(), format="turtle")


def _turtle() -> Response:
    text = resources.ontology_file().read_text(encoding="utf-8")
    return Response(text, media_type="text/turtle; charset=utf-8")


@router.get(
    "/ontology",
    summary="The ontology: its reference (HTML), or the ontology in the RDF format of Accept",
    response_class=Response,
    responses={
        200: {
            "description": "The HTML reference for a browser, else Turtle, N-Triples, JSON-LD "
            "or RDF/XML by `Accept` (or `?format=`).",
            "content": rep.content([rep.HTML, *rep.RDF_TYPES]),
        },
        406: {"description": "None of the media types of `Accept` is one of these."},
    },
)
def ontology_page(request: Request, format: rep.PageFormat = None) -> Response:
    """Every class and property of the ontology with its label, comment and axioms."""
    media_type = rep.negotiate(request, format, html=True, what="ontology")
    alternates = rep.alternates("/ontology")
    if media_type == rep.HTML:
        return rep.html_response(reference.ontology_html(), alternates)
    if media_type == "text/turtle":
        # The file itself, comments and order kept, rather than rdflib's rewriting of it.
        response = _turtle()
        response.headers.update({**rep.VARY, **rep.link_header(alternates)})
        return response
    return rep.rdf_response(_ontology_graph(), media_type, context=PREFIXES, links=alternates)


@router.get(
    "/ontology.ttl",
    summary="The ontology as Turtle",
    response_class=Response,
    responses={200: {"content": {"text/turtle": {}}}},
)
def ontology_turtle() -> Response:
    """The OWL 2 ontology, as shipped with this version of argmap."""
    return _turtle()
