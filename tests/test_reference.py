from __future__ import annotations

import re
from collections import Counter
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


def test_the_page_has_one_title_and_no_two_terms_of_one_name(tmp_path: Path) -> None:
    html = write_ontology_html(tmp_path / "ontology.html").read_text(encoding="utf-8")
    onto = Graph().parse(resources.ontology_file())
    title = onto.value(URIRef("https://w3id.org/argmap"), URIRef("http://purl.org/dc/terms/title"))
    (heading,) = re.findall(r"<h1>(.*?)</h1>", html, flags=re.S)
    assert heading.strip() == str(title)
    # Each class's section opens with its name: am:Agent and prov:Agent were both "Agent".
    # (A functional property is listed twice, as an object property and as functional.)
    names = [n.strip() for n in re.findall(r'<h3>([^<]*)<sup class="sup-c"', html)]
    assert len(names) > 20
    assert [n for n, count in Counter(names).items() if count > 1] == []
    assert "Agent" in names and "prov:Agent" in names
