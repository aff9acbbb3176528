"""The SPARQL 1.1 Service Description of /sparql, as an rdflib graph."""

from __future__ import annotations

import itertools

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, VOID, XSD

from argmap.api.sparql.formats import GRAPH_FORMATS, RESULTS_FORMATS
from argmap.store import Store

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")

GRAPH_SIZES = """
SELECT ?graph (COUNT(*) AS ?triples)
WHERE { GRAPH ?graph { ?s ?p ?o } }
GROUP BY ?graph
ORDER BY ?graph
"""
"""How many triples each named graph holds (plumbing for the description, not a question)."""


def graph_sizes(store: Store) -> list[tuple[URIRef, int]]:
    """Each named graph of the store with its number of triples."""
    table = store.select(GRAPH_SIZES)
    return [
        (URIRef(str(row["graph"])), int(row["triples"]))
        for row in table.rows
        if isinstance(row.get("graph"), URIRef)
    ]


def service_description(
    endpoint: str,
    graphs: list[tuple[URIRef, int]],
    *,
    update: bool,
    union_default_graph: bool,
) -> Graph:
    """Describe the endpoint: languages, result formats, features and the graphs it holds."""
    g = Graph()
    g.bind("sd", SD)
    g.bind("void", VOID)
    # Blank nodes named in order, not at random: the same store gives the same bytes, as one
    # ETag promises (and a HEAD the Content-Length of the GET, compressed or not).
    names = (BNode(f"b{n}") for n in itertools.count())
    service = next(names)
    g.add((service, RDF.type, SD.Service))
    g.add((service, RDFS.label, Literal("argmap SPARQL endpoint")))
    g.add((service, SD.endpoint, URIRef(endpoint)))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if update:
        g.add((service, SD.supportedLanguage, SD.SPARQL11Update))
    for fmt in (*RESULTS_FORMATS, *GRAPH_FORMATS):
        g.add((service, SD.resultFormat, URIRef(fmt.iri)))
    dataset = next(names)
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    default = next(names)
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    if union_default_graph:
        g.add((service, SD.feature, SD.UnionDefaultGraph))
        g.add((default, RDFS.comment, Literal("the union of all named graphs")))
    for name, size in graphs:
        named, described = next(names), next(names)
        g.add((dataset, SD.namedGraph, named))
        g.add((named, RDF.type, SD.NamedGraph))
        g.add((named, SD.name, name))
        g.add((named, SD.graph, described))
        g.add((described, RDF.type, SD.Graph))
        g.add((described, VOID.triples, Literal(size, datatype=XSD.integer)))
    return g
