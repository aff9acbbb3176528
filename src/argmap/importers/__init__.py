"""Importers: read maps from AIF JSON, RDF in the `am:` vocabulary, or the YAML authoring format.

Each format has a pure reader that returns the maps of a file as `ParsedMap`s (id, graph, what
was set aside) and does no I/O on the store:

    read_aif(text_or_json, map_id)   AIFdb JSON, or OVA3/xAIF (the same inside an `AIF` object)
    read_rdf(text, fmt, map_id=None) Turtle, N-Triples, N-Quads, TriG, JSON-LD; many maps a file
    read_yaml(path, map_id=None)     the authoring format, compiled as `argmap build` does

`import_file` / `import_data` read a file and hand its maps to the one write pipeline
(`argmap.pipeline.write_maps`, which `argmap build` and the service use too): every map is
validated, inferred and stored with the others in one transaction. A file with any problem
stores nothing; a map id already in the store is refused unless `replace=True`.
"""

from __future__ import annotations

from argmap.errors import MapExists
from argmap.pipeline import ImportReport, ParsedMap, count_nodes

from ._aif import default_map_id, load_json, read_aif
from ._complete import Completion, complete
from ._load import (
    ALIASES,
    EXTENSIONS,
    FORMATS,
    READERS,
    Reader,
    guess_format,
    import_data,
    import_file,
    normalise_format,
    read_maps,
)
from ._rdf import RDF_FORMATS, parse_quads, read_rdf, split_by_map
from ._rename import move_map
from ._yaml import read_yaml

__all__ = [
    "ALIASES",
    "EXTENSIONS",
    "FORMATS",
    "RDF_FORMATS",
    "READERS",
    "Completion",
    "ImportReport",
    "MapExists",
    "ParsedMap",
    "Reader",
    "complete",
    "count_nodes",
    "default_map_id",
    "guess_format",
    "import_data",
    "import_file",
    "load_json",
    "move_map",
    "normalise_format",
    "parse_quads",
    "read_aif",
    "read_maps",
    "read_rdf",
    "read_yaml",
    "split_by_map",
]
