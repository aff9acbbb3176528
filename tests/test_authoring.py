from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import RDF, XSD

from argmap.authoring import compile_map
from argmap.errors import AuthoringError
from argmap.vocab import AM, OA, map_iri, node_iri
from testdata import SMALL_MAP


def problems_of(path: Path) -> list[str]:
    with pytest.raises(AuthoringError) as info:
        compile_map(path)
    return [str(p) for p in info.value.problems]


def test_small_map_compiles_with_reified_nodes_shortcuts_and_anchors(
    write_map: Callable[[str], Path],
) -> None:
    compiled = compile_map(write_map(SMALL_MAP))
    g = compiled.graph
    a, c = node_iri("small", "a"), node_iri("small", "c")
    support = node_iri("small", "ac")
    assert (support, RDF.type, AM.Support) in g
    assert (support, AM["from"], a) in g and (support, AM.to, c) in g
    assert (a, AM.supports, c) in g
    assert (node_iri("small", "w"), AM.undermines, node_iri("small", "b")) in g
    assert (a, AM.inMap, map_iri("small")) in g
    quote = g.value(g.value(a, AM.hasAnchor), OA.hasSelector)
    assert quote is not None
    starts = [g.value(s, OA.start) for s in g.objects(g.value(a, AM.hasAnchor), OA.hasSelector)]
    assert Literal(0, datatype=XSD.nonNegativeInteger) in starts
    assert compiled.lines["w"] == 16


def test_unknown_kind_is_reported_with_line_and_field(write_map: Callable[[str], Path]) -> None:
    found = problems_of(write_map(SMALL_MAP.replace("{id: b, kind: claim", "{id: b, kind: claimm")))
    assert any(
        "small.yaml:14" in p and "[kind]" in p and "unknown kind 'claimm'" in p for p in found
    )


def test_dangling_relation_end_is_reported(write_map: Callable[[str], Path]) -> None:
    found = problems_of(write_map(SMALL_MAP.replace("from: w, to: b", "from: w, to: nowhere")))
    assert any(":21" in p and "[to]" in p and "dangling reference 'nowhere'" in p for p in found)


def test_duplicate_id_is_reported_with_first_line(write_map: Callable[[str], Path]) -> None:
    found = problems_of(write_map(SMALL_MAP.replace("{id: c, kind: claim", "{id: b, kind: claim")))
    assert any("duplicate id 'b' (first defined on line 14)" in p for p in found)


def test_quote_not_in_text_is_reported(write_map: Callable[[str], Path]) -> None:
    found = problems_of(
        write_map(SMALL_MAP.replace("quote: Cats are mammals.", "quote: Dogs are mammals."))
    )
    assert any(":13" in p and "[quote]" in p and "not in the text" in p for p in found)


def test_ambiguous_quote_asks_for_an_occurrence(write_map: Callable[[str], Path]) -> None:
    found = problems_of(
        write_map(SMALL_MAP.replace("quote: protect whales}", "quote: breathe air}"))
    )
    assert any("occurs 3 times" in p and "occurrence" in p for p in found)


def test_counterexample_without_case_is_reported(write_map: Callable[[str], Path]) -> None:
    found = problems_of(write_map(SMALL_MAP.replace(", cases: [case-whales]", "")))
    assert any("counterexample needs `cases`" in p for p in found)


def test_undercut_must_target_a_support(write_map: Callable[[str], Path]) -> None:
    body = SMALL_MAP + "  - {kind: undercuts, from: w, to: a, rationale: r, quote: yet}\n"
    found = problems_of(write_map(body))
    assert any("'a' is a claim, not a relation" in p for p in found)


def test_broken_yaml_names_the_line(write_map: Callable[[str], Path]) -> None:
    found = problems_of(write_map("map:\n  id: x\n  title: [unclosed\n"))
    assert found and "not valid YAML" in found[0] and ".yaml:" in found[0]


def test_vote_counts_are_integers(write_map: Callable[[str], Path]) -> None:
    body = SMALL_MAP.replace(
        "cases: [case-whales]}", "cases: [case-whales], votes: {for: 3, against: x}}"
    )
    found = problems_of(write_map(body))
    assert any("`against` must be a whole number" in p for p in found)
