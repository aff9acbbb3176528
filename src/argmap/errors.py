"""Exceptions argmap raises, and the one table that maps each to a CLI exit code and HTTP status.

                                  exit  HTTP
ArgmapError                          1   500  any other error argmap raises on purpose
├── MapProblems                      1   422  a map is wrong: every Problem found, located
│   ├── AuthoringError               1   422  the YAML authoring file cannot be compiled
│   ├── ValidationError              1   422  the compiled RDF breaks a shape or a check
│   └── InconsistentMap              1   422  the reasoner finds the map contradicts the ontology
├── ImportFormatError                1   400  an input file cannot be read in its format
├── MapExists                        1   409  an import would overwrite a map (pass replace)
├── NotFound                         2   404  an unknown map, node or named query
├── QueryError                       2   400  a SPARQL query that does not parse or cannot run
│   ├── QueryTooComplex              2   400  nested deeper than ARGMAP_QUERY_MAX_DEPTH
│   ├── RemoteAccessRefused          2   400  a SERVICE or LOAD that would reach out to the network
│   └── ParameterError               2   422  a named-query parameter missing or of a wrong type
│       └── UnknownFormat            2   422  an export format argmap does not know
├── UpdateRefused                    2   403  an update of a graph that is not a map's
├── TooLarge                         1   413  a request body or a result over its size limit
├── QueryTimeout                     3   503  a query ran longer than ARGMAP_QUERY_TIMEOUT_S
├── QueryAborted                     3   503  a query's worker process died before answering
│   └── QueryMemoryExceeded          3   503  a query needed more than ARGMAP_QUERY_MEMORY_MB
├── PortUnavailable                  3   503  `argmap serve` cannot listen where it is asked
├── StoreError                       3   503  the store cannot be opened or written
│   └── StoreLocked                  3   503  another process holds the on-disk store
├── ReasonerUnavailable              3   503  Java (for HermiT) is missing; old inferences stay
└── GraphvizUnavailable              3   503  Graphviz's `dot` is missing, so no SVG or PNG

Exit codes group what a user does next: 1, fix the input; 2, fix the command (click's own usage
errors are 2 as well); 3, fix the environment or retry (start a service, install Java or
Graphviz, wait). `EXIT_CODES` and `HTTP_STATUS` below are that table; the CLI
(`argmap.cli`) and the service (`argmap.api.errors`) both look errors up there, most specific
class first. A test holds this docstring, the class tree and both tables together.
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


class QueryTooComplex(QueryError):
    """A query nested deeper than ARGMAP_QUERY_MAX_DEPTH (brackets and chained operators)."""


class RemoteAccessRefused(QueryError):
    """A query's SERVICE or an update's LOAD names an endpoint the service may not reach."""


class ParameterError(QueryError):
    """A named-query parameter that is missing, unknown or of the wrong type."""


class UnknownFormat(ParameterError):
    """An export format argmap does not know; the message lists the known ones."""


class GraphvizUnavailable(ArgmapError):
    """Graphviz's `dot` is missing or failed, so SVG and PNG cannot be rendered."""


class UpdateRefused(ArgmapError):
    """An update that would change the ontology, inferences or any graph that is not a map."""


class TooLarge(ArgmapError):
    """A request body or a query result larger than its limit; the message names the limit."""


class QueryTimeout(ArgmapError):
    """A query ran longer than ARGMAP_QUERY_TIMEOUT_S."""


class QueryAborted(ArgmapError):
    """A query's worker process died before it answered (the service itself carries on)."""


class QueryMemoryExceeded(QueryAborted):
    """A query needed more memory than ARGMAP_QUERY_MEMORY_MB, so its worker was stopped."""


class PortUnavailable(ArgmapError):
    """The service cannot listen where it was asked to: a port in use or out of range."""


class StoreError(ArgmapError):
    """The store cannot be opened or written."""


class StoreLocked(StoreError):
    """Another process holds the on-disk store."""


class ReasonerUnavailable(ArgmapError):
    """HermiT cannot run (no Java); the previously materialised inferences stay in use."""


EXIT_PROBLEMS = 1
"""The input is wrong: a map, a file, an id already taken."""
EXIT_USAGE = 2
"""The command asks for something that does not exist or cannot be asked."""
EXIT_UNAVAILABLE = 3
"""Something argmap needs is missing or busy: the store, a service, Java, Graphviz, time."""

EXIT_CODES: dict[type[ArgmapError], int] = {
    ArgmapError: EXIT_PROBLEMS,
    MapProblems: EXIT_PROBLEMS,
    AuthoringError: EXIT_PROBLEMS,
    ValidationError: EXIT_PROBLEMS,
    InconsistentMap: EXIT_PROBLEMS,
    ImportFormatError: EXIT_PROBLEMS,
    MapExists: EXIT_PROBLEMS,
    NotFound: EXIT_USAGE,
    QueryError: EXIT_USAGE,
    QueryTooComplex: EXIT_USAGE,
    RemoteAccessRefused: EXIT_USAGE,
    ParameterError: EXIT_USAGE,
    UnknownFormat: EXIT_USAGE,
    UpdateRefused: EXIT_USAGE,
    TooLarge: EXIT_PROBLEMS,
    QueryTimeout: EXIT_UNAVAILABLE,
    QueryAborted: EXIT_UNAVAILABLE,
    QueryMemoryExceeded: EXIT_UNAVAILABLE,
    PortUnavailable: EXIT_UNAVAILABLE,
    StoreError: EXIT_UNAVAILABLE,
    StoreLocked: EXIT_UNAVAILABLE,
    ReasonerUnavailable: EXIT_UNAVAILABLE,
    GraphvizUnavailable: EXIT_UNAVAILABLE,
}
"""The exit code of `argmap` for each error (see the tree above)."""

HTTP_STATUS: dict[type[ArgmapError], int] = {
    ArgmapError: 500,
    MapProblems: 422,
    AuthoringError: 422,
    ValidationError: 422,
    InconsistentMap: 422,
    ImportFormatError: 400,
    MapExists: 409,
    NotFound: 404,
    QueryError: 400,
    QueryTooComplex: 400,
    RemoteAccessRefused: 400,
    ParameterError: 422,
    UnknownFormat: 422,
    UpdateRefused: 403,
    TooLarge: 413,
    QueryTimeout: 503,
    QueryAborted: 503,
    QueryMemoryExceeded: 503,
    PortUnavailable: 503,
    StoreError: 503,
    StoreLocked: 503,
    ReasonerUnavailable: 503,
    GraphvizUnavailable: 503,
}
"""The HTTP status the service answers for each error (see the tree above)."""


def _lookup(table: dict[type[ArgmapError], int], exc: ArgmapError) -> int:
    # The most specific class wins, so an error class defined elsewhere (a subclass of one of
    # these) gets the code of its nearest ancestor here.
    for cls in type(exc).__mro__:
        if cls in table:
            return table[cls]
    return table[ArgmapError]


def exit_code_of(exc: ArgmapError) -> int:
    """The exit code `argmap` ends with for this error."""
    return _lookup(EXIT_CODES, exc)


def http_status_of(exc: ArgmapError) -> int:
    """The HTTP status the service answers for this error."""
    return _lookup(HTTP_STATUS, exc)
