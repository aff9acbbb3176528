"""The one write pipeline: build and import store maps with the same checks and one policy."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib.namespace import RDF

from argmap import build as builder
from argmap import pipeline, reasoning
from argmap.errors import MapProblems
from argmap.importers import import_file
from argmap.store import OxigraphStore
from argmap.vocab import AIF, AM, ONTOLOGY_IRI, inferred_graph_iri, map_iri, node_iri
from testdata import SMALL_MAP

pytestmark = pytest.mark.reasoner  # the first build of each test runs HermiT


def quads(store: OxigraphStore) -> set[str]:
    return {str(q) for q in store.raw().quads_for_pattern(None, None, None, None)}


def no_java(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    empty = tmp_path / "no-java"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))  # the real condition HermiT cannot run under


def test_without_java_an_unchanged_map_keeps_its_inferences_through_build_and_import(
    write_map: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = write_map(SMALL_MAP)
    store = OxigraphStore()
    builder.build(store, [path], write_compiled=False)
    premise = (node_iri("small", "a"), RDF.type, AM.Premise)
    assert premise in store.graph(inferred_graph_iri("small"))
    no_java(monkeypatch, tmp_path)

    report = builder.build(store, [path], write_compiled=False)
    assert any("Kept the inferred graph of small" in w for w in report.warnings)
    [imported] = import_file(store, path, replace=True, reason=True)
    assert any("Kept the inferred graph of small" in w for w in imported.warnings)
    assert premise in store.graph(inferred_graph_iri("small"))
    # By default HermiT is not asked for a map without axioms of its own: no Java, no warning,
    # and the rules derive the premise themselves.
    [default] = import_file(store, path, replace=True)
    assert default.warnings == []
    assert premise in store.graph(inferred_graph_iri("small"))


def test_without_java_a_changed_map_gets_the_rule_inferences_alone(
    write_map: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    store = OxigraphStore()
    builder.build(store, [write_map(SMALL_MAP)], write_compiled=False)
    no_java(monkeypatch, tmp_path)
    changed = write_map(SMALL_MAP.replace("label: protect whales", "label: save the whales"))
    [report] = import_file(store, changed, replace=True, reason=True)
    assert any("only the rule inferences for small" in w for w in report.warnings)
    inferred = store.graph(inferred_graph_iri("small"))
    # The old HermiT result would not be true of the new map, so what is stored is exactly
    # what the rules derive from the new one: the class hierarchy, the shortcuts, premises.
    assert set(inferred) == set(reasoning.apply_rules(store.graph(map_iri("small"))))
    assert (node_iri("small", "r"), RDF.type, AM.Claim) in inferred
    assert (node_iri("small", "a"), RDF.type, AIF["I-node"]) in inferred


def test_a_build_is_one_write_a_broken_map_stores_none_of_them(
    write_map: Callable[..., Path],
) -> None:
    store = OxigraphStore()
    good = write_map(SMALL_MAP)
    builder.build(store, [good], write_compiled=False)
    before = quads(store)
    second = write_map(SMALL_MAP.replace("id: small", "id: other"), "other")
    broken = write_map(
        SMALL_MAP.replace("id: small", "id: broken").replace("quote: Cats", "quote: Dogs"), "broken"
    )
    with pytest.raises(MapProblems):
        builder.build(store, [good, second, broken], write_compiled=False)
    assert quads(store) == before
    assert map_iri("other") not in store.graph_names()


def test_writing_the_same_maps_again_changes_no_quad(write_map: Callable[[str], Path]) -> None:
    store = OxigraphStore()
    path = write_map(SMALL_MAP)
    builder.build(store, [path], write_compiled=False)
    before = quads(store)
    builder.build(store, [path], write_compiled=False)
    import_file(store, path, replace=True)
    assert quads(store) == before
    assert ONTOLOGY_IRI in store.graph_names()


def test_the_pipeline_reports_its_steps(write_map: Callable[[str], Path]) -> None:
    store = OxigraphStore()
    parsed = [
        pipeline.ParsedMap(
            "small", builder.compile_and_validate(write_map(SMALL_MAP)).graph, checked=True
        )
    ]
    told: list[str] = []
    pipeline.write_maps(store, parsed, fmt="yaml", name="x", step=told.append)
    assert told == ["check x", "infer x", "evaluate x", "write"]
    pipeline.write_maps(
        store, parsed, fmt="yaml", name="x", step=told.append, reason=True, replace=True
    )
    assert told[4:] == ["check x", "infer x", "evaluate x", "reason over small (HermiT)", "write"]
    assert len(told[4:]) == pipeline.steps_for(len(parsed))


@pytest.mark.parametrize(
    ("data", "fmt", "says"),
    [
        (b"<http://a.example/s> <http://a.example/p> 1 .", "turtle", "no claims"),
        (b'{"nodes": [], "edges": []}', "aif", "no claims"),
    ],
)
def test_a_file_with_no_argument_in_it_is_not_stored_as_a_map(
    data: bytes, fmt: str, says: str
) -> None:
    from argmap.importers import import_data

    store = OxigraphStore()
    with pytest.raises(MapProblems, match=says) as refused:
        import_data(store, data, fmt, map_id="empty", reason=False)
    assert refused.value.problems[0].node == "empty"
    assert store.graph_names() == []


def test_a_build_tells_each_step_and_ends_done(write_map: Callable[[str], Path]) -> None:
    path = write_map(SMALL_MAP)
    told: list[tuple[str, int, int]] = []
    builder.build(
        OxigraphStore(),
        [path],
        reason=False,
        write_compiled=False,
        progress=lambda *step: told.append(step),
    )
    messages = [message.split()[0] for message, _, _ in told]
    assert messages == ["compile", "check", "infer", "evaluate", "write", "done"]
    assert [done for _, done, _ in told] == [0, 1, 2, 3, 4, told[-1][2]]
    assert all(done <= total for _, done, total in told)
