"""/maps/{map_id}/export: a map, or the neighbourhood of one claim, in any export format."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from argmap import export
from argmap.api.deps import StoreDep
from argmap.api.routes.params import MAX_ID_CHARS, MapId
from argmap.model import check_focus
from argmap.vocab import NODE_ID_PATTERN

router = APIRouter(tags=["maps"])

FormatName = Annotated[
    str,
    Query(
        description="The export format: "
        + ", ".join(f"`{name}` ({fmt.media_type})" for name, fmt in export.FORMATS.items())
        + ". Aliases such as `ttl` or `graphviz` work too.",
        examples=["graphml"],
        max_length=64,  # names and aliases are short; a longer one would be repeated back
        json_schema_extra={"enum": sorted(export.FORMATS)},
    ),
]
Focus = Annotated[
    str | None,
    Query(
        description="Export only the neighbourhood of this claim (a node id).",
        pattern=NODE_ID_PATTERN,
        max_length=MAX_ID_CHARS,
        examples=["idc-rec-iii"],
    ),
]
Depth = Annotated[
    int | None,
    Query(ge=0, le=20, description="How many relations from the focus claim to include."),
]


@router.get(
    "/maps/{map_id}/export",
    summary="Download a map (or a claim's neighbourhood) as RDF, a graph file or a diagram",
    response_class=Response,
    responses={
        200: {
            "description": "The export, with a file name in Content-Disposition.",
            "content": {
                # JSON formats are documents (objects); the rest are text or bytes.
                media_type: {"schema": {} if media_type.endswith("json") else {"type": "string"}}
                for media_type in sorted({f.media_type for f in export.FORMATS.values()})
            },
        },
        404: {"description": "No such map, or no such focus claim."},
        422: {"description": "An unknown format, or a depth without a focus."},
        503: {"description": "Graphviz is not installed (svg, png)."},
    },
)
def export_map(
    map_id: MapId,
    store: StoreDep,
    format: FormatName,
    focus: Focus = None,
    depth: Depth = None,
) -> Response:
    """The map in the requested format, served as a download."""
    name = export.format_name(format)
    fmt = export.FORMATS[name]
    check_focus(focus, depth)
    content = fmt.export(store, map_id, focus, depth)
    media_type = fmt.media_type
    textual = media_type.startswith("text/") or media_type.endswith(("+xml", "json"))
    if isinstance(content, str) and textual:
        media_type += "; charset=utf-8"
    filename = export.file_name(map_id, name, focus, depth)
    return Response(
        content,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
