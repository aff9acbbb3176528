from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from argmap import resources
from argmap.vocab import AIF, AM, ONTOLOGY_IRI

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
