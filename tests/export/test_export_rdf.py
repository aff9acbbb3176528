"""Every RDF export parses back, with rdflib, to a graph isomorphic to the map in the store."""

from __future__ import annotations

import json

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from argmap import export
from argmap.store import OxigraphStore
from argmap.vocab import evaluation_graph_iri, inferred_graph_iri, map_iri

MAP = "gallagher-2022"
TRIPLE_FORMATS = {"turtle": "turtle", "ntriples": "nt", "rdfxml": "xml", "jsonld": "json-ld"}
DATASET_FORMATS = {"nquads": "nquads", "trig": "trig"}


def _text(result: str | bytes) -> str:
    assert isinstance(result, str)
    return result


@pytest.mark.parametrize(("name", "parser"), sorted(TRIPLE_FORMATS.items()))
def test_triple_formats_are_isomorphic_to_the_map(
    built_store: OxigraphStore, name: str, parser: str
) -> None:
    text = _text(export.export(built_store, MAP, name))
    parsed = Graph().parse(data=text, format=parser)
    expected = built_store.graph(map_iri(MAP))
    assert len(parsed) == len(expected) > 1000
    assert isomorphic(parsed, expected)


@pytest.mark.parametrize(("name", "parser"), sorted(DATASET_FORMATS.items()))
def test_dataset_formats_hold_the_map_its_inferences_and_its_evaluation(
    built_store: OxigraphStore, name: str, parser: str
) -> None:
    text = _text(export.export(built_store, MAP, name))
    dataset = Dataset()
    dataset.parse(data=text, format=parser)
    names = {g.identifier for g in dataset.graphs() if len(g)}
    assert names == {map_iri(MAP), inferred_graph_iri(MAP), evaluation_graph_iri(MAP)}
    for graph_name in names - {evaluation_graph_iri(MAP)}:
        assert isinstance(graph_name, URIRef)
        assert isomorphic(dataset.graph(graph_name), built_store.graph(graph_name))
    # The evaluation's numbers are xsd:decimal, whose lexical form writers may normalise
    # (1 is written 1.0): the values must survive, to the last of their twelve places.
    exported, stored = (
        {(s, p, o.toPython() if isinstance(o, Literal) else o) for s, p, o in graph}
        for graph in (
            dataset.graph(evaluation_graph_iri(MAP)),
            built_store.graph(evaluation_graph_iri(MAP)),
        )
    )
    assert exported == stored and len(stored) > 1000


def test_jsonld_is_compacted_with_the_argmap_context(built_store: OxigraphStore) -> None:
    document = json.loads(_text(export.export(built_store, MAP, "jsonld")))
    context = document["@context"]
    assert context["am"] == "https://w3id.org/argmap#"
    assert context["oa"] == "http://www.w3.org/ns/oa#"
    assert context["node"] == f"{map_iri(MAP)}/"
    nodes = {entry["@id"]: entry for entry in document["@graph"]}
    rec = nodes["node:idc-rec-iii"]
    assert rec["@type"] == "am:Recommendation"
    assert "rdfs:label" in rec


def test_turtle_uses_short_names(built_store: OxigraphStore) -> None:
    text = _text(export.export(built_store, MAP, "turtle"))
    assert "@prefix am: <https://w3id.org/argmap#> ." in text
    assert "node:idc-rec-iii a am:Recommendation" in text


def test_a_neighbourhood_drops_the_claims_outside_it(built_store: OxigraphStore) -> None:
    whole = export.load(built_store, MAP)
    part = export.focus(whole, "idc-rec-iii", 1)
    outside = {n.iri for n in whole.nodes} - {n.iri for n in part.nodes}
    outside |= {r.iri for r in whole.relations} - {r.iri for r in part.relations}
    text = _text(export.export(built_store, MAP, "turtle", "idc-rec-iii", 1))
    graph = Graph().parse(data=text, format="turtle")
    mentioned = {
        str(term).split("#", 1)[0]
        for triple in graph
        for term in triple
        if isinstance(term, URIRef)
    }
    assert not mentioned & outside
    kept = {n.iri for n in part.nodes} | {r.iri for r in part.relations}
    assert kept <= mentioned
    # What the neighbourhood keeps, it keeps whole: every triple about a kept claim.
    full = built_store.graph(map_iri(MAP))
    rec = URIRef(whole.node("idc-rec-iii").iri)
    assert set(graph.triples((rec, None, None))) == set(full.triples((rec, None, None)))

    quads = _text(export.export(built_store, MAP, "nquads", "idc-rec-iii", 1))
    dataset = Dataset()
    dataset.parse(data=quads, format="nquads")
    assert isomorphic(dataset.graph(map_iri(MAP)), graph)
