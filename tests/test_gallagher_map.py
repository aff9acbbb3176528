"""The article's map, checked with plain SPARQL over the committed files, as a scholar would."""

from __future__ import annotations

import re

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


def ask(store: ox.Store, query: str) -> bool:
    result = store.query(PREFIXES + "PREFIX prov: <http://www.w3.org/ns/prov#>\n" + query)
    assert isinstance(result, ox.QueryBoolean)
    return bool(result)


def node(name: str) -> str:
    return f"<https://w3id.org/argmap/map/gallagher-2022/{name}>"


def test_the_map_has_the_counts_of_the_close_reading(files_only: ox.Store) -> None:
    # Exact counts, so that a change to the map is a deliberate one (README cites them).
    rows = select(
        files_only,
        """
        SELECT ?class (COUNT(DISTINCT ?n) AS ?k) WHERE {
          ?n a ?class ; am:inMap ?m .
          VALUES ?class { am:Claim am:Recommendation am:Evidence am:Counterexample am:Assumption
                          am:Support am:Rebuttal am:Undercut am:Person am:State am:Organisation
                          am:Group am:Source am:Case }
        } GROUP BY ?class""",
    )
    counts = {str(r["class"].value).rsplit("#", 1)[1]: int(r["k"].value) for r in rows}  # type: ignore[union-attr]
    assert counts == {
        "Claim": 27,
        "Recommendation": 8,
        "Evidence": 3,
        "Counterexample": 3,
        "Assumption": 3,
        "Support": 28,
        "Rebuttal": 10,
        "Undercut": 4,
        "Person": 5,
        "State": 1,
        "Organisation": 3,
        "Group": 3,
        "Source": 13,
        "Case": 6,
    }


def test_reconstructions_are_the_analysts_and_ascribed_not_attributed(
    files_only: ox.Store,
) -> None:
    rows = select(
        files_only,
        """
        SELECT ?a ?whose WHERE {
          ?a a am:Assumption ; a am:Reconstruction ; am:ascribedTo/rdfs:label ?whose ;
             <http://www.w3.org/ns/prov#wasAttributedTo> ?analyst .
          ?map dcterms:creator ?analyst . ?a am:inMap ?map .
          FILTER NOT EXISTS { ?a am:attributedTo ?anyone } }""",
    )
    whose = {str(r["a"].value).rsplit("/", 1)[1]: str(r["whose"].value) for r in rows}  # type: ignore[union-attr]
    assert whose == {
        "assumption-like-minded-enough": "UK House of Commons International Development Committee",
        "assumption-fixed-goals": "Liberals",
        "assumption-hegemony-can-end": "Liberals",
    }


def test_facts_from_outside_the_article_are_marked_with_their_source(
    files_only: ox.Store,
) -> None:
    rows = select(
        files_only,
        """
        SELECT ?node ?property ?citation WHERE {
          ?node am:hasExternalFact ?fact . ?fact am:factProperty ?property ; am:citation ?citation .
        }""",
    )
    marked = {(str(r["node"].value).rsplit("/", 1)[1], str(r["property"].value)) for r in rows}  # type: ignore[union-attr]
    title = "http://purl.org/dc/terms/title"
    assert {("src-us-strategy", title), ("src-unga-ukraine-resolution", title)} <= marked
    assert ("acharya", "http://www.w3.org/2000/01/rdf-schema#label") in marked
    assert ("ev-unga-ukraine-vote", "http://www.w3.org/2000/01/rdf-schema#comment") in marked
    assert all(len(str(r["citation"].value)) > 40 for r in rows)  # type: ignore[union-attr]
    # Years the article does not state are no longer in the case labels.
    labels = select(files_only, "SELECT ?l WHERE { ?c a am:Case ; rdfs:label ?l }")
    assert not any(year in str(r["l"].value) for r in labels for year in ("2011", "2021"))  # type: ignore[union-attr]


def test_linked_arguments_have_their_premises_together(files_only: ox.Store) -> None:
    rows = select(
        files_only,
        """
        SELECT ?r (GROUP_CONCAT(?p; SEPARATOR=" ") AS ?premises) WHERE {
          ?r am:from ?from . BIND(STRAFTER(STR(?from), "gallagher-2022/") AS ?p)
        } GROUP BY ?r HAVING (COUNT(?from) > 1)""",
    )
    linked = {
        str(r["r"].value).rsplit("/", 1)[1]: set(str(r["premises"].value).split())  # type: ignore[union-attr]
        for r in rows
    }
    assert linked == {
        "rel-framing-undercuts": {"claim-ukraine-framed-charter", "claim-reluctance-own-borders"},
        "rel-refusal-labelled-as-many": {
            "claim-refused-even-debate",
            "ev-xinjiang-labelled-atrocities",
        },
        "rel-multiplex-beyond": {"claim-uk-needs-multiplex-actors", "claim-many-not-like-minded"},
    }


