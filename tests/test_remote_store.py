"""The remote store against a real `oxigraph serve` on loopback: same answers as the embedded one."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS
from typer.testing import CliRunner

from argmap import build as builder
from argmap import queries, resources
from argmap.binding import bind, where_group_start
from argmap.cli import app
from argmap.errors import ParameterError, QueryError, StoreError
from argmap.remote import RemoteStore
from argmap.store import OxigraphStore, Table, from_ox
from argmap.stores import open_store
from argmap.vocab import ONTOLOGY_IRI, inferred_graph_iri, map_iri

pytestmark = pytest.mark.live

SCRATCH = "https://example.org/argmap-test/"
INJECTION = "https://x/> } UNION { ?s ?p ?o } #"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def oxigraph_binary() -> str:
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    assert found, "the `oxigraph` command (PyPI package oxigraph, a dev dependency) is missing"
    return found


class OxigraphServer:
    """`oxigraph serve` on a free loopback port, with the union of graphs as default graph."""

    def __init__(self, location: Path, *, union: bool = True) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        command = [oxigraph_binary(), "serve", "--location", str(location)]
        command += ["--bind", f"127.0.0.1:{self.port}"]
        command += ["--union-default-graph"] if union else []
        self.log = location.with_suffix(".log")
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        self._wait()

    def _wait(self) -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"oxigraph serve exited: {self.log.read_text()}")
            try:
                httpx.post(
                    self.query,
                    content=b"ASK {}",
                    headers={"Content-Type": "application/sparql-query"},
                    timeout=1,
                )
                return
            except httpx.TransportError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"oxigraph serve did not answer on {self.base} within 20 s")

    @property
    def query(self) -> str:
        return f"{self.base}/query"

    @property
    def update(self) -> str:
        return f"{self.base}/update"

    @property
    def store(self) -> str:
        return f"{self.base}/store"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    running = OxigraphServer(tmp_path_factory.mktemp("oxigraph") / "db")
    yield running
    running.stop()


@pytest.fixture(scope="session")
def remote(server: OxigraphServer) -> Iterator[RemoteStore]:
    """The project's maps built into the server, as `argmap build` would."""
    store = RemoteStore(server.query, server.update, timeout_s=60)
    builder.build(store, builder.authored_maps(resources.maps_dir()), write_compiled=False)
    yield store
    store.close()


@pytest.fixture
def gsp_store(server: OxigraphServer) -> Iterator[RemoteStore]:
    """The same server written through the Graph Store Protocol only."""
    store = RemoteStore(server.query, graph_store_endpoint=server.store)
    yield store
    store.close()


# -- the named queries answer the same on both stores ---------------------------------------------


def parameter_sets(query: queries.NamedQuery) -> list[dict[str, object]]:
    """Each query with every example value, and again without its optional parameters."""
    full = {p.name: p.example for p in query.params if p.example is not None}
    required = {p.name: p.example for p in query.params if p.required and p.example is not None}
    return [full] if full == required else [full, required]


def rows(table: Table) -> list[tuple[tuple[str, str], ...]]:
    return [tuple(sorted((k, v.n3()) for k, v in row.items())) for row in table.rows]


CASES = [
    (name, values)
    for name, query in queries.catalogue().items()
    for values in parameter_sets(query)
]


@pytest.mark.parametrize(("name", "values"), CASES, ids=[f"{n}-{len(v)}" for n, v in CASES])
@pytest.mark.reasoner
def test_every_named_query_answers_the_same_remotely(
    remote: RemoteStore, built_store: OxigraphStore, name: str, values: dict[str, object]
) -> None:
    embedded = queries.run(built_store, name, values)
    answered = queries.run(remote, name, values)
    assert answered.variables == embedded.variables
    assert embedded.rows, f"{name} finds nothing on the embedded store: a vacuous comparison"
    if re.search(r"\bORDER\s+BY\b", queries.get(name).sparql, re.IGNORECASE):
        assert rows(answered) == rows(embedded)
    else:
        assert sorted(rows(answered)) == sorted(rows(embedded))


