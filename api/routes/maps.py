"""/maps: the argument maps in the store, and one map's summary."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from argmap import queries
from argmap.api.deps import StoreDep
from argmap.api.routes.params import MapId
from argmap.errors import NotFound
from argmap.store import Store
from argmap.vocab import node_id_of

router = APIRouter(tags=["maps"])


class MapInfo(BaseModel):
    """One argument map: what it analyses and how big it is."""

    id: str = Field(examples=["gallagher-2022"])
    iri: str
    title: str
    source: str | None = Field(None, description="IRI of the analysed text's source")
    source_title: str | None = None
    claims: int
    relations: int


class ClassCount(BaseModel):
    """How many nodes of one class a map has (asserted or inferred)."""

    class_: str = Field(alias="class", serialization_alias="class")
    label: str
    count: int


class RecommendationRef(BaseModel):
    """A recommendation of the map, with where to find its analysis."""

    id: str
    label: str
    attributed_to: str | None
    analysis: str = Field(description="path of its analysis")


class MapDetail(MapInfo):
    """A map with its counts per class and its recommendations."""

    counts: list[ClassCount]
    recommendations: list[RecommendationRef]


def map_infos(store: Store) -> list[MapInfo]:
    """Every map, by id."""
    result = []
    for row in queries.run(store, "maps").as_python():
        result.append(
            MapInfo(
                id=str(row["id"]),
                iri=str(row["map"]),
                title=str(row["title"]),
                source=_text(row.get("source")),
                source_title=_text(row.get("sourceTitle")),
                claims=_count(row.get("claims")),
                relations=_count(row.get("relations")),
            )
        )
    return result


def _count(value: object) -> int:
    return value if isinstance(value, int) else 0


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def find_map(store: Store, map_id: str) -> MapInfo:
    """One map's entry, or NotFound naming the maps there are."""
    infos = map_infos(store)
    for info in infos:
        if info.id == map_id:
            return info
    known = ", ".join(i.id for i in infos) or "none"
    raise NotFound(f"no map {map_id!r} in the store; the maps are: {known}")


@router.get("/maps", summary="The argument maps in the store", response_model=list[MapInfo])
def list_maps(store: StoreDep) -> list[MapInfo]:
    """Every map with its title, source, and how many claims and relations it holds."""
    return map_infos(store)


@router.get(
    "/maps/{map_id}",
    summary="One argument map: counts per class and its recommendations",
    response_model=MapDetail,
    response_model_by_alias=True,
    responses={404: {"description": "No map with this id."}},
)
def get_map(map_id: MapId, store: StoreDep) -> MapDetail:
    """A map's metadata, how many nodes of each class it has, and its recommendations."""
    info = find_map(store, map_id)
    counts = [
        ClassCount.model_validate(
            {"class": str(row["class"]), "label": str(row["label"]), "count": row["count"]}
        )
        for row in queries.run(store, "map-summary", {"map": map_id}).as_python()
    ]
    recommendations = []
    for row in queries.run(store, "recommendations", {"map": map_id}).as_python():
        node_id = node_id_of(str(row["recommendation"]))
        recommendations.append(
            RecommendationRef(
                id=node_id,
                label=str(row["label"]),
                attributed_to=_text(row.get("attributedTo")) or None,
                analysis=f"/recommendations/{map_id}/{node_id}",
            )
        )
    return MapDetail(**info.model_dump(), counts=counts, recommendations=recommendations)