@pytest.mark.parametrize(
    ("holds", "question"),
    [
        # The contrast runs one way: fixed goals attack nothing, the examples support pragmatism.
        (False, "{ ?r am:from {assumption-fixed-goals} }"),
        (
            True,
            "{ {cx-syria} am:supports {claim-fixed-goals-problem} ."
            " {claim-fixed-goals-problem} am:supports {claim-pragmatism-probable-results} }",
        ),
        # 'presents challenges' bears on the assumption, not on goal iii.
        (False, "{ {claim-external-dimension-challenged} am:undermines {idc-rec-iii} }"),
        (
            True,
            "{ {claim-external-dimension-challenged} am:rebuts {assumption-like-minded-enough} }",
        ),
        # The thesis is set against the assumption, not the other way round.
        (True, "{ {rec-work-beyond-like-minded} am:rebuts {assumption-like-minded-enough} }"),
        (False, "{ {assumption-like-minded-enough} am:undermines {rec-work-beyond-like-minded} }"),
        # Lord Alton's call is 'understandable': the hope is qualified, the call not rebutted.
        (False, "{ ?x am:undermines {claim-alton-move-to-unga} }"),
        (
            True,
            "{ {claim-many-reject-uk-narrative} am:undercuts ?s ."
            " ?s am:to {claim-alton-broader-consensus} }",
        ),
        # Reluctance to protect is a co-premise of the undercut, not evidence of the framing.
        (False, "{ {claim-reluctance-own-borders} am:supports {claim-ukraine-framed-charter} }"),
        # The 'However' sentence also qualifies Carpenter's optimism.
        (
            True,
            "{ {claim-ukraine-framed-charter} am:undercuts ?s ."
            " ?s am:from {claim-carpenter-charter-constrains} }",
        ),
        # Naming and shaming is a conditional about a practice: no counterexample, no case.
        (True, "{ {claim-naming-shaming} a am:Claim ; am:hasSource ?research }"),
        (False, "{ {claim-naming-shaming} a am:Counterexample }"),
        (False, "{ {claim-naming-shaming} am:concernsCase ?case }"),
        # The Libya evaluation bears on whether liberal hegemony can end mass atrocity.
        (
            True,
            "{ {claim-hegemony-never-enough} am:rebuts {assumption-hegemony-can-end} ."
            " {cx-libya} am:rebuts {assumption-hegemony-can-end} }",
        ),
        # Acharya is credited with the view the article attributes to him.
        (True, "{ {claim-acharya-multiplex} am:attributedTo {acharya} }"),
        # The US strategy claim is Gallagher's report of it.
        (True, "{ {claim-us-strategy-like-minded} am:attributedTo {gallagher} }"),
        (False, "{ {claim-us-strategy-like-minded} am:attributedTo {usa} }"),
        # 19 of 47 is not a majority: no rationale or label of the map's says it is.
        (False, "{ ?n am:rationale|rdfs:label ?t . FILTER(CONTAINS(LCASE(?t), 'majority')) }"),
    ],
)
def test_the_map_reads_as_the_article_argues(
    files_only: ox.Store, holds: bool, question: str
) -> None:
    query = re.sub(r"\{([a-z0-9-]+)\}", lambda m: node(m.group(1)), question)
    assert ask(files_only, f"ASK {query}") is holds, question


def test_relations_quote_sentences_not_headings_or_fragments(files_only: ox.Store) -> None:
    rows = select(
        files_only,
        """
        SELECT ?r ?exact WHERE {
          ?r a ?c ; am:hasAnchor/oa:hasSelector/oa:exact ?exact .
          VALUES ?c { am:Support am:Attack } }""",
    )
    quotes = {str(r["r"].value).rsplit("/", 1)[1]: str(r["exact"].value) for r in rows}  # type: ignore[union-attr]
    assert "Like-minded?" not in quotes.values()
    assert all(len(q) >= 14 for q in quotes.values()), min(quotes.values(), key=len)
    assert "the UK government will need to work with" in str(
        select(
            files_only,
            f"SELECT ?e WHERE {{ {node('claim-uk-needs-multiplex-actors')} "
            "am:hasAnchor/oa:hasSelector/oa:exact ?e }",
        )[0]["e"]
    )


@pytest.mark.parametrize(
    "words",
    [
        "different, and even opposing, schools of thought",
        "The internal dimension relates to its call",
        "'simply' holding a debate",
        "Whatever the driver",
        "the disastrous intervention in Libya",
    ],
)
def test_the_points_a_close_reading_found_are_quoted(files_only: ox.Store, words: str) -> None:
    rows = select(
        files_only,
        """
        SELECT ?exact WHERE {
          ?c a am:Claim ; am:hasAnchor/oa:hasSelector/oa:exact ?exact . }""",
    )
    assert any(words in str(r["exact"].value) for r in rows), words  # type: ignore[union-attr]
