"""The article's map, checked with plain SPARQL over the committed files, as a scholar would."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import yaml
from rdflib import Graph
from rdflib.compare import isomorphic

from argmap import anchors, resources
from argmap.authoring import compile_map
from argmap.build import compile_and_validate
from testdata import ARTICLE, GALLAGHER_TTL, GALLAGHER_YAML, REPO

PREFIXES = """
PREFIX am:      <https://w3id.org/argmap#>
PREFIX rdfs:    <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX oa:      <http://www.w3.org/ns/oa#>
PREFIX xsd:     <http://www.w3.org/2001/XMLSchema#>
"""


@pytest.fixture(scope="module")
def files_only() -> ox.Store:
    """The ontology and the compiled map, nothing derived: what a scholar downloads."""
    store = ox.Store()
    store.load(path=str(resources.ontology_file()), format=ox.RdfFormat.TURTLE)
    store.load(path=str(GALLAGHER_TTL), format=ox.RdfFormat.TURTLE)
    return store


def select(store: ox.Store, query: str) -> list[dict[str, object]]:
    results = store.query(PREFIXES + query)
    assert isinstance(results, ox.QuerySolutions)
    names = [v.value for v in results.variables]
    return [{n: s[n] for n in names} for s in results]


def test_compiled_map_is_up_to_date() -> None:
    committed = Graph().parse(GALLAGHER_TTL)
    assert isomorphic(committed, compile_map(GALLAGHER_YAML).graph), (
        "data/maps/gallagher-2022.ttl is stale: run `argmap build`"
    )


def test_committed_map_validates() -> None:
    compile_and_validate(GALLAGHER_YAML)


def test_the_map_quotes_the_article_in_the_repository() -> None:
    # The quote checks below read ARTICLE: make sure it is the text the map itself names.
    named = yaml.safe_load(GALLAGHER_YAML.read_text(encoding="utf-8"))["map"]["text"]
    assert (REPO / named).resolve() == ARTICLE.resolve()


def test_eight_recommendations(files_only: ox.Store) -> None:
    rows = select(files_only, "SELECT ?r WHERE { ?r a am:Recommendation }")
    assert len(rows) == 8
    committee = select(
        files_only,
        """
        SELECT ?r WHERE { ?r a am:Recommendation ; am:attributedTo ?a . ?a rdfs:label ?n .
                          FILTER(CONTAINS(?n, "International Development Committee")) }""",
    )
    assert len(committee) == 7


def test_counterexamples_undermine_claims_through_labelled_cases(files_only: ox.Store) -> None:
    rows = select(
        files_only,
        """
        SELECT ?cx ?caseLabel ?target WHERE {
          ?cx a am:Counterexample ; am:concernsCase ?case ; am:undermines ?target .
          ?case a am:Case ; rdfs:label ?caseLabel .
        }""",
    )
    labels = " ".join(str(r["caseLabel"]) for r in rows)
    for case in ("Myanmar", "Syria", "Libya"):
        assert case in labels, case
    assert all(r["target"] is not None for r in rows)


def test_xinjiang_vote_counts_are_integers(files_only: ox.Store) -> None:
    rows = select(
        files_only,
        """
        SELECT ?for ?against ?abstentions WHERE {
          ?e a am:Evidence ; am:concernsCase ?case ;
             am:votesFor ?for ; am:votesAgainst ?against ; am:abstentions ?abstentions .
          ?case rdfs:label ?l . FILTER(CONTAINS(?l, "Xinjiang"))
        }""",
    )
    assert len(rows) == 1
    row = rows[0]
    for name, value in (("for", 17), ("against", 19), ("abstentions", 11)):
        literal = row[name]
        assert isinstance(literal, ox.Literal)
        assert literal.datatype == ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
        assert int(literal.value) == value


def test_ukraine_vote_counts(files_only: ox.Store) -> None:
    rows = select(
        files_only,
        """
        SELECT ?for ?against ?abstentions WHERE {
          ?e a am:Evidence ; am:votesFor ?for ; am:votesAgainst ?against ; am:abstentions ?abstentions .
          FILTER(?for = 143) }""",
    )
    assert [
        (int(r["for"].value), int(r["against"].value), int(r["abstentions"].value))  # type: ignore[union-attr]
        for r in rows
    ] == [(143, 4, 35)]


def test_at_least_eight_titled_sources(files_only: ox.Store) -> None:
    rows = select(files_only, "SELECT DISTINCT ?s WHERE { ?s a am:Source ; dcterms:title ?t }")
    assert len(rows) >= 8


def test_the_article_is_described_as_a_source(files_only: ox.Store) -> None:
    rows = select(
        files_only,
        """
        SELECT ?date ?venue ?url WHERE {
          ?m a am:ArgumentMap ; am:analyses ?a .
          ?a dcterms:date ?date ; am:venue ?venue ; am:url ?url ; am:attributedTo/rdfs:label ?author .
          FILTER(CONTAINS(?author, "Gallagher")) }""",
    )
    assert len(rows) == 1
    assert str(rows[0]["date"].value) == "2022-10-28"  # type: ignore[union-attr]
    assert "LSE British Politics and Policy" in str(rows[0]["venue"].value)  # type: ignore[union-attr]


def test_every_quote_occurs_in_the_article_at_its_offsets(files_only: ox.Store) -> None:
    body = anchors.read_body(ARTICLE)
    rows = select(
        files_only,
        """
        SELECT ?node ?exact ?start ?end WHERE {
          ?node am:hasAnchor ?a . ?a oa:hasSelector ?q , ?p .
          ?q oa:exact ?exact . ?p oa:start ?start ; oa:end ?end . }""",
    )
    assert len(rows) > 70
    for row in rows:
        start, end = int(row["start"].value), int(row["end"].value)  # type: ignore[union-attr]
        assert body[start:end] == row["exact"].value, row["node"]  # type: ignore[union-attr]


def test_every_claim_and_relation_is_anchored(files_only: ox.Store) -> None:
    rows = select(
        files_only,
        """
        SELECT ?n WHERE { ?n a ?c . VALUES ?c { am:Claim am:Recommendation am:Evidence
          am:Counterexample am:Assumption am:Support am:Attack }
          FILTER NOT EXISTS { ?n am:hasAnchor ?a } }""",
    )
    assert rows == []


def test_every_relation_has_a_rationale(files_only: ox.Store) -> None:
    rows = select(
        files_only,
        """
        SELECT ?r WHERE { ?r a ?c . VALUES ?c { am:Support am:Attack }
          FILTER NOT EXISTS { ?r am:rationale ?why } }""",
    )
    assert rows == []
    kinds = select(
        files_only,
        """
        SELECT DISTINCT ?c WHERE { ?r a ?c . VALUES ?c { am:Support am:Rebuttal am:Undercut } }""",
    )
    assert len(kinds) == 3
