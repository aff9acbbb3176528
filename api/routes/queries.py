"""/queries: the named-query catalogue, and one typed operation per named query."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from typing import Annotated, Any

import pyoxigraph as ox
from fastapi import APIRouter, HTTPException, Query, Request, Response, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, create_model

from argmap import queries
from argmap.api.deps import StoreDep
from argmap.api.negotiation import check_accept, choose
from argmap.api.routes.paging import DEFAULT_LIMIT, Limit, Offset, Page, page_headers, page_of
from argmap.api.routes.params import MAX_ID_CHARS, MAX_IRI_CHARS
from argmap.api.sparql.protocol import shown
from argmap.api.tabular import CSV, JSON, TABLE_TYPES, rows_csv
from argmap.binding import bind
from argmap.errors import NotFound
from argmap.queries import NamedQuery, Param
from argmap.vocab import IRI_PATTERN, MAP_BASE, MAP_ID_PATTERN

# What argmap.binding accepts as an IRI (controls and spaces excluded), for the OpenAPI schema.
# A `map` parameter takes a map id or a map IRI, as `argmap.queries` does.
MAP_PATTERN = rf"^(?:{MAP_ID_PATTERN[1:-1]}|{re.escape(MAP_BASE)}{MAP_ID_PATTERN[1:-1]})$"

Value = str | int | float | bool | None

PAGING = ("limit", "offset")
"""The parameters every list takes; no named query may have a parameter of these names."""


class ParamInfo(BaseModel):
    """One parameter of a named query."""

    name: str
    type: str = Field(description="iri, map (a map id or IRI), string or integer")
    description: str
    example: str | int | None
    required: bool
    default: str | int | None


class QueryInfo(BaseModel):
    """A catalogue entry: what the query asks and what it takes."""

    name: str
    summary: str
    description: str
    params: list[ParamInfo]
    tags: list[str]
    variables: list[str] = Field(description="the columns of its answer")
    path: str = Field(description="where to run it")
    sparql: str = Field(
        description="its text with each parameter bound to its example by a VALUES block at "
        "the start of the WHERE group, ready for /sparql (the SPARQL editor's examples)"
    )


def variables_of(query: NamedQuery) -> list[str]:
    """The columns a named SELECT query answers with (read by parsing it, not by running it)."""
    result = ox.Store().query(query.sparql)
    if not isinstance(result, ox.QuerySolutions):
        return []
    return [v.value for v in result.variables]


def _python_name(index: int) -> str:
    return f"param_{index}"


def _annotation(param: Param) -> Any:
    """The type and documentation FastAPI checks a parameter against (a bad value answers 422)."""
    examples = [param.example] if param.example is not None else None
    common: dict[str, Any] = {"alias": param.name, "description": param.description}
    if examples:
        common["examples"] = examples
        # Parameter-level examples are what /docs fills in for "Try it out".
        common["openapi_examples"] = {
            "catalogue": {"summary": "the catalogue's example", "value": param.example}
        }
    if param.type == "integer":
        kind: Any = int if param.required else int | None
        return Annotated[kind, Query(**common)]
    pattern = {"iri": IRI_PATTERN, "map": MAP_PATTERN}.get(param.type)
    # A map parameter may be a map's IRI: the base and an id.
    longest = {"map": len(MAP_BASE) + MAX_ID_CHARS}.get(param.type, MAX_IRI_CHARS)
    kind = str if param.required else str | None
    return Annotated[kind, Query(pattern=pattern, min_length=1, max_length=longest, **common)]


def _endpoint(query: NamedQuery) -> Callable[..., Response]:
    """A handler whose signature lists the query's own parameters, so the OpenAPI shows them."""
    names = {_python_name(i): p.name for i, p in enumerate(query.params)}
    clashing = sorted(set(names.values()) & set(PAGING))
    if clashing:
        raise ValueError(f"{query.name}.rq: a parameter may not be named {', '.join(clashing)}")

    def run_named_query(
        request: Request, store: StoreDep, limit: int, offset: int, **values: Any
    ) -> Response:
        accept = request.headers.get("accept")
        check_accept(accept)
        chosen = choose(accept, TABLE_TYPES)
        if chosen is None:
            raise HTTPException(
                status.HTTP_406_NOT_ACCEPTABLE,
                f"cannot answer in any type of `Accept: {accept}`; "
                f"this route sends {JSON} or {CSV}",
            )
        given = {names[key]: value for key, value in values.items() if value is not None}
        # A map or node the store lacks is a 404, not an empty table that reads like an answer.
        queries.require_named_nodes(store, query, queries.bindings_for(query, given))
        page = queries.run_page(store, query.name, given, limit=limit, offset=offset)
        headers = page_headers(request, page.total, limit, offset)
        rows = page.table.as_python()
        if chosen == CSV:
            # CSV has no room for the total: the headers carry it, and the link to what follows.
            return Response(
                rows_csv(page.table.variables, rows),
                media_type=f"{CSV}; charset=utf-8",
                headers=headers,
            )
        body = page_of(request, rows, page.total, limit, offset)
        return JSONResponse(body.model_dump(), headers=headers)

    parameters = [
        inspect.Parameter("request", inspect.Parameter.KEYWORD_ONLY, annotation=Request),
        inspect.Parameter("store", inspect.Parameter.KEYWORD_ONLY, annotation=StoreDep),
        inspect.Parameter(
            "limit", inspect.Parameter.KEYWORD_ONLY, annotation=Limit, default=DEFAULT_LIMIT
        ),
        inspect.Parameter("offset", inspect.Parameter.KEYWORD_ONLY, annotation=Offset, default=0),
    ]
    for index, param in enumerate(query.params):
        default = inspect.Parameter.empty if param.required else param.default
        parameters.append(
            inspect.Parameter(
                _python_name(index),
                inspect.Parameter.KEYWORD_ONLY,
                annotation=_annotation(param),
                default=default,
            )
        )
    # FastAPI reads the handler's signature; this one is made from the catalogue entry.
    setattr(run_named_query, "__signature__", inspect.Signature(parameters))  # noqa: B010
    return run_named_query


