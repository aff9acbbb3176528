"""Exceptions argmap raises; the CLI and the service map each branch to one exit code or status.

ArgmapError
├── MapProblems            a map is wrong: carries every Problem found (file, line, node, field)
│   ├── AuthoringError     the YAML authoring file cannot be compiled
│   ├── ValidationError    the compiled RDF breaks a shape or a check
│   └── InconsistentMap    the reasoner finds the map contradicts the ontology
├── ImportFormatError      an uploaded file cannot be read in the format it claims
├── NotFound               an unknown map, node or named query
├── QueryError             a SPARQL query that does not parse or cannot run
│   └── ParameterError     a named-query parameter of the wrong type or missing
├── StoreError             the store cannot be opened or written
│   └── StoreLocked        another process holds the on-disk store
└── ReasonerUnavailable    Java (for HermiT) is missing; the last inferences stay in use
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a map, located as precisely as the input allows."""

    message: str
    file: str | None = None
    line: int | None = None
    node: str | None = None
    field: str | None = None

    def where(self) -> str:
        """Location as `file:line`, or the node, or '' when nothing more is known."""
        if self.file is not None:
            return f"{self.file}:{self.line}" if self.line is not None else self.file
        return self.node or ""

    def __str__(self) -> str:
        parts = [p for p in (self.where(), self.field and f"[{self.field}]") if p]
        return " ".join([*parts, self.message]) if parts else self.message


class ArgmapError(Exception):
    """Base class of every error argmap raises on purpose."""


class MapProblems(ArgmapError):
    """A map has one or more problems; `problems` lists them all, not just the first."""

    def __init__(self, problems: list[Problem], summary: str = "the map has problems") -> None:
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{summary} ({len(problems)}):\n{lines}")


class AuthoringError(MapProblems):
    """The YAML authoring file cannot be compiled to RDF."""


class ValidationError(MapProblems):
    """The RDF of a map violates the SHACL shapes or a violation query."""


class InconsistentMap(MapProblems):
    """The reasoner found the ontology plus the map inconsistent."""


class ImportFormatError(ArgmapError):
    """An input file is not valid in the format it was read as."""


class MapExists(ArgmapError):
    """The store already holds a map with the id an import would write (pass replace=True)."""


class NotFound(ArgmapError):
    """An unknown map, node or named query."""


class QueryError(ArgmapError):
    """A SPARQL query that does not parse or fails to run."""


class ParameterError(QueryError):
    """A named-query parameter that is missing, unknown or of the wrong type."""


class UnknownFormat(ParameterError):
    """An export format argmap does not know; the message lists the known ones."""


class GraphvizUnavailable(ArgmapError):
    """Graphviz's `dot` is missing or failed, so SVG and PNG cannot be rendered."""


class FrameworkTooLarge(ArgmapError):
    """A framework leaves too many arguments undecided for exact search of its extensions."""


class StoreError(ArgmapError):
    """The store cannot be opened or written."""


class StoreLocked(StoreError):
    """Another process holds the on-disk store."""


class ReasonerUnavailable(ArgmapError):
    """HermiT cannot run (no Java); the previously materialised inferences stay in use."""
