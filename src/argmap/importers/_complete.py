"""Complete a map that states only the essentials, as hand-written maps may (docs/contract.md).

A map may give just `am:ArgumentMap`, claims with `rdfs:label` and `am:inMap`, and the
shortcuts (`am:supports`, `am:rebuts`, `am:undercuts`, `am:undermines`, `am:rephrases`).
Completion mints the reified Support / Attack / Rephrase node of every shortcut that has
none, with the id the authoring format would give it (`from--kind--to`), then derives the
shortcuts and attack classes of reified nodes with the project's rules (ontology/rules), and
fills in `am:inMap` and `dcterms:identifier` where they are missing. It never removes a triple.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS
from rdflib.term import Node

from argmap.errors import Problem
from argmap.reasoning import apply_rules
from argmap.vocab import (
    AM,
    CLAIM_CLASSES,
    CONTEXT_CLASSES,
    MAP_BASE,
    PREFIXES,
    RELATION_CLASSES,
    map_iri,
    node_id_of,
    node_iri,
)

_ATTACK_SHORTCUTS = (AM.rebuts, AM.undercuts, AM.undermines)
_SHORTCUTS = (AM.supports, AM.rephrases, *_ATTACK_SHORTCUTS)
_MEMBER_CLASSES = (*CLAIM_CLASSES, *RELATION_CLASSES, *CONTEXT_CLASSES)


@dataclass
class Completion:
    """A completed map graph, what was minted (by kind), and shortcuts that make no sense."""

    graph: Graph
    minted: Counter[str] = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)


def complete(data: Graph, map_id: str) -> Completion:
    """The map `map_id` with its reified relations, shortcuts, memberships and ids filled in."""
    graph = Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)
    graph += data
    done = Completion(graph)
    _complete_map_node(graph, map_id)
    _type_shortcut_ends(graph)
    _mint_relations(graph, map_id, done)
    _add_memberships(graph, map_id)
    for triple in apply_rules(graph):
        # Assert what a compiled map asserts (shortcuts, the kind of attack); the rest of
        # what the rules derive (superclasses, ...) belongs in the inferred graph.
        if triple[1] in _SHORTCUTS or (
            triple[1] == RDF.type and triple[2] in (AM.Rebuttal, AM.Undercut)
        ):
            graph.add(triple)
    _add_identifiers(graph, map_id)
    return done


def _complete_map_node(graph: Graph, map_id: str) -> None:
    m = map_iri(map_id)
    graph.add((m, RDF.type, AM.ArgumentMap))
    graph.set((m, DCTERMS.identifier, Literal(map_id)))
    title = graph.value(m, DCTERMS.title)
    label = graph.value(m, RDFS.label)
    if label is None:
        label = title if title is not None else Literal(f"Map {map_id}")
        graph.add((m, RDFS.label, label))
    if title is None:
        graph.add((m, DCTERMS.title, label))


def _is_typed(graph: Graph, node: Node) -> bool:
    return graph.value(node, RDF.type) is not None


def _type_shortcut_ends(graph: Graph) -> None:
    # A hand-written shortcut between two bare IRIs still means two claims; an undercut's
    # target must be a Support node that exists, so it is left for the checks below.
    for prop in _SHORTCUTS:
        for subject, obj in list(graph.subject_objects(prop)):
            ends = (subject,) if prop == AM.undercuts else (subject, obj)
            for end in ends:
                if isinstance(end, URIRef) and not _is_typed(graph, end):
                    graph.add((end, RDF.type, AM.Claim))


def _ends(graph: Graph, classes: Iterable[URIRef]) -> set[tuple[Node, Node]]:
    found = set()
    for cls in classes:
        for relation in graph.subjects(RDF.type, cls):
            target = graph.value(relation, AM.to)
            # Each premise of a linked relation has its shortcut to the target.
            for source in graph.objects(relation, AM["from"]):
                if target is not None:
                    found.add((source, target))
    return found


def _mint_relations(graph: Graph, map_id: str, done: Completion) -> None:
    supports = _ends(graph, [AM.Support])
    for source, target in sorted(graph.subject_objects(AM.supports)):
        if (source, target) not in supports:
            _mint(graph, map_id, source, "supports", target, [AM.Support], done)
            supports.add((source, target))
    rephrases = _ends(graph, [AM.Rephrase])
    for source, target in sorted(graph.subject_objects(AM.rephrases)):
        if (source, target) not in rephrases:
            _mint(graph, map_id, source, "rephrases", target, [AM.Rephrase], done)
            rephrases.add((source, target))
    attacks = _ends(graph, [AM.Attack, AM.Rebuttal, AM.Undercut])
    for prop in _ATTACK_SHORTCUTS:
        for source, target in sorted(graph.subject_objects(prop)):
            if (source, target) in attacks:
                continue
            on_support = (target, RDF.type, AM.Support) in graph
            if prop == AM.undercuts and not on_support:
                done.problems.append(_wrong_end(source, target, "am:undercuts", "a Support node"))
                continue
            if prop == AM.rebuts and on_support:
                done.problems.append(_wrong_end(source, target, "am:rebuts", "a claim"))
                continue
            kind, cls = ("undercuts", AM.Undercut) if on_support else ("rebuts", AM.Rebuttal)
            _mint(graph, map_id, source, kind, target, [AM.Attack, cls], done)
            attacks.add((source, target))


def _wrong_end(source: Node, target: Node, prop: str, expected: str) -> Problem:
    return Problem(
        f"{prop} must point at {expected}, and {node_id_of(str(target))} is not one",
        node=node_id_of(str(source)),
        field=prop,
    )


def _mint(
    graph: Graph,
    map_id: str,
    source: Node,
    kind: str,
    target: Node,
    classes: list[URIRef],
    done: Completion,
) -> None:
    source_id, target_id = _ident(graph, source), _ident(graph, target)
    base = f"{source_id}--{kind}--{target_id}"
    relation, n = node_iri(map_id, base), 1
    while (relation, None, None) in graph:
        n += 1
        relation = node_iri(map_id, f"{base}-{n}")
    for cls in classes:
        graph.add((relation, RDF.type, cls))
    graph.add((relation, AM["from"], source))
    graph.add((relation, AM.to, target))
    graph.add((relation, AM.inMap, map_iri(map_id)))
    graph.add((relation, RDFS.label, Literal(f"{source_id} {kind} {target_id}")))
    done.minted[kind] += 1


def _ident(graph: Graph, node: Node) -> str:
    identifier = graph.value(node, DCTERMS.identifier)
    return str(identifier) if identifier is not None else node_id_of(str(node))


def _add_memberships(graph: Graph, map_id: str) -> None:
    m = map_iri(map_id)
    for cls in _MEMBER_CLASSES:
        for node in list(graph.subjects(RDF.type, cls)):
            if graph.value(node, AM.inMap) is None:
                graph.add((node, AM.inMap, m))


def _add_identifiers(graph: Graph, map_id: str) -> None:
    prefix = f"{MAP_BASE}{map_id}/"
    for node in list(graph.subjects(AM.inMap, map_iri(map_id))):
        if graph.value(node, DCTERMS.identifier) is None and str(node).startswith(prefix):
            graph.add((node, DCTERMS.identifier, Literal(node_id_of(str(node)))))
