"""/map/{map_id} and /map/{map_id}/{node_id}: the IRIs of maps and nodes, dereferenced.

Each answers, by `Accept`, an HTML page for a browser or its description as Turtle, JSON-LD,
N-Triples or RDF/XML (`argmap.describe`); the path is the IRI's after https://w3id.org/argmap.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from argmap import describe, texts
from argmap.api.deps import StoreDep
from argmap.api.linked_data import representations as rep
from argmap.api.linked_data import templates, view
from argmap.api.linked_data.void import void_description
from argmap.api.routes.maps import find_map
from argmap.api.routes.params import MapId, NodeId
from argmap.errors import NotFound
from argmap.export._rdf import context
from argmap.vocab import PREFIXES, map_iri, node_iri

router = APIRouter(tags=["linked data"])

_RESPONSES: dict[int | str, dict[str, object]] = {
    200: {
        "description": "An HTML page, or the description in the RDF format `Accept` prefers.",
        "content": rep.content([rep.HTML, *rep.RDF_TYPES]),
    },
    404: {"description": "No such map, or no such node in it."},
    406: {"description": "None of the media types of `Accept` is one of these."},
}


@router.get(
    "/map/{map_id}",
    summary="A map's IRI: an HTML page of its nodes, or its description as RDF",
    response_class=Response,
    responses=_RESPONSES,
)
def map_resource(
    request: Request, map_id: MapId, store: StoreDep, format: rep.PageFormat = None
) -> Response:
    """The map's metadata and its nodes with their kinds and labels; the whole map is its export."""
    media_type = rep.negotiate(request, format, html=True, what="map")
    find_map(store, map_id)
    graph = describe.describe_map(store, map_id)
    path = f"/map/{map_id}"
    alternates = {
        **rep.alternates(path),
        "application/trig": f"/maps/{map_id}/export?format=trig",
        "application/n-quads": f"/maps/{map_id}/export?format=nquads",
    }
    if media_type == rep.HTML:
        page = view.map_page(graph, map_iri(map_id))
        return rep.html_response(templates.map_html(page, alternates), alternates)
    return rep.rdf_response(graph, media_type, context=context(map_id), links=alternates)


@router.get(
    "/map/{map_id}/{node_id}",
    summary="A node's IRI: an HTML page with its quote in context, or its description as RDF",
    response_class=Response,
    responses=_RESPONSES,
)
def node_resource(
    request: Request,
    map_id: MapId,
    node_id: NodeId,
    store: StoreDep,
    format: rep.PageFormat = None,
) -> Response:
    """The node's triples, what points at it, its relations, anchor, verdicts and neighbours."""
    media_type = rep.negotiate(request, format, html=True, what="node")
    find_map(store, map_id)
    graph = describe.describe_node(store, map_id, node_id)
    node = node_iri(map_id, node_id)
    if not describe.has_subject(graph, node):
        raise NotFound(f"no node {node_id!r} in map {map_id!r}")
    alternates = rep.alternates(f"/map/{map_id}/{node_id}")
    if media_type == rep.HTML:
        text = texts.text_of(store, map_id)
        page = view.node_page(graph, node, text.body if text is not None else None)
        return rep.html_response(templates.node_html(page, alternates), alternates)
    return rep.rdf_response(graph, media_type, context=context(map_id), links=alternates)


@router.get(
    "/.well-known/void",
    summary="The VoID description of the dataset: its endpoint, size, vocabularies and maps",
    response_class=Response,
    responses={
        200: {
            "description": "VoID in Turtle (default) or another RDF format of `Accept`.",
            "content": rep.content(rep.RDF_TYPES),
        },
        406: {"description": "None of the media types of `Accept` is an RDF format."},
    },
)
def void(request: Request, store: StoreDep, format: rep.DataFormat = None) -> Response:
    """The store as a void:Dataset, with one void:subset per map (its graph and triples)."""
    media_type = rep.negotiate(request, format, html=False, what="VoID description")
    graph = void_description(store, str(request.base_url).rstrip("/"))
    return rep.rdf_response(graph, media_type, context=PREFIXES)
