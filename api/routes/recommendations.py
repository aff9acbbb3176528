"""/recommendations: what supports and undermines each recommendation, and why (argmap.analysis)."""

from __future__ import annotations

from fastapi import APIRouter

from argmap import analysis
from argmap.analysis import Analysis
from argmap.api.deps import StoreDep
from argmap.api.routes.params import MapId, MaxDepth, NodeId

router = APIRouter(tags=["recommendations"])


@router.get(
    "/recommendations",
    summary="Every recommendation of every map, with its supporters and underminers",
    response_model=list[Analysis],
    response_model_by_alias=True,
)
def all_recommendations(store: StoreDep, max_depth: MaxDepth = 6) -> list[Analysis]:
    """The analysis of each recommendation in the store, map by map."""
    return analysis.analyse_map(store, None, max_depth)


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
