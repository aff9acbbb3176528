"""RDF terms as argmap passes them around (rdflib), and their conversion to and from pyoxigraph."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from argmap.errors import QueryError, StoreError

Term = URIRef | BNode | Literal


def to_python(term: Term) -> object:
    """A term as a plain JSON-ready value (IRIs and blank nodes as strings)."""
    if isinstance(term, Literal):
        value = term.toPython()
        return value if isinstance(value, (int, float, bool, str)) else str(term)
    return str(term)


def from_ox(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Term:
    """An rdflib term for a pyoxigraph term (xsd:string literals become plain literals)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == str(XSD.string) else datatype)
    raise QueryError("RDF-star triple terms are not supported in results")


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """A pyoxigraph term for an rdflib term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store {term!r}")


def to_ox_triples(graph: Graph) -> list[ox.Triple]:
    """The triples of a graph as pyoxigraph triples, every term checked by pyoxigraph."""
    try:
        return [_triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph]
    except (ValueError, TypeError) as exc:
        raise StoreError(f"the graph holds a term that cannot be stored: {exc}") from exc


def from_ox_triples(triples: Iterable[ox.Triple]) -> Graph:
    """An rdflib graph of pyoxigraph triples."""
    graph = Graph()
    for t in triples:
        graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    return graph


def graph_to_ntriples(graph: Graph) -> str:
    """The triples of a graph as N-Triples, every term checked and written by pyoxigraph.

    rdflib writes an IRI (a datatype, say) without checking it, so a `>` in one could end
    the term early and smuggle triples, or operations, into what reads the text next.
    """
    triples = to_ox_triples(graph)
    return (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")


def _triple(
    subject: ox.NamedNode | ox.BlankNode | ox.Literal,
    predicate: ox.NamedNode | ox.BlankNode | ox.Literal,
    obj: ox.NamedNode | ox.BlankNode | ox.Literal,
) -> ox.Triple:
    if isinstance(subject, ox.Literal) or not isinstance(predicate, ox.NamedNode):
        raise TypeError(f"({subject} {predicate} {obj}) is not an RDF triple")
    return ox.Triple(subject, predicate, obj)
