from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from argmap import build as builder
from argmap import resources
from argmap.errors import QueryError, StoreError, StoreLocked
from argmap.store import OxigraphStore

G1, G2 = URIRef("https://example.org/g1"), URIRef("https://example.org/g2")
S, P = URIRef("https://example.org/s"), URIRef("https://example.org/p")


def graph(*values: str) -> Graph:
    g = Graph()
    for v in values:
        g.add((S, P, Literal(v)))
    return g


def test_replace_graphs_replaces_and_keeps_other_graphs() -> None:
    store = OxigraphStore()
    store.replace_graphs({G1: graph("a", "b"), G2: graph("x")})
    store.replace_graphs({G1: graph("c")})
    assert {str(o) for o in store.graph(G1).objects()} == {"c"}
    assert {str(o) for o in store.graph(G2).objects()} == {"x"}
    assert store.graph_names() == [G1, G2]


def test_queries_see_the_union_of_graphs_as_default_graph() -> None:
    store = OxigraphStore()
    store.replace_graphs({G1: graph("a"), G2: graph("b")})
    table = store.select("SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o")
    assert [str(v) for v in table.values("o")] == ["a", "b"]


@pytest.mark.reasoner
def test_building_twice_gives_the_same_store(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    maps = builder.authored_maps(resources.maps_dir())
    builder.build(store, maps, write_compiled=False)
    first = {name: len(store.graph(name)) for name in store.graph_names()}
    builder.build(store, maps, write_compiled=False)
    second = {name: len(store.graph(name)) for name in store.graph_names()}
    assert first == second and len(first) == 4
    store.close()


def test_a_store_held_by_another_process_is_named(tmp_path: Path) -> None:
    path = tmp_path / "store"
    holder = OxigraphStore(path)
    try:
        code = (
            "from pathlib import Path\n"
            "from argmap.store import OxigraphStore\n"
            f"OxigraphStore(Path({str(path)!r}))\n"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=False
        )
        assert result.returncode != 0
        assert "StoreLocked" in result.stderr and "in use by process" in result.stderr
        assert "ARGMAP_STORE" in result.stderr
    finally:
        holder.close()


def test_store_locked_is_raised_in_process_too(tmp_path: Path) -> None:
    path = tmp_path / "store"
    holder = OxigraphStore(path)
    try:
        with pytest.raises(StoreLocked, match="in use by"):
            OxigraphStore(path)
    finally:
        holder.close()


def test_a_term_that_could_end_an_iri_is_refused_and_nothing_is_written() -> None:
    store = OxigraphStore()
    store.replace_graphs({G1: graph("kept")})
    hostile = Graph()
    datatype = URIRef(
        "https://x/t> } } ; DROP ALL ; INSERT DATA { GRAPH <https://x/g> { <a:b> <a:c> <a:d"
    )
    hostile.add((S, P, Literal("v", datatype=datatype)))
    with pytest.raises(StoreError, match="cannot be stored"):
        store.replace_graphs({G2: hostile})
    assert store.graph_names() == [G1]
    assert {str(o) for o in store.graph(G1).objects()} == {"kept"}


def test_service_clauses_are_refused_before_anything_is_fetched() -> None:
    store = OxigraphStore()
    with pytest.raises(QueryError, match="SERVICE"):
        store.select("SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }")
    # The word inside a string, an IRI or a prefixed name is not a SERVICE clause.
    table = store.select(
        'PREFIX ex: <https://example.org/service#> SELECT ?x WHERE { BIND("SERVICE" AS ?x) '
        "OPTIONAL { ?s ex:service <https://example.org/SERVICE> } }"
    )
    assert [str(v) for v in table.values("x")] == ["SERVICE"]
