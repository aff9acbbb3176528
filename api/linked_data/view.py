"""What the HTML page of a map or node shows, read from the same description its RDF carries.

The page and the Turtle of an IRI come from one graph (`argmap.describe`), so a person and a
program are told the same things. The text around a quote comes from the map's text file
(`argmap.texts`), at the offsets of the node's position selector.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS
from rdflib.term import Node

from argmap import texts
from argmap.vocab import (
    AGENT_KINDS,
    AM,
    CLAIM_KINDS,
    EVALUATION_BASE,
    MAP_BASE,
    OA,
    RELATION_KINDS,
    map_id_of,
    node_id_of,
)

KIND_ORDER: tuple[tuple[URIRef, str], ...] = (
    *((k.cls, k.label) for k in CLAIM_KINDS),
    *((k.cls, k.label) for k in RELATION_KINDS),
    (AM.Attack, "Attack"),
    (AM.Preference, "Preference"),
    (AM.Case, "Case"),
    (AM.Source, "Source"),
    *((cls, name.capitalize()) for name, cls in AGENT_KINDS.items()),
    (AM.Agent, "Agent"),
)
"""The kinds a map's nodes are grouped by, most telling first (a node goes in its first)."""
OTHER = "Other"


@dataclass(frozen=True)
class Link:
    """Something a page names: its IRI, what to call it, and where its page is (if anywhere)."""

    iri: str
    label: str
    href: str | None


@dataclass(frozen=True)
class Quote:
    """The words that state a node, with the paragraph around them when the text is here."""

    exact: str
    before: str = ""
    after: str = ""
    in_context: bool = False


@dataclass(frozen=True)
class Relation:
    """A support or attack into (`in`) or out of (`out`) the node."""

    direction: str
    kind: str
    relation: Link
    others: tuple[Link, ...]
    rationale: str | None
    quote: str | None


@dataclass(frozen=True)
class Statement:
    """One triple of the node's own, as a row: the property and the value."""

    property: str
    value: Link | str


@dataclass(frozen=True)
class NodePage:
    """Everything the HTML page of one node shows."""

    iri: str
    map_id: str
    node_id: str
    label: str
    kinds: tuple[str, ...]
    is_claim: bool
    quote: Quote | None
    attributed_to: tuple[Link, ...]
    sources: tuple[Link, ...]
    cases: tuple[Link, ...]
    relations: tuple[Relation, ...]
    verdicts: tuple[tuple[str, str], ...]
    statements: tuple[Statement, ...]
    map: Link


@dataclass(frozen=True)
class MapPage:
    """Everything the HTML page of one map shows: its metadata and its nodes by kind."""

    iri: str
    map_id: str
    title: str
    description: str | None
    groups: tuple[tuple[str, tuple[Link, ...]], ...] = field(default_factory=tuple)


def page_path(iri: str) -> str | None:
    """The local path of a map or node IRI (`/map/m/n`, `/map/m/n#anchor`), or None if not one."""
    if not iri.startswith(MAP_BASE):
        return None
    return "/map/" + iri[len(MAP_BASE) :]


def _name(iri: str) -> str:
    # What to call an IRI without a label: a node's id (with its fragment), or the IRI.
    if iri.startswith(MAP_BASE) and "/" in iri[len(MAP_BASE) :]:
        return iri[len(MAP_BASE) :].split("/", 1)[1]
    return iri


def _text(graph: Graph, subject: Node, predicate: URIRef) -> str | None:
    value = graph.value(subject, predicate)
    return None if value is None else str(value)


def _link(graph: Graph, term: Node) -> Link:
    iri = str(term)
    label = _text(graph, term, RDFS.label) or _name(iri)
    return Link(iri, label, page_path(iri))


def _links(graph: Graph, terms: Iterable[Node]) -> tuple[Link, ...]:
    return tuple(sorted((_link(graph, t) for t in terms), key=lambda link: link.label.lower()))


def _kind_of(types: set[Node]) -> str:
    return next((label for cls, label in KIND_ORDER if cls in types), OTHER)


def _relation_kind(types: set[Node]) -> str:
    for kind in RELATION_KINDS:
        if kind.cls in types:
            return kind.name
    return "attacks" if AM.Attack in types else "relates to"


