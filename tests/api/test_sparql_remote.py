"""/sparql and the REST API over every store: embedded, `oxigraph serve` and Virtuoso.

On a remote store, /sparql passes requests through to the server and its answers back; writes
go through argmap's pipeline to the server, with the credentials the settings give.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from api_helpers import TOKEN, settings
from fastapi import FastAPI
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from argmap.api.main import create_app
from argmap.store import OxigraphStore
from sparql_servers import Backend

pytestmark = [pytest.mark.live, pytest.mark.reasoner]

MAP_GRAPH = URIRef("https://w3id.org/argmap/map/gallagher-2022")
QUERY = """
PREFIX am: <https://w3id.org/argmap#>
SELECT ?r WHERE { ?r a am:Recommendation } ORDER BY ?r
"""


@pytest.fixture(scope="module")
def app_of() -> Iterator[dict[str, FastAPI]]:
    """One app per backend and token, kept for the module (an embedded one starts workers)."""
    apps: dict[str, FastAPI] = {}
    yield apps
    for app in apps.values():
        app.state.services.shutdown()
        app.state.services.detach()


def client_of(apps: dict[str, FastAPI], backend: Backend, token: str | None = None) -> TestClient:
    key = f"{backend.name}-{token}"
    if key not in apps:
        apps[key] = create_app(settings(update_token=token), backend.store)
    return TestClient(apps[key])


def test_queries_pass_through_with_negotiation(
    app_of: dict[str, FastAPI], backend: Backend, built_store: OxigraphStore
) -> None:
    client = client_of(app_of, backend)
    expected = [str(r["r"]) for r in built_store.select(QUERY).rows]
    assert expected
    as_json = client.get("/sparql", params={"query": QUERY}).json()
    assert [b["r"]["value"] for b in as_json["results"]["bindings"]] == expected
    as_csv = client.post("/sparql", data={"query": QUERY}, headers={"Accept": "text/csv"})
    assert as_csv.headers["content-type"].startswith("text/csv")
    # Read as CSV: Virtuoso quotes every field, Oxigraph only those that need it.
    table = list(csv.reader(io.StringIO(as_csv.text)))
    assert table[0] == ["r"] and [row[0] for row in table[1:]] == expected
    construct = "CONSTRUCT { ?r a ?c } WHERE { ?r a ?c } LIMIT 5"
    turtle = client.post(
        "/sparql", content=construct.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert turtle.status_code == 200, turtle.text
    assert turtle.headers["content-type"].startswith("text/turtle")
    assert len(Graph().parse(data=turtle.text, format="turtle")) == 5


def test_ask_answers_a_boolean(app_of: dict[str, FastAPI], backend: Backend) -> None:
    client = client_of(app_of, backend)
    ask = "ASK { ?m a <https://w3id.org/argmap#ArgumentMap> }"
    answer = client.get("/sparql", params={"query": ask})
    assert answer.status_code == 200, answer.text
    assert answer.json()["boolean"] is True


def test_the_servers_errors_pass_through(app_of: dict[str, FastAPI], backend: Backend) -> None:
    client = client_of(app_of, backend)
    assert client.get("/sparql", params={"query": "SELECT * {"}).status_code == 400
    refused = client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": "image/png"})
    assert refused.status_code == 406


def test_updates_of_a_map_go_through_the_pipeline(
    app_of: dict[str, FastAPI], backend: Backend
) -> None:
    client = client_of(app_of, backend, TOKEN)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    graph = "https://w3id.org/argmap/map/gallagher-2022"
    triple = (
        "<https://w3id.org/argmap/map/gallagher-2022/idc-rec-iii> "
        '<http://www.w3.org/2000/01/rdf-schema#comment> "seen remotely"'
    )
    ask = f"ASK {{ GRAPH <{graph}> {{ {triple} }} }}"
    insert = f"INSERT DATA {{ GRAPH <{graph}> {{ {triple} }} }}"
    response = client.post("/sparql", data={"update": insert}, headers=auth)
    assert response.status_code == 204, response.text
    assert backend.store.ask(ask)
    delete = f"DELETE DATA {{ GRAPH <{graph}> {{ {triple} }} }}"
    # Seen once as a 503 in a full run (2026-12-03) and never alone: say why if it recurs.
    response = client.post("/sparql", data={"update": delete}, headers=auth)
    assert response.status_code == 204, response.text
    assert not backend.store.ask(ask)
    other = "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/s> <http://example.org/p> 1 } }"
    assert client.post("/sparql", data={"update": other}, headers=auth).status_code == 403
    bad = client.post("/sparql", data={"update": "CLEAR XYZ"}, headers=auth)
    assert bad.status_code == 400


def test_the_app_opens_the_remote_store_its_settings_name(server_backend: Backend) -> None:
    server = server_backend.server
    assert server is not None
    app = create_app(
        settings(
            sparql_endpoint=server.query,
            sparql_update_endpoint=server.update,
            sparql_user=server.user,
            sparql_password=server.password,
            update_token=TOKEN,
        )
    )
    with TestClient(app) as client:  # the lifespan opens the store
        assert client.get("/healthz").json() == {"status": "ok", "store": "remote"}
        maps = client.get("/maps").json()["items"]
        assert [m["id"] for m in maps] == ["gallagher-2022"]
        description = client.get("/sparql", headers={"Accept": "text/turtle"})
        assert "UnionDefaultGraph" in description.text
        # A write reaches the server with the credentials of the settings: the map, replaced
        # by its own export, is the same map afterwards.
        before = server_backend.store.graph(MAP_GRAPH)
        body = client.get("/maps/gallagher-2022/export", params={"format": "turtle"})
        assert body.status_code == 200
        replaced = client.put(
            "/maps/gallagher-2022",
            content=body.content,
            headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/turtle"},
        )
        assert replaced.status_code == 200, replaced.text
        assert isomorphic(server_backend.store.graph(MAP_GRAPH), before)
