"""The store API on the embedded store, `oxigraph serve` and Virtuoso: the same answers on each.

The servers and the `backend` fixtures are in sparql_servers.py; each backend holds the
project's maps, built into the servers through argmap's own write path.
"""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS, XSD
from typer.testing import CliRunner

from argmap import build as builder
from argmap import queries
from argmap.binding import bind, where_group_start
from argmap.cli import app
from argmap.errors import ParameterError, QueryError, StoreError
from argmap.remote import RemoteStore, query_form
from argmap.store import OxigraphStore, Store, Table, from_ox
from argmap.stores import open_store
from argmap.vocab import ONTOLOGY_IRI, inferred_graph_iri, map_iri
from sparql_servers import (
    SERVERS,
    Backend,
    SparqlServer,
    free_port,
    start_oxigraph,
    start_virtuoso,
)

pytestmark = pytest.mark.live

SCRATCH = "https://example.org/argmap-test/"
INJECTION = "https://x/> } UNION { ?s ?p ?o } #"


# -- the named queries answer the same on every store --------------------------------------------


def parameter_sets(query: queries.NamedQuery) -> list[dict[str, object]]:
    """Each query with every example value, and again without its optional parameters."""
    full = {p.name: p.example for p in query.params if p.example is not None}
    required = {p.name: p.example for p in query.params if p.required and p.example is not None}
    return [full] if full == required else [full, required]


def rows(table: Table) -> list[tuple[tuple[str, str], ...]]:
    return [tuple(sorted((k, v.n3()) for k, v in row.items())) for row in table.rows]


# A question about the whole store that compares maps (tagged `corpus`, without parameters)
# finds nothing in the project's one map: it is compared over the synthetic corpus of maps
# that share sources, agents and cases instead.
def about_several_maps(query: queries.NamedQuery) -> bool:
    return "corpus" in query.tags and not query.params


CASES = [
    (name, values)
    for name, query in queries.catalogue().items()
    for values in parameter_sets(query)
    if not about_several_maps(query)
]
CORPUS_CASES = [
    (name, values)
    for name, query in queries.catalogue().items()
    for values in parameter_sets(query)
    if about_several_maps(query)
]
CORPUS = Path(__file__).parent / "fixtures" / "corpus" / "data" / "maps"


@pytest.mark.parametrize(("name", "values"), CASES, ids=[f"{n}-{len(v)}" for n, v in CASES])
@pytest.mark.reasoner
def test_every_named_query_answers_the_same(
    backend: Backend, built_store: OxigraphStore, name: str, values: dict[str, object]
) -> None:
    embedded = queries.run(built_store, name, values)
    answered = queries.run(backend.store, name, values)
    assert answered.variables == embedded.variables
    assert embedded.rows, f"{name} finds nothing on the embedded store: a vacuous comparison"
    if re.search(r"\bORDER\s+BY\b", queries.get(name).sparql, re.IGNORECASE):
        assert rows(answered) == rows(embedded)
    else:
        assert sorted(rows(answered)) == sorted(rows(embedded))


@pytest.fixture(scope="module")
def corpus_reference() -> Iterator[OxigraphStore]:
    """The synthetic corpus in the embedded store, with the SPARQL rules' inferences."""
    store = OxigraphStore()
    builder.build(store, builder.authored_maps(CORPUS), reason=False, write_compiled=False)
    yield store
    store.close()


@pytest.fixture(scope="module", params=SERVERS)
def corpus_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RemoteStore]:
    """The same corpus built into a server of its own (the session's servers hold the map)."""
    directory = tmp_path_factory.mktemp(f"corpus-{request.param}")
    server = (
        start_oxigraph(directory / "db")
        if request.param == "oxigraph"
        else start_virtuoso(directory)
    )
    store = server.remote()
    try:
        builder.build(store, builder.authored_maps(CORPUS), reason=False, write_compiled=False)
        yield store
    finally:
        store.close()
        server.stop()


