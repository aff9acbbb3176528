"""The store: a quad store with one named graph per map, one for the ontology, one per inferred set.

`Store` is the interface every part of argmap talks to. `OxigraphStore` is the embedded
implementation (pyoxigraph, on disk or in memory); `argmap.remote.RemoteStore` speaks the
SPARQL 1.1 Protocol and Graph Store Protocol to any server. Queries see the union of all
graphs as their default graph.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import pyoxigraph as ox
from rdflib import Graph, URIRef

from argmap.binding import bind, drop_update, replace_update
from argmap.errors import QueryError, StoreError, StoreLocked
from argmap.sparql_reach import refuse_reaching
from argmap.terms import Term, from_ox, graph_to_ntriples, to_ox, to_python

if TYPE_CHECKING:
    from argmap.snapshots import SnapshotPolicy

__all__ = [
    "OxigraphStore",
    "Store",
    "Table",
    "Term",
    "from_ox",
    "graph_to_ntriples",
    "table_of",
    "to_ox",
    "to_python",
]


@dataclass
class Table:
    """The answer of a SELECT: its variables in order and one mapping per row."""

    variables: list[str]
    rows: list[dict[str, Term]] = field(default_factory=list)

    def values(self, variable: str) -> list[Term]:
        """The bound values of one variable, in row order."""
        return [row[variable] for row in self.rows if variable in row]

    def as_python(self) -> list[dict[str, object]]:
        """Rows with plain Python values: IRIs and strings as str, numbers as numbers."""
        return [{k: to_python(v) for k, v in row.items()} for row in self.rows]


class Store(Protocol):
    """What argmap needs of a quad store; the default graph of queries is the union of graphs."""

    def select(
        self,
        query: str,
        bindings: Mapping[str, Term] | None = None,
        graphs: Sequence[URIRef] | None = None,
    ) -> Table:
        """Run a SELECT query with variables bound to values (never spliced into the text).

        With `graphs`, its default graph is the union of those graphs alone (a map's own,
        say), so that its cost does not grow with the rest of the store.
        """
        ...

    def ask(self, query: str, bindings: Mapping[str, Term] | None = None) -> bool:
        """Run an ASK query."""
        ...

    def construct(self, query: str, bindings: Mapping[str, Term] | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query."""
        ...

    def replace_graphs(self, graphs: Mapping[URIRef, Graph]) -> None:
        """Replace each named graph by the given triples, all of them in one transaction."""
        ...

    def drop_graphs(self, names: Iterable[URIRef]) -> None:
        """Remove named graphs (missing ones are ignored), in one transaction."""
        ...

    def graph_names(self) -> list[URIRef]:
        """The names of the graphs in the store."""
        ...

    def graph(self, name: URIRef) -> Graph:
        """A copy of one named graph as an rdflib Graph."""
        ...

    def close(self) -> None:
        """Release the store (the on-disk lock, a connection)."""
        ...


def table_of(results: ox.QuerySolutions) -> Table:
    """The rows of pyoxigraph solutions as a Table of rdflib terms."""
    variables = [v.value for v in results.variables]
    rows = []
    try:
        for solution in results:
            row: dict[str, Term] = {}
            for name in variables:
                value = solution[name]
                if value is not None:
                    row[name] = from_ox(value)
            rows.append(row)
    except (OSError, RuntimeError, SyntaxError) as exc:
        # Evaluation is lazy, so errors can surface while iterating. The result object is
        # bound to this thread: drop it before the error travels (the service runs queries
        # in worker threads and re-raises on the event loop's).
        del results
        raise QueryError(f"the query failed: {exc}") from None
    return Table(variables, rows)


# -- the embedded store ------------------------------------------------------------------------