@pytest.mark.reasoner
def test_the_remote_store_holds_the_same_graphs(
    remote: RemoteStore, built_store: OxigraphStore
) -> None:
    names = remote.graph_names()
    assert ONTOLOGY_IRI in names
    assert {map_iri("gallagher-2022"), inferred_graph_iri("gallagher-2022")} <= set(names)
    assert names == built_store.graph_names()
    data = map_iri("gallagher-2022")
    assert set(remote.graph(data)) == set(built_store.graph(data))


@pytest.mark.reasoner
def test_construct_and_ask_match_the_embedded_store(
    remote: RemoteStore, built_store: OxigraphStore
) -> None:
    query = "CONSTRUCT { ?claim rdfs:label ?label } WHERE { ?claim a am:Claim ; rdfs:label ?label }"
    query = "PREFIX am: <https://w3id.org/argmap#>\nPREFIX rdfs: <" + str(RDFS) + ">\n" + query
    answered = remote.construct(query)
    assert len(answered) > 10
    assert set(answered) == set(built_store.construct(query))
    assert remote.ask("ASK { ?m a <https://w3id.org/argmap#ArgumentMap> }")
    assert not remote.ask("ASK { ?s ?p ?s }", {"s": URIRef(SCRATCH + "nothing")})


# -- bound values: checked, escaped, and bound before filters ---------------------------------------


@pytest.mark.reasoner
def test_an_injection_through_a_parameter_is_refused(remote: RemoteStore) -> None:
    with pytest.raises(ParameterError, match="absolute IRI"):
        queries.run(remote, "claims-about-case", {"case": INJECTION})
    with pytest.raises(ParameterError, match="map id or map IRI"):
        queries.run(remote, "map-summary", {"map": INJECTION})


@pytest.mark.reasoner
def test_an_iri_term_that_could_close_itself_is_refused(remote: RemoteStore) -> None:
    for bad in (INJECTION, "https://x/a b", "https://x/{", "relative/path", "https://x/\\u003e"):
        with pytest.raises(ParameterError):
            remote.select("SELECT ?s WHERE { ?s ?p ?o }", {"s": URIRef(bad)})
    with pytest.raises(ParameterError, match="blank node"):
        remote.select("SELECT ?s WHERE { ?s ?p ?o }", {"s": BNode()})
    with pytest.raises(ParameterError, match="variable"):
        remote.select("SELECT ?s WHERE { ?s ?p ?o }", {"s) } #": Literal("x")})


NASTY = [
    'a "quoted" word',
    "back\\slash and \\u0022 and \\U0001F600",
    "new\nline\r\tand ''' \"\"\"",
    '"} UNION { ?s ?p ?o } #',
    "ünïcödé ✓ 😀",
]


@pytest.mark.parametrize("value", NASTY)
@pytest.mark.reasoner
def test_literals_reach_the_server_intact(remote: RemoteStore, value: str) -> None:
    for term in (Literal(value), Literal(value, lang="en-GB")):
        table = remote.select("SELECT ?x WHERE {}", {"x": term})
        assert table.rows == [{"x": term}]
    typed = Literal(42)  # xsd:integer
    assert remote.select("SELECT ?x WHERE {}", {"x": typed}).rows == [{"x": typed}]


@pytest.mark.reasoner
def test_a_bound_variable_is_seen_by_filters_as_with_substitution(
    remote: RemoteStore, built_store: OxigraphStore
) -> None:
    # A trailing VALUES would join after the FILTER, which would then see ?text unbound.
    query = """
        PREFIX am: <https://w3id.org/argmap#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?claim ?text (COUNT(*) AS ?n) WHERE {
          ?claim a am:Claim ; rdfs:label ?label . FILTER(CONTAINS(LCASE(?label), ?text))
        } GROUP BY ?claim ?text ORDER BY ?claim
    """
    # The reference: pyoxigraph's own substitution of the variable, on the embedded store.
    solutions = built_store.raw().query(
        query,
        use_default_graph_as_union=True,
        substitutions={ox.Variable("text"): ox.Literal("like-minded")},
    )
    assert isinstance(solutions, ox.QuerySolutions)
    expected = [
        {name: from_ox(value) for name in ("claim", "text", "n") if (value := row[name])}
        for row in solutions
    ]
    assert expected
    answered = remote.select(query, {"text": Literal("like-minded")})
    assert rows(answered) == rows(Table(answered.variables, expected))


