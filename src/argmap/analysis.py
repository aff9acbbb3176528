"""Recommendation analysis: who supports or undermines each one, directly or through a chain.

The walk goes backwards from a claim along support and attack relations. Each reason found
carries its path (node ids and relation kinds), its depth, its polarity, the rationale and
quote of every step, and the sources behind it. An undercut (an attack on a support) counts
against the conclusion of that support. Paths never repeat a node, so cycles end the walk;
`max_depth` bounds it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Literal, cast

from argmap import queries
from argmap.errors import NotFound
from argmap.store import Store, to_python
from argmap.vocab import map_id_of, map_iri, node_id_of

Polarity = Literal["supports", "undermines"]
RelationKind = Literal["supports", "rebuts", "undercuts"]

DEFAULT_MAX_DEPTH = 6


def step_polarity(polarity: Polarity, relation: RelationKind) -> Polarity:
    """The polarity of a node that stands in `relation` to a node of `polarity`.

    A supporter keeps the polarity of what it supports; an attacker flips it:

    >>> step_polarity("supports", "supports")      # a supporter of a supporter supports
    'supports'
    >>> step_polarity("undermines", "supports")    # a supporter of an underminer undermines
    'undermines'
    >>> step_polarity("supports", "rebuts")        # an underminer of a supporter undermines
    'undermines'
    >>> step_polarity("undermines", "undercuts")   # an underminer of an underminer defends
    'supports'
    """
    if relation == "supports":
        return polarity
    return "undermines" if polarity == "supports" else "supports"


@dataclass(frozen=True)
class Relation:
    """A reified support or attack; for an undercut, `to` is the id of the support it attacks."""

    id: str
    kind: RelationKind
    source: str
    to: str
    rationale: str | None
    quote: str | None
    scheme: str | None


@dataclass(frozen=True)
class Step:
    """One link of a chain: `source` stands in `relation` to `target` (the claim it bears on)."""

    source: str
    relation: RelationKind
    target: str
    relation_id: str
    rationale: str | None
    quote: str | None
    undercut_support: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The step as JSON."""
        return {
            "from": self.source,
            "relation": self.relation,
            "to": self.target,
            "relation_id": self.relation_id,
            "rationale": self.rationale,
            "quote": self.quote,
            "undercut_support": self.undercut_support,
        }


@dataclass(frozen=True)
class Reason:
    """A claim that bears on the analysed claim through a chain of steps (first step first)."""

    id: str
    label: str
    kind: str
    steps: tuple[Step, ...]
    polarity: Polarity
    sources: tuple[dict[str, str], ...]

    @property
    def depth(self) -> int:
        """How many relations separate this claim from the analysed one."""
        return len(self.steps)

    @property
    def path(self) -> list[str]:
        """Node ids and relation kinds from this claim to the analysed one."""
        path = [self.id]
        for step in self.steps:
            path += [step.relation, step.target]
        return path

    def as_dict(self) -> dict[str, Any]:
        """The reason as JSON."""
        return {
            "id": self.id,
            "label": self.label,
            "kind": self.kind,
            "path": self.path,
            "depth": self.depth,
            "polarity": self.polarity,
            "rationale": self.steps[0].rationale,
            "quote": self.steps[0].quote,
            "steps": [s.as_dict() for s in self.steps],
            "sources": list(self.sources),
        }


