from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from argmap import resources
from argmap.reference import write_ontology_html
from argmap.vocab import AM


def test_the_reference_page_documents_every_class_and_property(tmp_path: Path) -> None:
    html = write_ontology_html(tmp_path / "ontology.html").read_text(encoding="utf-8")
    onto = Graph().parse(resources.ontology_file())
    terms = [
        t
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for t in onto.subjects(RDF.type, kind)
        if isinstance(t, URIRef) and str(t).startswith(str(AM))
    ]
    assert len(terms) > 30
    for term in terms:
        assert str(onto.value(term, RDFS.label)) in html, term
    assert "argmap: an ontology of argument maps" in html
