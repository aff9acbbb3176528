"""Recommendation analysis: who supports or undermines each one, directly or through a chain.

The walk goes backwards from a claim along support and attack relations. Each reason found
carries its path (node ids and relation kinds), its depth, its polarity, the rationale and
quote of every step, and the sources behind it. An undercut (an attack on a support) counts
against the conclusion of that support (`ArgumentMap.conclusion`, the one statement of that
rule). Each premise of a linked relation is a reason of its own, and its step names the
co-premises it works with. Paths never repeat a node, so cycles end the walk; `max_depth`
bounds it.

The results are pydantic models: the service returns them as they are, and the CLI prints
their JSON, so the two cannot drift apart.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field

from argmap import model, queries
from argmap.errors import NotFound
from argmap.model import Anchor, ArgumentMap, SourceRef
from argmap.store import Store
from argmap.vocab import map_id_of, node_id_of

Polarity = Literal["supports", "undermines"]
StepKind = Literal["supports", "rebuts", "undercuts"]

DEFAULT_MAX_DEPTH = 6


def step_polarity(polarity: Polarity, relation: StepKind) -> Polarity:
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


class _Result(BaseModel):
    # The computed fields below carry `type: ignore[prop-decorator]`, as pydantic documents:
    # mypy does not type a decorator stacked over a property.
    model_config = ConfigDict(frozen=True, populate_by_name=True)


class Step(_Result):
    """One link of a chain: `from` stands in `relation` to `to` (the claim it bears on)."""

    source: str = Field(alias="from", description="the claim the step starts from")
    relation: StepKind
    target: str = Field(alias="to", description="the claim it bears on")
    relation_id: str
    rationale: str | None
    quote: str | None
    undercut_support: str | None = Field(
        None, description="for an undercut: the support relation it attacks"
    )
    undercut_premises: list[str] = Field(
        default_factory=list,
        description="for an undercut: the premises of the support it attacks, which concludes `to`",
    )
    co_premises: list[str] = Field(
        default_factory=list,
        description="for a linked relation: the other premises that bear on `to` with this one",
    )


class Reason(_Result):
    """A claim that bears on the analysed claim through a chain of steps (first step first)."""

    id: str
    label: str
    kind: str
    steps: list[Step]
    polarity: Polarity
    sources: list[SourceRef]

    @computed_field(description="how many relations separate this claim from the analysed one")  # type: ignore[prop-decorator]
    @property
    def depth(self) -> int:
        """How many relations separate this claim from the analysed one."""
        return len(self.steps)

    @computed_field(description="node ids and relation kinds, from this claim onwards")  # type: ignore[prop-decorator]
    @property
    def path(self) -> list[str]:
        """Node ids and relation kinds from this claim to the analysed one."""
        path = [self.id]
        for step in self.steps:
            path += [step.relation, step.target]
        return path

    @computed_field(description="the rationale of the first step")  # type: ignore[prop-decorator]
    @property
    def rationale(self) -> str | None:
        """The rationale of the first step (every step's is in `steps`)."""
        return self.steps[0].rationale

    @computed_field(description="the quote of the first step")  # type: ignore[prop-decorator]
    @property
    def quote(self) -> str | None:
        """The quote of the first step (every step's is in `steps`)."""
        return self.steps[0].quote


class Analysis(_Result):
    """A claim (usually a recommendation) with everything that supports or undermines it."""

    id: str = Field(examples=["idc-rec-iii"])
    label: str
    map: str
    kind: str
    attributed_to: list[str]
    sources: list[SourceRef]
    anchor: Anchor | None
    supporters: list[Reason] = Field(default_factory=list)
    underminers: list[Reason] = Field(default_factory=list)

    @computed_field(description="the exact words of the text that state the claim")  # type: ignore[prop-decorator]
    @property
    def quote(self) -> str | None:
        """The exact words of the text that state the claim."""
        return self.anchor.exact if self.anchor else None

    @computed_field(  # type: ignore[prop-decorator]
        description="how many distinct claims support and undermine it, and by how many paths"
    )
    @property
    def counts(self) -> dict[str, dict[str, int]]:
        """Distinct claims and paths on each side: a claim reached two ways is one claim."""
        return {
            "supporters": {
                "claims": len({r.id for r in self.supporters}),
                "paths": len(self.supporters),
            },
            "underminers": {
                "claims": len({r.id for r in self.underminers}),
                "paths": len(self.underminers),
            },
        }


def reasons_into(graph: ArgumentMap, target: str) -> list[Step]:
    """The direct reasons bearing on claim `target`: supports, rebuttals, undercuts of supports."""
    found = []
    for relation in graph.incoming(target):
        if relation.kind not in ("supports", "rebuts"):
            # Undercuts are reached through the support they attack; rephrases bear on nothing.
            continue
        found += _steps(relation.premises, relation.kind, target, relation)
        if relation.kind == "supports":
            for undercut in graph.incoming(relation.id):
                if undercut.kind == "undercuts" and graph.conclusion(undercut) == target:
                    found += _steps(
                        undercut.premises, "undercuts", target, undercut, support=relation
                    )
    return found


def _steps(
    premises: tuple[str, ...],
    kind: StepKind,
    target: str,
    relation: model.Relation,
    support: model.Relation | None = None,
) -> list[Step]:
    return [
        Step(
            source=premise,
            relation=kind,
            target=target,
            relation_id=relation.id,
            rationale=relation.rationale or None,
            quote=relation.quote or None,
            undercut_support=support.id if support else None,
            undercut_premises=list(support.premises) if support else [],
            co_premises=[p for p in premises if p != premise],
        )
        for premise in premises
    ]


def reasons_for(
    graph: ArgumentMap, claim_id: str, max_depth: int = DEFAULT_MAX_DEPTH
) -> list[Reason]:
    """Every simple chain (no node twice) of at most `max_depth` steps ending at `claim_id`."""
    found: list[Reason] = []

    def walk(target: str, polarity: Polarity, chain: list[Step], seen: frozenset[str]) -> None:
        if len(chain) >= max_depth:
            return
        for step in reasons_into(graph, target):
            if step.source in seen or not graph.has_node(step.source):
                continue  # a cycle, or a node outside the claims (ignored)
            source_polarity = step_polarity(polarity, step.relation)
            steps = [step, *chain]
            claim = graph.node(step.source)
            found.append(
                Reason(
                    id=claim.id,
                    label=claim.label,
                    kind=claim.kind,
                    steps=steps,
                    polarity=source_polarity,
                    sources=list(claim.sources),
                )
            )
            walk(step.source, source_polarity, steps, seen | {step.source})

    walk(claim_id, "supports", [], frozenset({claim_id}))
    found.sort(key=lambda r: (len(r.steps), r.id, r.path))
    return found


def analyse_claim(
    graph: ArgumentMap, claim_id: str, max_depth: int = DEFAULT_MAX_DEPTH
) -> Analysis:
    """The analysis of one claim of a loaded map."""
    if not graph.has_node(claim_id):
        raise NotFound(f"no claim {claim_id!r} in map {graph.id!r}")
    claim = graph.node(claim_id)
    reasons = reasons_for(graph, claim_id, max_depth)
    return Analysis(
        id=claim_id,
        map=graph.id,
        label=claim.label,
        kind=claim.kind,
        attributed_to=list(claim.attributed_to),
        sources=list(claim.sources),
        anchor=claim.anchor,
        supporters=[r for r in reasons if r.polarity == "supports"],
        underminers=[r for r in reasons if r.polarity == "undermines"],
    )


def analyse_map(
    store: Store, map_id: str | None = None, max_depth: int = DEFAULT_MAX_DEPTH
) -> list[Analysis]:
    """The analysis of every recommendation of one map, or of all maps when `map_id` is None."""
    rows = queries.run(store, "recommendations", {"map": map_id} if map_id else {}).rows
    if map_id and not rows:
        model.check_map(store, map_id)  # NotFound for an unknown map; else it recommends nothing
    by_map: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        by_map[map_id_of(str(row["map"])) or ""].append(node_id_of(str(row["recommendation"])))
    analyses = []
    for mid, recommendation_ids in by_map.items():
        graph = model.load(store, mid)
        analyses += [analyse_claim(graph, rid, max_depth) for rid in recommendation_ids]
    return analyses


def analyse_node(
    store: Store, map_id: str, node_id: str, max_depth: int = DEFAULT_MAX_DEPTH
) -> Analysis:
    """The analysis of any claim of a map (a recommendation or not)."""
    return analyse_claim(model.load(store, map_id), node_id, max_depth)
