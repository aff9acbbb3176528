"""/sparql: the SPARQL 1.1 Protocol (queries for everyone; updates with the bearer token)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response, status
from fastapi.responses import FileResponse

from argmap.api import assets
from argmap.api.deps import ServicesDep, authorise
from argmap.api.negotiation import check_accept, choose
from argmap.api.services import Services
from argmap.api.sparql import protocol
from argmap.api.sparql.description import graph_sizes, service_description
from argmap.api.sparql.engines import Engine, IsolatedEngine, not_acceptable
from argmap.api.sparql.formats import (
    GRAPH_FORMATS,
    RDFLIB_NAMES,
    RESULTS_FORMATS,
    by_media_type,
    offers,
)
from argmap.errors import StoreError

router = APIRouter(tags=["sparql"])

QUERY_PAGE = assets.STATIC / "sparql.html"
"""The SPARQL editor: YASGUI, configured by api/static/src/sparql.js."""
HTML = "text/html"
ANY_RESULT = offers(RESULTS_FORMATS) + offers(GRAPH_FORMATS)
EXAMPLE_QUERY = (
    "PREFIX am: <https://w3id.org/argmap#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "SELECT ?recommendation ?label\n"
    "WHERE { ?recommendation a am:Recommendation ; rdfs:label ?label }"
)


RESULTS_JSON_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["head"],
    "properties": {
        "head": {"type": "object"},
        "results": {"type": "object", "properties": {"bindings": {"type": "array"}}},
        "boolean": {"type": "boolean"},
    },
}


def _schema(media_type: str) -> dict[str, Any]:
    if media_type in ("application/sparql-results+json", "application/json"):
        return RESULTS_JSON_SCHEMA
    if media_type == "application/ld+json":
        return {}  # a JSON-LD document: an object or an array
    return {"type": "string"}


def _content(media_types: list[str]) -> dict[str, Any]:
    return {m: {"schema": _schema(m)} for m in media_types}


_GRAPH_PARAMS = [
    {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": {"type": "array", "items": {"type": "string", "format": "iri"}},
        "style": "form",
        "explode": True,
    }
    for name, description in (
        ("default-graph-uri", "A graph of the default graph (their merge); replaces FROM."),
        ("named-graph-uri", "A graph the query may name with GRAPH; replaces FROM NAMED."),
    )
]
_ERRORS = {
    "400": {
        "description": "No query, two queries, a syntax error (with its position), a text that "
        "is not UTF-8 or holds a NUL, a bad dataset IRI, or an absurd Accept header."
    },
    "406": {"description": "No acceptable media type for this kind of result."},
    "413": {"description": "A query, body or result over its size limit (named in the message)."},
    "503": {
        "description": "The store is not open, or the query was stopped at its time or memory "
        "limit (ARGMAP_QUERY_TIMEOUT_S, ARGMAP_QUERY_MEMORY_MB)."
    },
}
GET_DOC: dict[str, Any] = {
    "parameters": [
        {
            "name": "query",
            "in": "query",
            "required": False,
            "description": "A SPARQL 1.1 query. Without it, GET answers the service description.",
            "schema": {"type": "string"},
            "example": EXAMPLE_QUERY,
        },
        *_GRAPH_PARAMS,
    ],
    "responses": {
        "200": {
            "description": "Query results, or the service description (or the query page for "
            "a browser) when there is no query.",
            "content": _content([*ANY_RESULT, HTML]),
        },
        **_ERRORS,
    },
}
POST_DOC: dict[str, Any] = {
    "parameters": _GRAPH_PARAMS,
    "requestBody": {
        "required": True,
        "content": {
            protocol.FORM: {
                "schema": {
                    "type": "object",
                    "properties": {
                        "query": {"type": "string", "example": EXAMPLE_QUERY},
                        "update": {"type": "string"},
                        "default-graph-uri": {"type": "array", "items": {"type": "string"}},
                        "named-graph-uri": {"type": "array", "items": {"type": "string"}},
                        "using-graph-uri": {"type": "array", "items": {"type": "string"}},
                        "using-named-graph-uri": {"type": "array", "items": {"type": "string"}},
                    },
                }
            },
            protocol.QUERY_BODY: {"schema": {"type": "string"}, "example": EXAMPLE_QUERY},
            protocol.UPDATE_BODY: {"schema": {"type": "string"}},
        },
    },
    "responses": {
        "200": {"description": "Query results.", "content": _content(ANY_RESULT)},
        "204": {"description": "The update was applied."},
        "401": {"description": "An update without the right bearer token."},
        "403": {
            "description": "An update while updates are disabled (no ARGMAP_UPDATE_TOKEN), or "
            "one that would change a graph that is not a map's (DROP ALL, the ontology, "
            "inferences, the default graph)."
        },
        "422": {"description": "An update that leaves a map breaking the shapes or checks."},
        "415": {"description": "A body that is neither form-encoded nor SPARQL (UTF-8)."},
        **_ERRORS,
    },
}


def endpoint_iri(request: Request) -> str:
    """The endpoint's own IRI: the base of relative IRIs in queries and updates."""
    return str(request.url.replace(query="", fragment=""))


