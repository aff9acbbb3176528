"""Read maps in the `am:` vocabulary from Turtle, N-Triples, N-Quads, TriG or JSON-LD.

A file may hold several maps. They are told apart like this:

- a named graph (N-Quads, TriG, JSON-LD) that declares one `am:ArgumentMap` is that map; one
  that declares none is the map named by the graph (its name is the map's IRI); the inferred
  graphs and the ontology graph of an argmap dump are set aside, since the import recomputes
  them;
- triples outside named graphs (all of them in Turtle and N-Triples) that declare one map are
  that map; when they declare several, each map takes the nodes `am:inMap` it and what those
  nodes point at (anchors, agents, sources), and a relation node goes with the map of its ends.

The id of each map is its `dcterms:identifier`, else the id in its IRI when that is a map IRI
of this project (`https://w3id.org/argmap/map/<id>`), else the fragment or last path segment of
its IRI; `--map-id` overrides it for a file that holds one map. Every map is then moved under
its contract IRI (see `_rename`) and completed (see `_complete`).

Parsing is pyoxigraph's: it reports the line and column of a syntax error and never fetches a
remote JSON-LD `@context`.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Callable

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import DCTERMS, RDF
from rdflib.term import Node

from argmap.errors import ImportFormatError, QueryError
from argmap.pipeline import ParsedMap
from argmap.store import from_ox
from argmap.vocab import (
    AM,
    MAP_ID,
    RELATION_CLASSES,
    map_id_of,
    map_iri,
    recomputed_graph,
)

from ._complete import complete
from ._rename import local_name, move_map, slug

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
}
_NAMES = {
    "turtle": "Turtle",
    "ntriples": "N-Triples",
    "nquads": "N-Quads",
    "trig": "TriG",
    "jsonld": "JSON-LD",
}

Pools = dict[URIRef | None, Graph]


def parse_quads(text: str, fmt: str, name: str = "<input>") -> Pools:
    """The triples of an RDF file by graph name (None for the default graph)."""
    if fmt not in RDF_FORMATS:
        raise ImportFormatError(f"unknown RDF format {fmt!r} (expected {', '.join(RDF_FORMATS)})")
    if fmt == "jsonld":
        _check_json_depth(text, name)
    pools: Pools = {}
    try:
        for quad in ox.parse(text, format=RDF_FORMATS[fmt]):
            graph_name = quad.graph_name
            key = URIRef(graph_name.value) if isinstance(graph_name, ox.NamedNode) else None
            pool = pools.setdefault(key, Graph())
            pool.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    except SyntaxError as exc:
        message = str(exc)
        if "remote context" in message.lower():
            message = (
                "it refers to a remote @context, which is never fetched: put the context inline"
            )
        raise ImportFormatError(f"{name} is not valid {_NAMES[fmt]}: {message}") from exc
    except (ValueError, QueryError) as exc:
        raise ImportFormatError(f"{name} cannot be read as {_NAMES[fmt]}: {exc}") from exc
    return pools


MAX_JSON_DEPTH = 100
"""How deeply a JSON-LD file may nest arrays and objects (an argmap export nests a few levels)."""

# A string is consumed whole (to the end of the text when unterminated, so that the scan stays
# linear), so that a bracket inside it never counts.
_JSON_TOKEN = re.compile(r'"(?:[^"\\]++|\\.)*+(?:"|\Z)|[\[\]{}]', re.DOTALL)


def _check_json_depth(text: str, name: str) -> None:
    # pyoxigraph's JSON-LD parser recurses once per nested object and overflows the native
    # stack (a segfault that takes the whole process down) from about 2.5 KB per level: some
    # 3,000 levels in the main thread, far fewer in a worker thread with a small stack.
    depth = 0
    for token in _JSON_TOKEN.finditer(text):
        bracket = token.group()
        if bracket in ("[", "{"):
            depth += 1
            if depth > MAX_JSON_DEPTH:
                line = text.count("\n", 0, token.start()) + 1
                raise ImportFormatError(
                    f"{name} nests JSON arrays and objects more than {MAX_JSON_DEPTH} levels "
                    f"deep (line {line}); argmap reads JSON-LD up to that depth"
                )
        elif bracket in ("]", "}"):
            depth = max(depth - 1, 0)


def read_rdf(
    text: str, fmt: str, *, map_id: str | None = None, name: str = "<input>"
) -> list[ParsedMap]:
    """Every map in an RDF file, moved under its contract IRI and completed."""
    pools = parse_quads(text, fmt, name)
    set_aside: Counter[str] = Counter()
    notes: list[str] = []
    content: dict[Node, Graph] = {}

    def take(map_node: Node, triples: Graph) -> None:
        graph = content.setdefault(map_node, Graph())
        graph += triples

    for graph_name, pool in pools.items():
        if graph_name is None:
            continue
        if kind := recomputed_graph(str(graph_name)):
            set_aside[kind] += len(pool)
            notes.append(f"set aside the graph <{graph_name}> ({len(pool)} {kind}): recomputed")
            continue
        maps = set(pool.subjects(RDF.type, AM.ArgumentMap))
        if len(maps) <= 1:
            take(maps.pop() if maps else graph_name, pool)
        else:
            _split_into(pool, maps, take, set_aside, notes)

    default = pools.get(None)
    if default is not None and len(default):
        maps = set(default.subjects(RDF.type, AM.ArgumentMap))
        if len(maps) == 1:
            take(maps.pop(), default)
        elif len(maps) > 1:
            _split_into(default, maps, take, set_aside, notes)
        elif content:
            set_aside["unattached triples"] += len(default)
            notes.append(
                f"set aside {len(default)} triple(s) of the default graph: they declare no map"
            )
        elif map_id is not None:
            take(map_iri(map_id), default)
        else:
            raise ImportFormatError(
                f"{name} declares no am:ArgumentMap: add `<map> a am:ArgumentMap` "
                "(and am:inMap on its claims), or give --map-id"
            )
    if not content:
        raise ImportFormatError(f"{name} holds no triples")

    ids = _map_ids(content, map_id, name)
    parsed = []
    for map_node, graph in content.items():
        new_id = ids[map_node]
        done = complete(move_map(graph, map_node, new_id), new_id)
        result = ParsedMap(new_id, done.graph, problems=done.problems)
        for kind, n in sorted(done.minted.items()):
            result.notes.append(f"added {n} reified node(s) for `{kind}` shortcuts")
        parsed.append(result)
    if parsed:
        parsed[0].set_aside.update(set_aside)
        parsed[0].notes[:0] = notes
    return parsed


def _split_into(
    pool: Graph,
    maps: set[Node],
    take: Callable[[Node, Graph], None],
    set_aside: Counter[str],
    notes: list[str],
) -> None:
    parts, leftover = split_by_map(pool, maps)
    for map_node, part in parts.items():
        take(map_node, part)
    if len(leftover):
        subjects = sorted({str(s) for s in leftover.subjects()})
        set_aside["unattached triples"] += len(leftover)
        notes.append(
            f"set aside {len(leftover)} triple(s) about {len(subjects)} resource(s) that belong "
            f"to none of the maps (no am:inMap, nothing of a map points at them), "
            f"e.g. <{subjects[0]}>"
        )


def split_by_map(pool: Graph, maps: set[Node]) -> tuple[dict[Node, Graph], Graph]:
    """Split a graph that declares several maps: each map's triples, and what belongs to none."""
    owners: dict[Node, set[Node]] = {}
    for map_node in maps:
        owners.setdefault(map_node, set()).add(map_node)
        for node in pool.subjects(AM.inMap, map_node):
            owners.setdefault(node, set()).add(map_node)
    reached = {
        map_node: _reach(pool, [n for n, o in owners.items() if map_node in o], map_node, owners)
        for map_node in maps
    }
    # A relation node that names no map goes with the map of its ends.
    for cls in RELATION_CLASSES:
        for relation in pool.subjects(RDF.type, cls):
            if any(relation in nodes for nodes in reached.values()):
                continue
            ends = [*pool.objects(relation, AM["from"]), pool.value(relation, AM.to)]
            for map_node, nodes in reached.items():
                if any(end in nodes for end in ends if end is not None):
                    owners.setdefault(relation, set()).add(map_node)
                    nodes |= _reach(pool, [relation], map_node, owners)
    parts = {map_node: Graph() for map_node in maps}
    leftover = Graph()
    for s, p, o in pool:
        homes = [map_node for map_node, nodes in reached.items() if s in nodes]
        for map_node in homes:
            parts[map_node].add((s, p, o))
        if not homes:
            leftover.add((s, p, o))
    return parts, leftover


