"""The vocabulary's kinds table and id patterns, held against the ontology and the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from argmap import resources, vocab
from argmap.vocab import AM

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(resources.ontology_file(), format="turtle")


def superclasses(g: Graph, cls: URIRef) -> set[URIRef]:
    return {c for c in g.transitive_objects(cls, RDFS.subClassOf) if isinstance(c, URIRef)}


def test_each_claim_kind_is_a_claim_class_of_the_ontology_with_its_label_and_rank(
    ontology: Graph,
) -> None:
    for kind in vocab.CLAIM_KINDS:
        assert (kind.cls, RDF.type, OWL.Class) in ontology, kind
        assert AM.Claim in superclasses(ontology, kind.cls), kind
        assert ontology.value(kind.cls, RDFS.label) == Literal(kind.label, lang="en"), kind
        assert ontology.value(kind.cls, AM.kindRank).toPython() == kind.rank, kind
        # Queries derive a kind's name from its class, so the two must agree.
        assert kind.name == str(kind.cls).rsplit("#", 1)[1].lower()


def test_the_table_names_every_asserted_kind_of_claim_in_the_ontology(ontology: Graph) -> None:
    claim_classes = {
        s
        for s in ontology.subjects(RDF.type, OWL.Class)
        if isinstance(s, URIRef) and AM.Claim in superclasses(ontology, s)
    }
    ranked = {s for s in ontology.subjects(AM.kindRank, None)}
    assert ranked == set(vocab.CLAIM_CLASSES) <= claim_classes
    # Not kinds: am:Premise is defined (the reasoner works out its members), and a claim of
    # any kind can be a reconstruction.
    assert claim_classes - ranked == {AM.Premise, AM.Reconstruction}


def test_a_subclass_outranks_its_superclass(ontology: Graph) -> None:
    by_class = {k.cls: k for k in vocab.CLAIM_KINDS}
    for kind in vocab.CLAIM_KINDS:
        for sup in superclasses(ontology, kind.cls) - {kind.cls}:
            if sup in by_class:
                assert kind.rank < by_class[sup].rank, (kind.name, sup)
    assert len({k.rank for k in vocab.CLAIM_KINDS}) == len(vocab.CLAIM_KINDS)


def test_relation_and_agent_kinds_exist_in_the_ontology(ontology: Graph) -> None:
    for kind in vocab.RELATION_KINDS:
        assert (kind.cls, RDF.type, OWL.Class) in ontology, kind
        assert (kind.shortcut, RDF.type, OWL.ObjectProperty) in ontology, kind
        assert ontology.value(kind.cls, RDFS.label) == Literal(kind.label, lang="en"), kind
    attacks = {AM.Rebuttal, AM.Undercut}
    for kind in vocab.RELATION_KINDS:
        if kind.cls in attacks:
            assert AM.undermines in set(
                ontology.transitive_objects(kind.shortcut, RDFS.subPropertyOf)
            )
    for cls in vocab.AGENT_KINDS.values():
        assert AM.Agent in superclasses(ontology, cls)


def test_no_query_restates_the_list_of_claim_kinds() -> None:
    # Queries read kinds from the ontology (am:kindRank, the class tree), never a copy of them.
    listed = re.compile(r"am:(Recommendation|Evidence|Counterexample|Assumption)\s+am:")
    folders = [REPO / "src" / "argmap", REPO / "ontology"]
    offenders = [
        str(path.relative_to(REPO))
        for folder in folders
        for path in folder.rglob("*.rq")
        if listed.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


@pytest.mark.parametrize("good", ["gallagher-2022", "a", "aif-6064", "m2"])
def test_map_ids(good: str) -> None:
    assert vocab.MAP_ID.match(good)


@pytest.mark.parametrize("bad", ["", "-a", "Gallagher", "a_b", "a/b", "a b", "a.b", "é"])
def test_bad_map_ids(bad: str) -> None:
    assert not vocab.MAP_ID.match(bad)


def test_node_ids_allow_what_imports_keep_but_nothing_that_breaks_an_iri() -> None:
    for good in ("idc-rec-iii", "Node_7", "6064.1", "a~b"):
        assert vocab.NODE_ID.match(good), good
    for bad in ("", ".a", "a/b", "a#b", "a b", "a<b"):
        assert not vocab.NODE_ID.match(bad), bad


def test_iris() -> None:
    assert vocab.IRI.match("https://w3id.org/argmap/map/gallagher-2022")
    assert vocab.IRI.match("urn:x")
    for bad in ("gallagher-2022", "http://a b", "http://a>b", "http://a\x00", "http://a{b}"):
        assert not vocab.IRI.match(bad), bad


def test_every_module_takes_its_patterns_from_the_vocabulary() -> None:
    # The id and IRI patterns once lived as eight regexes that disagreed; keep them in one place.
    pattern = re.compile(r"re\.compile\(r\"\^\[(a-z0-9|A-Za-z0-9|A-Za-z\]\[A-Za-z0-9\+)")
    offenders = [
        str(path.relative_to(REPO))
        for folder in (REPO / "src" / "argmap", REPO / "api")
        for path in folder.rglob("*.py")
        if path.name != "vocab.py" and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_model_s_kind_types_name_the_table_s_kinds() -> None:
    # Literal types cannot be computed, so the model spells the names out; hold them here.
    from typing import get_args

    from argmap import model

    assert set(get_args(model.NodeKind)) == {k.name for k in vocab.CLAIM_KINDS}
    assert set(get_args(model.RelationKind)) == {k.name for k in vocab.RELATION_KINDS}
