"""External identifiers: how maps say that a source, agent or case is the same one elsewhere."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import XSD

from argmap.authoring import compile_map
from argmap.build import compile_and_validate
from argmap.errors import AuthoringError
from argmap.validation import validate_graph
from argmap.vocab import AM, node_iri
from testdata import SMALL_MAP

DOI = "https://doi.org/10.5555/synthetic-small"
PERSON = "https://example.org/synthetic/person/someone"


def with_ids(source_ids: str, agent_ids: str = f"[{PERSON}]") -> str:
    """SMALL_MAP with external ids on its source, agent and case."""
    return (
        SMALL_MAP.replace(
            "{id: someone, label: Someone, kind: person}",
            f"{{id: someone, label: Someone, kind: person, external_ids: {agent_ids}}}",
        )
        .replace(
            "{id: src-small, kind: article, title: A small text, creators: [someone]}",
            f"{{id: src-small, kind: article, title: A small text, creators: [someone], "
            f"external_ids: {source_ids}}}",
        )
        .replace(
            "{id: case-whales, label: Whales, quote: protect whales}",
            "{id: case-whales, label: Whales, quote: protect whales, "
            "external_ids: https://example.org/synthetic/case/whales}",
        )
    )


def test_external_ids_compile_to_typed_am_external_id(write_map: Callable[[str], Path]) -> None:
    compiled = compile_and_validate(write_map(with_ids(f"[{DOI}, https://example.org/x]")))
    g = compiled.graph
    ids = set(g.objects(node_iri("small", "src-small"), AM.externalId))
    assert ids == {
        Literal(DOI, datatype=XSD.anyURI),
        Literal("https://example.org/x", datatype=XSD.anyURI),
    }
    assert (node_iri("small", "someone"), AM.externalId, Literal(PERSON, datatype=XSD.anyURI)) in g
    # A single value needs no list.
    assert len(set(g.objects(node_iri("small", "case-whales"), AM.externalId))) == 1


def test_an_external_id_that_is_no_iri_is_refused_at_its_line(
    write_map: Callable[[str], Path],
) -> None:
    with pytest.raises(AuthoringError) as info:
        compile_map(write_map(with_ids('["10.5555/not-an-iri"]')))
    (problem,) = info.value.problems
    assert problem.field == "external_ids" and problem.node == "src-small"
    assert "absolute IRI" in problem.message and problem.line is not None


def test_the_shapes_refuse_an_external_id_that_is_a_plain_string(
    write_map: Callable[[str], Path],
) -> None:
    graph = compile_map(write_map(with_ids(f"[{DOI}]"))).graph
    source = node_iri("small", "src-small")
    graph.remove((source, AM.externalId, None))
    graph.add((source, AM.externalId, Literal(DOI)))
    problems = validate_graph(graph)
    assert any("am:externalId" in p.message and p.node for p in problems), problems
