from __future__ import annotations

import json
from pathlib import Path

import pytest
from import_helpers import count, snapshot
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, RDFS

from argmap.errors import ImportFormatError, ValidationError
from argmap.export import FORMATS
from argmap.importers import guess_format, import_file, read_maps, read_rdf
from argmap.store import OxigraphStore
from argmap.validation import validate_graph
from argmap.vocab import AM, inferred_graph_iri, map_iri, node_iri
from testdata import GALLAGHER_TTL

HAND_WRITTEN = """\
@prefix am: <https://w3id.org/argmap#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.org/debate/> .

<http://example.org/debate> a am:ArgumentMap ; rdfs:label "A hand-written debate" .
ex:cats a am:Claim ; rdfs:label "Cats are mammals" ; am:inMap <http://example.org/debate> .
ex:breathe a am:Claim ; rdfs:label "Cats breathe air" ; am:inMap <http://example.org/debate> .
ex:rule a am:Claim ; rdfs:label "All mammals breathe air" ; am:inMap <http://example.org/debate> .
ex:whales a am:Claim ; rdfs:label "Whales breathe air" ; am:inMap <http://example.org/debate> .
ex:protect a am:Recommendation ; rdfs:label "Protect whales" ; am:inMap <http://example.org/debate> .
ex:cats am:supports ex:breathe .
ex:rule am:supports ex:breathe .
ex:whales am:rebuts ex:rule .
ex:whales am:supports ex:protect .
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.reasoner
def test_a_hand_written_map_of_shortcuts_gets_its_reified_nodes(tmp_path: Path) -> None:
    store = OxigraphStore()
    [report] = import_file(store, write(tmp_path, "debate.ttl", HAND_WRITTEN))
    assert report.map_id == "debate"  # the last path segment of the map's IRI
    g = store.graph(map_iri("debate"))
    support = node_iri("debate", "cats--supports--breathe")
    assert (support, RDF.type, AM.Support) in g
    assert g.value(support, AM["from"]) == node_iri("debate", "cats")
    assert g.value(support, AM.to) == node_iri("debate", "breathe")
    assert g.value(support, DCTERMS.identifier) == Literal("cats--supports--breathe")
    rebuttal = node_iri("debate", "whales--rebuts--rule")
    assert {AM.Attack, AM.Rebuttal} <= set(g.objects(rebuttal, RDF.type))
    assert (node_iri("debate", "whales"), AM.undermines, node_iri("debate", "rule")) in g
    # Nodes under the map's IRI moved with it.
    assert not [s for s in g.subjects() if str(s).startswith("http://example.org/")]
    assert report.counts["supports"] == 3 and report.counts["rebuttals"] == 1
    assert validate_graph(g) == []
    # What the model derives is in the inferred graph: HermiT finds the premises.
    inferred = store.graph(inferred_graph_iri("debate"))
    assert (node_iri("debate", "cats"), RDF.type, AM.Premise) in inferred


def test_an_undercut_in_shortcuts_attacks_the_minted_support(tmp_path: Path) -> None:
    text = HAND_WRITTEN + (
        'ex:fish a am:Claim ; rdfs:label "Fish are no mammals" ; am:inMap <http://example.org/debate> ;\n'
        "  am:undercuts <http://example.org/debate/cats--supports--breathe> .\n"
    )
    [parsed] = read_rdf(text, "turtle")
    undercut = node_iri("debate", "fish--undercuts--cats--supports--breathe")
    assert (undercut, RDF.type, AM.Undercut) in parsed.graph
    assert parsed.graph.value(undercut, AM.to) == node_iri("debate", "cats--supports--breathe")
    assert parsed.problems == []


def test_an_undercut_that_points_at_a_claim_is_refused(tmp_path: Path) -> None:
    text = HAND_WRITTEN + "ex:whales am:undercuts ex:cats .\n"
    store = OxigraphStore()
    with pytest.raises(ValidationError, match="am:undercuts must point at a Support node"):
        import_file(store, write(tmp_path, "debate.ttl", text))
    assert snapshot(store) == set()


def test_a_blank_node_claim_gets_an_id_from_its_label() -> None:
    text = (
        "@prefix am: <https://w3id.org/argmap#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix dcterms: <http://purl.org/dc/terms/> .\n"
        '<http://example.org/m> a am:ArgumentMap ; dcterms:identifier "tiny" ; rdfs:label "Tiny" .\n'
        '[] a am:Claim ; rdfs:label "Birds can fly" ; am:supports [ a am:Claim ; rdfs:label "Sparrows fly" ] .\n'
    )
    [parsed] = read_rdf(text, "turtle")
    assert parsed.map_id == "tiny"  # dcterms:identifier wins over the IRI
    g = parsed.graph
    assert (node_iri("tiny", "birds-can-fly"), AM.inMap, map_iri("tiny")) in g
    assert (node_iri("tiny", "birds-can-fly--supports--sparrows-fly"), RDF.type, AM.Support) in g
    assert validate_graph(g) == []


TWO_MAPS_NQUADS = """\
<https://example.org/g/alpha> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/argmap#ArgumentMap> <https://example.org/g/alpha> .
<https://example.org/g/alpha> <http://www.w3.org/2000/01/rdf-schema#label> "Alpha" <https://example.org/g/alpha> .
<https://example.org/a/1> <http://www.w3.org/2000/01/rdf-schema#label> "one" <https://example.org/g/alpha> .
<https://example.org/a/1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/argmap#Claim> <https://example.org/g/alpha> .
<https://example.org/a/2> <http://www.w3.org/2000/01/rdf-schema#label> "two" <https://example.org/g/alpha> .
<https://example.org/a/2> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/argmap#Claim> <https://example.org/g/alpha> .
<https://example.org/a/1> <https://w3id.org/argmap#supports> <https://example.org/a/2> <https://example.org/g/alpha> .
<https://example.org/b/x> <http://www.w3.org/2000/01/rdf-schema#label> "ex" <https://example.org/g/beta> .
<https://example.org/b/x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/argmap#Claim> <https://example.org/g/beta> .
<https://example.org/b/y> <http://www.w3.org/2000/01/rdf-schema#label> "why" <https://example.org/g/beta> .
<https://example.org/b/y> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/argmap#Recommendation> <https://example.org/g/beta> .
<https://example.org/b/x> <https://w3id.org/argmap#rebuts> <https://example.org/b/y> <https://example.org/g/beta> .
"""


@pytest.mark.reasoner
def test_an_nquads_file_with_two_graphs_imports_as_two_maps(tmp_path: Path) -> None:
    store = OxigraphStore()
    reports = import_file(store, write(tmp_path, "two.nq", TWO_MAPS_NQUADS))
    assert sorted(r.map_id for r in reports) == ["alpha", "beta"]
    assert count(store, "alpha", "Claim") == 2 and count(store, "alpha", "Support") == 1
    assert count(store, "beta", "Recommendation") == 1 and count(store, "beta", "Rebuttal") == 1
    # A graph that declares no map is the map named by the graph.
    beta = store.graph(map_iri("beta"))
    assert (map_iri("beta"), RDF.type, AM.ArgumentMap) in beta
    assert (node_iri("beta", "x"), AM.inMap, map_iri("beta")) in beta
    assert {map_iri("alpha"), map_iri("beta")} <= set(store.graph_names())


TWO_MAPS_TURTLE = """\
@prefix am: <https://w3id.org/argmap#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.org/> .

