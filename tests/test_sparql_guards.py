"""The checks a request's SPARQL passes before the engine: nesting, reach, the graphs an update writes."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.errors import QueryError, QueryTooComplex, RemoteAccessRefused, UpdateRefused
from argmap.sparql_lexer import check_nesting, nesting_depth
from argmap.sparql_reach import may_reach, reaches, refuse_reaching
from argmap.update_targets import written_graphs

MAP = "https://w3id.org/argmap/map/small"

# -- nesting ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "at_least"),
    [
        ("SELECT * WHERE " + "{" * 300 + "}" * 300, 300),
        ("SELECT * WHERE { FILTER(" + "(" * 300 + "1" + ")" * 300 + ") }", 300),
        ("SELECT * WHERE { FILTER(" + "!" * 300 + "true) }", 300),
        ("SELECT * WHERE { FILTER(" + " || ".join(["true"] * 300) + ") }", 299),
        ("SELECT * WHERE { ?s " + "/".join(["<x:p>"] * 300) + " ?o }", 299),
        ("SELECT * WHERE { ?s " + "|".join(["<x:p>"] * 300) + " ?o }", 299),
        ("SELECT * WHERE { " + " UNION ".join(["{}"] * 300) + " }", 299),
        ("SELECT * WHERE { " + " ".join(["OPTIONAL { ?a ?b ?c }"] * 300) + " }", 300),
        ("SELECT * WHERE { ?s <x:p> " + "[ <x:p> " * 300 + "1" + " ]" * 300 + " }", 300),
        ("SELECT * WHERE { ?s <x:p> " + "( " * 300 + "1" + " )" * 300 + " }", 300),
    ],
    ids=[
        "braces",
        "parens",
        "bangs",
        "ors",
        "path",
        "alternatives",
        "unions",
        "optionals",
        "blank nodes",
        "collections",
    ],
)
def test_every_kind_of_nesting_counts(query: str, at_least: int) -> None:
    assert nesting_depth(query) >= at_least
    with pytest.raises(QueryTooComplex, match="ARGMAP_QUERY_MAX_DEPTH"):
        check_nesting(query, 256)


def test_long_flat_queries_are_not_deep() -> None:
    patterns = " . ".join(f"?s{i} <x:p>/<x:q> ?o{i}" for i in range(2000))
    assert nesting_depth(f"SELECT * WHERE {{ {patterns} }}") < 10
    values = " ".join(f"<x:{i}>" for i in range(5000))
    assert nesting_depth(f"SELECT * WHERE {{ VALUES ?v {{ {values} }} }}") < 10


def test_brackets_inside_strings_iris_and_comments_do_not_count() -> None:
    query = 'SELECT * WHERE { ?s ?p "{{{{((((" . ?s ?p <x:a((> # ((((\n }'
    assert nesting_depth(query) <= 2


# -- reaching out ----------------------------------------------------------------------------------

SERVICE_SPELLINGS = [
    "SELECT * WHERE { SERVICE <http://x/sparql> { ?s ?p ?o } }",
    "select * where { service silent <http://x/sparql> {} }",
    "SELECT * WHERE { \\u0053ERVICE <http://x/sparql> {} }",
    "SELECT * WHERE { \\U00000053ervice <http://x/sparql> {} }",
    "SELECT * WHERE { SERVICE#c\n<http://x/sparql> {} }",
    "PREFIX e: <http://x/> SELECT * WHERE { SERVICE e:sp\\.arql {} }",
    "SELECT * WHERE { OPTIONAL { { SELECT * { MINUS { SERVICE <http://x/sparql> {} } } } } }",
    "SELECT * WHERE { FILTER NOT EXISTS { SERVICE ?endpoint {} } }",
]


@pytest.mark.parametrize("query", SERVICE_SPELLINGS)
def test_every_spelling_of_service_is_found_and_refused(query: str) -> None:
    assert may_reach(query)
    assert [r.keyword for r in reaches(query, "query")] == ["SERVICE"]
    with pytest.raises(RemoteAccessRefused, match="SERVICE"):
        refuse_reaching(query, "query")


def test_an_allowed_endpoint_passes_and_others_do_not() -> None:
    query = "PREFIX e: <http://x/> SELECT * WHERE { SERVICE e:sp\\.arql {} }"
    refuse_reaching(query, "query", ["http://x/sp.arql"])
    with pytest.raises(RemoteAccessRefused):
        refuse_reaching(query, "query", ["http://y/sparql"])
    with pytest.raises(RemoteAccessRefused, match="variable"):
        refuse_reaching("SELECT * { SERVICE ?e {} }", "query", ["http://x/sp.arql"])


def test_the_word_in_strings_iris_and_names_is_no_service() -> None:
    query = (
        'PREFIX ex: <http://x/service#> SELECT * WHERE { ?s ex:service "SERVICE <http://y/> {}" ;'
        " <http://x/load> ?o } # SERVICE <http://z/> {}"
    )
    assert may_reach(query)  # the linear filter cannot tell; the parse can
    assert reaches(query, "query") == []
    refuse_reaching(query, "query")


@pytest.mark.parametrize(
    "update",
    [
        "LOAD <http://x/data.ttl>",
        "load silent <http://x/d> into graph <http://g/>",
        "\\u004cOAD <http://x/d>",
        "INSERT DATA { <x:a> <x:b> <x:c> } ; LOAD <http://x/d>",
    ],
)
def test_every_spelling_of_load_is_refused(update: str) -> None:
    with pytest.raises(RemoteAccessRefused, match="LOAD"):
        refuse_reaching(update, "update")


_PIECES = st.sampled_from(
    [
        "SELECT * WHERE {",
        "}",
        "{",
        "SERVICE",
        "service",
        "SeRvIcE",
        "\\u0053",
        "ERVICE",
        "<http://x/>",
        "?s ?p ?o",
        "OPTIONAL",
        "#",
        "\n",
        '"',
        " ",
        "e:x",
        "PREFIX e: <http://x/>",
    ]
)


@settings(deadline=None, max_examples=200)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_the_linear_filter_never_misses_what_the_parse_finds(text: str) -> None:
    # Sound, whatever the text: where the filter says "cannot reach", the parse agrees.
    if not may_reach(text):
        with contextlib.suppress(QueryError):  # a text that does not parse runs nowhere
            assert reaches(text, "query") == []


def test_a_text_that_does_not_parse_is_a_syntax_error_not_a_pass() -> None:
    with pytest.raises(QueryError, match="syntax error"):
        refuse_reaching("SELECT * WHERE { SERVICE <http://x/> { ", "query")


# -- what an update writes -------------------------------------------------------------------------


def test_an_update_of_map_graphs_names_them() -> None:
    assert written_graphs(f"INSERT DATA {{ GRAPH <{MAP}> {{ <x:a> <x:b> <x:c> }} }}") == [MAP]
    modify = f"WITH <{MAP}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}"
    assert written_graphs(modify) == [MAP]
    other = "https://w3id.org/argmap/map/other"
    assert written_graphs(f"MOVE <{MAP}> TO <{other}>") == [MAP, other]
    assert written_graphs(f"DROP GRAPH <{MAP}> ; CLEAR GRAPH <{MAP}>") == [MAP]


@pytest.mark.parametrize(
    ("update", "says"),
    [
        ("DROP ALL", "ALL"),
        ("CLEAR NAMED", "NAMED"),
        ("DROP DEFAULT", "default graph"),
        ("INSERT DATA { <x:a> <x:b> <x:c> }", "default graph"),
        ("DROP GRAPH <https://w3id.org/argmap/ontology>", "not a map graph"),
        ("DROP GRAPH <https://w3id.org/argmap/inferred/small>", "not a map graph"),
        ("INSERT DATA { GRAPH <https://w3id.org/argmap/map/Bad_ID!> { <x:a> <x:b> 1 } }", "id"),
        ("INSERT DATA { GRAPH <https://w3id.org/argmap/map/a/b> { <x:a> <x:b> 1 } }", "id"),
        ("DELETE WHERE { GRAPH ?g { ?s ?p ?o } }", "variable"),
        (f"COPY <{MAP}> TO DEFAULT", "default graph"),
    ],
)
def test_an_update_of_anything_else_is_refused(update: str, says: str) -> None:
    with pytest.raises(UpdateRefused, match=says):
        written_graphs(update)
