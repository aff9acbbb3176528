"""/recommendations: what supports and undermines each recommendation, and why (argmap.analysis)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from argmap import analysis
from argmap.api.deps import StoreDep
from argmap.api.routes.params import MapId, MaxDepth, NodeId

router = APIRouter(tags=["recommendations"])


class _Open(BaseModel):
    # Fields added to the analysis later pass through rather than vanish.
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class SourceRef(_Open):
    """A source a claim is taken from."""

    id: str
    iri: str
    title: str


class Anchor(_Open):
    """The words of the text that state a claim, and their offsets (Unicode code points)."""

    exact: str
    start: int | None
    end: int | None


class Step(_Open):
    """One link of a chain: `from` stands in `relation` to `to`."""

    from_: str = Field(alias="from", serialization_alias="from")
    relation: Literal["supports", "rebuts", "undercuts"]
    to: str
    relation_id: str
    rationale: str | None
    quote: str | None
    undercut_support: str | None = Field(
        None, description="for an undercut: the support relation it attacks"
    )


class Reason(_Open):
    """A claim that bears on the analysed one through a chain of relations."""

    id: str
    label: str
    kind: str
    path: list[str] = Field(description="node ids and relation kinds, from this claim onwards")
    depth: int
    polarity: Literal["supports", "undermines"]
    rationale: str | None
    quote: str | None
    steps: list[Step]
    sources: list[SourceRef]


class Analysis(_Open):
    """A claim with its anchor, sources, and every supporter and underminer."""

    id: str = Field(examples=["idc-rec-iii"])
    label: str
    map: str
    kind: str
    attributed_to: list[str]
    sources: list[SourceRef]
    quote: str | None
    anchor: Anchor | None
    supporters: list[Reason]
    underminers: list[Reason]


def _as_json(item: analysis.Analysis) -> dict[str, Any]:
    return item.as_dict()


@router.get(
    "/recommendations",
    summary="Every recommendation of every map, with its supporters and underminers",
    response_model=list[Analysis],
    response_model_by_alias=True,
)
def all_recommendations(store: StoreDep, max_depth: MaxDepth = 6) -> list[dict[str, Any]]:
    """The analysis of each recommendation in the store, map by map."""
    return [_as_json(a) for a in analysis.analyse_map(store, None, max_depth)]


@router.get(
    "/recommendations/{map_id}/{node_id}",
    summary="What supports and undermines one claim, through chains of reasons",
    response_model=Analysis,
    response_model_by_alias=True,
    responses={404: {"description": "No such map, or no such claim in it."}},
)
def one_recommendation(
    map_id: MapId, node_id: NodeId, store: StoreDep, max_depth: MaxDepth = 6
) -> dict[str, Any]:
    """The analysis of a recommendation (or any claim): anchor, sources, supporters, underminers."""
    return _as_json(analysis.analyse_node(store, map_id, node_id, max_depth))
