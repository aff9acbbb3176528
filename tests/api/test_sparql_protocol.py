"""/sparql through TestClient: every status the protocol names, negotiation, datasets, updates."""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from api_helpers import SLOW, TOKEN, settings, slow_store
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from argmap.api.main import create_app
from argmap.store import OxigraphStore
from argmap.vocab import ONTOLOGY_IRI, map_iri

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
RECOMMENDATIONS = """
PREFIX am: <https://w3id.org/argmap#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?r ?label WHERE { ?r a am:Recommendation ; rdfs:label ?label } ORDER BY ?r
"""
ASK_MAP = "PREFIX am: <https://w3id.org/argmap#> ASK { ?m a am:ArgumentMap }"
CONSTRUCT = """
PREFIX am: <https://w3id.org/argmap#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT { ?r rdfs:label ?label } WHERE { ?r a am:Recommendation ; rdfs:label ?label }
"""
RESULTS_JSON = "application/sparql-results+json"


def recommendation_count(store: OxigraphStore) -> int:
    return len(store.select(RECOMMENDATIONS).rows)


# -- the must-show statuses ----------------------------------------------------------------------


def test_put_is_405(client: TestClient) -> None:
    response = client.put("/sparql", params={"query": "ASK {}"})
    assert response.status_code == 405
    assert set(response.headers["allow"].replace(" ", "").split(",")) >= {"GET", "POST"}


def test_two_queries_are_400(client: TestClient) -> None:
    response = client.get("/sparql?query=ASK%20%7B%7D&query=SELECT%20*%20%7B%7D")
    assert response.status_code == 400
    assert "2 `query` parameters" in response.json()["detail"]


def test_a_form_without_query_is_400(client: TestClient) -> None:
    response = client.post("/sparql", data={"default-graph-uri": "http://example.org/g"})
    assert response.status_code == 400
    assert "no `query` parameter" in response.json()["detail"]


def test_a_syntax_error_is_400_with_message_and_position(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "SELECT * WHERE {\n  ?s ?p \n"})
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail.startswith("SPARQL syntax error: error at 3:")  # line 3, then the column


def test_unacceptable_media_type_is_406(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.json()["detail"]


def test_a_graph_asked_as_csv_is_406(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": "text/csv"})
    assert response.status_code == 406
    assert "text/turtle" in response.json()["detail"]


def test_text_plain_body_is_415(client: TestClient) -> None:
    response = client.post("/sparql", content=b"ASK {}", headers={"Content-Type": "text/plain"})
    assert response.status_code == 415


def test_a_body_without_content_type_is_415(client: TestClient) -> None:
    response = client.post("/sparql", content=b"query=ASK%20%7B%7D")
    assert response.status_code == 415


def test_a_non_utf8_charset_is_415(client: TestClient) -> None:
    response = client.post(
        "/sparql",
        content="ASK {}".encode("utf-16"),
        headers={"Content-Type": "application/sparql-query; charset=UTF-16"},
    )
    assert response.status_code == 415


def test_a_charset_parameter_is_accepted(client: TestClient) -> None:
    response = client.post(
        "/sparql",
        content=ASK_MAP.encode(),
        headers={"Content-Type": "application/sparql-query; charset=utf-8"},
    )
    assert response.status_code == 200
    assert response.json()["boolean"] is True


def test_bytes_that_are_not_utf8_are_400(client: TestClient) -> None:
    response = client.post(
        "/sparql", content=b"ASK { \xff }", headers={"Content-Type": "application/sparql-query"}
    )
    assert response.status_code == 400
    assert "UTF-8" in response.json()["detail"]


def test_update_without_token_configured_is_403(client: TestClient) -> None:
    response = client.post(
        "/sparql", content=b"CLEAR ALL", headers={"Content-Type": "application/sparql-update"}
    )
    assert response.status_code == 403
    assert "ARGMAP_UPDATE_TOKEN" in response.json()["detail"]
    assert client.post("/sparql", data={"update": "CLEAR ALL"}).status_code == 403


def test_update_by_get_is_400(client: TestClient) -> None:
    assert client.get("/sparql", params={"update": "CLEAR ALL"}).status_code == 400


def test_unknown_parameters_are_ignored(client: TestClient) -> None:
    response = client.get(
        "/sparql", params={"query": ASK_MAP, "format": "json", "output": "json", "x": "1"}
    )
    assert response.status_code == 200
    assert response.json() == {"head": {}, "boolean": True}


# -- content negotiation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, RESULTS_JSON),
        ("*/*", RESULTS_JSON),
        ("application/json", RESULTS_JSON),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("text/*;q=0.3, text/tab-separated-values;q=0.8, */*;q=0.1", "text/tab-separated-values"),
        ("application/sparql-results+json;q=0, */*;q=0.5", "application/sparql-results+xml"),
        (
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            "application/sparql-results+xml",
        ),
        ("image/png, text/csv;q=0.2", "text/csv"),
    ],
)
def test_select_results_are_negotiated(
    client: TestClient, accept: str | None, expected: str
) -> None:
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql", params={"query": RECOMMENDATIONS}, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == expected
    assert "Accept" in response.headers["vary"]


