"""/claims: one claim with its words in the text, who said it, its sources, cases and links."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from argmap import queries
from argmap.api.deps import StoreDep
from argmap.api.routes.maps import find_map
from argmap.api.routes.params import MapId, NodeId
from argmap.errors import NotFound
from argmap.vocab import node_id_of, node_iri

router = APIRouter(tags=["claims"])


class Ref(BaseModel):
    """A node the claim points to: its id (within the map), IRI and label."""

    id: str
    iri: str
    label: str | None


class TextAnchor(BaseModel):
    """The exact words of the source text and where they are (Unicode code points in the body)."""

    exact: str
    prefix: str | None
    suffix: str | None
    start: int
    end: int
    text: str | None = Field(description="IRI of the source text")


class SourceInfo(BaseModel):
    """A work or statement the claim is taken from or cited with."""

    id: str
    iri: str
    title: str
    kind: str | None
    date: str | None
    venue: str | None
    url: str | None
    creators: str | None


class RelationInfo(BaseModel):
    """A support or attack into or out of the claim, with its rationale."""

    id: str
    iri: str
    direction: str = Field(description="`in` (the other node bears on this claim) or `out`")
    kind: str = Field(description="supports, rebuts or undercuts")
    other: Ref
    rationale: str | None
    quote: str | None


class Claim(BaseModel):
    """A claim of a map and everything recorded about it."""

    id: str = Field(examples=["idc-rec-iii"])
    iri: str
    map: str
    label: str
    kinds: list[Ref]
    anchor: TextAnchor | None
    attributed_to: list[Ref]
    cases: list[Ref]
    sources: list[SourceInfo]
    relations: list[RelationInfo]
    analysis: str = Field(description="path of its analysis (supporters and underminers)")


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _ref(iri: object, label: object) -> Ref:
    # A map node's id is its last path segment; a class's, its local name (am:Counterexample).
    text = str(iri)
    node_id = node_id_of(text)
    return Ref(
        id=node_id.rsplit("#", 1)[-1] if node_id == text else node_id, iri=text, label=_text(label)
    )


@router.get(
    "/claims/{map_id}/{node_id}",
    summary="One claim: its quote and offsets, agents, sources, cases and relations",
    response_model=Claim,
    responses={404: {"description": "No such map, or no such claim in it."}},
)
def get_claim(map_id: MapId, node_id: NodeId, store: StoreDep) -> Claim:
    """A claim with the words that state it, who it is attributed to, and each direct link."""
    find_map(store, map_id)
    iri = str(node_iri(map_id, node_id))
    details = queries.run(store, "claim-details", {"claim": iri}).as_python()
    if not details:
        raise NotFound(f"no claim {node_id!r} in map {map_id!r}")
    by_role: dict[str, list[Ref]] = {"kind": [], "agent": [], "case": []}
    for row in details:
        by_role[str(row["role"])].append(_ref(row["value"], row.get("valueLabel")))
    anchors = queries.run(store, "anchor-of", {"node": iri}).as_python()
    anchor = None
    if anchors:
        a = anchors[0]
        anchor = TextAnchor(
            exact=str(a["exact"]),
            prefix=_text(a.get("prefix")),
            suffix=_text(a.get("suffix")),
            start=int(str(a["start"])),
            end=int(str(a["end"])),
            text=_text(a.get("text")),
        )
    sources = [
        SourceInfo(
            id=node_id_of(str(row["source"])),
            iri=str(row["source"]),
            title=str(row["title"]),
            kind=_text(row.get("kind")),
            date=_text(row.get("date")),
            venue=_text(row.get("venue")),
            url=_text(row.get("url")),
            creators=_text(row.get("creators")) or None,
        )
        for row in queries.run(store, "sources-of", {"node": iri}).as_python()
    ]
    relations = [
        RelationInfo(
            id=node_id_of(str(row["relation"])),
            iri=str(row["relation"]),
            direction=str(row["direction"]),
            kind=str(row["kind"]),
            other=_ref(row["other"], row.get("otherLabel")),
            rationale=_text(row.get("rationale")),
            quote=_text(row.get("quote")),
        )
        for row in queries.run(store, "relations-of", {"node": iri}).as_python()
    ]
    return Claim(
        id=node_id,
        iri=iri,
        map=map_id,
        label=str(details[0]["label"]),
        kinds=by_role["kind"],
        anchor=anchor,
        attributed_to=by_role["agent"],
        cases=by_role["case"],
        sources=sources,
        relations=relations,
        analysis=f"/recommendations/{map_id}/{node_id}",
    )
