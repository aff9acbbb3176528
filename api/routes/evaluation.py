"""/maps/{map_id}/evaluation: Dung semantics over a map, and which recommendations survive."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from argmap import model, semantics
from argmap.api.deps import StoreDep
from argmap.api.routes.params import MapId

router = APIRouter(tags=["maps"])


class RecommendationStatus(BaseModel):
    """A recommendation and whether it survives under the chosen semantics."""

    id: str
    label: str
    status: Literal["accepted", "credulous", "rejected"] = Field(
        description="accepted: in every extension; credulous: in some; rejected: in none"
    )


class Evaluation(BaseModel):
    """The framework built from the map, its extensions, and each recommendation's status."""

    map: str
    semantics: Literal["grounded", "complete", "preferred", "stable"]
    arguments: int = Field(description="the claims of the map")
    attacks: list[list[str]] = Field(
        description="[attacker, attacked]: rebuttals, and undercuts on the supported conclusion"
    )
    extensions: list[list[str]]
    recommendations: list[RecommendationStatus]


@router.get(
    "/maps/{map_id}/evaluation",
    summary="Which claims can stand together (Dung semantics), and which recommendations survive",
    response_model=Evaluation,
    responses={
        404: {"description": "No map with this id."},
        503: {"description": "Too many undecided arguments for exact search."},
    },
)
def evaluate_map(
    map_id: MapId,
    store: StoreDep,
    semantics_: Annotated[
        Literal["grounded", "complete", "preferred", "stable"],
        Query(alias="semantics", description="the argumentation semantics"),
    ] = "grounded",
) -> Evaluation:
    """Claims are arguments; rebuttals, and undercuts on the conclusion they cut, are attacks."""
    result = semantics.evaluation(model.load(store, map_id), semantics_)
    return Evaluation.model_validate(result)
