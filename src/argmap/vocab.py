"""The argmap vocabulary in one place: namespaces, IRI and id patterns, and the kinds table.

Every module that needs a claim kind, a relation kind, an agent kind, a map or node id
pattern or an IRI of the contract (docs/contract.md) takes it from here; a test holds the
kinds table against the ontology's class tree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, XSD

AM = Namespace("https://w3id.org/argmap#")
AIF = Namespace("http://www.arg.dundee.ac.uk/aif#")
OA = Namespace("http://www.w3.org/ns/oa#")
CITO = Namespace("http://purl.org/spar/cito/")

ONTOLOGY_IRI = URIRef("https://w3id.org/argmap")
MAP_BASE = "https://w3id.org/argmap/map/"
INFERRED_BASE = "https://w3id.org/argmap/inferred/"
EVALUATION_BASE = "https://w3id.org/argmap/evaluation/"

# -- ids and IRIs ---------------------------------------------------------------------------------

MAP_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
"""A map id, and any id a scholar writes in a YAML map: lowercase letters, digits, hyphens."""
NODE_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._~-]*$"
"""A node id as it stands in a node IRI: imports keep ids such as `Node_7` or `6064.1`."""
IRI_PATTERN = r"^[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|^`\\]*$"
"""An absolute IRI with none of the characters RFC 3987 forbids (so it cannot end a term)."""

MAP_ID = re.compile(MAP_ID_PATTERN)
NODE_ID = re.compile(NODE_ID_PATTERN)
IRI = re.compile(IRI_PATTERN)

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


# -- the kinds table ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimKind:
    """A kind of claim: its name (in YAML, JSON and exports), class, rank and label."""

    name: str
    cls: URIRef
    rank: int
    """A claim with several kinds is shown as the one of lowest rank (the most telling)."""
    label: str


CLAIM_KINDS: tuple[ClaimKind, ...] = (
    ClaimKind("recommendation", AM.Recommendation, 1, "Recommendation"),
    ClaimKind("counterexample", AM.Counterexample, 2, "Counterexample"),
    ClaimKind("evidence", AM.Evidence, 3, "Evidence"),
    ClaimKind("assumption", AM.Assumption, 4, "Assumption"),
    ClaimKind("claim", AM.Claim, 5, "Claim"),
)
CLAIM_KIND: dict[str, ClaimKind] = {k.name: k for k in CLAIM_KINDS}
CLAIM_CLASSES: tuple[URIRef, ...] = tuple(k.cls for k in CLAIM_KINDS)


@dataclass(frozen=True)
class RelationKind:
    """A kind of relation: its name, the class of its reified node and its direct shortcut."""

    name: str
    cls: URIRef
    shortcut: URIRef
    label: str


RELATION_KINDS: tuple[RelationKind, ...] = (
    RelationKind("supports", AM.Support, AM.supports, "Support"),
    RelationKind("rebuts", AM.Rebuttal, AM.rebuts, "Rebuttal"),
    RelationKind("undercuts", AM.Undercut, AM.undercuts, "Undercut"),
    RelationKind("rephrases", AM.Rephrase, AM.rephrases, "Rephrase"),
)
RELATION_KIND: dict[str, RelationKind] = {k.name: k for k in RELATION_KINDS}
RELATION_CLASSES: tuple[URIRef, ...] = (
    *(k.cls for k in RELATION_KINDS),
    AM.Attack,
    AM.Preference,
)
"""Every class of a reified relation node (the kinds, their superclass Attack, Preference)."""


@dataclass(frozen=True)
class SemanticsKind:
    """An argumentation semantics: its name (CLI, JSON, IRIs), individual and family."""

    name: str
    iri: URIRef
    gradual: bool


SEMANTICS_KINDS: tuple[SemanticsKind, ...] = (
    SemanticsKind("grounded", AM.GroundedSemantics, False),
    SemanticsKind("complete", AM.CompleteSemantics, False),
    SemanticsKind("preferred", AM.PreferredSemantics, False),
    SemanticsKind("stable", AM.StableSemantics, False),
    SemanticsKind("h-categorizer", AM.HCategorizerSemantics, True),
    SemanticsKind("df-quad", AM.DFQuADSemantics, True),
    SemanticsKind("quadratic-energy", AM.QuadraticEnergySemantics, True),
)
SEMANTICS_KIND: dict[str, SemanticsKind] = {k.name: k for k in SEMANTICS_KINDS}
STATUS_IRIS: dict[str, URIRef] = {
    "accepted": AM.Accepted,
    "rejected": AM.Rejected,
    "undecided": AM.Undecided,
    "sceptically-accepted": AM.ScepticallyAccepted,
    "credulously-accepted": AM.CredulouslyAccepted,
}
"""A claim's status under an extension semantics, as JSON says it and as the ontology names it."""

AGENT_KINDS: dict[str, URIRef] = {
    "person": AM.Person,
    "state": AM.State,
    "organisation": AM.Organisation,
    "group": AM.Group,
}
AGENT_CLASSES: tuple[URIRef, ...] = (AM.Agent, *AGENT_KINDS.values())
CONTEXT_CLASSES: tuple[URIRef, ...] = (AM.Case, AM.Source, *AGENT_CLASSES)
"""The classes of what a map's claims stand in: cases, sources and agents."""


def map_iri(map_id: str) -> URIRef:
    """IRI of a map, which is also the name of its named graph."""
    return URIRef(MAP_BASE + map_id)


def node_iri(map_id: str, node_id: str) -> URIRef:
    """IRI of a node (claim, relation, agent, source, case) of a map."""
    return URIRef(f"{MAP_BASE}{map_id}/{node_id}")


def inferred_graph_iri(map_id: str) -> URIRef:
    """Name of the graph that holds what rules and the reasoner derived for a map."""
    return URIRef(INFERRED_BASE + map_id)


def evaluation_graph_iri(map_id: str) -> URIRef:
    """Name of the graph that holds what the argumentation semantics say of a map's claims."""
    return URIRef(EVALUATION_BASE + map_id)


def map_graphs(map_id: str) -> tuple[URIRef, URIRef, URIRef]:
    """Every graph that belongs to one map: its own, its inferences and its evaluation."""
    return map_iri(map_id), inferred_graph_iri(map_id), evaluation_graph_iri(map_id)


def recomputed_graph(name: str) -> str | None:
    """What a named graph of an imported file holds if argmap recomputes it rather than reads it.

    >>> recomputed_graph("https://w3id.org/argmap/evaluation/m")
    'evaluation triples'
    """
    if name == str(ONTOLOGY_IRI):
        return "ontology triples"
    if name.startswith(INFERRED_BASE):
        return "inferred triples"
    if name.startswith(EVALUATION_BASE):
        return "evaluation triples"
    return None


def map_dataset(map_id: str, *, evaluation: bool = False) -> list[URIRef]:
    """The graphs a question about one map reads: its own, its inferences and the ontology.

    Its evaluation graph only with `evaluation`: it holds twice as many triples as the map,
    and a question that never reads it would still pay for it, since the engine looks into
    every graph of the dataset for every pattern (a map's model loads 40 % faster without).
    """
    asserted, inferred, evaluated = map_graphs(map_id)
    return [asserted, inferred, *([evaluated] if evaluation else []), ONTOLOGY_IRI]


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
