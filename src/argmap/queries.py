"""The named-query catalogue: one question per `.rq` file, documented by its `#+` header.

The header follows grlc: lines starting with `#+ ` hold YAML with `summary`, `description`,
`params` and `tags`. Each parameter names a variable of the query; its value is checked
against the parameter's type and bound to that variable by a VALUES block written from the
RDF term (argmap.binding), never spliced into the text, so a parameter cannot change what
the query asks. Two tags change the graphs a query reads (`dataset_for`): `corpus`, the whole
store; `evaluation`, a map's evaluation graph besides its own graph, inferences and ontology.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from argmap import resources
from argmap.binding import bind
from argmap.errors import NotFound, ParameterError
from argmap.sparql_lexer import tokens
from argmap.store import Store, Table, Term
from argmap.vocab import (
    IRI,
    MAP_BASE,
    MAP_ID,
    map_dataset,
    map_id_of,
    map_iri,
    node_id_of,
)

PARAM_TYPES = ("iri", "map", "string", "integer")
"""`iri`: an absolute IRI; `map`: a map id or map IRI; `string`; `integer`."""

DEFAULT_LIMIT = 100
"""How many rows a page has when the caller does not say (REST lists, `argmap query`)."""
MAX_LIMIT = 1000
"""The most rows one page may have: a larger page is refused, not cut short silently."""
MAX_OFFSET = 10_000_000
"""The largest offset taken: past it a corpus has no rows, and the bound keeps it a small int."""


@dataclass(frozen=True)
class Param:
    """One documented parameter of a named query."""

    name: str
    type: str
    description: str
    example: str | int | None = None
    required: bool = True
    default: str | int | None = None

    def as_dict(self) -> dict[str, Any]:
        """The parameter as JSON for the catalogue listing."""
        return {
            "name": self.name,
            "type": self.type,
            "description": self.description,
            "example": self.example,
            "required": self.required,
            "default": self.default,
        }


@dataclass(frozen=True)
class NamedQuery:
    """A catalogue entry: the query text and its documentation."""

    name: str
    summary: str
    description: str
    sparql: str
    params: tuple[Param, ...] = ()
    tags: tuple[str, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, Any]:
        """The entry as JSON for the catalogue listing."""
        return {
            "name": self.name,
            "summary": self.summary,
            "description": self.description,
            "params": [p.as_dict() for p in self.params],
            "tags": list(self.tags),
        }


def parse_header(text: str, name: str) -> dict[str, Any]:
    """The YAML of the `#+` header lines of a query file."""
    lines = [
        line[3:] if line.startswith("#+ ") else line[2:]
        for line in text.splitlines()
        if line.startswith("#+")
    ]
    header = yaml.safe_load("\n".join(lines)) if lines else None
    if not isinstance(header, dict):
        raise ValueError(f"{name}.rq has no `#+` header (summary, description, params, tags)")
    return header


def load_query(path: Path) -> NamedQuery:
    """Read one `.rq` file of the catalogue."""
    text = path.read_text(encoding="utf-8")
    header = parse_header(text, path.stem)
    params = []
    for entry in header.get("params") or []:
        ((pname, spec),) = entry.items()
        ptype = spec.get("type", "string")
        if ptype not in PARAM_TYPES:
            raise ValueError(f"{path.name}: parameter {pname} has unknown type {ptype!r}")
        params.append(
            Param(
                pname,
                ptype,
                str(spec.get("description", "")).strip(),
                spec.get("example"),
                bool(spec.get("required", True)),
                spec.get("default"),
            )
        )
    return NamedQuery(
        name=path.stem,
        summary=str(header.get("summary", "")).strip(),
        description=" ".join(str(header.get("description", "")).split()),
        sparql=text,
        params=tuple(params),
        tags=tuple(header.get("tags") or ()),
    )


@cache
def catalogue(folder: Path | None = None) -> dict[str, NamedQuery]:
    """Every named query, by name."""
    folder = folder or resources.queries_dir()
    entries = {p.stem: load_query(p) for p in sorted(folder.glob("*.rq"))}
    for entry in entries.values():
        _refuse_own_slicing(entry.sparql, f"{entry.name}.rq")
    return entries


def get(name: str) -> NamedQuery:
    """One named query, or NotFound naming the known ones."""
    try:
        return catalogue()[name]
    except KeyError:
        known = ", ".join(catalogue())
        raise NotFound(f"no named query {name!r}; the catalogue has: {known}") from None


def bind_value(param: Param, raw: object) -> Term:
    """Check one parameter value against its type and turn it into an RDF term."""
    text = str(raw).strip()
    if param.type == "integer":
        if isinstance(raw, bool) or not re.fullmatch(r"[+-]?\d+", text):
            raise ParameterError(f"parameter {param.name!r} must be a whole number, not {text!r}")
        return Literal(int(text), datatype=XSD.integer)
    if param.type == "string":
        return Literal(str(raw))
    if param.type == "map" and MAP_ID.match(text):
        return map_iri(text)
    if not IRI.match(text):
        expected = "a map id or map IRI" if param.type == "map" else "an absolute IRI"
        raise ParameterError(f"parameter {param.name!r} must be {expected}, not {text!r}")
    if param.type == "map" and not text.startswith(MAP_BASE):
        raise ParameterError(f"parameter {param.name!r} must be a map IRI under {MAP_BASE}")
    return URIRef(text)


def bindings_for(query: NamedQuery, values: Mapping[str, object]) -> dict[str, Term]:
    """Typed bindings for a query's parameters; unknown or missing ones are refused."""
    known = {p.name: p for p in query.params}
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise ParameterError(
            f"unknown parameter(s) {', '.join(unknown)} for {query.name}; it takes: "
            f"{', '.join(known) or 'none'}"
        )
    bound: dict[str, Term] = {}
    for param in query.params:
        raw = values.get(param.name, param.default)
        if raw is None or raw == "":
            if param.required:
                raise ParameterError(
                    f"{query.name} needs the parameter {param.name!r} "
                    f"({param.type}, e.g. {param.example})"
                )
            continue
        bound[param.name] = bind_value(param, raw)
    return bound


