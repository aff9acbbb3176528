"""The VoID description of the dataset: the store as a whole, and one subset per map.

Everything in it is read from the store when it is asked for (the graphs and their sizes,
the maps, their titles and licences); only the service's own URLs (the endpoint, the exports)
come from the request. The dataset's licence is the one the ontology states for argmap's
own terms (dcterms:license of https://w3id.org/argmap): the store states no other for the
whole, and a map that states its own has it on its subset.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, VOID, XSD

from argmap.api.sparql.description import graph_sizes
from argmap.store import Store
from argmap.vocab import MAP_BASE, ONTOLOGY_IRI, PREFIXES, map_graphs, map_id_of

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
TITLE = "argmap: argument maps of texts, with the words behind every claim and relation"
VOCABULARIES = ("am", "aif", "oa", "prov", "dcterms", "cito")
"""The vocabularies the maps use, by their prefixes in `argmap.vocab.PREFIXES`."""
DUMPS = ("nquads", "trig")
"""The export formats that hold a map whole: its graph, its inferences and its evaluation."""

_QUERIES = Path(__file__).resolve().parent / "queries"


@cache
def _query(name: str) -> str:
    return (_QUERIES / f"{name}.rq").read_text(encoding="utf-8")


def void_description(store: Store, base: str) -> Graph:
    """The VoID graph of the store, with the service's URLs under `base` (no trailing slash)."""
    g = Graph()
    g.bind("void", VOID)
    g.bind("dcterms", DCTERMS)
    g.bind("sd", SD)
    dataset = URIRef(f"{base}/.well-known/void#dataset")
    sizes = dict(graph_sizes(store))
    g.add((dataset, RDF.type, VOID.Dataset))
    g.add((dataset, DCTERMS.title, Literal(TITLE, lang="en")))
    g.add((dataset, VOID.sparqlEndpoint, URIRef(f"{base}/sparql")))
    g.add((dataset, VOID.triples, Literal(sum(sizes.values()), datatype=XSD.integer)))
    g.add((dataset, VOID.uriSpace, Literal(MAP_BASE)))
    g.add((dataset, VOID.rootResource, ONTOLOGY_IRI))
    for prefix in VOCABULARIES:
        g.add((dataset, VOID.vocabulary, URIRef(PREFIXES[prefix])))
    licensed = store.select(_query("ontology-license"), {"ontology": ONTOLOGY_IRI}).rows
    if licensed:
        g.add((dataset, DCTERMS.license, URIRef(str(licensed[0]["license"]))))
    first = True
    for row in store.select(_query("void-maps")).rows:
        graph = URIRef(str(row["map"]))
        map_id = map_id_of(str(graph))
        if map_id is None:
            continue
        subset = URIRef(f"{base}/.well-known/void#map-{map_id}")
        g.add((dataset, VOID.subset, subset))
        g.add((subset, RDF.type, VOID.Dataset))
        g.add((subset, SD.name, graph))
        # The triples of every graph of the map (its own, inferences, evaluation): what its
        # dumps below hold, so that a reader who downloads one gets the size it was told.
        size = sum(sizes.get(name, 0) for name in map_graphs(map_id))
        g.add((subset, VOID.triples, Literal(size, datatype=XSD.integer)))
        g.add((subset, VOID.uriSpace, Literal(f"{graph}/")))
        g.add((subset, VOID.rootResource, graph))
        examples = [graph]
        if row.get("example") is not None:
            examples.append(URIRef(str(row["example"])))
        for example in examples:
            g.add((subset, VOID.exampleResource, example))
            if first:  # the whole dataset's examples are the first map's, not every map's
                g.add((dataset, VOID.exampleResource, example))
        first = False
        if row.get("title") is not None:
            g.add((subset, DCTERMS.title, Literal(str(row["title"]))))
        if row.get("license") is not None:
            g.add((subset, DCTERMS.license, URIRef(str(row["license"]))))
        for name in DUMPS:
            dump = URIRef(f"{base}/maps/{map_id}/export?format={name}")
            g.add((subset, VOID.dataDump, dump))
            g.add((dataset, VOID.dataDump, dump))
    return g
