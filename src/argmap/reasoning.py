"""Inference for a map: the shortcut rules (SPARQL), then HermiT (owlready2) over ontology + map.

What is derived goes into the map's inferred graph, apart from what the map asserts, so it can
be dropped and recomputed. HermiT needs Java; without it `ReasonerUnavailable` is raised and
the store keeps the last inferred graph.
"""

from __future__ import annotations

import shutil
import tempfile
import warnings
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from argmap import bulk
from argmap.errors import InconsistentMap, Problem, ReasonerUnavailable
from argmap.store import from_ox, graph_to_ntriples
from argmap.terms import from_ox_triples, to_ox_triples
from argmap.validation import ontology_graph
from argmap.vocab import AM, MAP_BASE, PREFIXES, node_id_of, shorten_iris

CONTRADICTION_CHECK = "supports-and-undermines-violation"


def apply_rules(data: Graph) -> Graph:
    """Triples the rules derive from `data` (read with the ontology) that `data` lacks.

    The rules run until nothing new appears, since one rule's output (a shortcut) can feed
    another (the class hierarchy); `argmap.bulk` runs them, over one map here. Only triples
    about map nodes are kept.
    """
    batch = bulk.Batch()
    batch.add("map", to_ox_triples(data))
    return from_ox_triples(batch.infer()["map"])


def java_available() -> bool:
    """Whether a `java` executable is on the PATH (HermiT runs in Java)."""
    return shutil.which("java") is not None


def run_hermit(data: Graph) -> Graph:
    """Class memberships HermiT infers for the map nodes of `data` read with the ontology.

    Raises InconsistentMap naming the offending nodes when HermiT finds a contradiction.
    """
    if not java_available():
        raise ReasonerUnavailable(
            "HermiT needs Java 17 (`java` is not on the PATH); install a JRE "
            "(e.g. `apt-get install openjdk-17-jre-headless`). "
            "The last inferred graph stays in use."
        )
    import owlready2  # imported here: it is slow to import and only reasoning needs it

    with tempfile.TemporaryDirectory(prefix="argmap-reason-") as folder:
        # owlready2 reads N-Triples, not Turtle.
        path = Path(folder) / "input.nt"
        path.write_text(graph_to_ntriples(ontology_graph() + data), encoding="utf-8")
        world = owlready2.World()
        onto = world.get_ontology(path.as_uri()).load(format="ntriples")
        before = set(world.as_rdflib_graph().triples((None, None, None)))
        try:
            with onto, warnings.catch_warnings():
                warnings.simplefilter("ignore")
                owlready2.sync_reasoner_hermit([onto], infer_property_values=True, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            raise InconsistentMap(
                contradictions(data)
                or [Problem("HermiT finds the ontology plus this map inconsistent")],
                "the map is inconsistent with the ontology",
            ) from exc
        after = set(world.as_rdflib_graph().triples((None, None, None)))
        world.close()
    inferred = Graph()
    for s, p, o in after - before:
        # Keep what a query over the map can use: new classes and links of the map's nodes.
        if not str(s).startswith(MAP_BASE) or o == OWL.NamedIndividual or o == OWL.Thing:
            continue
        if (p == RDF.type and str(o).startswith(str(AM))) or str(p).startswith(str(AM)):
            inferred.add((URIRef(str(s)), URIRef(str(p)), URIRef(str(o))))
    return inferred - data


def contradictions(data: Graph) -> list[Problem]:
    """The pairs that make a map inconsistent (a claim that supports and undermines a node)."""
    store = ox.Store()
    store.load(graph_to_ntriples(data), format=ox.RdfFormat.N_TRIPLES)
    results = store.query(bulk.check_queries()[CONTRADICTION_CHECK])
    assert isinstance(results, ox.QuerySolutions)
    return [
        Problem(
            shorten_iris(str(from_ox(row["message"]))),
            node=node_id_of(str(from_ox(row["node"]))),
            field="am:undermines",
        )
        for row in results
    ]


def infer(data: Graph, *, use_reasoner: bool = True) -> Graph:
    """The inferred graph of a map: rule shortcuts, then (if asked) HermiT's class memberships."""
    derived = apply_rules(data)
    inferred = Graph()
    for prefix, iri in PREFIXES.items():
        inferred.bind(prefix, iri)
    inferred += derived
    if use_reasoner:
        inferred += run_hermit(data + derived)
    return inferred
