"""Exporters: a map, or the neighbourhood of one claim, as RDF, graph, diagram and argument formats.

Each format is a small private module whose `dump_<format>` function is pure: it takes the map
(the map model of `argmap.model`, or its RDF graphs) and returns text, bytes or a dict, touching
no file. They are re-exported here under short names, so `export.graphml(model)` reads naturally.

`FORMATS` maps each format name to the function that exports a map from a store, the media type
and the file extension; the CLI (`argmap export`) and the HTTP route
(`GET /maps/{map_id}/export?format=`) share it. `write()` is the one place that writes a file.

>>> sorted(FORMATS)[:4]
['aif', 'argdown', 'cytoscape', 'd3']
>>> FORMATS["graphml"].media_type
'application/graphml+xml'
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import NamedTuple, Protocol

from argmap.errors import GraphvizUnavailable, UnknownFormat
from argmap.export._aif import dump_aif as aif
from argmap.export._argdown import dump_argdown as argdown
from argmap.export._cytoscape import dump_cytoscape as cytoscape
from argmap.export._d3 import dump_d3 as d3
from argmap.export._dot import dump_dot as dot
from argmap.export._dot import dump_png as png
from argmap.export._dot import dump_svg as svg
from argmap.export._gexf import dump_gexf as gexf
from argmap.export._graphml import dump_graphml as graphml
from argmap.export._mermaid import dump_mermaid as mermaid
from argmap.export._rdf import MapGraphs, restrict
from argmap.export._rdf import dump_jsonld as jsonld
from argmap.export._rdf import dump_nquads as nquads
from argmap.export._rdf import dump_ntriples as ntriples
from argmap.export._rdf import dump_rdfxml as rdfxml
from argmap.export._rdf import dump_trig as trig
from argmap.export._rdf import dump_turtle as turtle
from argmap.model import ArgumentMap, Node, Relation, focus, load, neighbourhood, read_graphs
from argmap.store import Store

__all__ = [
    "ALIASES",
    "FORMATS",
    "ArgumentMap",
    "Exporter",
    "Format",
    "GraphvizUnavailable",
    "MapGraphs",
    "Node",
    "Relation",
    "UnknownFormat",
    "aif",
    "argdown",
    "cytoscape",
    "d3",
    "dot",
    "export",
    "file_name",
    "focus",
    "format_for_path",
    "get_format",
    "gexf",
    "graphml",
    "jsonld",
    "load",
    "mermaid",
    "neighbourhood",
    "nquads",
    "ntriples",
    "png",
    "rdfxml",
    "svg",
    "trig",
    "turtle",
    "write",
]


class Exporter(Protocol):
    """Export one map (or the neighbourhood of `focus` within `depth` hops) from a store."""

    def __call__(
        self, store: Store, map_id: str, focus: str | None = None, depth: int | None = None
    ) -> str | bytes:
        """The export as text, or bytes for binary formats."""
        ...


class Format(NamedTuple):
    """One export format: how to make it, its media type, its file extension (without a dot)."""

    export: Exporter
    media_type: str
    extension: str

    @property
    def binary(self) -> bool:
        """Whether the export is bytes rather than text."""
        return self.media_type == "image/png"

    @property
    def summary(self) -> str:
        """One line saying what the format is."""
        return (self.export.__doc__ or "").strip().splitlines()[0]


def _as_text(result: str | bytes | Mapping[str, object]) -> str | bytes:
    if isinstance(result, str | bytes):
        return result
    return json.dumps(result, indent=2, ensure_ascii=False) + "\n"


def _from_model(dump: Callable[[ArgumentMap], str | bytes | Mapping[str, object]]) -> Exporter:
    def exporter(
        store: Store, map_id: str, focus: str | None = None, depth: int | None = None
    ) -> str | bytes:
        return _as_text(dump(neighbourhood(load(store, map_id), focus, depth)))

    exporter.__doc__ = dump.__doc__
    return exporter


def _from_graphs(dump: Callable[[MapGraphs], str]) -> Exporter:
    def exporter(
        store: Store, map_id: str, focus: str | None = None, depth: int | None = None
    ) -> str | bytes:
        graphs = MapGraphs(map_id, *read_graphs(store, map_id))
        if focus is not None or depth is not None:
            whole = load(store, map_id)
            graphs = restrict(graphs, whole, neighbourhood(whole, focus, depth))
        return dump(graphs)

    exporter.__doc__ = dump.__doc__
    return exporter


FORMATS: dict[str, Format] = {
    "turtle": Format(_from_graphs(turtle), "text/turtle", "ttl"),
    "ntriples": Format(_from_graphs(ntriples), "application/n-triples", "nt"),
    "nquads": Format(_from_graphs(nquads), "application/n-quads", "nq"),
    "trig": Format(_from_graphs(trig), "application/trig", "trig"),
    "rdfxml": Format(_from_graphs(rdfxml), "application/rdf+xml", "rdf"),
    "jsonld": Format(_from_graphs(jsonld), "application/ld+json", "jsonld"),
    "graphml": Format(_from_model(graphml), "application/graphml+xml", "graphml"),
    "gexf": Format(_from_model(gexf), "application/gexf+xml", "gexf"),
    "dot": Format(_from_model(dot), "text/vnd.graphviz", "dot"),
    "svg": Format(_from_model(svg), "image/svg+xml", "svg"),
    "png": Format(_from_model(png), "image/png", "png"),
    "cytoscape": Format(_from_model(cytoscape), "application/json", "cyjs"),
    "mermaid": Format(_from_model(mermaid), "text/plain", "mmd"),
    "d3": Format(_from_model(d3), "application/json", "d3.json"),
    "aif": Format(_from_model(aif), "application/json", "aif.json"),
    "argdown": Format(_from_model(argdown), "text/plain", "argdown"),
}
"""Every export format by name: (exporter, media type, file extension)."""

ALIASES: dict[str, str] = {
    "ttl": "turtle",
    "nt": "ntriples",
    "nq": "nquads",
    "xml": "rdfxml",
    "rdf": "rdfxml",
    "json-ld": "jsonld",
    "gv": "dot",
    "graphviz": "dot",
    "cyjs": "cytoscape",
    "mmd": "mermaid",
    "aifdb": "aif",
}
"""Other names people use for some formats."""


def get_format(name: str) -> Format:
    """The format called `name` (or one of its aliases); UnknownFormat lists the known ones."""
    key = name.strip().lower()
    key = ALIASES.get(key, key)
    try:
        return FORMATS[key]
    except KeyError:
        raise UnknownFormat(
            f"unknown export format {name!r}; argmap exports: {', '.join(FORMATS)}"
        ) from None


def format_name(name: str) -> str:
    """The canonical name of a format given by name or alias."""
    key = name.strip().lower()
    key = ALIASES.get(key, key)
    get_format(key)
    return key


def format_for_path(path: Path) -> str | None:
    """The format a file name's extension implies (`map.graphml` → graphml), if any one does."""
    name = path.name.lower()
    by_length = sorted(FORMATS.items(), key=lambda item: -len(item[1].extension))
    for format_id, fmt in by_length:
        if name.endswith(f".{fmt.extension}"):
            return format_id
    suffix = path.suffix.lower().lstrip(".")
    return ALIASES.get(suffix)


def file_name(map_id: str, name: str, focus: str | None = None, depth: int | None = None) -> str:
    """A file name for an export: `gallagher-2022.graphml`, `gallagher-2022-idc-rec-iii-2.svg`."""
    stem = map_id if focus is None else f"{map_id}-{focus}-{1 if depth is None else depth}"
    return f"{stem}.{get_format(name).extension}"


def export(
    store: Store, map_id: str, name: str, focus: str | None = None, depth: int | None = None
) -> str | bytes:
    """Export a map (or a neighbourhood) from a store in the format called `name`."""
    return get_format(name).export(store, map_id, focus, depth)


def write(content: str | bytes, path: Path) -> int:
    """Write an export to a file (UTF-8 for text); return the number of bytes written."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    path.write_bytes(data)
    return len(data)
