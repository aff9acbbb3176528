"""A map's evaluation as RDF: the graph `https://w3id.org/argmap/evaluation/{map-id}`.

Every semantics of `argmap.vocab.SEMANTICS_KINDS` is applied to the map read the plain
(Dung) way, and each gives one `am:Evaluation` and one `am:Verdict` per claim:

    <…/evaluation/{map}/preferred> a am:Evaluation ; am:ofMap <map> ;
        am:underSemantics am:PreferredSemantics ; am:reading "dung" ; am:extensionCount 2 .
    <…/evaluation/{map}/preferred/{claim}> a am:Verdict ;
        am:inEvaluation <…/evaluation/{map}/preferred> ; am:evaluates <claim> ;
        am:status am:CredulouslyAccepted .

A gradual verdict has `am:strength` and `am:baseWeight` instead of a status, and its
evaluation says whether it `am:converged` to its `am:tolerance`. The IRIs are fixed by the
map, the semantics and the claim, so writing the same map twice writes the same quads.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pyoxigraph as ox
from rdflib.namespace import RDF, XSD

from argmap.evaluation.evaluate import SEMANTICS, Result, evaluate
from argmap.evaluation.framework import Framework, build, parts_of
from argmap.vocab import AM, EVALUATION_BASE, SEMANTICS_KIND, STATUS_IRIS, map_iri
from argmap.vocab import node_iri as claim_iri

READING = "dung"


def _iri(term: object) -> ox.NamedNode:
    return ox.NamedNode(str(term))


_TYPE = _iri(RDF.type)
_DECIMAL = _iri(XSD.decimal)


def evaluation_iri(map_id: str, semantics: str) -> str:
    """The IRI of one semantics' evaluation of a map."""
    return f"{EVALUATION_BASE}{map_id}/{semantics}"


def evaluate_all(framework: Framework) -> list[Result]:
    """Every semantics over a framework, without explanations (what the graph stores)."""
    return [evaluate(framework, s, explain=False) for s in SEMANTICS]


def graphs_of(rows: Iterable[Mapping[str, str]]) -> dict[str, list[ox.Triple]]:
    """The evaluation graph of every map the framework query's rows are about."""
    return {
        map_id: triples(map_id, evaluate_all(build(parts)))
        for map_id, parts in parts_of(rows).items()
    }


def triples(map_id: str, results: Iterable[Result]) -> list[ox.Triple]:
    """The evaluation graph of a map from its results (see the module docstring)."""
    found: list[ox.Triple] = []
    for result in results:
        kind = SEMANTICS_KIND[result.semantics]
        evaluation = ox.NamedNode(evaluation_iri(map_id, result.semantics))
        semantics = _iri(kind.iri)
        found += [
            ox.Triple(evaluation, _TYPE, _iri(AM.Evaluation)),
            ox.Triple(evaluation, _iri(AM.ofMap), _iri(map_iri(map_id))),
            ox.Triple(evaluation, _iri(AM.underSemantics), semantics),
            ox.Triple(evaluation, _iri(AM.reading), ox.Literal(READING)),
        ]
        if result.extensions is not None and result.extensions_complete:
            count = ox.Literal(str(len(result.extensions)), datatype=_iri(XSD.integer))
            found.append(ox.Triple(evaluation, _iri(AM.extensionCount), count))
        if kind.gradual:
            found.append(ox.Triple(evaluation, _iri(AM.converged), _boolean(result.converged)))
            if result.tolerance is not None:
                found.append(ox.Triple(evaluation, _iri(AM.tolerance), _decimal(result.tolerance)))
        claims = result.strength if kind.gradual else result.status
        for claim in sorted(claims):
            verdict = ox.NamedNode(f"{evaluation.value}/{claim}")
            found += [
                ox.Triple(verdict, _TYPE, _iri(AM.Verdict)),
                ox.Triple(verdict, _iri(AM.inEvaluation), evaluation),
                ox.Triple(verdict, _iri(AM.evaluates), _iri(claim_iri(map_id, claim))),
            ]
            if kind.gradual:
                found.append(
                    ox.Triple(verdict, _iri(AM.strength), _decimal(result.strength[claim]))
                )
                weight = _decimal(result.base_weight[claim])
                found.append(ox.Triple(verdict, _iri(AM.baseWeight), weight))
            else:
                status = _iri(STATUS_IRIS[result.status[claim]])
                found.append(ox.Triple(verdict, _iri(AM.status), status))
    return found


def _decimal(value: float) -> ox.Literal:
    # xsd:decimal, not xsd:double: Turtle and TriG writers shorten doubles to a few digits,
    # while a decimal's lexical form survives every export. Twelve places, so that a
    # recomputation that differs in the last bits writes the same quads.
    text = f"{value:.12f}".rstrip("0")
    return ox.Literal(text + "0" if text.endswith(".") else text, datatype=_DECIMAL)


def _boolean(value: bool) -> ox.Literal:
    return ox.Literal("true" if value else "false", datatype=_iri(XSD.boolean))
