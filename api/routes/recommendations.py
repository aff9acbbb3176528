"""/recommendations: what supports and undermines each recommendation, and why (argmap.analysis)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from argmap import analysis, model, queries
from argmap.analysis import Analysis
from argmap.api.deps import StoreDep
from argmap.api.routes.paging import DEFAULT_LIMIT, Limit, Offset, Page, page_headers, page_of
from argmap.api.routes.params import MapId, MaxDepth, NodeId
from argmap.model import ArgumentMap
from argmap.vocab import map_id_of, node_id_of

router = APIRouter(tags=["recommendations"])


@router.get(
    "/recommendations",
    summary="The recommendations of every map, with supporters and underminers, a page at a time",
    response_model=Page[Analysis],
    response_model_by_alias=True,
)
def all_recommendations(
    request: Request,
    response: Response,
    store: StoreDep,
    max_depth: MaxDepth = 6,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> Page[Analysis]:
    """The analysis of each recommendation on the page, map by map, as `analyse_map` orders them."""
    # The page of recommendations comes from the engine; only the maps on it are loaded.
    page = queries.run_page(store, "recommendations", limit=limit, offset=offset)
    graphs: dict[str, ArgumentMap] = {}
    items = []
    for row in page.table.rows:
        map_id = map_id_of(str(row["map"])) or ""
        if map_id not in graphs:
            graphs[map_id] = model.load(store, map_id)
        node_id = node_id_of(str(row["recommendation"]))
        items.append(analysis.analyse_claim(graphs[map_id], node_id, max_depth))
    response.headers.update(page_headers(request, page.total, limit, offset))
    return page_of(request, items, page.total, limit, offset)


@router.get(
    "/recommendations/{map_id}/{node_id}",
    summary="What supports and undermines one claim, through chains of reasons",
    response_model=Analysis,
    response_model_by_alias=True,
    responses={404: {"description": "No such map, or no such claim in it."}},
)
def one_recommendation(
    map_id: MapId, node_id: NodeId, store: StoreDep, max_depth: MaxDepth = 6
) -> Analysis:
    """The analysis of a recommendation (or any claim): anchor, sources, supporters, underminers."""
    return analysis.analyse_node(store, map_id, node_id, max_depth)
