"""/sparql over a remote store: requests pass through to a real `oxigraph serve` and back."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from api_helpers import TOKEN, settings
from fastapi.testclient import TestClient
from rdflib import Graph

from argmap.api.main import create_app
from argmap.remote import RemoteStore
from argmap.store import OxigraphStore

pytestmark = pytest.mark.live

QUERY = """
PREFIX am: <https://w3id.org/argmap#>
SELECT ?r WHERE { ?r a am:Recommendation } ORDER BY ?r
"""


def oxigraph_command() -> str:
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    assert found, "the `oxigraph` command (PyPI package oxigraph, a dev dependency) is missing"
    return found


@pytest.fixture(scope="module")
def oxigraph_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    location = tmp_path_factory.mktemp("oxigraph")
    process = subprocess.Popen(
        [
            oxigraph_command(),
            "serve",
            "--location",
            str(location),
            "--union-default-graph",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            httpx.get(f"{url}/query", params={"query": "ASK {}"}, timeout=1)
            break
        except httpx.TransportError:
            assert time.monotonic() < deadline and process.poll() is None, "oxigraph did not start"
            time.sleep(0.05)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def remote(oxigraph_url: str, built_store: OxigraphStore) -> Iterator[RemoteStore]:
    store = RemoteStore(f"{oxigraph_url}/query", update_endpoint=f"{oxigraph_url}/update")
    store.replace_graphs({name: built_store.graph(name) for name in built_store.graph_names()})
    yield store
    store.close()


def test_queries_pass_through_with_negotiation(
    remote: RemoteStore, built_store: OxigraphStore
) -> None:
    client = TestClient(create_app(settings(), remote))
    expected = [str(r["r"]) for r in built_store.select(QUERY).rows]
    as_json = client.get("/sparql", params={"query": QUERY}).json()
    assert [b["r"]["value"] for b in as_json["results"]["bindings"]] == expected
    as_csv = client.post("/sparql", data={"query": QUERY}, headers={"Accept": "text/csv"})
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert as_csv.text.splitlines()[1:] == expected
    construct = "CONSTRUCT { ?r a ?c } WHERE { ?r a ?c } LIMIT 5"
    turtle = client.post(
        "/sparql", content=construct.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert turtle.status_code == 200
    assert len(Graph().parse(data=turtle.text, format="turtle")) == 5


def test_the_servers_errors_pass_through(remote: RemoteStore) -> None:
    client = TestClient(create_app(settings(), remote))
    assert client.get("/sparql", params={"query": "SELECT * {"}).status_code == 400
    assert (
        client.get(
            "/sparql", params={"query": "ASK {}"}, headers={"Accept": "image/png"}
        ).status_code
        == 406
    )


def test_updates_of_a_map_go_through_the_pipeline_to_the_remote(
    oxigraph_url: str, remote: RemoteStore
) -> None:
    client = TestClient(create_app(settings(update_token=TOKEN), remote))
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
    assert remote.ask(ask)
    delete = f"DELETE DATA {{ GRAPH <{graph}> {{ {triple} }} }}"
    assert client.post("/sparql", data={"update": delete}, headers=auth).status_code == 204
    assert not remote.ask(ask)
    other = "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/s> <http://example.org/p> 1 } }"
    assert client.post("/sparql", data={"update": other}, headers=auth).status_code == 403
    bad = client.post("/sparql", data={"update": "CLEAR XYZ"}, headers=auth)
    assert bad.status_code == 400


def test_the_app_opens_the_remote_store_its_settings_name(
    oxigraph_url: str, remote: RemoteStore
) -> None:
    app = create_app(settings(sparql_endpoint=f"{oxigraph_url}/query"))
    with TestClient(app) as client:  # the lifespan opens the store
        assert client.get("/healthz").json() == {"status": "ok", "store": "remote"}
        maps = client.get("/maps").json()["items"]
        assert [m["id"] for m in maps] == ["gallagher-2022"]
        description = client.get("/sparql", headers={"Accept": "text/turtle"})
        assert "UnionDefaultGraph" in description.text