def test_the_values_block_opens_the_where_group() -> None:
    select = (
        "PREFIX a: <x:{>\n# a { comment\nSELECT ?s (EXISTS { ?s ?p 1 } AS ?e) WHERE { ?s ?p '{' }"
    )
    assert select[where_group_start(select) or 0 :].startswith(" ?s ?p '{' }")
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    assert construct[: where_group_start(construct)] == "CONSTRUCT { ?s ?p ?o } WHERE {"
    assert where_group_start("ASK { ?s ?p ?o }") == len("ASK {")
    assert where_group_start("PREFIX select: <x:>\nCONSTRUCT WHERE { ?s ?p ?o }") is None
    bound = bind("CONSTRUCT WHERE { ?s ?p ?o }", {"s": URIRef("x:a")})
    assert bound.rstrip().endswith("VALUES (?s) { (<x:a>) }")


# -- writes ---------------------------------------------------------------------------------------


def scratch_graph(*labels: str) -> Graph:
    graph = Graph()
    for label in labels:
        graph.add((URIRef(SCRATCH + label), RDFS.label, Literal(label)))
    return graph


@pytest.mark.parametrize("writer", ["update", "graph store"])
@pytest.mark.reasoner
def test_replace_graphs_replaces_and_drop_graphs_drops(
    server: OxigraphServer, remote: RemoteStore, gsp_store: RemoteStore, writer: str
) -> None:
    store = remote if writer == "update" else gsp_store
    prefix = SCRATCH + writer.replace(" ", "-")
    one, two = URIRef(prefix + "/one"), URIRef(prefix + "/two")
    store.replace_graphs({one: scratch_graph("a", "b"), two: scratch_graph("c")})
    assert {one, two} <= set(store.graph_names())
    store.replace_graphs({one: scratch_graph("d")})
    assert set(store.graph(one)) == set(scratch_graph("d"))
    assert set(remote.graph(two)) == set(scratch_graph("c"))
    store.replace_graphs({two: Graph()})
    assert two not in store.graph_names()
    store.drop_graphs([one, URIRef(SCRATCH + "never-there")])
    assert one not in store.graph_names()
    assert len(store.graph(one)) == 0


@pytest.mark.reasoner
def test_a_graph_that_cannot_be_written_changes_nothing(remote: RemoteStore) -> None:
    one, two = URIRef(SCRATCH + "atomic/one"), URIRef(SCRATCH + "atomic/two")
    remote.replace_graphs({one: scratch_graph("kept")})
    before = remote.graph_names()
    # rdflib writes a datatype IRI unchecked; this one would end the INSERT DATA and DROP ALL.
    escape = 'https://x/t> } } ; DROP ALL ; INSERT DATA { GRAPH <https://x/e> { <https://x/a> <https://x/p> "y"^^<https://x/t'
    broken = Graph()
    broken.add((URIRef(SCRATCH + "a"), RDFS.label, Literal("x", datatype=URIRef(escape))))
    with pytest.raises(StoreError, match="cannot be stored"):
        remote.replace_graphs({one: scratch_graph("lost"), two: broken})
    for name in (INJECTION, "https://x/%zz"):
        with pytest.raises(ParameterError):
            remote.replace_graphs({one: scratch_graph("lost"), URIRef(name): Graph()})
    assert remote.graph_names() == before
    assert set(remote.graph(one)) == set(scratch_graph("kept"))
    remote.drop_graphs([one])


@pytest.mark.reasoner
def test_an_update_the_server_refuses_is_a_store_error(
    server: OxigraphServer, remote: RemoteStore
) -> None:
    # A common slip: the query URL given as the update endpoint.
    store = RemoteStore(server.query, update_endpoint=server.query)
    name = URIRef(SCRATCH + "refused")
    with pytest.raises(StoreError, match=r"refused the update: HTTP 415"):
        store.replace_graphs({name: scratch_graph("x")})
    assert name not in remote.graph_names()
    store.close()


def test_a_store_without_write_endpoints_refuses_to_write(server: OxigraphServer) -> None:
    store = RemoteStore(server.query)
    with pytest.raises(StoreError, match="ARGMAP_SPARQL_UPDATE_ENDPOINT"):
        store.replace_graphs({URIRef(SCRATCH + "ro"): scratch_graph("x")})
    store.close()


