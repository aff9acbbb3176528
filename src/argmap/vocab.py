"""Namespaces and IRIs of the argmap contract (DESIGN.md): one place to mint them."""

from __future__ import annotations

import re

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, XSD

AM = Namespace("https://w3id.org/argmap#")
AIF = Namespace("http://www.arg.dundee.ac.uk/aif#")
OA = Namespace("http://www.w3.org/ns/oa#")
CITO = Namespace("http://purl.org/spar/cito/")

ONTOLOGY_IRI = URIRef("https://w3id.org/argmap")
MAP_BASE = "https://w3id.org/argmap/map/"
INFERRED_BASE = "https://w3id.org/argmap/inferred/"

PREFIXES: dict[str, str] = {
    "am": str(AM),
    "aif": str(AIF),
    "oa": str(OA),
    "cito": str(CITO),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
}


def map_iri(map_id: str) -> URIRef:
    """IRI of a map, which is also the name of its named graph."""
    return URIRef(MAP_BASE + map_id)


def node_iri(map_id: str, node_id: str) -> URIRef:
    """IRI of a node (claim, relation, agent, source, case) of a map."""
    return URIRef(f"{MAP_BASE}{map_id}/{node_id}")


def inferred_graph_iri(map_id: str) -> URIRef:
    """Name of the graph that holds what rules and the reasoner derived for a map."""
    return URIRef(INFERRED_BASE + map_id)


def map_id_of(iri: str) -> str | None:
    """The map id in a map or node IRI, or None for an IRI outside the map namespace."""
    if not iri.startswith(MAP_BASE):
        return None
    return iri[len(MAP_BASE) :].split("/", 1)[0] or None


def node_id_of(iri: str) -> str:
    """The node id of a node IRI (the IRI itself when it is not a map node).

    >>> node_id_of("https://w3id.org/argmap/map/gallagher-2022/idc-rec-iii#anchor")
    'idc-rec-iii'
    """
    rest = iri[len(MAP_BASE) :] if iri.startswith(MAP_BASE) else ""
    if "/" not in rest:
        return iri
    return rest.split("/", 1)[1].split("#", 1)[0]


def shorten_iris(text: str) -> str:
    """Replace every map-node IRI in a message by its node id, for people to read."""
    return re.sub(re.escape(MAP_BASE) + r"[^\s/<>\"]+/([^\s#<>\"]+)(#\S*)?", r"\1", text)
