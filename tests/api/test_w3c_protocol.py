"""The W3C SPARQL 1.1 Protocol tests, read from their manifest and run against /sparql.

Every test applies: the query tests as they are, the update tests with updates enabled
(ARGMAP_UPDATE_TOKEN set, and the bearer token sent with each request). argmap lets an update
change map graphs only, so the update tests that clear everything or write other graphs must
be refused with 403, saying why (REFUSED_BY_POLICY). Each test gets a
fresh store holding the graphs its `ut:graphData` names; each request's status is checked
against `mf:expectedStatus`, and its body against `mf:expectedBoolean` / `mf:expectedFormat`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from api_helpers import TOKEN, settings
from fastapi.testclient import TestClient
from rdflib import RDF, RDFS, Graph, Namespace
from rdflib.collection import Collection
from rdflib.term import Node

from argmap.api.main import create_app
from argmap.store import OxigraphStore
from testdata import W3C_PROTOCOL_SUITE

SUITE = W3C_PROTOCOL_SUITE
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")

RESULTS = {"application/sparql-results+json", "application/sparql-results+xml"}
TABULAR = RESULTS | {"text/csv", "text/tab-separated-values"}
RDF_TYPES = {"text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"}


@dataclass(frozen=True)
class ProtocolRequest:
    """One HTTP request of a test and what its answer must be."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: frozenset[int]  # the first digit of each acceptable status (2, 3, 4)
    boolean: bool | None
    format: str | None


@dataclass(frozen=True)
class ProtocolTest:
    """A named test: the graphs to load and the requests to send, in order."""

    name: str
    graphs: dict[str, Path]
    requests: tuple[ProtocolRequest, ...]


def _items(graph: Graph, head: Node | None) -> list[Node]:
    return list(Collection(graph, head)) if head is not None else []


def _request(graph: Graph, node: Node) -> ProtocolRequest:
    headers = {
        str(graph.value(h, HT.fieldName)): str(graph.value(h, HT.fieldValue))
        for h in _items(graph, graph.value(node, HT.headers))
    }
    body_node = graph.value(node, HT.body)
    body = None
    if body_node is not None:
        encoding = str(graph.value(body_node, CNT.characterEncoding) or "UTF-8")
        body = str(graph.value(body_node, CNT.chars)).encode(encoding)
    response = graph.value(node, HT.resp)
    statuses = frozenset(
        int(str(code).removeprefix(str(HTS)).removeprefix("StatusCode")[0])
        for code in graph.objects(response, MF.expectedStatus)
    )
    boolean = graph.value(response, MF.expectedBoolean)
    fmt = graph.value(response, MF.expectedFormat)
    path = str(graph.value(node, HT.absolutePath))
    assert path.startswith("/sparql/")
    return ProtocolRequest(
        method=str(graph.value(node, HT.methodName)),
        path="/sparql" + path.removeprefix("/sparql/"),  # the manifest says: point at our endpoint
        headers=headers,
        body=body,
        statuses=statuses,
        boolean=None if boolean is None else bool(boolean.toPython()),
        format=None if fmt is None else str(fmt),
    )


def load_manifest() -> list[ProtocolTest]:
    """Every test of the manifest, in its order."""
    graph = Graph().parse(SUITE / "manifest.ttl", format="turtle", publicID=SUITE.as_uri() + "/")
    manifest = graph.value(predicate=RDF.type, object=MF.Manifest)
    tests = []
    for entry in _items(graph, graph.value(manifest, MF.entries)):
        graphs = {
            str(graph.value(data, RDFS.label)): Path(
                str(graph.value(data, UT.graph)).removeprefix("file://")
            )
            for data in graph.objects(entry, UT.graphData)
        }
        action = graph.value(entry, MF.action)
        requests = tuple(
            _request(graph, r) for r in _items(graph, graph.value(action, HT.requests))
        )
        name = str(entry).rsplit("#", 1)[-1]
        tests.append(ProtocolTest(name, graphs, requests))
    return tests


TESTS = load_manifest()


def ox_names(test: ProtocolTest) -> list[object]:
    """The graph names a test's store starts with."""
    from rdflib import URIRef

    return [URIRef(name) for name in test.graphs]


def test_the_manifest_has_all_34_tests() -> None:
    assert len(TESTS) == 34
    assert sum("update" in t.name for t in TESTS) == 14  # they apply with a token set


def _check_body(request: ProtocolRequest, content_type: str, body: bytes) -> None:
    media_type = content_type.split(";")[0].strip()
    if request.format == "boolean" or request.boolean is not None:
        assert media_type in RESULTS
        parsed = ox.parse_query_results(body, ox.QueryResultsFormat.from_media_type(media_type))
        assert isinstance(parsed, ox.QueryBoolean)
        if request.boolean is not None:
            assert bool(parsed) is request.boolean
    elif request.format == "tabular":
        assert media_type in TABULAR
        parsed = ox.parse_query_results(body, ox.QueryResultsFormat.from_media_type(media_type))
        assert isinstance(parsed, ox.QuerySolutions)
    elif request.format == "RDF":
        assert media_type in RDF_TYPES
        list(ox.parse(body, ox.RdfFormat.from_media_type(media_type)))


# The manifest accepts any 4xx; these are the ones the protocol's wording calls for.
EXACT_STATUS = {
    "bad_query_method": 405,
    "bad_multiple_queries": 400,
    "bad_query_wrong_media_type": 415,
    "bad_query_missing_form_type": 415,
    "bad_query_missing_direct_type": 415,
    "bad_query_non_utf8": 415,
    "bad_query_syntax": 400,
    "bad_update_get": 400,
    "bad_multiple_updates": 400,
    "bad_update_wrong_media_type": 415,
    "bad_update_missing_form_type": 415,
    "bad_update_non_utf8": 415,
    "bad_update_syntax": 400,
    "bad_update_dataset_conflict": 400,
}


# Each clears or drops ALL, or writes graphs that are no map's: refused before anything runs.
REFUSED_BY_POLICY = {
    "update_dataset_default_graph",
    "update_dataset_default_graphs",
    "update_dataset_named_graphs",
    "update_dataset_full",
    "update_post_form",
    "update_post_direct",
    "update_base_uri",
}


@pytest.mark.parametrize("test", TESTS, ids=[t.name for t in TESTS])
def test_w3c_protocol(test: ProtocolTest) -> None:
    store = OxigraphStore()
    for name, path in test.graphs.items():
        store.raw().load(path=str(path), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))
    client = TestClient(create_app(settings(update_token=TOKEN), store))
    for request in test.requests:
        headers = {**request.headers, "Authorization": f"Bearer {TOKEN}"}
        response = client.request(
            request.method, request.path, headers=headers, content=request.body
        )
        if test.name in REFUSED_BY_POLICY:
            assert response.status_code == 403, response.text
            assert "map graph" in response.json()["detail"] or "ALL" in response.json()["detail"]
            assert sorted(store.graph_names()) == sorted(ox_names(test))  # nothing changed
            return
        assert response.status_code // 100 in request.statuses, (
            f"{request.method} {request.path}: {response.status_code} {response.text[:300]}"
        )
        if response.status_code // 100 == 2:
            _check_body(request, response.headers.get("content-type", ""), response.content)
        elif response.status_code >= 400:
            assert json.loads(response.content)["detail"]  # every refusal says why
            assert response.status_code == EXACT_STATUS[test.name]