def _row_model(query: NamedQuery, variables: list[str]) -> type[BaseModel]:
    fields: dict[str, Any] = {v: (Value, None) for v in variables}
    return create_model(f"Row_{query.name.replace('-', '_')}", **fields)


def build_router(catalogue: dict[str, NamedQuery]) -> APIRouter:
    """The /queries routes: the catalogue listing, one operation per query, a 404 for the rest."""
    router = APIRouter(tags=["queries"])
    entries = []
    for query in catalogue.values():
        variables = variables_of(query)
        path = f"/queries/{query.name}"
        example = {p.name: p.example for p in query.params if p.example is not None}
        sparql = bind(query.sparql, queries.bindings_for(query, example))
        entries.append(QueryInfo(**query.as_dict(), variables=variables, path=path, sparql=sparql))
        router.add_api_route(
            path,
            _endpoint(query),
            methods=["GET"],
            summary=query.summary,
            description=(
                f"{query.description}\n\nAnswers a page of JSON rows, `{{total, limit, offset, "
                f"next, items}}` (or the page's rows as CSV with `Accept: {CSV}`, the total in "
                f"`X-Total-Count`), with the columns {', '.join(variables)}. Example: `{path}?"
                + "&".join(f"{k}={v}" for k, v in example.items())
                + "`."
            ),
            operation_id=f"query_{query.name.replace('-', '_')}",
            response_model=Page[_row_model(query, variables)],  # type: ignore[misc]
            responses={
                200: {"content": {CSV: {"schema": {"type": "string"}}}},
                400: {"description": "An absurd Accept header (bad q-values, too long)."},
                404: {"description": "No such map or node."},
                406: {"description": f"Neither {JSON} nor {CSV} is acceptable."},
                422: {
                    "description": "A parameter is missing or of the wrong type, or `limit` or "
                    "`offset` is out of bounds."
                },
            },
        )

    @router.get("/queries", summary="The named-query catalogue, a page at a time")
    def list_queries(
        request: Request, response: Response, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0
    ) -> Page[QueryInfo]:
        """The named queries by name, with their summaries, parameters and columns."""
        # The catalogue is a few dozen entries held in memory: a slice of it costs nothing.
        total = len(entries)
        response.headers.update(page_headers(request, total, limit, offset))
        return page_of(request, entries[offset : offset + limit], total, limit, offset)

    @router.get("/queries/{name}", include_in_schema=False)
    def unknown_query(name: str) -> Response:
        """Any other name: 404 naming the queries there are."""
        raise NotFound(f"no named query {shown(name)}; the catalogue has: {', '.join(catalogue)}")

    return router
