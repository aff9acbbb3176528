"""The shapes compiled to SPARQL find what pyshacl finds, on the shipped map broken at random.

pyshacl is the oracle: the write pipeline no longer runs it (argmap.bulk asks the compiled
queries over every map of a write at once), so these tests are what holds the two together.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyshacl import validate as shacl_validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

from argmap import bulk
from argmap.authoring import compile_map
from argmap.errors import Problem
from argmap.shapes_sparql import compile_shapes, constraints, shapes_graph
from argmap.terms import to_ox_triples
from argmap.validation import ontology_graph
from argmap.vocab import AM, OA, node_id_of

MAP = "data/maps/gallagher-2022.yaml"
SHORT = {str(AM): "am:", str(OA): "oa:", "http://www.w3.org/2000/01/rdf-schema#": "rdfs:",
         "http://purl.org/dc/terms/": "dcterms:"}  # fmt: skip


def _short(term: object) -> str:
    text = str(term)
    for iri, prefix in SHORT.items():
        if text.startswith(iri):
            return prefix + text[len(iri) :]
    return text


def pyshacl_problems(data: Graph) -> set[tuple[str | None, str | None, str]]:
    """What pyshacl reports, in the form the pipeline reports it."""
    conforms, report, _ = shacl_validate(
        data, shacl_graph=shapes_graph(), ont_graph=ontology_graph(), inference="none",
        advanced=True, allow_warnings=True,
    )  # fmt: skip
    if conforms:
        return set()
    assert isinstance(report, Graph)
    found = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        value = report.value(result, SH.value)
        text = str(report.value(result, SH.resultMessage) or "violates a shape")
        if value is not None:
            text += f" (value: {node_id_of(str(value))})"
        path = report.value(result, SH.resultPath)
        focus = report.value(result, SH.focusNode)
        found.add((node_id_of(str(focus)), _short(path) if path else None, text))
    return found


def sparql_problems(data: Graph) -> set[tuple[str | None, str | None, str]]:
    """What the compiled shapes report for one map."""
    batch = bulk.Batch()
    batch.add("map", to_ox_triples(data))
    problems: list[Problem] = [p for ps in batch.shape_problems().values() for p in ps]
    return {(p.node, p.field, p.message) for p in problems}


@pytest.fixture(scope="module")
def shipped() -> Graph:
    """The shipped map, compiled."""
    return compile_map(Path(MAP)).graph


def test_the_shipped_map_conforms_both_ways(shipped: Graph) -> None:
    assert pyshacl_problems(shipped) == sparql_problems(shipped) == set()


def test_every_shape_is_compiled() -> None:
    properties = sum(1 for _ in shapes_graph().subjects(SH.path, None))
    assert len({(c.shape, str(c.path), c.message) for c in constraints()}) == properties


def test_an_unknown_constraint_is_refused_not_ignored() -> None:
    shapes = Graph()
    shape, prop = URIRef("urn:s"), URIRef("urn:p")
    shapes.add((shape, RDF.type, SH.NodeShape))
    shapes.add((shape, SH.targetClass, AM.Claim))
    shapes.add((shape, SH.property, prop))
    shapes.add((prop, SH.path, AM.inMap))
    shapes.add((prop, SH.maxLength, Literal(3)))
    with pytest.raises(ValueError, match="maxLength"):
        compile_shapes(shapes)


def _break(graph: Graph, seed: int, changes: int) -> Graph:
    """The graph with some triples dropped, retyped, given wrong values or doubled."""
    rng = random.Random(seed)
    broken = Graph()
    broken += graph
    triples = sorted(graph, key=str)
    nodes = sorted({s for s, _, _ in triples}, key=str)
    classes = [AM.Claim, AM.Source, AM.Agent, AM.Case, AM.Support, AM.Attack, AM.Undercut,
               AM.Evidence, AM.Counterexample, AM.Reconstruction, AM.ExternalFact,
               AM.TextAnchor, OA.TextQuoteSelector, OA.TextPositionSelector]  # fmt: skip
    for _ in range(changes):
        s, p, o = rng.choice(triples)
        move = rng.randrange(5)
        if move == 0:
            broken.remove((s, p, o))
        elif move == 1:
            broken.add((rng.choice(nodes), RDF.type, rng.choice(classes)))
        elif move == 2:
            broken.add((s, p, rng.choice(nodes)))
        elif move == 3:
            value = rng.choice(
                [
                    Literal("x"),
                    Literal(-1),
                    Literal("3", datatype=XSD.string),
                    Literal("", datatype=XSD.string),
                    Literal("en", lang="en"),
                ]
            )
            broken.add((s, p, value))  # fmt: skip
        else:
            broken.add((s, p, Literal(f"{o}-again") if isinstance(o, Literal) else o))
    return broken


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 2**32 - 1), changes=st.integers(1, 12))
def test_a_broken_map_gets_the_problems_pyshacl_finds(
    shipped: Graph, seed: int, changes: int
) -> None:
    broken = _break(shipped, seed, changes)
    assert sparql_problems(broken) == pyshacl_problems(broken)