@dataclass
class Analysis:
    """A claim (usually a recommendation) with everything that supports or undermines it."""

    id: str
    map: str
    label: str
    kind: str
    attributed_to: list[str]
    sources: list[dict[str, str]]
    anchor: dict[str, Any] | None
    supporters: list[Reason] = field(default_factory=list)
    underminers: list[Reason] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The analysis as JSON (the shape of `argmap recommendations --json` and the API)."""
        return {
            "id": self.id,
            "label": self.label,
            "map": self.map,
            "kind": self.kind,
            "attributed_to": self.attributed_to,
            "sources": self.sources,
            "quote": self.anchor["exact"] if self.anchor else None,
            "anchor": self.anchor,
            "supporters": [r.as_dict() for r in self.supporters],
            "underminers": [r.as_dict() for r in self.underminers],
        }


@dataclass
class MapGraph:
    """The claims and relations of one map, read once, indexed for the backward walk."""

    map_id: str
    claims: dict[str, dict[str, Any]]
    relations: dict[str, Relation]
    agents: dict[str, list[str]]
    sources: dict[str, list[dict[str, str]]]
    incoming: dict[str, list[Relation]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        incoming: dict[str, list[Relation]] = defaultdict(list)
        for relation in self.relations.values():
            incoming[relation.to].append(relation)
        self.incoming = dict(incoming)

    def reasons_into(self, target: str) -> list[tuple[str, Step]]:
        """The direct reasons bearing on `target`: supports, rebuttals, undercuts of supports."""
        found = []
        for relation in self.incoming.get(target, []):
            if relation.kind == "undercuts":
                continue  # an attack on a support node, reached through that support below
            found.append(
                (
                    relation.source,
                    Step(
                        relation.source,
                        relation.kind,
                        target,
                        relation.id,
                        relation.rationale,
                        relation.quote,
                    ),
                )
            )
            if relation.kind == "supports":
                for undercut in self.incoming.get(relation.id, []):
                    found.append(
                        (
                            undercut.source,
                            Step(
                                undercut.source,
                                "undercuts",
                                target,
                                undercut.id,
                                undercut.rationale,
                                undercut.quote,
                                undercut_support=relation.id,
                            ),
                        )
                    )
        return found


def load_map(store: Store, map_id: str) -> MapGraph:
    """Read one map's claims, relations, agents and sources with the catalogue queries."""
    values = {"map": map_id}
    claims = {}
    for row in queries.run(store, "claims", values).rows:
        claim_id = node_id_of(str(row["claim"]))
        claims[claim_id] = {
            "label": str(row["label"]),
            "kind": str(row["kind"]),
            "anchor": {
                "exact": str(row["quote"]),
                "start": to_python(row["start"]),
                "end": to_python(row["end"]),
            }
            if "quote" in row
            else None,
        }
    if not claims and not _map_exists(store, map_id):
        raise NotFound(f"no map {map_id!r} in the store")
    relations = {}
    for row in queries.run(store, "relations", values).rows:
        if str(row["kind"]) == "rephrases":
            continue  # a restatement is neither a reason for its original nor against it
        relation = Relation(
            id=node_id_of(str(row["relation"])),
            kind=cast(RelationKind, str(row["kind"])),
            source=node_id_of(str(row["from"])),
            to=node_id_of(str(row["to"])),
            rationale=str(row["rationale"]) if "rationale" in row else None,
            quote=str(row["quote"]) if "quote" in row else None,
            scheme=str(row["scheme"]) if "scheme" in row else None,
        )
        relations[relation.id] = relation
    agents: dict[str, list[str]] = defaultdict(list)
    sources: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in queries.run(store, "claim-sources", values).rows:
        claim_id = node_id_of(str(row["claim"]))
        if str(row["role"]) == "agent":
            agents[claim_id].append(str(row["name"]))
        else:
            sources[claim_id].append(
                {
                    "id": node_id_of(str(row["resource"])),
                    "iri": str(row["resource"]),
                    "title": str(row["name"]),
                }
            )
    return MapGraph(map_id, claims, relations, dict(agents), dict(sources))


def _map_exists(store: Store, map_id: str) -> bool:
    return any(str(row["map"]) == str(map_iri(map_id)) for row in queries.run(store, "maps").rows)


def reasons_for(graph: MapGraph, claim_id: str, max_depth: int = DEFAULT_MAX_DEPTH) -> list[Reason]:
    """Every simple chain (no node twice) of at most `max_depth` steps ending at `claim_id`."""
    found: list[Reason] = []

    def walk(
        target: str, polarity: Polarity, chain: tuple[Step, ...], seen: frozenset[str]
    ) -> None:
        if len(chain) >= max_depth:
            return
        for source, step in graph.reasons_into(target):
            if source in seen or source not in graph.claims:
                continue  # a cycle, or a node outside the claims (ignored)
            source_polarity = step_polarity(polarity, step.relation)
            steps = (step, *chain)
            claim = graph.claims[source]
            found.append(
                Reason(
                    source,
                    claim["label"],
                    claim["kind"],
                    steps,
                    source_polarity,
                    tuple(graph.sources.get(source, [])),
                )
            )
            walk(source, source_polarity, steps, seen | {source})

    walk(claim_id, "supports", (), frozenset({claim_id}))
    found.sort(key=lambda r: (r.depth, r.id, r.path))
    return found


def analyse_claim(graph: MapGraph, claim_id: str, max_depth: int = DEFAULT_MAX_DEPTH) -> Analysis:
    """The analysis of one claim of a loaded map."""
    claim = graph.claims.get(claim_id)
    if claim is None:
        raise NotFound(f"no claim {claim_id!r} in map {graph.map_id!r}")
    reasons = reasons_for(graph, claim_id, max_depth)
    return Analysis(
        id=claim_id,
        map=graph.map_id,
        label=claim["label"],
        kind=claim["kind"],
        attributed_to=graph.agents.get(claim_id, []),
        sources=graph.sources.get(claim_id, []),
        anchor=claim["anchor"],
        supporters=[r for r in reasons if r.polarity == "supports"],
        underminers=[r for r in reasons if r.polarity == "undermines"],
    )


def analyse_map(
    store: Store, map_id: str | None = None, max_depth: int = DEFAULT_MAX_DEPTH
) -> list[Analysis]:
    """The analysis of every recommendation of one map, or of all maps when `map_id` is None."""
    rows = queries.run(store, "recommendations", {"map": map_id} if map_id else {}).rows
    if map_id and not rows and not _map_exists(store, map_id):
        raise NotFound(f"no map {map_id!r} in the store")
    by_map: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        by_map[map_id_of(str(row["map"])) or ""].append(node_id_of(str(row["recommendation"])))
    analyses = []
    for mid, recommendation_ids in by_map.items():
        graph = load_map(store, mid)
        analyses += [analyse_claim(graph, rid, max_depth) for rid in recommendation_ids]
    return analyses


def analyse_node(
    store: Store, map_id: str, node_id: str, max_depth: int = DEFAULT_MAX_DEPTH
) -> Analysis:
    """The analysis of any claim of a map (a recommendation or not)."""
    return analyse_claim(load_map(store, map_id), node_id, max_depth)