@pytest.mark.parametrize(
    ("name", "values"), CORPUS_CASES, ids=[f"{n}-{len(v)}" for n, v in CORPUS_CASES]
)
def test_every_corpus_query_answers_the_same(
    corpus_server: RemoteStore,
    corpus_reference: OxigraphStore,
    name: str,
    values: dict[str, object],
) -> None:
    embedded = queries.run(corpus_reference, name, values)
    answered = queries.run(corpus_server, name, values)
    assert answered.variables == embedded.variables
    assert embedded.rows, f"{name} finds nothing in the corpus: a vacuous comparison"
    if re.search(r"\bORDER\s+BY\b", queries.get(name).sparql, re.IGNORECASE):
        assert rows(answered) == rows(embedded)
    else:
        assert sorted(rows(answered)) == sorted(rows(embedded))


@pytest.mark.reasoner
def test_the_store_holds_the_same_graphs(backend: Backend, built_store: OxigraphStore) -> None:
    names = backend.store.graph_names()
    # Virtuoso keeps graphs of its own (virtrdf#, ldp#, its service description), there from
    # its first start; every other graph is argmap's.
    own = backend.server.own_graphs if backend.server else frozenset()
    assert own <= set(names)
    ours = [name for name in names if name not in own]
    assert ONTOLOGY_IRI in ours
    assert {map_iri("gallagher-2022"), inferred_graph_iri("gallagher-2022")} <= set(ours)
    assert ours == built_store.graph_names()
    for name in (map_iri("gallagher-2022"), inferred_graph_iri("gallagher-2022")):
        assert set(backend.store.graph(name)) == set(built_store.graph(name))


@pytest.mark.reasoner
def test_construct_and_ask_match_the_embedded_store(
    backend: Backend, built_store: OxigraphStore
) -> None:
    store = backend.store
    query = "CONSTRUCT { ?claim rdfs:label ?label } WHERE { ?claim a am:Claim ; rdfs:label ?label }"
    query = "PREFIX am: <https://w3id.org/argmap#>\nPREFIX rdfs: <" + str(RDFS) + ">\n" + query
    answered = store.construct(query)
    assert len(answered) > 10
    assert set(answered) == set(built_store.construct(query))
    assert store.ask("ASK { ?m a <https://w3id.org/argmap#ArgumentMap> }")
    assert not store.ask("ASK { ?s ?p ?s }", {"s": URIRef(SCRATCH + "nothing")})
    assert not store.ask("ASK { ?s a <https://w3id.org/argmap#NoSuchClass> }")


@pytest.mark.reasoner
def test_blank_nodes_come_back_as_blank_nodes(backend: Backend, built_store: OxigraphStore) -> None:
    # The ontology's OWL restrictions are blank nodes; Virtuoso names them nodeID://… in results.
    query = """
        PREFIX owl: <http://www.w3.org/2002/07/owl#>
        SELECT ?restriction ?property WHERE {
          GRAPH <https://w3id.org/argmap> { ?restriction owl:onProperty ?property }
        }
    """
    answered = backend.store.select(query)
    expected = built_store.select(query)
    assert expected.rows, "the ontology has no restrictions: a vacuous comparison"
    assert all(isinstance(row["restriction"], BNode) for row in answered.rows)
    assert sorted(str(r["property"]) for r in answered.rows) == sorted(
        str(r["property"]) for r in expected.rows
    )
    ontology = backend.store.graph(ONTOLOGY_IRI)
    assert isomorphic(ontology, built_store.graph(ONTOLOGY_IRI))


# -- bound values: checked, escaped, and bound before filters ---------------------------------------


@pytest.mark.reasoner
def test_an_injection_through_a_parameter_is_refused(backend: Backend) -> None:
    with pytest.raises(ParameterError, match="absolute IRI"):
        queries.run(backend.store, "claims-about-case", {"case": INJECTION})
    with pytest.raises(ParameterError, match="map id or map IRI"):
        queries.run(backend.store, "map-summary", {"map": INJECTION})


@pytest.mark.reasoner
def test_an_iri_term_that_could_close_itself_is_refused(backend: Backend) -> None:
    store = backend.store
    for bad in (INJECTION, "https://x/a b", "https://x/{", "relative/path", "https://x/\\u003e"):
        with pytest.raises(ParameterError):
            store.select("SELECT ?s WHERE { ?s ?p ?o }", {"s": URIRef(bad)})
    with pytest.raises(ParameterError, match="blank node"):
        store.select("SELECT ?s WHERE { ?s ?p ?o }", {"s": BNode()})
    with pytest.raises(ParameterError, match="variable"):
        store.select("SELECT ?s WHERE { ?s ?p ?o }", {"s) } #": Literal("x")})


