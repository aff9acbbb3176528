"""The named-query catalogue: documented, runnable, and answering what the article says."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from argmap import build as builder
from argmap import queries
from argmap.errors import ParameterError
from argmap.store import OxigraphStore
from argmap.vocab import AM

EXPECTED = Path(__file__).parent / "expected" / "queries"
# Synthetic maps that share sources, agents and cases (see its README.md).
CORPUS = Path(__file__).parent / "fixtures" / "corpus" / "data" / "maps"
# The questions about several maps: their expected answers are over the corpus.
ACROSS_MAPS = {"sources-across-maps", "cases-across-maps"}
BASE = "https://w3id.org/argmap/map/"
REQUIRED = [
    "maps",
    "map-summary",
    "recommendations",
    "supporters-of",
    "underminers-of",
    "support-chains",
    "undermine-chains",
    "evidence-for",
    "counterexamples",
    "sources-of",
    "claims-by-agent",
    "claims-about-case",
    "anchor-of",
    "relations-of",
]
NAMES = sorted(queries.catalogue())


@pytest.fixture(scope="module")
def corpus_store() -> OxigraphStore:
    """The synthetic corpus in memory, with the SPARQL rules' inferences (no HermiT needed)."""
    store = OxigraphStore()
    builder.build(store, builder.authored_maps(CORPUS), reason=False, write_compiled=False)
    return store