ex:left a am:ArgumentMap ; rdfs:label "Left" .
ex:right a am:ArgumentMap ; rdfs:label "Right" .
ex:someone a am:Person ; rdfs:label "Someone" .
ex:l1 a am:Claim ; rdfs:label "l1" ; am:inMap ex:left ; am:attributedTo ex:someone .
ex:l2 a am:Claim ; rdfs:label "l2" ; am:inMap ex:left .
ex:l1 am:supports ex:l2 .
ex:r1 a am:Claim ; rdfs:label "r1" ; am:inMap ex:right ; am:attributedTo ex:someone .
ex:stray rdfs:label "belongs to nothing" .
"""


@pytest.mark.reasoner
def test_maps_in_one_turtle_file_are_split_by_in_map(tmp_path: Path) -> None:
    store = OxigraphStore()
    reports = import_file(store, write(tmp_path, "both.ttl", TWO_MAPS_TURTLE))
    assert sorted(r.map_id for r in reports) == ["left", "right"]
    assert count(store, "left", "Claim") == 2 and count(store, "right", "Claim") == 1
    # The agent both maps point at goes with each of them.
    for map_id, claim in (("left", "l1"), ("right", "r1")):
        g = store.graph(map_iri(map_id))
        agent = g.value(node_iri(map_id, claim), AM.attributedTo)
        assert agent == node_iri(map_id, "someone")
        assert g.value(agent, RDFS.label) == Literal("Someone")
        # Nodes outside the map's IRI are renamed, and say where they came from.
        assert g.value(agent, RDFS.seeAlso) == URIRef("http://example.org/someone")
    set_aside = {k: v for r in reports for k, v in r.set_aside.items()}
    assert set_aside == {"unattached triples": 1}
    assert any("http://example.org/stray" in n for r in reports for n in r.notes)


def test_map_id_option_applies_to_a_file_with_one_map_only(tmp_path: Path) -> None:
    [parsed] = read_rdf(HAND_WRITTEN, "turtle", map_id="renamed")
    assert parsed.map_id == "renamed"
    assert parsed.graph.value(map_iri("renamed"), DCTERMS.identifier) == Literal("renamed")
    with pytest.raises(ImportFormatError, match=r"holds 2 maps.*--map-id applies only"):
        read_rdf(TWO_MAPS_TURTLE, "turtle", map_id="renamed")


def test_a_file_without_a_map_needs_a_map_id() -> None:
    text = (
        "@prefix am: <https://w3id.org/argmap#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<http://example.org/a> a am:Claim ; rdfs:label "a" ; am:supports <http://example.org/b> .\n'
        '<http://example.org/b> a am:Claim ; rdfs:label "b" .\n'
    )
    with pytest.raises(ImportFormatError, match=r"declares no am:ArgumentMap.*--map-id"):
        read_rdf(text, "turtle", name="loose.ttl")
    [parsed] = read_rdf(text, "turtle", map_id="loose")
    assert (node_iri("loose", "a"), AM.inMap, map_iri("loose")) in parsed.graph
    assert validate_graph(parsed.graph) == []


@pytest.mark.reasoner
def test_json_ld_is_read(tmp_path: Path) -> None:
    document = {
        "@context": {
            "am": "https://w3id.org/argmap#",
            "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
            "ex": "http://example.org/jl/",
            "label": "rdfs:label",
            "inMap": {"@id": "am:inMap", "@type": "@id"},
            "supports": {"@id": "am:supports", "@type": "@id"},
        },
        "@graph": [
            {"@id": "ex:map", "@type": "am:ArgumentMap", "label": "A JSON-LD map"},
            {
                "@id": "ex:p",
                "@type": "am:Evidence",
                "label": "p",
                "inMap": "ex:map",
                "supports": "ex:q",
            },
            {"@id": "ex:q", "@type": "am:Recommendation", "label": "q", "inMap": "ex:map"},
        ],
    }
    store = OxigraphStore()
    [report] = import_file(store, write(tmp_path, "jl.jsonld", json.dumps(document)))
    assert report.map_id == "map"
    assert count(store, "map", "Claim") == 0  # asserted kinds only: Evidence, Recommendation
    assert count(store, "map", "Evidence") == 1 and count(store, "map", "Recommendation") == 1
    assert count(store, "map", "Support") == 1
    assert report.counts["claims"] == 2


@pytest.mark.reasoner
def test_a_json_file_with_a_context_is_taken_for_json_ld(tmp_path: Path) -> None:
    document = {
        "@context": {"am": "https://w3id.org/argmap#"},
        "@id": "http://example.org/z",
        "@type": "am:ArgumentMap",
    }
    data = write(tmp_path, "z.json", json.dumps(document)).read_bytes()
    assert guess_format("z.json", data) == "jsonld"
    [parsed] = read_maps(data, "jsonld", name="z.json")
    assert parsed.map_id == "z"  # read as JSON-LD (a map with no claims is not stored)


def test_a_remote_json_ld_context_is_not_fetched() -> None:
    text = '{"@context": "https://example.org/context.jsonld", "@id": "http://example.org/m"}'
    with pytest.raises(ImportFormatError, match=r"remote @context.*inline"):
        read_rdf(text, "jsonld")


def test_a_turtle_syntax_error_names_its_line(tmp_path: Path) -> None:
    text = HAND_WRITTEN.replace(
        'ex:rule a am:Claim ; rdfs:label "All', 'ex:rule a am:Claim ; rdfs:label "All\n'
    )
    store = OxigraphStore()
    with pytest.raises(ImportFormatError, match=r"debate.ttl is not valid Turtle.*line 8"):
        import_file(store, write(tmp_path, "debate.ttl", text))
    assert snapshot(store) == set()


def test_an_ntriples_error_names_its_line() -> None:
    text = '<http://a> <http://b> "ok" .\n<http://a> <http://b> .\n'
    with pytest.raises(ImportFormatError, match=r"not valid N-Triples.*line 2"):
        read_rdf(text, "ntriples")


@pytest.mark.reasoner
def test_the_committed_turtle_imports_under_another_id(built_store: OxigraphStore) -> None:
    store = OxigraphStore()
    [report] = import_file(store, GALLAGHER_TTL, map_id="g-copy")
    g = store.graph(map_iri("g-copy"))
    assert not [s for s in g.subjects() if "/map/gallagher-2022" in str(s)]
    original = built_store.graph(map_iri("gallagher-2022"))
    assert len(g) == len(original)
    for cls in ("Claim", "Recommendation", "Support", "Attack", "Undercut"):
        assert count(store, "g-copy", cls) == count(built_store, "gallagher-2022", cls)
    # Anchors came along and were checked against the text they point into.
    assert report.counts["anchors"] > 0
    anchor = URIRef(str(node_iri("g-copy", "idc-rec-iii")) + "#anchor")
    assert (node_iri("g-copy", "idc-rec-iii"), AM.hasAnchor, anchor) in g


def test_an_nquads_dump_imports_back_and_its_inferred_graph_is_recomputed(
    built_store: OxigraphStore, tmp_path: Path
) -> None:
    dump = FORMATS["nquads"].export(built_store, "gallagher-2022")
    assert isinstance(dump, str)
    store = OxigraphStore()
    [report] = import_file(store, write(tmp_path, "g.nq", dump), reason=False)
    assert report.map_id == "gallagher-2022"
    assert report.set_aside["inferred triples"] > 0
    assert isomorphic(
        store.graph(map_iri("gallagher-2022")), built_store.graph(map_iri("gallagher-2022"))
    )
    assert len(store.graph(inferred_graph_iri("gallagher-2022"))) > 0