NASTY = [
    'a "quoted" word',
    "back\\slash and \\u0022 and \\U0001F600",
    "new\nline\r\tand ''' \"\"\"",
    '"} UNION { ?s ?p ?o } #',
    "ünïcödé ✓ 😀",
]


@pytest.mark.parametrize("value", NASTY)
@pytest.mark.reasoner
def test_literals_reach_the_server_intact(backend: Backend, value: str) -> None:
    for term in (Literal(value), Literal(value, lang="en-GB")):
        table = backend.store.select("SELECT ?x WHERE {}", {"x": term})
        assert table.rows == [{"x": term}]
    typed = Literal(42)  # xsd:integer
    assert backend.store.select("SELECT ?x WHERE {}", {"x": typed}).rows == [{"x": typed}]


@pytest.mark.parametrize("value", NASTY)
@pytest.mark.reasoner
def test_literals_are_stored_and_read_back_intact(backend: Backend, value: str) -> None:
    name, subject = URIRef(SCRATCH + "literals"), URIRef(SCRATCH + "s")
    terms = [
        Literal(value),
        Literal(value, lang="en-GB"),
        Literal(7),
        Literal("2022-05-01", datatype=XSD.date),
        Literal("0.5", datatype=XSD.decimal),
        Literal("true", datatype=XSD.boolean),
        Literal("12", datatype=XSD.nonNegativeInteger),
    ]
    graph = Graph()
    for index, term in enumerate(terms):
        graph.add((subject, URIRef(f"{SCRATCH}p{index}"), term))
    # The reference is what the embedded store holds: Oxigraph writes some literals in
    # canonical form too (an xsd:nonNegativeInteger comes back as an xsd:integer).
    reference = OxigraphStore()
    reference.replace_graphs({name: graph})
    expected = set(reference.graph(name))
    reference.close()
    backend.store.replace_graphs({name: graph})
    try:
        assert set(backend.store.graph(name)) == expected
        table = backend.store.select(
            "SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": name, "s": subject}
        )
        assert {row["o"] for row in table.rows} == {o for _, _, o in expected}
    finally:
        backend.store.drop_graphs([name])