# -- errors say what happened and what to do ----------------------------------------------------


def test_a_refused_connection_names_the_endpoint_and_the_setting() -> None:
    endpoint = f"http://127.0.0.1:{free_port()}/query"
    store = RemoteStore(endpoint)
    with pytest.raises(StoreError, match="cannot reach") as caught:
        store.select("SELECT * WHERE { ?s ?p ?o }")
    assert endpoint in str(caught.value) and "ARGMAP_SPARQL_ENDPOINT" in str(caught.value)
    store.close()


@pytest.mark.reasoner
def test_a_syntax_error_is_a_query_error_with_the_servers_message(remote: RemoteStore) -> None:
    with pytest.raises(QueryError, match=r"refused the query: HTTP 400: .*1:\d+"):
        remote.select("SELECT * WHERE { ?s ?p ")


@pytest.mark.reasoner
def test_a_query_of_the_wrong_form_is_named(remote: RemoteStore) -> None:
    with pytest.raises(QueryError, match="not a SELECT query"):
        remote.select("CONSTRUCT WHERE { ?s ?p ?o }")
    with pytest.raises(QueryError, match="not a CONSTRUCT or DESCRIBE query"):
        remote.construct("SELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(QueryError, match="not an ASK query"):
        remote.ask("SELECT * WHERE { ?s ?p ?o } LIMIT 1")


def test_a_server_that_does_not_answer_in_time_is_a_timeout() -> None:
    # A socket that listens but never accepts: the connection opens, no answer ever comes.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        store = RemoteStore(f"http://127.0.0.1:{silent.getsockname()[1]}/query", timeout_s=0.3)
        with pytest.raises(QueryError, match=r"within 0\.3 s.*ARGMAP_QUERY_TIMEOUT_S"):
            store.select("SELECT * WHERE { ?s ?p ?o }")
        store.close()


def test_a_server_without_the_union_default_graph_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = OxigraphServer(tmp_path / "plain", union=False)
    try:
        store = RemoteStore(plain.query, plain.update)
        store.replace_graphs({URIRef(SCRATCH + "g"): scratch_graph("x")})
        store.close()
        monkeypatch.setenv("ARGMAP_SPARQL_ENDPOINT", plain.query)
        with pytest.raises(StoreError, match="--union-default-graph"):
            open_store()
    finally:
        plain.stop()


@pytest.mark.reasoner
def test_open_store_follows_the_settings(
    server: OxigraphServer, remote: RemoteStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARGMAP_SPARQL_ENDPOINT", server.query)
    monkeypatch.setenv("ARGMAP_SPARQL_UPDATE_ENDPOINT", server.update)
    monkeypatch.setenv("ARGMAP_QUERY_TIMEOUT_S", "7")
    store = open_store(read_only=True)
    assert isinstance(store, RemoteStore) and store.timeout_s == 7
    assert store.update_endpoint is None
    store.close()
    monkeypatch.delenv("ARGMAP_SPARQL_ENDPOINT")
    monkeypatch.setenv("ARGMAP_STORE", str(tmp_path / "store"))
    embedded = open_store()
    assert isinstance(embedded, OxigraphStore)
    embedded.close()


# -- the CLI on a remote store --------------------------------------------------------------------


@pytest.mark.reasoner
def test_the_cli_queries_the_remote_store(
    server: OxigraphServer, remote: RemoteStore, built_store: OxigraphStore, tmp_path: Path
) -> None:
    env = {"ARGMAP_SPARQL_ENDPOINT": server.query, "ARGMAP_STORE": str(tmp_path / "unused")}
    result = CliRunner().invoke(app, ["query", "maps", "--json"], env=env)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == queries.run(built_store, "maps").as_python()
    assert not (tmp_path / "unused").exists()


def test_the_cli_says_when_the_remote_store_is_unreachable(tmp_path: Path) -> None:
    endpoint = f"http://127.0.0.1:{free_port()}/query"
    env = {"ARGMAP_SPARQL_ENDPOINT": endpoint, "COLUMNS": "300"}
    result = CliRunner().invoke(app, ["query", "maps", "--json"], env=env)
    assert result.exit_code == 3
    output = " ".join(result.output.split())
    assert "cannot reach" in output and endpoint in output