def _reach(pool: Graph, start: list[Node], owner: Node, owners: dict[Node, set[Node]]) -> set[Node]:
    """The nodes reachable from `start` through object links, stopping at other maps' nodes."""
    seen = set(start)
    queue = deque(start)
    while queue:
        node = queue.popleft()
        for obj in pool.objects(node):
            if obj in seen or not isinstance(obj, (URIRef, BNode)):
                continue
            if owners.get(obj) and owner not in owners[obj]:
                continue  # another map, or another map's node: link to it, do not take it
            if (obj, None, None) in pool:
                seen.add(obj)
                queue.append(obj)
    return seen


def _map_ids(content: dict[Node, Graph], override: str | None, name: str) -> dict[Node, str]:
    if override is not None:
        if not MAP_ID.match(override):
            raise ImportFormatError(
                f"bad map id {override!r}: use lowercase letters, digits and hyphens"
            )
        if len(content) > 1:
            raise ImportFormatError(
                f"{name} holds {len(content)} maps ({', '.join(sorted(map(str, content)))}); "
                "--map-id applies only to a file with one map"
            )
        return {node: override for node in content}
    ids: dict[Node, str] = {}
    for map_node, graph in content.items():
        map_id = _map_id(map_node, graph)
        clash = next((other for other, known in ids.items() if known == map_id), None)
        if clash is not None:
            raise ImportFormatError(
                f"{name}: the maps <{clash}> and <{map_node}> both have the id {map_id!r}"
            )
        ids[map_node] = map_id
    return ids


def _map_id(map_node: Node, graph: Graph) -> str:
    identifier = graph.value(map_node, DCTERMS.identifier)
    if identifier is not None:
        if MAP_ID.match(str(identifier)):
            return str(identifier)
        raise ImportFormatError(
            f"the map <{map_node}> has dcterms:identifier {str(identifier)!r}, which is not a map "
            "id (lowercase letters, digits and hyphens); fix it or give --map-id"
        )
    if isinstance(map_node, URIRef):
        found = map_id_of(str(map_node)) or slug(local_name(str(map_node)))
        if found and MAP_ID.match(found):
            return found
    raise ImportFormatError(
        f"cannot tell the id of the map {map_node}: give it a dcterms:identifier, or use --map-id"
    )
