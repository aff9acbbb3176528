from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from argmap import analysis
from argmap import build as builder
from argmap.analysis import reasons_for
from argmap.errors import NotFound
from argmap.model import Anchor, ArgumentMap, Node, Relation
from argmap.store import OxigraphStore
from testdata import SMALL_MAP


def small_graph(*edges: tuple[str, str, str | tuple[str, ...], str]) -> ArgumentMap:
    """A map from (relation id, kind, premise or premises, target) tuples; other names are claims."""
    relation_ids = {e[0] for e in edges}
    premises = {p for e in edges for p in ((e[2],) if isinstance(e[2], str) else e[2])}
    names = (premises | {e[3] for e in edges} | {"top"}) - relation_ids
    nodes = tuple(Node(n, n, "claim", n.upper(), "m") for n in sorted(names))
    relations = tuple(
        Relation(
            rid,
            rid,
            kind,  # type: ignore[arg-type]
            (source,) if isinstance(source, str) else source,
            to,
            rationale=f"why {rid}",
        )
        for rid, kind, source, to in edges
    )
    return ArgumentMap("m", "m", "M", nodes=nodes, relations=relations)


def summary(reasons: list[analysis.Reason]) -> set[tuple[str, int, str]]:
    return {(r.id, r.depth, r.polarity) for r in reasons}


def test_chains_carry_polarity() -> None:
    g = small_graph(
        ("r1", "supports", "a", "top"),
        ("r2", "rebuts", "b", "a"),
        ("r3", "supports", "c", "b"),
        ("r4", "rebuts", "d", "b"),
    )
    assert summary(reasons_for(g, "top")) == {
        ("a", 1, "supports"),
        ("b", 2, "undermines"),  # an underminer of a supporter undermines
        ("c", 3, "undermines"),  # a supporter of an underminer undermines
        ("d", 3, "supports"),  # an underminer of an underminer defends
    }


def test_paths_name_nodes_and_relations_from_reason_to_claim() -> None:
    g = small_graph(("r1", "supports", "a", "top"), ("r2", "rebuts", "b", "a"))
    deep = next(r for r in reasons_for(g, "top") if r.id == "b")
    assert deep.path == ["b", "rebuts", "a", "supports", "top"]
    assert [s.rationale for s in deep.steps] == ["why r2", "why r1"]
    assert deep.model_dump(by_alias=True)["rationale"] == "why r2"
    assert deep.model_dump(by_alias=True)["steps"][0]["from"] == "b"


def test_undercut_counts_against_the_conclusion_of_the_support() -> None:
    g = small_graph(
        ("r1", "supports", "a", "top"), ("u1", "undercuts", "x", "r1"), ("r2", "supports", "y", "x")
    )
    reasons = {r.id: r for r in reasons_for(g, "top")}
    assert reasons["a"].polarity == "supports"
    assert reasons["x"].polarity == "undermines" and reasons["x"].depth == 1
    assert reasons["x"].steps[0].undercut_support == "r1"
    assert reasons["x"].path == ["x", "undercuts", "top"]
    assert reasons["y"].polarity == "undermines" and reasons["y"].depth == 2


def test_each_premise_of_a_linked_relation_is_a_reason_that_names_its_partners() -> None:
    g = small_graph(("r1", "supports", ("a", "b"), "top"), ("u1", "undercuts", ("x", "y"), "r1"))
    reasons = {r.id: r for r in reasons_for(g, "top")}
    assert {k: r.polarity for k, r in reasons.items()} == {
        "a": "supports",
        "b": "supports",
        "x": "undermines",
        "y": "undermines",
    }
    assert reasons["a"].steps[0].co_premises == ["b"]
    assert reasons["y"].steps[0].co_premises == ["x"]
    assert reasons["y"].steps[0].undercut_support == "r1"


def test_cycles_end_the_walk() -> None:
    g = small_graph(
        ("r1", "supports", "a", "top"),
        ("r2", "supports", "b", "a"),
        ("r3", "supports", "a", "b"),
        ("r4", "rebuts", "top", "b"),
    )
    reasons = reasons_for(g, "top")
    assert summary(reasons) == {("a", 1, "supports"), ("b", 2, "supports")}
    assert all(len(set(r.path[::2])) == len(r.path[::2]) for r in reasons), "no node twice"


def test_max_depth_bounds_the_walk() -> None:
    g = small_graph(
        ("r1", "supports", "a", "top"), ("r2", "supports", "b", "a"), ("r3", "supports", "c", "b")
    )
    assert {r.id for r in reasons_for(g, "top", max_depth=2)} == {"a", "b"}


def test_two_paths_give_two_reasons_of_their_own_polarity() -> None:
    g = small_graph(
        ("r1", "supports", "a", "top"),
        ("r2", "rebuts", "b", "top"),
        ("r3", "supports", "c", "a"),
        ("r4", "supports", "c", "b"),
    )
    assert {(r.id, r.polarity) for r in reasons_for(g, "top") if r.id == "c"} == {
        ("c", "supports"),
        ("c", "undermines"),
    }


@pytest.mark.reasoner
def test_analysis_of_a_small_map_from_the_store(write_map: Callable[[str], Path]) -> None:
    store = OxigraphStore()
    builder.build(store, [write_map(SMALL_MAP)], write_compiled=False)
    result = analysis.analyse_node(store, "small", "c")
    assert {r.id for r in result.supporters} == {"a", "b"}
    assert {(r.id, r.depth) for r in result.underminers} == {("w", 2)}
    assert result.anchor == Anchor("So cats breathe air.", 43, 63)
    (rec,) = analysis.analyse_map(store, "small")
    assert rec.id == "r" and rec.attributed_to == []
    with pytest.raises(NotFound):
        analysis.analyse_map(store, "missing")
    with pytest.raises(NotFound):
        analysis.analyse_node(store, "small", "missing")


def test_the_article_committee_partners_recommendation(built_store: OxigraphStore) -> None:
    result = analysis.analyse_node(built_store, "gallagher-2022", "idc-rec-iii")
    assert result.attributed_to == ["UK House of Commons International Development Committee"]
    underminers = {r.id for r in result.underminers}
    assert {
        "claim-external-dimension-challenged",
        "rec-work-beyond-like-minded",
        "claim-hegemony-still-ineffective",
        "claim-as-many-against",
    } <= underminers
    # The Libya thread reaches goal iii through the article's own recommendation, which
    # denies that like-minded partners will be enough.
    libya = next(r for r in result.underminers if r.id == "claim-hegemony-still-ineffective")
    assert libya.path == [
        "claim-hegemony-still-ineffective",
        "supports",
        "rec-work-beyond-like-minded",
        "rebuts",
        "assumption-like-minded-enough",
        "supports",
        "idc-rec-iii",
    ]
    assert result.sources and result.sources[0].title.startswith("From Srebrenica")
