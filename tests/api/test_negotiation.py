"""Accept-header negotiation and the little SPARQL lexing the protocol needs."""

from __future__ import annotations

import pytest

from argmap.api.negotiation import choose, parse_accept
from argmap.api.sparql.text import add_using, names_dataset, names_update_dataset

OFFERS = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv"]


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, OFFERS[0]),
        ("", OFFERS[0]),
        ("text/csv", "text/csv"),
        ("TEXT/CSV", "text/csv"),
        ("text/csv, application/sparql-results+xml", "text/csv"),  # the client's order breaks ties
        ("text/*, application/sparql-results+xml;q=0.9", "text/csv"),
        ("*/*;q=0.1, application/sparql-results+xml;q=0.2", OFFERS[1]),
        ("text/csv;q=0, */*", OFFERS[0]),  # q=0 refuses, even when */* would accept
        ("application/*;q=0.5, text/csv;q=0.4", OFFERS[0]),
        ("text/csv;charset=utf-8;q=0.7, */*;q=0.6", "text/csv"),
        ("text/csv;q=oops", None),  # a malformed q-value accepts nothing
        ("image/png", None),
        ("garbage", None),
    ],
)
def test_choose(accept: str | None, expected: str | None) -> None:
    assert choose(accept, OFFERS) == expected


def test_q_values_are_clamped() -> None:
    assert [r.q for r in parse_accept("a/b;q=7, c/d;q=-1")] == [1.0, 0.0]


def test_dataset_clauses_are_seen_only_outside_strings_iris_and_comments() -> None:
    assert names_dataset("SELECT * FROM <http://g> { ?s ?p ?o }")
    assert names_dataset("select * from named <http://g> { graph ?g { ?s ?p ?o } }")
    assert not names_dataset('SELECT ?from { ?s <http://x/FROM> "FROM" } # FROM <g>')
    assert not names_dataset("PREFIX from: <http://x/> SELECT * { ?s from:p ?o }")
    assert names_update_dataset("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert names_update_dataset("DELETE { ?s ?p ?o } USING <http://g> WHERE { ?s ?p ?o }")
    assert not names_update_dataset("INSERT DATA { <http://s> <http://p> 'with using' }")


def test_using_clauses_go_before_each_modify_where() -> None:
    update = (
        "INSERT DATA { <http://a> <http://p> 1 } ;\n"
        "DELETE { ?s ?p ?o } INSERT { ?s ?p 2 } WHERE { ?s ?p ?o FILTER(?o<3) } ;\n"
        "DELETE WHERE { ?s <http://q> '}' } ;\n"
        "INSERT { ?s a <http://T> } WHERE { { SELECT ?s WHERE { ?s ?p ?o } } }"
    )
    rewritten = add_using(update, ["http://d"], ["http://n"])
    clauses = "USING <http://d> USING NAMED <http://n> WHERE"
    assert rewritten.count(clauses) == 2
    assert "DELETE WHERE { ?s <http://q> '}' }" in rewritten
    assert "{ SELECT ?s WHERE" in rewritten
    assert add_using(update, [], []) == update