BULK_MIN_QUADS = 100_000
"""From this many quads a write goes through pyoxigraph's bulk writer (`add_graphs`)."""
PENDING_FILE = "argmap-pending-write.json"
"""The graphs a bulk write is writing, beside the RocksDB files until it is on disk."""
OWNER_FILE = "argmap-owner.json"
"""Written next to the RocksDB files so that a second process can say who holds the store."""


class OxigraphStore:
    """The embedded store: pyoxigraph on disk (`path`) or in memory (`path=None`)."""

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.path = path
        # Where to copy the store before a destructive write (argmap.snapshots); set by
        # argmap.stores from the settings, so a store opened directly takes no snapshots.
        self.snapshots: SnapshotPolicy | None = None
        if path is None:
            self._store = ox.Store()
            return
        if read_only:
            self._store = ox.Store.read_only(str(path))
            return
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:  # a file on the way, no permission, a read-only disk
            raise StoreError(
                f"cannot make the store's directory {path}: {exc.strerror or exc}. Point "
                "ARGMAP_STORE at a directory argmap may create or write."
            ) from exc
        try:
            self._store = ox.Store(str(path))
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreLocked(_locked_message(path)) from exc
            raise StoreError(f"cannot open the store at {path}: {exc}") from exc
        _write_owner(path)
        self._drop_pending()  # a bulk write a killed process left half done

    def _query(
        self,
        query: str,
        bindings: Mapping[str, Term] | None,
        graphs: Sequence[URIRef] | None = None,
    ) -> object:
        # Bound as a VALUES block at the start of the WHERE group, as for remote stores:
        # pyoxigraph's `substitutions` filter the finished results instead of seeding the
        # evaluation, which made a one-node lookup scan the whole map (200 ms against 5 ms).
        # The library reaches out to no server either: a SERVICE is refused here too.
        refuse_reaching(query, "query")
        try:
            if graphs is not None:
                dataset: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [
                    ox.NamedNode(str(g)) for g in graphs
                ]
                return self._store.query(bind(query, bindings), default_graph=dataset)
            return self._store.query(bind(query, bindings), use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        except (OSError, RuntimeError) as exc:
            raise QueryError(f"the query failed: {exc}") from exc

    def select(
        self,
        query: str,
        bindings: Mapping[str, Term] | None = None,
        graphs: Sequence[URIRef] | None = None,
    ) -> Table:
        """Run a SELECT query over the union of all graphs, or of `graphs`."""
        results = self._query(query, bindings, graphs)
        if not isinstance(results, ox.QuerySolutions):
            raise QueryError("not a SELECT query")
        return table_of(results)

    def ask(self, query: str, bindings: Mapping[str, Term] | None = None) -> bool:
        """Run an ASK query over the union of all graphs."""
        result = self._query(query, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise QueryError("not an ASK query")
        return bool(result)

    def construct(self, query: str, bindings: Mapping[str, Term] | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query over the union of all graphs."""
        result = self._query(query, bindings)
        if not isinstance(result, ox.QueryTriples):
            raise QueryError("not a CONSTRUCT or DESCRIBE query")
        graph = Graph()
        for triple in result:
            graph.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
        return graph

    def raw(self) -> ox.Store:
        """The pyoxigraph store itself, for the SPARQL endpoint's native serialisers."""
        return self._store

    def replace_graphs(self, graphs: Mapping[URIRef, Graph]) -> None:
        """Replace named graphs in one SPARQL update, which Oxigraph applies atomically."""
        if graphs:
            self._update(replace_update(graphs))

    def add_graphs(self, graphs: Mapping[URIRef, Sequence[ox.Triple]]) -> None:
        """Add named graphs the store does not have, all of them or none, at engine speed.

        Up to `BULK_MIN_QUADS` quads go in one transaction. A larger write goes through
        pyoxigraph's bulk writer, three times faster and not transactional, so it is made
        all or nothing here: the names of the graphs it writes are recorded beside the store
        first (`PENDING_FILE`, synced to disk), the record goes when the quads are on disk,
        and a store opened for writing with a record left (the process was killed in the
        middle) drops those graphs, which no one else could have written meanwhile.
        """
        # One graph node a graph, not one a quad: at a million quads that is time and memory.
        named = [(ox.NamedNode(str(name)), triples) for name, triples in graphs.items()]
        quads = [
            ox.Quad(t.subject, t.predicate, t.object, graph)
            for graph, triples in named
            for t in triples
        ]
        try:
            if len(quads) < BULK_MIN_QUADS or self.path is None:
                self._store.extend(quads)  # one transaction
                return
            pending = self.path / PENDING_FILE
            _write_synced(pending, json.dumps([str(name) for name in graphs]))
            try:
                self._store.bulk_extend(quads)
                self._store.flush()
            except BaseException:
                self._drop_pending()
                raise
            pending.unlink()
        except OSError as exc:
            raise StoreError(f"the store could not be written: {exc}") from exc

    def _drop_pending(self) -> None:
        """Drop the graphs of a bulk write that did not finish (see `add_graphs`)."""
        if self.path is None:
            return
        pending = self.path / PENDING_FILE
        try:
            names = json.loads(pending.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, ValueError) as exc:
            raise StoreError(
                f"cannot read {pending}, the record of an unfinished write: {exc}"
            ) from exc
        self.drop_graphs(URIRef(str(name)) for name in names)
        self._store.flush()
        pending.unlink()

    def drop_graphs(self, names: Iterable[URIRef]) -> None:
        """Drop named graphs in one transaction."""
        update = drop_update(names)
        if update:
            self._update(update)

    def _update(self, update: str) -> None:
        try:
            self._store.update(update)
        except (SyntaxError, OSError) as exc:
            raise StoreError(f"the store refused the update: {exc}") from exc

    def graph_names(self) -> list[URIRef]:
        """The names of the graphs in the store, sorted."""
        return sorted(
            URIRef(g.value) for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)
        )

    def graph(self, name: URIRef) -> Graph:
        """A copy of one named graph."""
        graph = Graph()
        for quad in self._store.quads_for_pattern(None, None, None, ox.NamedNode(str(name))):
            graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
        return graph

    def quad_count(self) -> int:
        """How many quads the store holds."""
        return len(self._store)

    def close(self) -> None:
        """Flush and release the on-disk lock."""
        if self.path is not None:
            owner = self.path / OWNER_FILE
            if owner.is_file() and owner_pid(owner) == os.getpid():
                owner.unlink(missing_ok=True)
        del self._store


def _write_synced(path: Path, text: str) -> None:
    """Write a small file and sync it to disk before going on."""
    with path.open("w", encoding="utf-8") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())


def _write_owner(path: Path) -> None:
    info = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "since": time.time(),
        "command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]])[:200],
    }
    (path / OWNER_FILE).write_text(json.dumps(info), encoding="utf-8")


def owner_pid(owner: Path) -> int | None:
    """The process id a JSON record beside a store names (`pid`), if it names one."""
    try:
        pid = json.loads(owner.read_text(encoding="utf-8")).get("pid")
    except (OSError, ValueError):
        return None
    return pid if isinstance(pid, int) else None


def _locked_message(path: Path) -> str:
    holder = "another process"
    owner = path / OWNER_FILE
    if owner.is_file():
        try:
            info = json.loads(owner.read_text(encoding="utf-8"))
            holder = f"process {info.get('pid')} (`{info.get('command')}`)"
        except (OSError, ValueError):
            pass
    # Read commands get here only when no running service holds the store (they ask the
    # service otherwise, see argmap.stores), so this is said to writers, or about a non-service.
    return (
        f"The store at {path} is in use by {holder}. An embedded store has one writer at a time: "
        "stop that process first (Ctrl-C where it runs), or point ARGMAP_STORE at another "
        "directory. While `argmap serve` holds the store, commands that only read ask it instead."
    )
