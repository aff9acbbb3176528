from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib.namespace import RDF

from argmap import build as builder
from argmap import reasoning
from argmap.authoring import compile_map
from argmap.errors import InconsistentMap, ReasonerUnavailable
from argmap.store import OxigraphStore
from argmap.vocab import AM, inferred_graph_iri, map_iri, node_iri
from testdata import GALLAGHER_YAML, SMALL_MAP

pytestmark = pytest.mark.reasoner


def test_java_is_there() -> None:
    # CI installs a JRE: the reasoner tests below must really run HermiT.
    assert shutil.which("java"), "HermiT needs Java on the PATH"


def test_hermit_finds_gallagher_consistent_and_infers_premises() -> None:
    data = compile_map(GALLAGHER_YAML).graph
    inferred = reasoning.infer(data)
    premises = set(inferred.subjects(RDF.type, AM.Premise))
    assert len(premises) >= 10
    assert not any((p, RDF.type, AM.Premise) in data for p in premises), (
        "premises are never asserted"
    )
    assert node_iri("gallagher-2022", "ev-hrc-xinjiang-vote") in premises


def test_rules_derive_shortcuts_from_reified_nodes_only(write_map: Callable[[str], Path]) -> None:
    compiled = compile_map(write_map(SMALL_MAP))
    g = compiled.graph
    a, c = node_iri("small", "a"), node_iri("small", "c")
    g.remove((a, AM.supports, c))  # as if a hand-written map gave only the Support node
    derived = reasoning.apply_rules(g)
    assert (a, AM.supports, c) in derived
    assert not any(triple in g for triple in derived), "only what the map lacks is derived"
    assert (node_iri("small", "r"), RDF.type, AM.Claim) in derived, "class hierarchy materialised"


def test_a_claim_that_supports_and_undermines_is_inconsistent_and_named(
    write_map: Callable[[str], Path],
) -> None:
    contradictory = SMALL_MAP + (
        "  - {kind: rebuts, from: a, to: c, rationale: contradiction, quote: Cats are}\n"
    )
    data = compile_map(write_map(contradictory)).graph
    with pytest.raises(InconsistentMap) as info:
        reasoning.run_hermit(data + reasoning.apply_rules(data))
    (problem,) = info.value.problems
    assert problem.node == "a"
    assert "supports and undermines c" in problem.message


def test_without_java_reasoning_stops_clearly_and_the_last_inferences_stay(
    write_map: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    path = write_map(SMALL_MAP)
    store = OxigraphStore()
    builder.build(store, [path], write_compiled=False)
    before = store.graph(inferred_graph_iri("small"))
    assert (node_iri("small", "a"), RDF.type, AM.Premise) in before
    empty = tmp_path / "no-java"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))  # a machine without Java
    with pytest.raises(ReasonerUnavailable, match="Java"):
        reasoning.run_hermit(store.graph(map_iri("small")))
    report = builder.build(store, [path], write_compiled=False)
    assert any("Kept the inferred graph" in w for w in report.warnings)
    assert len(store.graph(inferred_graph_iri("small"))) == len(before)
