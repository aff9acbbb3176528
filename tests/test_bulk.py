"""Many maps checked and inferred at once (argmap.bulk) get what each gets alone, and HermiT's."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from argmap import bulk, reasoning
from argmap.authoring import compile_map
from argmap.errors import InconsistentMap, Problem
from argmap.importers import import_file, move_map
from argmap.pipeline import ParsedMap, write_maps
from argmap.store import OxigraphStore
from argmap.terms import from_ox_triples, to_ox_triples
from argmap.vocab import AM, map_iri, node_iri

SHIPPED = Path("data/maps/gallagher-2022.yaml")
AIF = Path("tests/fixtures/aif/aifdb-6064.json")


@pytest.fixture(scope="module")
def shipped() -> Graph:
    """The shipped map, compiled."""
    return compile_map(SHIPPED).graph


def _as(graph: Graph, map_id: str) -> Graph:
    return move_map(graph, map_iri("gallagher-2022"), map_id)


def _alone(map_id: str, graph: Graph) -> tuple[set[Problem], Graph]:
    batch = bulk.Batch()
    batch.add(map_id, to_ox_triples(graph))
    problems = {p for ps in batch.problems().values() for p in ps}
    return problems, from_ox_triples(batch.infer()[map_id])


def _broken(graph: Graph, map_id: str) -> Graph:
    """The map with a claim's label and a support's end gone, and a source retyped."""
    broken = Graph()
    broken += graph
    broken.remove((node_iri(map_id, "idc-rec-iii"), RDFS.label, None))
    broken.remove((node_iri(map_id, "src-idc-report"), RDF.type, None))
    support = next(iter(broken.subjects(RDF.type, AM.Support)))
    broken.remove((support, AM.to, None))
    return broken


def test_maps_checked_together_get_what_each_gets_alone(shipped: Graph) -> None:
    maps = {"first": _as(shipped, "first"), "second": _broken(_as(shipped, "second"), "second")}
    batch = bulk.Batch()
    for map_id, graph in maps.items():
        batch.add(map_id, to_ox_triples(graph))
    assert len(list(batch.graphs())) == 1  # closed maps share one graph
    together = batch.problems()
    derived = batch.infer()
    for map_id, graph in maps.items():
        problems, inferred = _alone(map_id, graph)
        assert set(together.get(map_id, [])) == problems
        assert set(from_ox_triples(derived[map_id])) == set(inferred)
    assert "first" not in together
    assert "idc-rec-iii" in {p.node for p in together["second"]}
    assert any("(value: src-idc-report)" in p.message for p in together["second"])


def test_a_map_that_speaks_of_another_maps_nodes_is_read_alone(shipped: Graph) -> None:
    first = _as(shipped, "first")
    # `second` types a node of `first` as a source without a title: alone, that is a problem.
    second = Graph()
    second += _as(shipped, "second")
    second.add((node_iri("first", "idc"), RDF.type, AM.Source))
    batch = bulk.Batch()
    batch.add("first", to_ox_triples(first))
    batch.add("second", to_ox_triples(second))
    assert not bulk.is_closed("second", list(to_ox_triples(second)))
    assert len(list(batch.graphs())) == 2
    together = batch.problems()
    assert set(together.get("second", [])) == _alone("second", second)[0] != set()
    assert "first" not in together


@pytest.mark.reasoner
@pytest.mark.parametrize("source", ["shipped", "aif"])
def test_the_rules_give_what_hermit_gives(shipped: Graph, source: str) -> None:
    if source == "shipped":
        graph = shipped
    else:
        store = OxigraphStore()
        [report] = import_file(store, AIF, reason=False)
        graph = store.graph(map_iri(report.map_id))
    rules = reasoning.apply_rules(graph)
    hermit = reasoning.run_hermit(graph + rules)
    assert set(hermit) <= set(rules), set(hermit) - set(rules)
    assert len(rules) > 0


def test_a_node_in_two_disjoint_classes_is_refused_naming_it(shipped: Graph) -> None:
    graph = Graph()
    graph += shipped
    agent = node_iri("gallagher-2022", "gallagher")
    graph.add((agent, RDF.type, AM.Claim))
    graph.add((agent, AM.inMap, map_iri("gallagher-2022")))
    store = OxigraphStore()
    with pytest.raises(InconsistentMap) as refused:
        write_maps(
            store, [ParsedMap("gallagher-2022", graph, checked=True)], fmt="turtle", name="m.ttl"
        )
    [problem] = refused.value.problems
    assert problem.node == "gallagher" and "disjoint" in problem.message
    assert store.graph_names() == []


def test_axioms_of_its_own_send_a_map_to_hermit(shipped: Graph) -> None:
    from argmap.pipeline import own_axioms

    assert not own_axioms(to_ox_triples(shipped))
    with_axiom = Graph()
    with_axiom += shipped
    with_axiom.add((URIRef("urn:x"), RDFS.subClassOf, AM.Claim))
    assert own_axioms(to_ox_triples(with_axiom))
    labelled = Graph()
    labelled += shipped
    labelled.add((URIRef("urn:x"), RDFS.comment, Literal("a note")))
    assert not own_axioms(to_ox_triples(labelled))
