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

READING = "dung"


def _iri(term: object) -> ox.NamedNode:
    return ox.NamedNode(str(term))


# Made once: a corpus import writes a few hundred of these triples for every map.
_TYPE = _iri(RDF.type)
_DECIMAL = _iri(XSD.decimal)
_INTEGER = _iri(XSD.integer)
_EVALUATION, _VERDICT = _iri(AM.Evaluation), _iri(AM.Verdict)
_OF_MAP, _UNDER, _READING = _iri(AM.ofMap), _iri(AM.underSemantics), _iri(AM.reading)
_EXTENSIONS, _CONVERGED = _iri(AM.extensionCount), _iri(AM.converged)
_TOLERANCE, _STRENGTH, _BASE = _iri(AM.tolerance), _iri(AM.strength), _iri(AM.baseWeight)
_IN, _EVALUATES, _STATUS = _iri(AM.inEvaluation), _iri(AM.evaluates), _iri(AM.status)
_STATUSES = {name: _iri(iri) for name, iri in STATUS_IRIS.items()}
_DUNG = ox.Literal(READING)


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
    claim_base = f"{map_iri(map_id)}/"
    for result in results:
        kind = SEMANTICS_KIND[result.semantics]
        evaluation = ox.NamedNode(evaluation_iri(map_id, result.semantics))
        found += [
            ox.Triple(evaluation, _TYPE, _EVALUATION),
            ox.Triple(evaluation, _OF_MAP, ox.NamedNode(str(map_iri(map_id)))),
            ox.Triple(evaluation, _UNDER, _iri(kind.iri)),
            ox.Triple(evaluation, _READING, _DUNG),
        ]
        if result.extensions is not None and result.extensions_complete:
            count = ox.Literal(str(len(result.extensions)), datatype=_INTEGER)
            found.append(ox.Triple(evaluation, _EXTENSIONS, count))
        if kind.gradual:
            found.append(ox.Triple(evaluation, _CONVERGED, _boolean(result.converged)))
            if result.tolerance is not None:
                found.append(ox.Triple(evaluation, _TOLERANCE, _decimal(result.tolerance)))
        prefix = evaluation.value + "/"
        for claim in sorted(result.strength if kind.gradual else result.status):
            verdict = ox.NamedNode(prefix + claim)
            found += [
                ox.Triple(verdict, _TYPE, _VERDICT),
                ox.Triple(verdict, _IN, evaluation),
                ox.Triple(verdict, _EVALUATES, ox.NamedNode(claim_base + claim)),
            ]
            if kind.gradual:
                found.append(ox.Triple(verdict, _STRENGTH, _decimal(result.strength[claim])))
                found.append(ox.Triple(verdict, _BASE, _decimal(result.base_weight[claim])))
            else:
                found.append(ox.Triple(verdict, _STATUS, _STATUSES[result.status[claim]]))
    return found


def _decimal(value: float) -> ox.Literal:
    # xsd:decimal, not xsd:double: Turtle and TriG writers shorten doubles to a few digits,
    # while a decimal's lexical form survives every export. Twelve places, so that a
    # recomputation that differs in the last bits writes the same quads.
    text = f"{value:.12f}".rstrip("0")
    return ox.Literal(text + "0" if text.endswith(".") else text, datatype=_DECIMAL)


def _boolean(value: bool) -> ox.Literal:
    return ox.Literal("true" if value else "false", datatype=_iri(XSD.boolean))
