"""The build: compile each authored map, validate it, infer, and load it into the store."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from argmap import reasoning, resources
from argmap.authoring import CompiledMap, compile_map, project_root_for
from argmap.errors import Problem, ReasonerUnavailable, ValidationError
from argmap.store import Store
from argmap.validation import ontology_graph, text_of, validate_graph
from argmap.vocab import ONTOLOGY_IRI, PREFIXES, inferred_graph_iri, map_iri

Progress = Callable[[str, int, int], None]
"""Told each step of a build: what it is doing, how many steps are done, how many in all."""


@dataclass
class BuildReport:
    """What a build did: the maps loaded, and warnings (e.g. no Java, old inferences kept)."""

    maps: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def authored_maps(folder: Path | None = None) -> list[Path]:
    """The YAML maps in a folder (data/maps by default), sorted by name."""
    return sorted((folder or resources.maps_dir()).glob("*.yaml"))


def compiled_path(yaml_path: Path) -> Path:
    """Where the compiled Turtle of an authored map is written: beside it, as .ttl."""
    return yaml_path.with_suffix(".ttl")


def serialize(graph: Graph) -> str:
    """Turtle with the project's prefixes: the committed form of a compiled map."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)
    return graph.serialize(format="turtle")


def compile_and_validate(yaml_path: Path) -> CompiledMap:
    """Compile a YAML map and validate its RDF; problems carry the YAML line of their node."""
    compiled = compile_map(yaml_path)
    body = text_of(compiled.graph, project_root_for(yaml_path))
    problems = validate_graph(compiled.graph, body)
    if problems:
        located = [
            Problem(
                p.message,
                file=str(yaml_path),
                line=compiled.lines.get(p.node or ""),
                node=p.node,
                field=p.field,
            )
            for p in problems
        ]
        raise ValidationError(located, f"{yaml_path} breaks the shapes or checks")
    return compiled


def build(
    store: Store,
    maps: list[Path] | None = None,
    *,
    reason: bool = True,
    write_compiled: bool = True,
    progress: Progress | None = None,
) -> BuildReport:
    """Compile, validate, infer and load every map (and the ontology) into `store`."""
    report = BuildReport()
    paths = maps if maps is not None else authored_maps()
    total, done = 1 + 3 * len(paths), 0

    def step(message: str) -> None:
        nonlocal done
        if progress is not None:
            progress(message, done, total)
        done += 1

    step("load the ontology")
    store.replace_graphs({ONTOLOGY_IRI: ontology_graph()})
    existing = set(store.graph_names())
    for yaml_path in paths:
        step(f"compile and validate {yaml_path.name}")
        compiled = compile_and_validate(yaml_path)
        if write_compiled:
            compiled_path(yaml_path).write_text(serialize(compiled.graph), encoding="utf-8")
        step(f"reason over {compiled.map_id} (HermiT)")
        graphs = {map_iri(compiled.map_id): compiled.graph}
        inferred_name = inferred_graph_iri(compiled.map_id)
        try:
            graphs[inferred_name] = reasoning.infer(compiled.graph, use_reasoner=reason)
        except ReasonerUnavailable as exc:
            if inferred_name in existing:
                report.warnings.append(f"{exc} Kept the inferred graph of {compiled.map_id}.")
            else:
                graphs[inferred_name] = reasoning.infer(compiled.graph, use_reasoner=False)
                report.warnings.append(
                    f"{exc} Stored only the rule shortcuts for {compiled.map_id}."
                )
        step(f"load {compiled.map_id}")
        store.replace_graphs(graphs)
        report.maps.append(compiled.map_id)
    if progress is not None:
        progress("done", total, total)
    return report


def reason_over_store(store: Store, map_ids: list[str]) -> dict[str, int]:
    """Recompute the inferred graph of maps already in the store; returns triples per map."""
    counts = {}
    for map_id in map_ids:
        data = store.graph(map_iri(map_id))
        inferred = reasoning.infer(data, use_reasoner=True)
        store.replace_graphs({inferred_graph_iri(map_id): inferred})
        counts[map_id] = len(inferred)
    return counts