def _quote(graph: Graph, node: URIRef, body: str | None) -> Quote | None:
    anchor = graph.value(node, AM.hasAnchor)
    selectors = list(graph.objects(anchor, OA.hasSelector)) if anchor is not None else []
    exact = next(
        (graph.value(s, OA.exact) for s in selectors if (s, OA.exact, None) in graph), None
    )
    if exact is None:
        return None
    for selector in selectors:
        start, end = graph.value(selector, OA.start), graph.value(selector, OA.end)
        if body is None or start is None or end is None:
            continue
        first, last = int(str(start)), int(str(end))
        # Offsets that no longer fit the file (an edited text) show the quote alone.
        if body[first:last] == str(exact):
            before, words, after = texts.in_context(body, first, last)
            return Quote(words, before, after, in_context=True)
    return Quote(str(exact))


def _relations(graph: Graph, node: URIRef) -> tuple[Relation, ...]:
    found = []
    for predicate, direction, across in ((AM["from"], "out", AM.to), (AM.to, "in", AM["from"])):
        for relation in set(graph.subjects(predicate, node)):
            types = set(graph.objects(relation, RDF.type))
            anchor = graph.value(relation, AM.hasAnchor)
            quotes = [graph.value(s, OA.exact) for s in graph.objects(anchor, OA.hasSelector)]
            quote = next((str(q) for q in quotes if q is not None), None)
            found.append(
                Relation(
                    direction=direction,
                    kind=_relation_kind(types),
                    relation=_link(graph, relation),
                    others=_links(graph, graph.objects(relation, across)),
                    rationale=_text(graph, relation, AM.rationale),
                    quote=quote,
                )
            )
    return tuple(sorted(found, key=lambda r: (r.direction, r.kind, r.relation.iri)))


def _verdicts(graph: Graph, node: URIRef) -> tuple[tuple[str, str], ...]:
    rows = []
    for verdict in graph.subjects(AM.evaluates, node):
        evaluation = str(graph.value(verdict, AM.inEvaluation) or verdict)
        semantics = evaluation[len(EVALUATION_BASE) :].split("/", 1)[-1]
        status, strength = graph.value(verdict, AM.status), graph.value(verdict, AM.strength)
        if status is not None:
            rows.append((semantics, _local(str(status))))
        elif strength is not None:
            rows.append((semantics, f"strength {strength}"))
    return tuple(sorted(rows))


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _statements(graph: Graph, node: URIRef) -> tuple[Statement, ...]:
    rows = []
    for predicate, value in graph.predicate_objects(node):
        name = graph.namespace_manager.normalizeUri(str(predicate))
        shown: Link | str = str(value) if isinstance(value, Literal) else _link(graph, value)
        rows.append(Statement(name, shown))
    return tuple(sorted(rows, key=lambda s: (s.property, str(s.value))))


def node_page(graph: Graph, node: URIRef, body: str | None) -> NodePage:
    """The page of `node` from its description, with `body` the text its offsets count in."""
    iri = str(node)
    map_id = map_id_of(iri) or ""
    types = set(graph.objects(node, RDF.type))
    kinds = [label for cls, label in KIND_ORDER if cls in types]
    return NodePage(
        iri=iri,
        map_id=map_id,
        node_id=node_id_of(iri),
        label=_text(graph, node, RDFS.label) or _text(graph, node, DCTERMS.title) or iri,
        kinds=tuple(kinds or [OTHER]),
        is_claim=AM.Claim in types,
        quote=_quote(graph, node, body),
        attributed_to=_links(graph, graph.objects(node, AM.attributedTo)),
        sources=_links(graph, graph.objects(node, AM.hasSource)),
        cases=_links(graph, graph.objects(node, AM.concernsCase)),
        relations=_relations(graph, node),
        verdicts=_verdicts(graph, node),
        statements=_statements(graph, node),
        map=_link(graph, URIRef(MAP_BASE + map_id)),
    )


def map_page(graph: Graph, map_node: URIRef) -> MapPage:
    """The page of a map from its description: title, description and its nodes by kind."""
    groups: dict[str, list[Link]] = {}
    for node in set(graph.subjects(AM.inMap, map_node)):
        kind = _kind_of(set(graph.objects(node, RDF.type)))
        groups.setdefault(kind, []).append(_link(graph, node))
    order = [label for _, label in KIND_ORDER] + [OTHER]
    return MapPage(
        iri=str(map_node),
        map_id=map_id_of(str(map_node)) or "",
        title=_text(graph, map_node, DCTERMS.title)
        or _text(graph, map_node, RDFS.label)
        or str(map_node),
        description=_text(graph, map_node, DCTERMS.description),
        groups=tuple(
            (kind, tuple(sorted(groups[kind], key=lambda link: link.label.lower())))
            for kind in order
            if kind in groups
        ),
    )