@pytest.mark.parametrize(
    ("accept", "expected", "rdflib_format"),
    [
        (None, "text/turtle", "turtle"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
        (
            "application/n-triples;q=0.4, application/ld+json;q=0.7",
            "application/ld+json",
            "json-ld",
        ),
    ],
)
def test_construct_results_are_negotiated_and_parse(
    client: TestClient,
    built_store: OxigraphStore,
    accept: str | None,
    expected: str,
    rdflib_format: str,
) -> None:
    headers = {"Accept": accept} if accept else {}
    response = client.post("/sparql", data={"query": CONSTRUCT}, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == expected
    graph = Graph().parse(data=response.content, format=rdflib_format)
    assert len(graph) == recommendation_count(built_store) > 0


def test_all_four_result_formats_carry_the_same_rows(
    client: TestClient, built_store: OxigraphStore
) -> None:
    expected = [(str(r["r"]), str(r["label"])) for r in built_store.select(RECOMMENDATIONS).rows]

    def get(accept: str) -> bytes:
        response = client.get(
            "/sparql", params={"query": RECOMMENDATIONS}, headers={"Accept": accept}
        )
        assert response.status_code == 200
        return response.content

    as_json = json.loads(get(RESULTS_JSON))["results"]["bindings"]
    assert [(b["r"]["value"], b["label"]["value"]) for b in as_json] == expected
    xml = ox.parse_query_results(get("application/sparql-results+xml"), ox.QueryResultsFormat.XML)
    assert isinstance(xml, ox.QuerySolutions)
    assert [(s["r"].value, s["label"].value) for s in xml] == expected  # type: ignore[union-attr]
    rows = list(csv.reader(io.StringIO(get("text/csv").decode())))
    assert rows[0] == ["r", "label"] and [tuple(r) for r in rows[1:]] == expected
    tsv = ox.parse_query_results(get("text/tab-separated-values"), ox.QueryResultsFormat.TSV)
    assert isinstance(tsv, ox.QuerySolutions)
    assert [(s["r"].value, s["label"].value) for s in tsv] == expected  # type: ignore[union-attr]


# -- datasets ---------------------------------------------------------------------------------------


def test_default_graph_is_the_union_of_all_graphs(client: TestClient) -> None:
    query = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
    response = client.get("/sparql", params={"query": query})
    assert int(response.json()["results"]["bindings"][0]["n"]["value"]) > 1000


def test_default_graph_uri_restricts_the_default_graph(client: TestClient) -> None:
    query = "PREFIX owl: <http://www.w3.org/2002/07/owl#> ASK { ?o a owl:Ontology }"
    with_ontology = client.get(
        "/sparql", params={"query": query, "default-graph-uri": str(ONTOLOGY_IRI)}
    )
    assert with_ontology.json()["boolean"] is True
    only_map = client.get(
        "/sparql", params={"query": query, "default-graph-uri": str(map_iri("gallagher-2022"))}
    )
    assert only_map.json()["boolean"] is False


def test_named_graph_uri_limits_what_graph_sees(client: TestClient) -> None:
    query = "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }"
    response = client.post(
        "/sparql",
        params={"named-graph-uri": str(ONTOLOGY_IRI)},
        content=query.encode(),
        headers={"Content-Type": "application/sparql-query"},
    )
    graphs = [b["g"]["value"] for b in response.json()["results"]["bindings"]]
    assert graphs == [str(ONTOLOGY_IRI)]


def test_from_in_the_query_is_honoured(client: TestClient) -> None:
    query = f"PREFIX owl: <http://www.w3.org/2002/07/owl#> ASK FROM <{map_iri('gallagher-2022')}> {{ ?o a owl:Ontology }}"
    assert client.get("/sparql", params={"query": query}).json()["boolean"] is False


def test_a_dataset_parameter_must_be_an_iri(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "ASK {}", "default-graph-uri": "not an iri"})
    assert response.status_code == 400


def test_relative_iris_resolve_against_the_endpoint(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "SELECT ?x { BIND(<rel> AS ?x) }"})
    assert response.json()["results"]["bindings"][0]["x"]["value"] == "http://testserver/rel"


