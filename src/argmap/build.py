"""The build: compile each authored map and validate it, then store them all (argmap.pipeline)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from argmap import pipeline, resources
from argmap.authoring import CompiledMap, compile_map, project_root_for
from argmap.errors import Problem, ValidationError
from argmap.pipeline import Progress
from argmap.store import Store
from argmap.validation import text_of, validate_graph
from argmap.vocab import PREFIXES


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
    """Compile and validate every authored map, then store them all through the write pipeline."""
    paths = maps if maps is not None else authored_maps()
    step = pipeline.StepCounter(progress, len(paths) + pipeline.steps_for(len(paths)))
    parsed = []
    for yaml_path in paths:
        step(f"compile and validate {yaml_path.name}")
        compiled = compile_and_validate(yaml_path)
        if write_compiled:
            compiled_path(yaml_path).write_text(serialize(compiled.graph), encoding="utf-8")
        parsed.append(pipeline.ParsedMap(compiled.map_id, compiled.graph, checked=True))
    reports = pipeline.write_maps(
        store, parsed, fmt="yaml", name="data/maps", replace=True, reason=reason, step=step
    )
    step.finish()
    return BuildReport(
        maps=[r.map_id for r in reports], warnings=[w for r in reports for w in r.warnings]
    )
