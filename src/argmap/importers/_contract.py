"""Read an N-Quads or TriG file that is already in argmap's contract form, without rdflib.

An argmap dump, an export of another argmap store, or `bench/corpus.py` writes each map in its
own graph `…/map/<id>`, with every node under that IRI, every relation reified and its
shortcut stated, and every node in its map with its id. For such a file, the general reader
(`_rdf.read_rdf`: rdflib graphs, `move_map`, `complete`) would change nothing and costs some
40 µs a triple. This reader takes pyoxigraph's triples as they are, and gives up (None) at
the first map that is not in that form, so the general reader reads the file instead: the
maps stored are the same either way (`tests/importers/test_import_contract.py` holds the two
readers together).
"""

from __future__ import annotations

from collections import Counter, defaultdict

import pyoxigraph as ox
from rdflib import Graph

from argmap.bulk import is_closed
from argmap.pipeline import ParsedMap
from argmap.vocab import (
    AM,
    CLAIM_CLASSES,
    CONTEXT_CLASSES,
    MAP_BASE,
    MAP_ID,
    RELATION_CLASSES,
    recomputed_graph,
)

FORMATS = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}

_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_TITLE = "http://purl.org/dc/terms/title"
_IDENTIFIER = "http://purl.org/dc/terms/identifier"
_IN_MAP = str(AM.inMap)
_FROM, _TO = str(AM["from"]), str(AM.to)
_SUPPORTS, _REPHRASES = str(AM.supports), str(AM.rephrases)
_UNDERMINES, _REBUTS, _UNDERCUTS = str(AM.undermines), str(AM.rebuts), str(AM.undercuts)
_SHORTCUTS = {_SUPPORTS, _REPHRASES, _UNDERMINES, _REBUTS, _UNDERCUTS}
_SUPPORT, _REPHRASE = str(AM.Support), str(AM.Rephrase)
_ATTACK, _REBUTTAL, _UNDERCUT = str(AM.Attack), str(AM.Rebuttal), str(AM.Undercut)
_MEMBER_CLASSES = {str(c) for c in (*CLAIM_CLASSES, *RELATION_CLASSES, *CONTEXT_CLASSES)}


def read_contract_form(data: bytes, fmt: str, name: str) -> list[ParsedMap] | None:
    """The maps of a file in the contract form, or None when it is not (read it generally)."""
    if fmt not in FORMATS:
        return None
    by_graph: dict[str, list[ox.Triple]] = defaultdict(list)
    try:
        for quad in ox.parse(data, format=FORMATS[fmt]):
            graph = quad.graph_name
            if not isinstance(graph, ox.NamedNode):
                return None  # triples outside named graphs: the general reader decides
            by_graph[graph.value].append(ox.Triple(quad.subject, quad.predicate, quad.object))
    except (SyntaxError, ValueError):
        return None  # the general reader reports it, with its line and column
    set_aside: Counter[str] = Counter()
    notes: list[str] = []
    parsed = []
    for graph_name, triples in by_graph.items():
        if kind := recomputed_graph(graph_name):
            set_aside[kind] += len(triples)
            notes.append(f"set aside the graph <{graph_name}> ({len(triples)} {kind}): recomputed")
            continue
        map_id = graph_name[len(MAP_BASE) :] if graph_name.startswith(MAP_BASE) else ""
        if not MAP_ID.match(map_id) or not _in_contract_form(map_id, triples):
            return None
        parsed.append(ParsedMap(map_id, Graph(), triples=triples))
    if not parsed:
        return None
    parsed[0].set_aside.update(set_aside)
    parsed[0].notes[:0] = notes
    return parsed


def _in_contract_form(map_id: str, triples: list[ox.Triple]) -> bool:
    """Whether completing the map (`_complete.complete`) would add nothing to it."""
    if not is_closed(map_id, triples):
        return False
    node = MAP_BASE + map_id
    prefix = node + "/"
    out: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for t in triples:
        subject, obj = t.subject, t.object
        if isinstance(subject, ox.BlankNode) or isinstance(obj, ox.BlankNode):
            return False  # moving a map names its blank nodes
        value = obj.value if isinstance(obj, ox.NamedNode | ox.Literal) else None
        if value is None or not isinstance(subject, ox.NamedNode):
            return False
        out[subject.value][t.predicate.value].add(value)
    head = out.get(node, {})
    if (
        str(AM.ArgumentMap) not in head.get(_TYPE, ())
        or head.get(_IDENTIFIER) != {map_id}
        or not head.get(_LABEL)
        or not head.get(_TITLE)
    ):
        return False
    reified = {
        (family, source, target)
        for properties in out.values()
        for family in _families(properties.get(_TYPE, set()))
        for source in properties.get(_FROM, ())
        for target in properties.get(_TO, ())
    }
    for iri, properties in out.items():
        types = properties.get(_TYPE, set())
        if types & _MEMBER_CLASSES and not properties.get(_IN_MAP):
            return False
        member = node in properties.get(_IN_MAP, ()) and iri.startswith(prefix)
        if member and not properties.get(_IDENTIFIER):
            return False
        if not _relations_complete(iri, properties, out, reified):
            return False
    return True


def _families(types: set[str]) -> list[str]:
    """Which shortcut each class of a reified relation stands for."""
    found = []
    if _SUPPORT in types:
        found.append(_SUPPORTS)
    if _REPHRASE in types:
        found.append(_REPHRASES)
    if types & {_ATTACK, _REBUTTAL, _UNDERCUT}:
        found.append(_UNDERMINES)
    return found


def _relations_complete(
    subject: str,
    properties: dict[str, set[str]],
    out: dict[str, dict[str, set[str]]],
    reified: set[tuple[str, str, str]],
) -> bool:
    """A shortcut with its reified node, and a reified node with its shortcuts and class."""
    types = properties.get(_TYPE, set())
    for shortcut in _SHORTCUTS & properties.keys():
        for target in properties[shortcut]:
            if not out.get(target, {}).get(_TYPE) and shortcut != _UNDERCUTS:
                return False  # an untyped end: completion would type it a claim
            family = shortcut if shortcut in (_SUPPORTS, _REPHRASES) else _UNDERMINES
            if (family, subject, target) not in reified:
                return False
    if not properties.get(_TYPE) and _SHORTCUTS & properties.keys():
        return False
    if types & {_SUPPORT, _REPHRASE, _ATTACK, _REBUTTAL, _UNDERCUT}:
        ends, targets = properties.get(_FROM, set()), properties.get(_TO, set())
        for source in ends:
            for target in targets:
                said = out.get(source, {})
                if _SUPPORT in types and target not in said.get(_SUPPORTS, ()):
                    return False
                if _REPHRASE in types and target not in said.get(_REPHRASES, ()):
                    return False
                if types & {_ATTACK, _REBUTTAL, _UNDERCUT}:
                    on_support = _SUPPORT in out.get(target, {}).get(_TYPE, ())
                    kind, cls = (_UNDERCUTS, _UNDERCUT) if on_support else (_REBUTS, _REBUTTAL)
                    if target not in said.get(_UNDERMINES, ()) or target not in said.get(kind, ()):
                        return False
                    if cls not in types:
                        return False
    return True
