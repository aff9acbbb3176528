"""/maps/{map_id}/evaluation: which claims stand, and how strong they remain, under a semantics."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from argmap import evaluation, queries
from argmap.api.deps import StoreDep
from argmap.api.routes.params import MapId
from argmap.evaluation import framework

router = APIRouter(tags=["maps"])

SemanticsName = Literal[
    "grounded", "complete", "preferred", "stable", "h-categorizer", "df-quad", "quadratic-energy"
]


class Evaluation(BaseModel):
    """One semantics over a map: statuses or strengths, the extensions, and why."""

    map: str
    reading: Literal["dung", "bipolar"]
    semantics: SemanticsName
    extensions: list[list[str]] | None = Field(
        None, description="every extension (claim ids), for an extension semantics"
    )
    extensions_complete: bool | None = Field(
        None, description="false when the listing stopped at the cap (statuses stay exact)"
    )
    status: dict[str, str] | None = Field(
        None,
        description="claim id -> accepted, rejected or undecided (grounded); "
        "sceptically-accepted, credulously-accepted or rejected (the others)",
    )
    strength: dict[str, float] | None = Field(
        None, description="claim id -> strength in [0, 1], for a gradual semantics"
    )
    base_weight: dict[str, float] | None = None
    converged: bool | None = None
    tolerance: float | None = None
    explanations: dict[str, dict[str, Any]]
    messages: list[str] = Field(description="what a reader must know: no stable extension, …")


@router.get(
    "/maps/{map_id}/evaluation",
    summary="Which claims stand (extension semantics) or how strong they remain (gradual)",
    response_model=Evaluation,
    response_model_exclude_none=True,
    responses={404: {"description": "No map with this id."}},
)
def evaluate_map(
    map_id: MapId,
    store: StoreDep,
    semantics_: Annotated[
        SemanticsName, Query(alias="semantics", description="the argumentation semantics")
    ] = "grounded",
    bipolar: Annotated[
        bool, Query(description="add the supported and secondary attacks of the supports")
    ] = False,
) -> Evaluation:
    """Claims are arguments; rebuttals, and undercuts on the conclusion they cut, are attacks."""
    queries.require_map(store, map_id)
    result = evaluation.evaluate(framework.read(store, map_id, bipolar=bipolar), semantics_)
    return Evaluation.model_validate(
        {"map": map_id, "reading": "bipolar" if bipolar else "dung", **result.to_json()}
    )
