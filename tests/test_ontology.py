from __future__ import annotations

import tempfile
import textwrap
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS

from argmap import resources
from argmap.authoring import compile_map
from argmap.validation import validate_graph
from argmap.vocab import AIF, AM, ONTOLOGY_IRI, node_iri
from testdata import SMALL_MAP, SMALL_TEXT

CORE_CLASSES = [
    "ArgumentMap",
    "Claim",
    "Recommendation",
    "Premise",
    "Evidence",
    "Case",
    "Counterexample",
    "Source",
    "Agent",
    "Support",
    "Attack",
]
CORE_PROPERTIES = [
    "from",
    "to",
    "supports",
    "undermines",
    "rebuts",
    "undercuts",
    "hasSource",
    "attributedTo",
    "concernsCase",
    "inMap",
]


def ontology() -> Graph:
    return Graph().parse(resources.ontology_file())


def test_ontology_header_has_iri_and_version() -> None:
    g = ontology()
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in g
    assert g.value(ONTOLOGY_IRI, OWL.versionIRI) is not None


def test_core_terms_exist_with_the_right_kind() -> None:
    g = ontology()
    for name in CORE_CLASSES:
        assert (AM[name], RDF.type, OWL.Class) in g, name
    for name in CORE_PROPERTIES:
        assert (AM[name], RDF.type, OWL.ObjectProperty) in g, name


def test_every_term_is_labelled_and_commented() -> None:
    g = ontology()
    terms = {s for s in g.subjects(RDF.type, None) if isinstance(s, URIRef) and s != ONTOLOGY_IRI}
    assert len(terms) > 40
    unlabelled = [t for t in terms if g.value(t, RDFS.label) is None]
    uncommented = [t for t in terms if g.value(t, RDFS.comment) is None]
    assert unlabelled == [] and uncommented == []


def test_premise_is_defined_by_an_equivalent_class() -> None:
    g = ontology()
    definition = g.value(AM.Premise, OWL.equivalentClass)
    assert definition is not None
    restriction_props = set(g.objects(None, OWL.onProperty))
    assert AM.supports in restriction_props


def test_supports_and_undermines_are_disjoint_and_attack_kinds_nest() -> None:
    g = ontology()
    assert (AM.supports, OWL.propertyDisjointWith, AM.undermines) in g
    assert (AM.rebuts, RDFS.subPropertyOf, AM.undermines) in g
    assert (AM.undercuts, RDFS.subPropertyOf, AM.undermines) in g


def test_aligned_with_aif_prov_and_web_annotation() -> None:
    g = ontology()
    assert (AM.Claim, RDFS.subClassOf, AIF["I-node"]) in g
    assert (AM.Support, RDFS.subClassOf, AIF["RA-node"]) in g
    assert (AM.Attack, RDFS.subClassOf, AIF["CA-node"]) in g
    assert (
        AM.attributedTo,
        RDFS.subPropertyOf,
        URIRef("http://www.w3.org/ns/prov#wasAttributedTo"),
    ) in g
    assert (AM.TextAnchor, RDFS.subClassOf, URIRef("http://www.w3.org/ns/oa#SpecificResource")) in g


def test_every_shortcut_names_an_existing_rule() -> None:
    g = ontology()
    rules = {p.name for p in (resources.ontology_dir() / "rules").glob("*.rq")}
    named = {str(o).rsplit("/", 1)[1] for o in g.objects(None, AM.derivedBy)}
    assert named and named <= rules


def test_several_premises_are_allowed_and_documented() -> None:
    g = ontology()
    # A linked argument has several am:from, so am:from is not functional.
    assert (AM["from"], RDF.type, OWL.FunctionalProperty) not in g
    assert (AM.to, RDF.type, OWL.FunctionalProperty) in g
    assert "linked argument" in str(g.value(AM["from"], RDFS.comment))


def test_reconstructions_and_external_facts_are_aligned_with_prov() -> None:
    g = ontology()
    assert (AM.Reconstruction, RDFS.subClassOf, AM.Claim) in g
    assert (AM.Assumption, RDFS.subClassOf, AM.Reconstruction) in g
    assert (AM.ascribedTo, RDFS.range, AM.Agent) in g
    assert (AM.ascribedTo, RDFS.subPropertyOf, PROV.wasAttributedTo) not in g
    assert (AM.ExternalFact, RDFS.subClassOf, PROV.Entity) in g
    assert (AM.hasExternalFact, RDFS.range, AM.ExternalFact) in g


def _small_map_graph() -> Graph:
    body = SMALL_MAP.replace("  source: src-small\n", "  source: src-small\n  creator: someone\n")
    extra = (
        "  - {id: x, kind: assumption, label: x, quote: breathe air., occurrence: 1,"
        " ascribed_to: [someone]}\n"
    )
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "data" / "texts").mkdir(parents=True)
        (root / "data" / "texts" / "small.md").write_text(SMALL_TEXT, encoding="utf-8")
        path = root / "small.yaml"
        path.write_text(
            textwrap.dedent(body.replace("relations:\n", extra + "relations:\n")), "utf-8"
        )
        return compile_map(path, root).graph


def test_the_shapes_and_checks_catch_broken_reconstructions_and_relations() -> None:
    g = _small_map_graph()
    assert validate_graph(g) == []
    x, ac = node_iri("small", "x"), node_iri("small", "ac")
    broken = Graph() + g
    broken.remove((x, AM.ascribedTo, None))
    broken.add((x, AM.attributedTo, node_iri("small", "someone")))
    broken.remove((ac, AM["from"], None))
    messages = [p.message for p in validate_graph(broken)]
    assert any("use am:ascribedTo, not am:attributedTo" in m for m in messages)
    assert any("needs at least one from" in m for m in messages)
    # An imported reconstruction may lack its ends (a warning); its ends must be agents.
    unascribed = Graph() + g
    unascribed.remove((x, AM.ascribedTo, None))
    assert validate_graph(unascribed) == []
    unascribed.add((x, AM.ascribedTo, node_iri("small", "a")))
    assert any(
        "ascribed (am:ascribedTo) to an am:Agent" in p.message for p in validate_graph(unascribed)
    )
    # Several premises are fine.
    linked = Graph() + g
    linked.add((ac, AM["from"], node_iri("small", "b")))
    assert validate_graph(linked) == []