def _engine(services: Services) -> Engine:
    if services.engine is None:
        raise StoreError("the store is not open yet; try again in a moment")
    return services.engine


async def _answer(
    request: Request, services: Services, operation: protocol.QueryOperation
) -> Response:
    accept = request.headers.get("accept")
    check_accept(accept)  # the workers negotiate only headers that pass
    if choose(accept, ANY_RESULT) is None:  # refuse before doing any work
        raise not_acceptable(accept, "query", ANY_RESULT)
    engine, base = _engine(services), endpoint_iri(request)
    answer = None
    if isinstance(engine, IsolatedEngine):  # no thread hop while a worker waits ready
        answer = await engine.query_async(operation, accept, base)
    if answer is None:
        answer = await services.run_query(lambda: engine.query(operation, accept, base))
    return Response(
        answer.body,
        status_code=answer.status,
        media_type=answer.content_type,
        headers={"Vary": "Accept"},
    )


async def _describe(request: Request, services: Services) -> Response:
    accept = request.headers.get("accept")
    check_accept(accept)
    chosen = choose(accept, [*offers(GRAPH_FORMATS), HTML])
    if chosen is None:
        raise not_acceptable(accept, "service description", [*offers(GRAPH_FORMATS), HTML])
    if chosen == HTML:
        if not assets.built():  # the editor is YASGUI, from the npm build: say what to run
            meanwhile = "The endpoint answers programs meanwhile: <code>/sparql?query=…</code>."
            return assets.not_built("SPARQL editor", meanwhile, {"Vary": "Accept"})
        return FileResponse(QUERY_PAGE, media_type="text/html", headers={"Vary": "Accept"})
    engine, store = _engine(services), services.store
    assert store is not None  # attached together with the engine
    sizes = await services.run_query(lambda: graph_sizes(store))
    graph = service_description(
        endpoint_iri(request),
        sizes,
        update=services.settings.updates_enabled,
        union_default_graph=engine.union_default_graph,
    )
    fmt = by_media_type(GRAPH_FORMATS, chosen)
    body = graph.serialize(format=RDFLIB_NAMES[fmt.media_type], encoding="utf-8")
    return Response(body, media_type=fmt.content_type, headers={"Vary": "Accept"})


@router.get(
    "/sparql",
    summary="SPARQL query (GET), or the service description",
    description="The SPARQL 1.1 Protocol query operation by GET. The default graph is the "
    "union of all graphs unless the query (FROM) or the request (default-graph-uri) names "
    "graphs. Results are negotiated by `Accept`: SPARQL JSON (default), XML, CSV, TSV; "
    "CONSTRUCT/DESCRIBE as Turtle (default), N-Triples, JSON-LD, RDF/XML. Without a query "
    "it answers the SPARQL Service Description, or a query page for a browser.",
    response_class=Response,
    openapi_extra=GET_DOC,
)
async def sparql_get(request: Request, services: ServicesDep) -> Response:
    """Answer a GET: a query, or the description of the service."""
    operation = protocol.read_get(request)
    if operation is None:
        return await _describe(request, services)
    protocol.check_size(operation.text, "query", services.settings.query_max_kb)
    return await _answer(request, services, operation)


@router.post(
    "/sparql",
    summary="SPARQL query or update (POST)",
    description="A query form-encoded (`query=`) or as the body (`application/sparql-query`), "
    "or an update (`update=` or `application/sparql-update`) with "
    "`Authorization: Bearer <ARGMAP_UPDATE_TOKEN>`; updates are refused (403) when no "
    "token is configured.",
    response_class=Response,
    openapi_extra=POST_DOC,
)
async def sparql_post(request: Request, services: ServicesDep) -> Response:
    """Answer a POST: a query, or an authorised update."""
    operation = await protocol.read_post(request)
    kind = "update" if isinstance(operation, protocol.UpdateOperation) else "query"
    protocol.check_size(operation.text, kind, services.settings.query_max_kb)
    if isinstance(operation, protocol.UpdateOperation):
        authorise(request, services.settings)
        update, base = operation, endpoint_iri(request)
        await services.run_write(lambda writer: writer.update(update, base))
        return Response(status_code=status.HTTP_204_NO_CONTENT)
    return await _answer(request, services, operation)


@router.api_route("/sparql", methods=["PUT", "DELETE", "PATCH", "OPTIONS"], include_in_schema=False)
async def sparql_other(request: Request) -> Response:
    """Any other method: 405, naming both methods the protocol uses (one route has one each)."""
    raise HTTPException(
        status.HTTP_405_METHOD_NOT_ALLOWED,
        f"{request.method} is not a SPARQL 1.1 Protocol operation; use GET or POST",
        headers={"Allow": "GET, HEAD, POST"},
    )