def check_expected(name: str, rows: list[dict[str, object]], file: str | None = None) -> None:
    """The rows equal tests/expected/queries/<file>.json (rewritten with ARGMAP_REGENERATE_EXPECTED)."""
    path = EXPECTED / f"{file or name}.json"
    if os.environ.get("ARGMAP_REGENERATE_EXPECTED"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    expected = json.loads(path.read_text(encoding="utf-8"))
    if "ORDER BY" in queries.get(name).sparql:
        assert rows == expected
    else:
        key = lambda row: json.dumps(row, sort_keys=True)  # noqa: E731
        assert sorted(rows, key=key) == sorted(expected, key=key)


def test_the_catalogue_has_the_required_questions() -> None:
    assert set(REQUIRED) <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_every_query_is_documented(name: str) -> None:
    query = queries.get(name)
    assert query.summary and query.description and query.tags
    for param in query.params:
        assert param.description and param.example is not None
        assert re.search(rf"\?{param.name}\b", query.sparql), f"{name}: no ?{param.name}"


@pytest.mark.parametrize("name", sorted(set(NAMES) - ACROSS_MAPS))
def test_every_query_has_its_expected_result(name: str, built_store: OxigraphStore) -> None:
    query = queries.get(name)
    rows = queries.run(built_store, name, {p.name: p.example for p in query.params}).as_python()
    assert rows, f"{name} returns nothing for its example"
    check_expected(name, rows)


@pytest.mark.parametrize("name", sorted(ACROSS_MAPS))
def test_every_cross_map_query_has_its_expected_result_over_the_corpus(
    name: str, corpus_store: OxigraphStore
) -> None:
    rows = queries.run(corpus_store, name).as_python()
    assert rows
    check_expected(name, rows, f"{name}.corpus")


# -- the same source, agent or case in several maps ------------------------------------------


def test_sources_are_the_same_by_identifier_inherited_identifier_or_normalised_title(
    corpus_store: OxigraphStore,
) -> None:
    rows = queries.run(corpus_store, "sources-across-maps").as_python()
    groups: dict[object, set[str]] = {}
    for row in rows:
        groups.setdefault(row["key"], set()).add(str(row["source"]).removeprefix(BASE))
    assert groups == {
        # The same DOI under two titles; gamma has no DOI but alpha's title, so it takes it.
        "https://doi.org/10.5555/synthetic-handbook": {
            "corpus-alpha/src-handbook",
            "corpus-beta/src-handbook-2",
            "corpus-gamma/src-handbook",
        },
        # No identifiers: the titles differ only in case and punctuation.
        "name:field notes on fictional warnings": {
            "corpus-alpha/src-field-notes",
            "corpus-beta/src-notes",
        },
    }  # the two "Annual report"s have different identifiers: different works
    assert {r["basis"] for r in rows if str(r["key"]).startswith("name:")} == {"name"}
    assert all(r["maps"] == len({x["map"] for x in rows if x["key"] == r["key"]}) for r in rows)
    assert all(r["citedBy"] == 1 for r in rows)


def test_cases_are_the_same_by_identifier_or_normalised_label(corpus_store: OxigraphStore) -> None:
    rows = queries.run(corpus_store, "cases-across-maps").as_python()
    keys = {(str(r["case"]).removeprefix(BASE), r["key"], r["maps"]) for r in rows}
    flood = "https://example.org/synthetic/case/atlantis-flood"
    assert keys == {
        ("corpus-alpha/case-flood", flood, 3),
        ("corpus-beta/case-atlantis", flood, 3),
        ("corpus-gamma/case-flood", flood, 3),
        ("corpus-beta/case-embargo", "name:embargo of utopia", 2),
        ("corpus-gamma/case-embargo", "name:embargo of utopia", 2),
    }


@pytest.mark.parametrize(
    ("agent", "claims", "recommendations"),
    [
        # Matched by an identifier, under two labels.
        (
            "corpus-beta/a-example",
            {
                "corpus-alpha/warning-works",
                "corpus-alpha/rec-fund-offices",
                "corpus-beta/warnings-not-enough",
                "corpus-beta/rec-pair-plans",
            },
            {"corpus-alpha/rec-fund-offices", "corpus-beta/rec-pair-plans"},
        ),
        # Matched by the normalised label: no map gives the ministry an identifier.
        (
            "corpus-alpha/ministry",
            {
                "corpus-alpha/warnings-cheap",
                "corpus-gamma/plans-costly",
                "corpus-gamma/cheap-pressure",
                "corpus-gamma/rec-warnings-only",
            },
            {"corpus-gamma/rec-warnings-only"},
        ),
    ],
)
def test_an_agent_s_claims_and_recommendations_across_maps(
    corpus_store: OxigraphStore, agent: str, claims: set[str], recommendations: set[str]
) -> None:
    values = {"agent": BASE + agent}
    rows = queries.run(corpus_store, "claims-by-agent", values).as_python()
    assert {str(r["claim"]).removeprefix(BASE) for r in rows} == claims
    assert all(r["agent"] == BASE + agent for r in rows)
    recs = queries.run(corpus_store, "recommendations-by-agent", values).as_python()
    assert {str(r["recommendation"]).removeprefix(BASE) for r in recs} == recommendations
    # Each row names the agent's node in the claim's own map.
    assert all(str(r["claimAgent"]).startswith(str(r["map"]) + "/") for r in rows + recs)
    check_expected("claims-by-agent", rows, f"claims-by-agent.corpus-{agent.split('/')[1]}")


# -- pages -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("limit", "offset"), [(1, 0), (2, 1), (3, 3), (100, 0), (5, 50)])
def test_a_page_is_the_slice_of_the_whole_answer_and_counts_it(
    corpus_store: OxigraphStore, limit: int, offset: int
) -> None:
    for name, values in [
        ("claims", {}),
        ("sources-across-maps", {}),
        ("claims-by-agent", {"agent": BASE + "corpus-beta/a-example"}),
        ("maps", {}),
    ]:
        whole = queries.run(corpus_store, name, values).rows
        page = queries.run_page(corpus_store, name, values, limit=limit, offset=offset)
        assert page.table.rows == whole[offset : offset + limit], name
        assert page.total == len(whole) == queries.count(corpus_store, name, values), name
        following = offset + limit
        assert page.next_offset == (following if following < len(whole) else None)


def test_pages_are_asked_of_the_engine() -> None:
    text = queries.get("claims").sparql
    assert queries.paged(text, 10, 20).endswith("\nLIMIT 10 OFFSET 20\n")
    assert queries.paged(text, None) == text
    counted = queries.counted(text)
    assert "SELECT (COUNT(*) AS ?total) WHERE" in counted
    assert counted.index("PREFIX") < counted.index("COUNT(*)")  # the prologue stays in front


@pytest.mark.parametrize(
    ("limit", "offset", "named"),
    [(0, 0, "limit"), (queries.MAX_LIMIT + 1, 0, "limit"), (10, -1, "offset"), (True, 0, "limit")],
)
def test_a_bad_page_is_refused_naming_the_parameter(limit: int, offset: int, named: str) -> None:
    with pytest.raises(ParameterError, match=rf"^{named} must be a whole number"):
        queries.check_page(limit, offset)


def test_a_named_query_may_not_slice_itself(tmp_path: Path) -> None:
    sliced = tmp_path / "sliced"
    sliced.mkdir()
    (sliced / "sliced.rq").write_text(
        "#+ summary: x\nSELECT ?s WHERE { ?s ?p ?o } LIMIT 3\n", encoding="utf-8"
    )
    with pytest.raises(ValueError, match="its own LIMIT"):
        queries.catalogue(sliced)
    nested = tmp_path / "nested"
    nested.mkdir()
    (nested / "nested.rq").write_text(
        "#+ summary: x\nSELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 3 } }\n",
        encoding="utf-8",
    )
    assert list(queries.catalogue(nested)) == ["nested"]  # a subquery's LIMIT is its own


def test_typed_parameters_are_checked() -> None:
    query = queries.get("underminers-of")
    with pytest.raises(ParameterError, match="absolute IRI"):
        queries.bindings_for(query, {"claim": "https://x/> } UNION { ?s ?p ?o } #"})
    with pytest.raises(ParameterError, match="needs the parameter 'claim'"):
        queries.bindings_for(query, {})
    bound = queries.bindings_for(query, {"claim": "https://w3id.org/argmap/map/m/a"})
    assert bound == {"claim": URIRef("https://w3id.org/argmap/map/m/a")}
    summary = queries.get("map-summary")
    assert queries.bindings_for(summary, {"map": "gallagher-2022"}) == {
        "map": URIRef("https://w3id.org/argmap/map/gallagher-2022")
    }
    with pytest.raises(ParameterError, match="map id or map IRI"):
        queries.bindings_for(summary, {"map": "Not A Map"})


def test_string_parameters_are_bound_as_literals_not_text() -> None:
    param = queries.Param("q", "string", "a string")
    assert queries.bind_value(param, '" } ; DROP ALL #') == Literal('" } ; DROP ALL #')


def test_a_hostile_value_bound_directly_matches_nothing(built_store: OxigraphStore) -> None:
    # Even past the type check, a bound value is a term, not query text.
    query = queries.get("underminers-of")
    table = built_store.select(query.sparql, {"claim": Literal("x> } UNION { ?s ?p ?o } #")})
    assert table.rows == []


def test_counterexamples_name_their_cases_and_targets(built_store: OxigraphStore) -> None:
    rows = queries.run(built_store, "counterexamples", {"map": "gallagher-2022"}).as_python()
    labels = " ".join(str(r["caseLabel"]) for r in rows)
    assert all(case in labels for case in ("Myanmar", "Syria", "Libya"))
    assert all(r.get("target") and r.get("rationale") for r in rows)


def test_a_question_about_one_map_reads_that_map_s_graphs_only(
    built_store: OxigraphStore,
) -> None:
    # A graph outside the map that says something of its node: the union would read it.
    claim = "https://w3id.org/argmap/map/gallagher-2022/idc-rec-iii"
    before = queries.run(built_store, "underminers-of", {"claim": claim}).rows
    stray = URIRef("https://example.org/stray-graph")
    graph = Graph()
    graph.add((URIRef("https://example.org/x"), AM["from"], URIRef(claim)))  # not read
    rebuttal = URIRef("https://example.org/attack")
    graph.add((rebuttal, RDF.type, AM.Attack))
    graph.add((rebuttal, AM["from"], URIRef("https://example.org/x")))
    graph.add((rebuttal, AM.to, URIRef(claim)))
    graph.add((URIRef("https://example.org/x"), RDFS.label, Literal("stray")))
    built_store.replace_graphs({stray: graph})
    try:
        assert queries.run(built_store, "underminers-of", {"claim": claim}).rows == before
        query = queries.get("underminers-of")
        whole = built_store.select(query.sparql, queries.bindings_for(query, {"claim": claim}))
        assert len(whole.rows) == len(before) + 1  # the stray attack, seen by the union
    finally:
        built_store.drop_graphs([stray])


def test_questions_across_maps_and_without_a_map_read_the_whole_store() -> None:
    rec = URIRef("https://w3id.org/argmap/map/gallagher-2022/idc-rec-iii")
    assert queries.dataset_for(queries.get("underminers-of"), {"claim": rec}) == [
        URIRef("https://w3id.org/argmap/map/gallagher-2022"),
        URIRef("https://w3id.org/argmap/inferred/gallagher-2022"),
        URIRef("https://w3id.org/argmap"),
    ]
    # A question about the evaluation reads that graph too; no other pays for it.
    asked = queries.get("sceptically-accepted-recommendations")
    map_node = URIRef("https://w3id.org/argmap/map/gallagher-2022")
    assert URIRef("https://w3id.org/argmap/evaluation/gallagher-2022") in (
        queries.dataset_for(asked, {"map": map_node}) or []
    )
    agent = URIRef("https://w3id.org/argmap/map/gallagher-2022/idc")
    assert queries.dataset_for(queries.get("claims-by-agent"), {"agent": agent}) is None
    assert queries.dataset_for(queries.get("maps"), {}) is None


EVALUATION_TERMS = re.compile(r"am:(Verdict|Evaluation|inEvaluation|evaluates|status|strength)\b")


@pytest.mark.parametrize("name", sorted(queries.catalogue()))
def test_a_query_that_reads_the_evaluation_graph_is_tagged_so(name: str) -> None:
    # Untagged, a one-map question reads no evaluation graph, and would silently find nothing.
    query = queries.get(name)
    reads_evaluation = bool(EVALUATION_TERMS.search(query.sparql))
    assert reads_evaluation == (queries.EVALUATION_TAG in query.tags)