def run(
    store: Store,
    name: str,
    values: Mapping[str, object] | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> Table:
    """Run a named SELECT query with typed parameter values; `limit`/`offset` give one page."""
    query = get(name)
    bindings = bindings_for(query, values or {})
    return store.select(paged(query.sparql, limit, offset), bindings, dataset_for(query, bindings))


CORPUS_TAG = "corpus"
"""A named query with this tag asks across maps, so it always reads the whole store."""
EVALUATION_TAG = "evaluation"
"""A named query with this tag reads the evaluation graph too when it asks about one map."""


def dataset_for(query: NamedQuery, bindings: Mapping[str, Term]) -> list[URIRef] | None:
    """The graphs a named query reads: one map's when its parameters name one, else all (None).

    A question about one map, or one of its nodes, needs that map's graph, its inferred graph
    and the ontology (and its evaluation graph when tagged `evaluation`), and nothing else:
    reading only those keeps its cost flat however many maps the store holds (a union over a
    million quads made `underminers-of` 50 times slower).
    """
    if CORPUS_TAG in query.tags:
        return None
    named = {
        map_id_of(str(value))
        for param in query.params
        if param.type in ("map", "iri") and (value := bindings.get(param.name)) is not None
    }
    named.discard(None)
    if len(named) != 1:
        return None
    (map_id,) = named
    assert map_id is not None
    return map_dataset(map_id, evaluation=EVALUATION_TAG in query.tags)


# -- pages ------------------------------------------------------------------------------------
# A page is asked of the engine, never cut from a full answer: the query text gets LIMIT and
# OFFSET, and the total is a COUNT over the same query, so neither ships every row to Python.


@dataclass(frozen=True)
class Page:
    """One page of a named query's answer, with how many rows the whole answer has."""

    table: Table
    total: int
    limit: int
    offset: int

    @property
    def next_offset(self) -> int | None:
        """Where the next page starts, or None on the last page."""
        following = self.offset + self.limit
        return following if following < self.total else None


def check_page(limit: int | None, offset: int) -> None:
    """ParameterError, naming the parameter, for a limit or offset outside its bounds."""
    if limit is not None and (
        isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT
    ):
        raise ParameterError(f"limit must be a whole number from 1 to {MAX_LIMIT}, not {limit!r}")
    if isinstance(offset, bool) or not isinstance(offset, int) or not 0 <= offset <= MAX_OFFSET:
        raise ParameterError(
            f"offset must be a whole number from 0 to {MAX_OFFSET}, not {offset!r}"
        )


def paged(sparql: str, limit: int | None, offset: int = 0) -> str:
    """The query with LIMIT and OFFSET after its ORDER BY (the text is unchanged without them)."""
    if limit is None and not offset:
        return sparql
    check_page(limit, offset)
    slicing = f"LIMIT {limit} " if limit is not None else ""
    return f"{sparql.rstrip()}\n{slicing}OFFSET {offset}\n"


def counted(sparql: str) -> str:
    """A query counting the solutions of a bound SELECT query: it runs as a subquery."""
    start = _form_start(sparql)
    return (
        f"{sparql[:start]}SELECT (COUNT(*) AS ?total) WHERE {{\n  {{\n{sparql[start:]}\n  }}\n}}\n"
    )


def count(store: Store, name: str, values: Mapping[str, object] | None = None) -> int:
    """How many rows a named query answers, counted by the engine."""
    query = get(name)
    # Bound before it is wrapped, so the VALUES block seeds the named query's own WHERE group
    # (a block in the wrapper's group would join only after the subquery ran unbound).
    bindings = bindings_for(query, values or {})
    text = counted(bind(query.sparql, bindings))
    rows = store.select(text, graphs=dataset_for(query, bindings)).as_python()
    total = rows[0].get("total") if rows else 0
    return total if isinstance(total, int) else 0


def run_page(
    store: Store,
    name: str,
    values: Mapping[str, object] | None = None,
    *,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> Page:
    """One page of a named query's answer and the total number of rows."""
    check_page(limit, offset)
    table = run(store, name, values, limit=limit, offset=offset)
    # A short page ends the answer (unless it is empty past the end): no second query then.
    if len(table.rows) < limit and (table.rows or offset == 0):
        total = offset + len(table.rows)
    else:
        total = count(store, name, values)
    return Page(table, total, limit, offset)


def _form_start(sparql: str) -> int:
    # Where the query form begins: what comes before is the prologue (PREFIX, BASE, comments).
    for token in tokens(sparql):
        if token.keyword == "SELECT" and token.depth == 0:
            return token.start
    raise ParameterError("only a SELECT query can be counted")


def _refuse_own_slicing(text: str, file: str) -> None:
    # Pages are made by appending LIMIT and OFFSET; a query that slices itself would clash.
    for token in tokens(text):
        if token.depth == 0 and token.keyword in ("LIMIT", "OFFSET"):
            raise ValueError(f"{file}: a named query may not have its own {token.keyword}")


@cache
def lookup(name: str) -> str:
    """The text of `lookups/<name>.rq`: a question argmap asks itself, not in the catalogue."""
    return (resources.lookups_dir() / f"{name}.rq").read_text(encoding="utf-8")


def map_ids(store: Store) -> list[str]:
    """The ids of the maps in the store."""
    return [str(row["id"]) for row in run(store, "maps").rows]


def require_map(store: Store, map_id: str) -> None:
    """NotFound, naming the maps the store has, unless the store holds the map `map_id`."""
    if not store.ask(lookup("in-map"), {"map": map_iri(map_id)}):
        known = ", ".join(map_ids(store)) or "none; run `argmap build`"
        raise NotFound(f"there is no map {map_id!r} in the store (its maps: {known})")


def require_named_nodes(store: Store, query: NamedQuery, bindings: Mapping[str, Term]) -> None:
    """NotFound for a parameter that names a map, or a node of a map, that the store lacks.

    Decided from the parameters' types, not per query: a `map` parameter names a map, and an
    `iri` parameter whose IRI is under a map's namespace names a node of that map. Without
    this check a mistyped id answers an empty table, which reads like "nothing undermines it".
    The CLI and the service ask it before they run a named query for a person.
    """
    for param in query.params:
        value = bindings.get(param.name)
        if value is None or param.type not in ("map", "iri"):
            continue
        map_id = map_id_of(str(value))
        if map_id is None:
            continue  # an IRI outside the maps (a class, a source on the web): nothing to check
        require_map(store, map_id)
        node_id = node_id_of(str(value))
        if param.type == "iri" and node_id != str(value):
            found = store.ask(lookup("in-map"), {"map": map_iri(map_id), "node": value})
            if not found:
                raise NotFound(
                    f"there is no node {node_id!r} in the map {map_id!r} (parameter "
                    f"{param.name}={value}). `argmap query claims -p map={map_id}` lists its "
                    "claims."
                )