# -- the service description and the query page -------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
        ("application/n-triples", "nt"),
    ],
)
def test_bare_get_describes_the_service(
    client: TestClient, built_store: OxigraphStore, accept: str, rdflib_format: str
) -> None:
    response = client.get("/sparql", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(accept)
    graph = Graph().parse(data=response.content, format=rdflib_format)
    service = graph.value(predicate=RDF.type, object=SD.Service)
    assert service is not None
    assert graph.value(service, SD.endpoint) == URIRef("http://testserver/sparql")
    assert set(graph.objects(service, SD.supportedLanguage)) == {SD.SPARQL11Query}
    assert SD.UnionDefaultGraph in set(graph.objects(service, SD.feature))
    formats = {str(f) for f in graph.objects(service, SD.resultFormat)}
    # The W3C's names (https://www.w3.org/ns/formats/), JSON-LD's among them.
    names = ["Turtle", "N-Triples", "JSON-LD", "RDF_XML"]
    names += [f"SPARQL_Results_{kind}" for kind in ("JSON", "XML", "CSV", "TSV")]
    assert formats == {f"http://www.w3.org/ns/formats/{name}" for name in names}
    dataset = graph.value(service, SD.defaultDataset)
    names = {graph.value(n, SD.name) for n in graph.objects(dataset, SD.namedGraph)}
    assert names == set(built_store.graph_names())


@pytest.fixture(params=["worker", "in memory"])
def any_engine(request: pytest.FixtureRequest, client: TestClient) -> TestClient:
    """The service over the built store (worker processes), and over a store in memory."""
    if request.param == "worker":
        return client
    return TestClient(create_app(settings(), OxigraphStore()))


@pytest.mark.parametrize(
    ("accept", "answered"),
    [
        ("*/*", "application/sparql-results+json"),
        ("text/csv, application/sparql-results+xml;q=0.1", "application/sparql-results+xml"),
        ("text/tab-separated-values, application/json;q=0.5", "application/sparql-results+json"),
        ("text/csv, text/tab-separated-values, application/sparql-results+json", None),
    ],
)
def test_an_ask_is_never_answered_in_csv_or_tsv(
    any_engine: TestClient, accept: str, answered: str | None
) -> None:
    # CSV and TSV define no boolean: a bare `true` reads as False in rdflib's SPARQLStore.
    response = any_engine.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": accept})
    expected = answered or "application/sparql-results+json"
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(expected)
    for refused in ("text/csv", "text/tab-separated-values"):
        response = any_engine.get(
            "/sparql", params={"query": "ASK {}"}, headers={"Accept": refused}
        )
        assert response.status_code == 406
        assert "CSV and TSV" in response.json()["detail"]
        assert "application/sparql-results+json" in response.json()["detail"]
    # A SELECT still answers in both.
    select = any_engine.get(
        "/sparql", params={"query": "SELECT * {}"}, headers={"Accept": "text/csv"}
    )
    assert select.headers["content-type"].startswith("text/csv")


def test_the_description_names_update_when_a_token_is_set(built_store: OxigraphStore) -> None:
    client = TestClient(create_app(settings(update_token=TOKEN), built_store))
    graph = Graph().parse(data=client.get("/sparql", headers={"Accept": "text/turtle"}).content)
    assert SD.SPARQL11Update in set(graph.objects(None, SD.supportedLanguage))


def test_a_browser_gets_the_query_page(client: TestClient) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = client.get("/sparql", headers={"Accept": browser})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert '<form id="form" method="get" action="/sparql">' in response.text


def test_the_description_is_406_for_an_image(client: TestClient) -> None:
    assert client.get("/sparql", headers={"Accept": "image/png"}).status_code == 406


# -- updates with a token ---------------------------------------------------------------------------
# An update may change map graphs only (tests/api/test_writes.py has the refusals); these check
# the protocol's side of updates on a copy of the built store.

MAP_GRAPH = "https://w3id.org/argmap/map/gallagher-2022"
REC = "https://w3id.org/argmap/map/gallagher-2022/idc-rec-iii"
COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"


@pytest.fixture
def writable(
    tmp_path: Path, built_store: OxigraphStore
) -> Iterator[tuple[TestClient, OxigraphStore]]:
    store = OxigraphStore(tmp_path / "store")
    store.replace_graphs({g: built_store.graph(g) for g in built_store.graph_names()})
    with TestClient(create_app(settings(update_token=TOKEN), store)) as client:
        yield client, store


INSERT = f'INSERT DATA {{ GRAPH <{MAP_GRAPH}> {{ <{REC}> <{COMMENT}> "checked" }} }}'


def _comments(store: OxigraphStore) -> set[str]:
    rows = store.select(f"SELECT ?c WHERE {{ GRAPH <{MAP_GRAPH}> {{ <{REC}> <{COMMENT}> ?c }} }}")
    return {str(v) for v in rows.values("c")}


def test_update_without_or_with_a_wrong_token_is_401(
    writable: tuple[TestClient, OxigraphStore],
) -> None:
    client, store = writable
    before = store.quad_count()
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}):
        response = client.post("/sparql", data={"update": INSERT}, headers=headers)
        assert response.status_code == 401
        assert response.headers["www-authenticate"].startswith("Bearer")
    assert store.quad_count() == before


