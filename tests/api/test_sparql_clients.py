"""Real SPARQL clients against a live uvicorn on loopback: SPARQLWrapper and rdflib's SPARQLStore."""

from __future__ import annotations

import csv
import io
import threading
import time
from xml.dom.minidom import Document

import httpx
import pyoxigraph as ox
import pytest
from api_helpers import SLOW, LiveServer, settings, slow_store
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, POSTDIRECTLY, TSV, TURTLE, URLENCODED, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from argmap.api.main import create_app
from argmap.store import OxigraphStore

pytestmark = pytest.mark.live

QUERY = """
PREFIX am: <https://w3id.org/argmap#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?claim ?label ?start WHERE {
  ?claim a am:Counterexample ; rdfs:label ?label ;
         am:hasAnchor/<http://www.w3.org/ns/oa#hasSelector>/<http://www.w3.org/ns/oa#start> ?start .
}
ORDER BY ?claim
"""
ASK = "PREFIX am: <https://w3id.org/argmap#> ASK { ?r a am:Recommendation }"
CONSTRUCT = """
PREFIX am: <https://w3id.org/argmap#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT { ?r rdfs:label ?label } WHERE { ?r a am:Recommendation ; rdfs:label ?label }
"""
METHODS = [("GET", None), ("POST", URLENCODED), ("POST", POSTDIRECTLY)]


def expected_rows(store: OxigraphStore) -> list[tuple[str, str, str]]:
    return [(str(r["claim"]), str(r["label"]), str(r["start"])) for r in store.select(QUERY).rows]


def wrapper(
    url: str, method: str, request_method: str | None, fmt: str, query: str
) -> SPARQLWrapper:
    sparql = SPARQLWrapper(f"{url}/sparql")
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    sparql.setMethod(method)
    if request_method:
        sparql.setRequestMethod(request_method)
    return sparql


def rows_of(fmt: str, converted: object) -> list[tuple[str, str, str]]:
    """The (claim, label, start) rows of a SPARQLWrapper result in any of the four formats."""
    if fmt == JSON:
        assert isinstance(converted, dict)
        return [
            (b["claim"]["value"], b["label"]["value"], b["start"]["value"])
            for b in converted["results"]["bindings"]
        ]
    if fmt == XML:
        assert isinstance(converted, Document)
        rows = []
        for result in converted.getElementsByTagName("result"):
            values = {
                b.getAttribute("name"): b.firstChild.firstChild.nodeValue  # type: ignore[union-attr]
                for b in result.getElementsByTagName("binding")
            }
            rows.append((values["claim"], values["label"], values["start"]))
        return rows
    assert isinstance(converted, bytes)
    text = converted.decode("utf-8")
    if fmt == CSV:
        table = list(csv.reader(io.StringIO(text)))
        assert table[0] == ["claim", "label", "start"]
        return [(c, label, s) for c, label, s in table[1:]]
    assert text.splitlines()[0] == "?claim\t?label\t?start"
    solutions = ox.parse_query_results(converted, ox.QueryResultsFormat.TSV)
    assert isinstance(solutions, ox.QuerySolutions)
    return [
        (s["claim"].value, s["label"].value, s["start"].value)  # type: ignore[union-attr]
        for s in solutions
    ]


@pytest.mark.parametrize(("method", "request_method"), METHODS)
@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_gets_the_same_rows_in_every_format(
    live_url: str, built_store: OxigraphStore, method: str, request_method: str | None, fmt: str
) -> None:
    sparql = wrapper(live_url, method, request_method, fmt, QUERY)
    rows = rows_of(fmt, sparql.queryAndConvert())
    assert rows == expected_rows(built_store)
    assert len(rows) >= 3


@pytest.mark.parametrize(("method", "request_method"), METHODS)
@pytest.mark.parametrize("fmt", [JSON, XML])
def test_sparqlwrapper_ask_is_true(
    live_url: str, method: str, request_method: str | None, fmt: str
) -> None:
    result = wrapper(live_url, method, request_method, fmt, ASK).queryAndConvert()
    if fmt == JSON:
        assert isinstance(result, dict) and result["boolean"] is True
    else:
        assert isinstance(result, Document)
        assert result.getElementsByTagName("boolean")[0].firstChild.nodeValue == "true"  # type: ignore[union-attr]


@pytest.mark.parametrize(("method", "request_method"), METHODS)
def test_sparqlwrapper_construct_comes_as_turtle(
    live_url: str, built_store: OxigraphStore, method: str, request_method: str | None
) -> None:
    sparql = wrapper(live_url, method, request_method, TURTLE, CONSTRUCT)
    response = sparql.query()
    assert response.response.headers["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=response.convert(), format="turtle")
    assert set(graph) == set(built_store.construct(CONSTRUCT))
    assert len(graph) > 5


def test_sparqlwrapper_reports_a_bad_query(live_url: str) -> None:
    sparql = wrapper(live_url, "GET", None, JSON, "SELECT * WHERE { ?s ?p ")
    with pytest.raises(QueryBadFormed, match="SPARQL syntax error"):
        sparql.queryAndConvert()


@pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
def test_rdflib_sparqlstore_gets_the_librarys_rows(
    live_url: str, built_store: OxigraphStore, method: str
) -> None:
    store = SPARQLStore(f"{live_url}/sparql", method=method)
    graph = Graph(store=store)
    remote = {tuple(row) for row in graph.query(QUERY)}  # type: ignore[arg-type]
    local = {(r["claim"], r["label"], r["start"]) for r in built_store.select(QUERY).rows}
    assert remote == local
    assert all(isinstance(t[0], URIRef) and isinstance(t[2], Literal) for t in remote)
    assert graph.query(ASK).askAnswer is True
    store.close()


def test_rdflib_sparqlstore_reads_a_true_ask_as_true_whatever_it_lists_first(
    live_url: str,
) -> None:
    # With no return format SPARQLStore accepts every type it parses, listed from a set: in some
    # runs CSV or TSV comes first, and a bare `true` in either was read as False.
    store = SPARQLStore(f"{live_url}/sparql", returnFormat=None)
    listed = [t.strip() for t in store.response_mime_types().split(",")]
    tabular = ["text/csv", "text/tab-separated-values"]
    assert set(tabular) <= set(listed)
    first = ", ".join(tabular + [t for t in listed if t not in tabular])
    store.response_mime_types = lambda: first  # type: ignore[method-assign]
    graph = Graph(store=store)
    assert graph.query(ASK).askAnswer is True
    assert graph.query("ASK { FILTER(false) }").askAnswer is False
    store.close()


def test_a_slow_query_does_not_stall_other_requests() -> None:
    # Only the order is asserted: how long the quick requests take is measured by
    # bench/slow_query_isolation.py, since a shared machine makes any time limit flaky.
    server = LiveServer(create_app(settings(query_timeout_s=30), slow_store(2500)))
    try:
        answered: list[int] = []

        def slow() -> None:
            response = httpx.get(f"{server.url}/sparql", params={"query": SLOW}, timeout=60)
            answered.append(response.status_code)

        thread = threading.Thread(target=slow)
        thread.start()
        time.sleep(0.2)  # let the slow query reach the engine
        with httpx.Client(base_url=server.url) as client:
            for _ in range(10):
                assert client.get("/healthz").status_code == 200
                assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200
        # Every quick request was answered while the slow one was still running, not after it.
        assert thread.is_alive() and not answered
        thread.join()
        assert answered == [200]
    finally:
        server.stop()
