"""Read a map in the YAML authoring format: the compiler and checks that `argmap build` uses."""

from __future__ import annotations

from pathlib import Path

from rdflib import Literal
from rdflib.namespace import DCTERMS

from argmap.authoring import compile_map
from argmap.build import compile_and_validate
from argmap.errors import ImportFormatError
from argmap.pipeline import ParsedMap
from argmap.vocab import MAP_ID, map_iri

from ._rename import move_map


def read_yaml(path: Path, map_id: str | None = None, *, root: Path | None = None) -> ParsedMap:
    """Compile a YAML map (validated too unless `root` is given); `map_id` renames it.

    `root` is the folder the map's `text:` path is relative to; by default it is the folder
    holding the file's `data/`, as for `argmap build`, and the compiled map is validated here
    so that problems carry their YAML line.
    """
    if map_id is not None and not MAP_ID.match(map_id):
        raise ImportFormatError(f"bad map id {map_id!r}: use lowercase letters, digits and hyphens")
    if root is None:
        compiled, checked = compile_and_validate(path), True
    else:
        compiled, checked = compile_map(path, root), False
    if map_id is None or map_id == compiled.map_id:
        return ParsedMap(compiled.map_id, compiled.graph, checked=checked)
    graph = move_map(compiled.graph, map_iri(compiled.map_id), map_id)
    graph.set((map_iri(map_id), DCTERMS.identifier, Literal(map_id)))
    parsed = ParsedMap(map_id, graph, checked=checked)
    parsed.notes.append(f"stored the map {compiled.map_id} under the id {map_id}")
    return parsed