def test_update_with_the_token_is_applied_and_seen_by_the_next_query(
    writable: tuple[TestClient, OxigraphStore],
) -> None:
    client, store = writable
    auth = {"Authorization": f"Bearer {TOKEN}"}
    response = client.post(
        "/sparql",
        content=INSERT.encode(),
        headers={**auth, "Content-Type": "application/sparql-update"},
    )
    assert response.status_code == 204, response.text
    assert "checked" in _comments(store)
    # The query workers read a checkpoint made after the write: the next query sees it.
    ask = f'ASK {{ <{REC}> <{COMMENT}> "checked" }}'
    assert client.get("/sparql", params={"query": ask}).json()["boolean"] is True
    delete = f'DELETE DATA {{ GRAPH <{MAP_GRAPH}> {{ <{REC}> <{COMMENT}> "checked" }} }}'
    assert client.post("/sparql", data={"update": delete}, headers=auth).status_code == 204
    assert client.get("/sparql", params={"query": ask}).json()["boolean"] is False


def test_a_bad_update_is_400_and_changes_nothing(
    writable: tuple[TestClient, OxigraphStore],
) -> None:
    client, store = writable
    auth = {"Authorization": f"Bearer {TOKEN}"}
    before = store.quad_count()
    response = client.post("/sparql", data={"update": INSERT + " ; CLEAR XYZ"}, headers=auth)
    assert response.status_code == 400
    assert "syntax error" in response.json()["detail"].lower()
    assert store.quad_count() == before


def test_using_graph_uri_becomes_the_update_dataset(
    writable: tuple[TestClient, OxigraphStore],
) -> None:
    client, store = writable
    auth = {"Authorization": f"Bearer {TOKEN}"}
    mark = (
        f'INSERT {{ GRAPH <{MAP_GRAPH}> {{ ?r <{COMMENT}> "a recommendation" }} }} '
        "WHERE { ?r a <https://w3id.org/argmap#Recommendation> }"
    )
    # With the map graph as the update's dataset, its recommendations are found; with the
    # ontology's graph, none are (the class is inferred elsewhere, asserted in the map).
    response = client.post(
        "/sparql",
        params={"using-graph-uri": str(ONTOLOGY_IRI)},
        data={"update": mark},
        headers=auth,
    )
    assert response.status_code == 204, response.text
    assert "a recommendation" not in _comments(store)
    response = client.post(
        "/sparql", params={"using-graph-uri": MAP_GRAPH}, data={"update": mark}, headers=auth
    )
    assert response.status_code == 204, response.text
    assert "a recommendation" in _comments(store)
    conflict = f"WITH <{MAP_GRAPH}> " + mark
    response = client.post(
        "/sparql", params={"using-graph-uri": MAP_GRAPH}, data={"update": conflict}, headers=auth
    )
    assert response.status_code == 400


# -- CORS and concurrency -----------------------------------------------------------------------------


def test_cors_is_open_for_reads(client: TestClient) -> None:
    response = client.get(
        "/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://yasgui.example"}
    )
    assert response.headers["access-control-allow-origin"] == "*"
    preflight = client.options(
        "/sparql",
        headers={
            "Origin": "https://yasgui.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    refused = client.options(
        "/sparql",
        headers={
            "Origin": "https://elsewhere.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization",
        },
    )
    assert refused.status_code == 400  # no cross-origin Authorization, so no cross-origin updates


def test_a_query_past_the_timeout_is_503(built_store: OxigraphStore) -> None:
    client = TestClient(create_app(settings(query_timeout_s=0.1), slow_store()))
    started = time.monotonic()
    response = client.get("/sparql", params={"query": SLOW})
    assert response.status_code == 503
    assert "ARGMAP_QUERY_TIMEOUT_S" in response.json()["detail"]
    assert time.monotonic() - started < 2


def test_literal_values_come_back_typed(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "SELECT ?n { BIND(42 AS ?n) }"})
    binding = response.json()["results"]["bindings"][0]["n"]
    assert binding == {
        "type": "literal",
        "value": "42",
        "datatype": "http://www.w3.org/2001/XMLSchema#integer",
    }
    assert Literal(binding["value"], datatype=binding["datatype"]).toPython() == 42
