"""/maps: the argument maps in the store, and one map's summary."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from rdflib import URIRef

from argmap import queries
from argmap.api.deps import ServicesDep, StoreDep, require_writer
from argmap.api.routes.paging import DEFAULT_LIMIT, Limit, Offset, Page, page_headers, page_of
from argmap.api.routes.params import MAX_ID_CHARS, MapId
from argmap.api.sparql.protocol import shown
from argmap.binding import term_text
from argmap.errors import ImportFormatError, NotFound
from argmap.importers import FORMATS, normalise_format
from argmap.pipeline import ImportReport
from argmap.store import Store
from argmap.vocab import MAP_ID_PATTERN, node_id_of

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
    return _infos(queries.run(store, "maps").as_python())


# The page of /maps is taken in two cheap steps rather than from the `maps` named query, whose
# count subqueries the engine evaluates for every map of the store before any LIMIT applies
# (300 ms a page on 2,000 maps): first the page of maps, then the counts of those maps only.
_MAP_LIST = """PREFIX am:      <https://w3id.org/argmap#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs:    <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?map ?id ?title ?source ?sourceTitle WHERE {
  ?map a am:ArgumentMap ; dcterms:identifier ?id ; rdfs:label ?title .
  OPTIONAL { ?map am:analyses ?source . ?source dcterms:title ?sourceTitle }
}
ORDER BY ?id
"""
_MAP_COUNTS = """PREFIX am: <https://w3id.org/argmap#>
SELECT ?map (COUNT(DISTINCT ?node) AS ?count) WHERE {
  VALUES ?map { %s }
  ?node am:inMap ?map ; a %s .
}
GROUP BY ?map
"""
# One query per class: in a UNION of the two the engine stops seeding each branch with the
# maps (9 s for a page of 100 on 2,000 maps, against 7 ms for each query alone).
_COUNTED = {"claims": "am:Claim", "relations": "am:ArgumentRelation"}


def map_page(store: Store, limit: int, offset: int) -> tuple[list[MapInfo], int]:
    """The page of `limit` maps by id from `offset`, and how many maps the store has."""
    rows = store.select(queries.paged(_MAP_LIST, limit, offset)).as_python()
    if len(rows) < limit and (rows or offset == 0):
        total = offset + len(rows)
    else:
        counted = store.select(queries.counted(_MAP_LIST)).as_python()
        total = int(str(counted[0]["total"])) if counted else 0
    if rows:
        # A VALUES block at the start of the group seeds the lookups: only these maps are read.
        iris = " ".join(term_text(URIRef(str(row["map"]))) for row in rows)
        for what, cls in _COUNTED.items():
            counts = store.select(_MAP_COUNTS % (iris, cls)).as_python()
            found = {str(c["map"]): c["count"] for c in counts}
            for row in rows:
                row[what] = found.get(str(row["map"]), 0)
    return _infos(rows), total


def _infos(rows: list[dict[str, object]]) -> list[MapInfo]:
    result = []
    for row in rows:
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
    raise NotFound(f"no map {shown(map_id)} in the store; the maps are: {known}")


@router.get("/maps", summary="The argument maps in the store, a page at a time")
def list_maps(
    request: Request,
    response: Response,
    store: StoreDep,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> Page[MapInfo]:
    """A page of the maps by id, each with its title, source, and its claims and relations."""
    infos, total = map_page(store, limit, offset)
    response.headers.update(page_headers(request, total, limit, offset))
    return page_of(request, infos, total, limit, offset)


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


# -- writes -------------------------------------------------------------------------------------

UPLOAD_MEDIA_TYPES: dict[str, str] = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/n-quads": "nquads",
    "application/trig": "trig",
    "application/ld+json": "jsonld",
    "application/json": "aif",
    "application/yaml": "yaml",
    "application/x-yaml": "yaml",
    "text/yaml": "yaml",
}
"""The import format of each media type an upload may be sent as (AIF is plain JSON)."""

_UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "One file in a format argmap imports; its Content-Type says which, "
        "unless `format` does.",
        "content": {
            media_type: {"schema": {"type": "string"}} for media_type in UPLOAD_MEDIA_TYPES
        },
    }
}
_WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "The file does not parse (the message says where)."},
    401: {"description": "No bearer token, or a wrong one."},
    403: {"description": "Writes are disabled (no ARGMAP_UPDATE_TOKEN)."},
    413: {"description": "The body is larger than ARGMAP_BODY_MAX_MB."},
    415: {"description": "A Content-Type that is no import format."},
    422: {"description": "The map breaks the shapes or checks: every problem, located."},
}

FormatParam = Annotated[
    str | None,
    Query(
        description=f"The import format ({', '.join(FORMATS)}); default: from Content-Type.",
        max_length=64,  # the names are short; a longer one would be repeated in the refusal
    ),
]


class ImportResult(BaseModel):
    """What a write stored for one map."""

    map: str
    format: str
    file: str
    counts: dict[str, int]
    triples: int
    inferred: int
    set_aside: dict[str, int]
    kept: dict[str, int]
    notes: list[str]
    warnings: list[str]
    replaced: bool


def upload_format(request: Request, given: str | None) -> str:
    """The import format of an upload: `format` if given, else from its Content-Type."""
    if given:
        try:
            return normalise_format(given)
        except ImportFormatError as exc:
            raise _unsupported(str(exc)) from None
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type in UPLOAD_MEDIA_TYPES:
        return UPLOAD_MEDIA_TYPES[media_type]
    sent = shown(media_type, 100) if media_type else "no Content-Type"
    raise _unsupported(
        f"cannot import a body sent as {sent}; send one of "
        f"{', '.join(UPLOAD_MEDIA_TYPES)}, or name the format with ?format="
    )


def _unsupported(message: str) -> Exception:
    from fastapi import HTTPException

    return HTTPException(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, message)


def _results(reports: list[ImportReport]) -> list[dict[str, Any]]:
    return [ImportResult.model_validate(r.as_dict()).model_dump() for r in reports]


@router.post(
    "/maps",
    summary="Add argument maps from an uploaded file (bearer token)",
    status_code=status.HTTP_201_CREATED,
    response_model=list[ImportResult],
    dependencies=[Depends(require_writer)],
    responses={409: {"description": "The store has a map with that id."}, **_WRITE_ERRORS},
    openapi_extra=_UPLOAD_BODY,
)
async def post_maps(
    request: Request,
    services: ServicesDep,
    format: FormatParam = None,
    map_id: Annotated[
        str | None,
        Query(
            pattern=MAP_ID_PATTERN,
            max_length=MAX_ID_CHARS,
            description="Store the map under this id.",
        ),
    ] = None,
) -> JSONResponse:
    """Validate, infer and store every map of the file, all or nothing; 409 for a known id."""
    fmt = upload_format(request, format)
    data = await request.body()
    reports = await services.run_write(
        lambda writer: writer.upload(data, fmt, name="upload", map_id=map_id, replace=False)
    )
    headers = {"Location": f"/maps/{reports[0].map_id}"} if len(reports) == 1 else None
    return JSONResponse(_results(reports), status_code=status.HTTP_201_CREATED, headers=headers)


@router.put(
    "/maps/{map_id}",
    summary="Create or replace one argument map (bearer token)",
    response_model=list[ImportResult],
    dependencies=[Depends(require_writer)],
    responses={201: {"description": "The map was created."}, **_WRITE_ERRORS},
    openapi_extra=_UPLOAD_BODY,
)
async def put_map(
    map_id: MapId, request: Request, services: ServicesDep, format: FormatParam = None
) -> JSONResponse:
    """Store the file's one map as `map_id`, replacing the stored one (a snapshot is taken)."""
    fmt = upload_format(request, format)
    data = await request.body()
    reports = await services.run_write(
        lambda writer: writer.upload(data, fmt, name="upload", map_id=map_id, replace=True)
    )
    created = not any(r.replaced for r in reports)
    return JSONResponse(
        _results(reports),
        status_code=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        headers={"Location": f"/maps/{map_id}"},
    )


@router.delete(
    "/maps/{map_id}",
    summary="Remove one argument map and its inferences (bearer token)",
    status_code=status.HTTP_204_NO_CONTENT,
    dependencies=[Depends(require_writer)],
    responses={
        401: _WRITE_ERRORS[401],
        403: _WRITE_ERRORS[403],
        404: {"description": "No map with this id."},
    },
)
async def delete_map(map_id: MapId, services: ServicesDep) -> Response:
    """Remove the map (after a snapshot, from which `argmap restore` brings it back)."""
    await services.run_write(lambda writer: writer.delete(map_id))
    return Response(status_code=status.HTTP_204_NO_CONTENT)