@pytest.mark.reasoner
def test_a_bound_variable_is_seen_by_filters_as_with_substitution(
    backend: Backend, built_store: OxigraphStore
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
    answered = backend.store.select(query, {"text": Literal("like-minded")})
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


def test_the_query_form_is_read_past_the_prologue() -> None:
    assert query_form("PREFIX select: <x:ask>\nBASE <x:>\n# CONSTRUCT\nselect * {}") == "SELECT"
    assert query_form('define input:inference "r" ASK {}') == "ASK"
    assert query_form("CONSTRUCT WHERE { ?s ?p ?o }") == "CONSTRUCT"
    assert query_form("DESCRIBE <x:a>") == "DESCRIBE"
    assert query_form("INSERT DATA { <x:a> <x:b> <x:c> }") is None
    assert query_form("") is None


# -- writes ---------------------------------------------------------------------------------------


def scratch_graph(*labels: str) -> Graph:
    graph = Graph()
    for label in labels:
        graph.add((URIRef(SCRATCH + label), RDFS.label, Literal(label)))
    return graph


def check_replace_and_drop(store: Store, reader: Store, prefix: str) -> None:
    one, two = URIRef(prefix + "/one"), URIRef(prefix + "/two")
    store.replace_graphs({one: scratch_graph("a", "b"), two: scratch_graph("c")})
    assert {one, two} <= set(store.graph_names())
    store.replace_graphs({one: scratch_graph("d")})
    assert set(store.graph(one)) == set(scratch_graph("d"))
    assert set(reader.graph(two)) == set(scratch_graph("c"))
    store.replace_graphs({two: Graph()})
    assert two not in store.graph_names()
    store.drop_graphs([one, URIRef(SCRATCH + "never-there")])
    assert one not in store.graph_names()
    assert len(store.graph(one)) == 0


@pytest.mark.reasoner
def test_replace_graphs_replaces_and_drop_graphs_drops(backend: Backend) -> None:
    check_replace_and_drop(backend.store, backend.store, SCRATCH + "update")


def test_the_graph_store_protocol_replaces_and_drops(sparql_server: SparqlServer) -> None:
    gsp, reader = sparql_server.gsp(), sparql_server.remote(update=False)
    try:
        check_replace_and_drop(gsp, reader, SCRATCH + "graph-store")
        name = URIRef(SCRATCH + "graph-store/bnodes")
        graph = scratch_graph("e")
        graph.add((URIRef(SCRATCH + "e"), RDFS.seeAlso, BNode()))
        gsp.replace_graphs({name: graph})
        assert isomorphic(gsp.graph(name), graph)
        gsp.drop_graphs([name])
    finally:
        gsp.close()
        reader.close()


@pytest.mark.reasoner
def test_a_graph_that_cannot_be_written_changes_nothing(backend: Backend) -> None:
    store = backend.store
    one, two = URIRef(SCRATCH + "atomic/one"), URIRef(SCRATCH + "atomic/two")
    store.replace_graphs({one: scratch_graph("kept")})
    before = store.graph_names()
    # rdflib writes a datatype IRI unchecked; this one would end the INSERT DATA and DROP ALL.
    escape = 'https://x/t> } } ; DROP ALL ; INSERT DATA { GRAPH <https://x/e> { <https://x/a> <https://x/p> "y"^^<https://x/t'
    broken = Graph()
    broken.add((URIRef(SCRATCH + "a"), RDFS.label, Literal("x", datatype=URIRef(escape))))
    with pytest.raises(StoreError, match="cannot be stored"):
        store.replace_graphs({one: scratch_graph("lost"), two: broken})
    for name in (INJECTION, "https://x/%zz"):
        with pytest.raises(ParameterError):
            store.replace_graphs({one: scratch_graph("lost"), URIRef(name): Graph()})
    assert store.graph_names() == before
    assert set(store.graph(one)) == set(scratch_graph("kept"))
    store.drop_graphs([one])


# A common slip: the query URL given as the update endpoint. Oxigraph's query URL takes no
# update; Virtuoso's takes one only from a user granted SPARQL_UPDATE, which its anonymous
# /sparql user is not.
REFUSED_UPDATE = {
    "oxigraph": r"refused the update: HTTP 415",
    "virtuoso": r"refused access \(HTTP 500: .*SR186.*\)\. Check ARGMAP_SPARQL_UPDATE_ENDPOINT",
}


def test_an_update_the_server_refuses_is_a_store_error(sparql_server: SparqlServer) -> None:
    store = RemoteStore(sparql_server.query, update_endpoint=sparql_server.query)
    reader = sparql_server.remote(update=False)
    name = URIRef(SCRATCH + "refused")
    with pytest.raises(StoreError, match=REFUSED_UPDATE[sparql_server.name]):
        store.replace_graphs({name: scratch_graph("x")})
    assert name not in reader.graph_names()
    store.close()
    reader.close()


def test_wrong_or_missing_credentials_are_refused(virtuoso_server: SparqlServer) -> None:
    reader = virtuoso_server.remote(update=False)
    name = URIRef(SCRATCH + "wrong-password")
    for update, gsp in ((virtuoso_server.update, None), (None, virtuoso_server.store)):
        wrong = RemoteStore(
            virtuoso_server.query, update, gsp, user=virtuoso_server.user, password="not-it"
        )
        with pytest.raises(StoreError, match=r"refused access \(HTTP 401.*ARGMAP_SPARQL_USER"):
            wrong.replace_graphs({name: scratch_graph("x")})
        wrong.close()
        anonymous = RemoteStore(virtuoso_server.query, update, gsp)
        with pytest.raises(StoreError, match=r"refused access \(HTTP 401"):
            anonymous.replace_graphs({name: scratch_graph("x")})
        anonymous.close()
    assert name not in reader.graph_names()
    reader.close()


def test_a_user_without_a_password_is_refused_at_once() -> None:
    with pytest.raises(StoreError, match="ARGMAP_SPARQL_PASSWORD"):
        RemoteStore("http://127.0.0.1:1/sparql", user="argmap")


def test_a_store_without_write_endpoints_refuses_to_write(sparql_server: SparqlServer) -> None:
    store = sparql_server.remote(update=False)
    with pytest.raises(StoreError, match="ARGMAP_SPARQL_UPDATE_ENDPOINT"):
        store.replace_graphs({URIRef(SCRATCH + "ro"): scratch_graph("x")})
    store.close()


def test_a_result_virtuoso_cut_short_is_refused(tmp_path: Path) -> None:
    server = start_virtuoso(tmp_path / "cut", max_rows=5)
    store = server.remote()
    try:
        name = URIRef(SCRATCH + "cut")
        store.replace_graphs({name: scratch_graph("a", "b", "c", "d", "e", "f")})
        query = "SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }"
        with pytest.raises(QueryError, match=r"stopped at 5 rows.*ResultSetMaxRows"):
            store.select(query, {"g": name})
        assert len(store.select(query + " LIMIT 2", {"g": name}).rows) == 2
    finally:
        store.close()
        server.stop()


# -- errors say what happened and what to do ----------------------------------------------------


def test_a_refused_connection_names_the_endpoint_and_the_setting() -> None:
    endpoint = f"http://127.0.0.1:{free_port()}/query"
    store = RemoteStore(endpoint)
    with pytest.raises(StoreError, match="cannot reach") as caught:
        store.select("SELECT * WHERE { ?s ?p ?o }")
    assert endpoint in str(caught.value) and "ARGMAP_SPARQL_ENDPOINT" in str(caught.value)
    store.close()


# Where each server says the parse failed: Oxigraph gives line:column, Virtuoso a line (its
# count starts before the text it was sent, so the number is not the text's own).
SYNTAX_ERROR = {"oxigraph": r"1:\d+", "virtuoso": r"SP030: SPARQL compiler, line \d+: syntax error"}


def test_a_syntax_error_is_a_query_error_with_the_servers_message(
    sparql_server: SparqlServer,
) -> None:
    store = sparql_server.remote(update=False)
    pattern = r"refused the query: HTTP 400: .*" + SYNTAX_ERROR[sparql_server.name]
    with pytest.raises(QueryError, match=pattern):
        store.select("SELECT * WHERE { ?s ?p ")
    store.close()


@pytest.mark.reasoner
def test_a_query_of_the_wrong_form_is_named(backend: Backend) -> None:
    store = backend.store
    with pytest.raises(QueryError, match="not a SELECT query"):
        store.select("CONSTRUCT WHERE { ?s ?p ?o }")
    with pytest.raises(QueryError, match="not a CONSTRUCT or DESCRIBE query"):
        store.construct("SELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(QueryError, match="not an ASK query"):
        store.ask("SELECT * WHERE { ?s ?p ?o } LIMIT 1")


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
    plain = start_oxigraph(tmp_path / "plain", union=False)
    try:
        store = plain.remote()
        store.replace_graphs({URIRef(SCRATCH + "g"): scratch_graph("x")})
        store.close()
        monkeypatch.setenv("ARGMAP_SPARQL_ENDPOINT", plain.query)
        with pytest.raises(StoreError, match="--union-default-graph"):
            open_store()
    finally:
        plain.stop()


def test_open_store_follows_the_settings(
    sparql_server: SparqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable, value in sparql_server.env().items():
        monkeypatch.setenv(variable, value)
    monkeypatch.setenv("ARGMAP_QUERY_TIMEOUT_S", "7")
    store = open_store(read_only=True)
    assert isinstance(store, RemoteStore) and store.timeout_s == 7
    assert store.update_endpoint is None and store.graph_store_endpoint is None
    store.close()
    # A store for writing writes where the settings say, with the credentials they give.
    store = open_store()
    assert isinstance(store, RemoteStore)
    assert store.update_endpoint == sparql_server.update
    assert store.graph_store_endpoint == sparql_server.store
    name = URIRef(SCRATCH + "settings")
    store.replace_graphs({name: scratch_graph("x")})
    assert name in store.graph_names()
    store.drop_graphs([name])
    store.close()
    for variable in sparql_server.env():
        monkeypatch.delenv(variable)
    monkeypatch.setenv("ARGMAP_STORE", str(tmp_path / "store"))
    embedded = open_store()
    assert isinstance(embedded, OxigraphStore)
    embedded.close()


# -- the CLI on a remote store --------------------------------------------------------------------


@pytest.mark.reasoner
def test_the_cli_queries_the_remote_store(
    server_backend: Backend, built_store: OxigraphStore, tmp_path: Path
) -> None:
    assert server_backend.server is not None
    env = server_backend.server.env() | {"ARGMAP_STORE": str(tmp_path / "unused")}
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
