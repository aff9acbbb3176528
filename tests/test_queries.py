"""The named-query catalogue: documented, runnable, and answering what the article says."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from argmap import queries
from argmap.errors import ParameterError
from argmap.store import OxigraphStore

EXPECTED = Path(__file__).parent / "expected" / "queries"
REQUIRED = [
    "maps",
    "map-summary",
    "recommendations",
    "supporters-of",
    "underminers-of",
    "support-chains",
    "undermine-chains",
    "evidence-for",
    "counterexamples",
    "sources-of",
    "claims-by-agent",
    "claims-about-case",
    "anchor-of",
    "relations-of",
]
NAMES = sorted(queries.catalogue())


def test_the_catalogue_has_the_required_questions() -> None:
    assert set(REQUIRED) <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_every_query_is_documented(name: str) -> None:
    query = queries.get(name)
    assert query.summary and query.description and query.tags
    for param in query.params:
        assert param.description and param.example is not None
        assert re.search(rf"\?{param.name}\b", query.sparql), f"{name}: no ?{param.name}"


@pytest.mark.parametrize("name", NAMES)
def test_every_query_has_its_expected_result(name: str, built_store: OxigraphStore) -> None:
    query = queries.get(name)
    rows = queries.run(built_store, name, {p.name: p.example for p in query.params}).as_python()
    assert rows, f"{name} returns nothing for its example"
    path = EXPECTED / f"{name}.json"
    if os.environ.get("ARGMAP_REGENERATE_EXPECTED"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    expected = json.loads(path.read_text(encoding="utf-8"))
    if "ORDER BY" in query.sparql:
        assert rows == expected
    else:
        key = lambda row: json.dumps(row, sort_keys=True)  # noqa: E731
        assert sorted(rows, key=key) == sorted(expected, key=key)


def test_typed_parameters_are_checked() -> None:
    query = queries.get("underminers-of")
    with pytest.raises(ParameterError, match="absolute IRI"):
        queries.bindings_for(query, {"claim": "https://x/> } UNION { ?s ?p ?o } #"})
    with pytest.raises(ParameterError, match="needs the parameter 'claim'"):
        queries.bindings_for(query, {})
    bound = queries.bindings_for(query, {"claim": "https://w3id.org/argmap/map/m/a"})
    assert bound == {"claim": URIRef("https://w3id.org/argmap/map/m/a")}
    summary = queries.get("map-summary")
    assert queries.bindings_for(summary, {"map": "gallagher-2022"}) == {
        "map": URIRef("https://w3id.org/argmap/map/gallagher-2022")
    }
    with pytest.raises(ParameterError, match="map id or map IRI"):
        queries.bindings_for(summary, {"map": "Not A Map"})


def test_string_parameters_are_bound_as_literals_not_text() -> None:
    param = queries.Param("q", "string", "a string")
    assert queries.bind_value(param, '" } ; DROP ALL #') == Literal('" } ; DROP ALL #')


def test_a_hostile_value_bound_directly_matches_nothing(built_store: OxigraphStore) -> None:
    # Even past the type check, a bound value is a term, not query text.
    query = queries.get("underminers-of")
    table = built_store.select(query.sparql, {"claim": Literal("x> } UNION { ?s ?p ?o } #")})
    assert table.rows == []


def test_counterexamples_name_their_cases_and_targets(built_store: OxigraphStore) -> None:
    rows = queries.run(built_store, "counterexamples", {"map": "gallagher-2022"}).as_python()
    labels = " ".join(str(r["caseLabel"]) for r in rows)
    assert all(case in labels for case in ("Myanmar", "Syria", "Libya"))
    assert all(r.get("target") and r.get("rationale") for r in rows)
