"""One resource, several representations: an HTML page for people, RDF by `Accept` for programs.

The RDF media types are those of /sparql's graph results (`api.sparql.formats.GRAPH_FORMATS`),
serialised by rdflib under the names of the same table. A `format` query parameter (an export
format name: `turtle`, `ntriples`, `rdfxml`, `jsonld`, or `html`) overrides `Accept`, so that a
link can name one representation.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query, Request, Response
from fastapi.responses import HTMLResponse
from rdflib import Graph

from argmap import export
from argmap.api.negotiation import check_accept, choose
from argmap.api.sparql.engines import not_acceptable
from argmap.api.sparql.formats import GRAPH_FORMATS, RDFLIB_NAMES, by_media_type, offers

HTML = "text/html"
VARY = {"Vary": "Accept"}
RDF_TYPES = [f.media_type for f in GRAPH_FORMATS]
"""The RDF media types a Linked Data resource answers in, the default first."""


def format_names() -> dict[str, str]:
    """The export names of the RDF formats a resource answers in (`turtle`: text/turtle)."""
    return {
        name: fmt.media_type for name, fmt in export.FORMATS.items() if fmt.media_type in RDF_TYPES
    }


def _format_param(names: list[str]) -> object:
    return Query(
        description="Overrides `Accept`: " + ", ".join(names) + ".",
        pattern="^(" + "|".join(names) + ")$",
        max_length=16,
    )


PageFormat = Annotated[str | None, _format_param(["html", *format_names()])]
"""`?format=` of a resource with a page: html or an RDF format."""
DataFormat = Annotated[str | None, _format_param(list(format_names()))]
"""`?format=` of a resource that is only data: an RDF format."""


def content(media_types: list[str]) -> dict[str, Any]:
    """The OpenAPI `content` of a resource: JSON-LD is a document, the rest text."""
    return {
        t: {"schema": {} if t == "application/ld+json" else {"type": "string"}} for t in media_types
    }


def negotiate(request: Request, named: str | None, *, html: bool, what: str) -> str:
    """The media type to answer in: the `format` named, else the best of `Accept`; 406 if none."""
    if named is not None:
        return HTML if named == "html" else format_names()[named]
    accept = request.headers.get("accept")
    check_accept(accept)
    # HTML first: a client that accepts anything (curl, a link followed) is most often a person.
    available = [HTML, *offers(GRAPH_FORMATS)] if html else offers(GRAPH_FORMATS)
    chosen = choose(accept, available)
    if chosen is None:
        raise not_acceptable(accept, what, [HTML, *RDF_TYPES] if html else RDF_TYPES)
    return HTML if chosen == HTML else by_media_type(GRAPH_FORMATS, chosen).media_type


def rdf_response(
    graph: Graph,
    media_type: str,
    *,
    context: dict[str, Any] | None = None,
    links: dict[str, str] | None = None,
) -> Response:
    """The graph in `media_type`; JSON-LD compacted with `context` when one is given."""
    fmt = by_media_type(GRAPH_FORMATS, media_type)
    name = RDFLIB_NAMES[fmt.media_type]
    options: dict[str, Any] = {}
    if name == "json-ld" and context is not None:
        options = {"context": context, "auto_compact": True}
    body = graph.serialize(format=name, encoding="utf-8", **options)
    return Response(body, media_type=fmt.content_type, headers={**VARY, **link_header(links)})


def html_response(page: str, links: dict[str, str] | None = None) -> HTMLResponse:
    """An HTML page that says it is one representation of several."""
    return HTMLResponse(page, headers={**VARY, **link_header(links)})


def link_header(links: dict[str, str] | None) -> dict[str, str]:
    """A `Link` header naming each alternate representation (media type: URL)."""
    if not links:
        return {}
    value = ", ".join(f'<{href}>; rel="alternate"; type="{t}"' for t, href in links.items())
    return {"Link": value}


def alternates(path: str) -> dict[str, str]:
    """The URL of each RDF representation of the resource at `path`, by media type."""
    return {media_type: f"{path}?format={name}" for name, media_type in format_names().items()}
