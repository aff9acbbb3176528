"""The service's writes: uploads, replacements, deletions and SPARQL updates of maps.

Every write goes through the one write pipeline (`argmap.pipeline`): the maps are parsed,
checked against the shapes and the violation queries, inferred, and applied in one
transaction, after an automatic snapshot when the write replaces or removes a map. Writes
run one at a time, and after each the query workers move to a new checkpoint, so a query
sent once a write has answered sees it.

A SPARQL update is checked like an upload. A worker parses it and says which graphs it
writes (`argmap.update_targets`: map graphs only); the update then runs on a scratch copy of
the store (a checkpoint opened for writing), and each map graph it changed goes through the
pipeline as a replaced map (its inferences recomputed) or, if the update emptied it, is
deleted with its inferences. A refused update therefore leaves the store exactly as it was.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from argmap import resources
from argmap.api.sparql.engines import check_text, check_update_dataset, run_update
from argmap.api.sparql.pool import Limits
from argmap.api.sparql.protocol import UpdateOperation
from argmap.errors import StoreError, UpdateRefused
from argmap.importers import import_data
from argmap.pipeline import ImportReport, ParsedMap, delete_maps, stored_map_ids, write_maps
from argmap.store import OxigraphStore, Store
from argmap.terms import from_ox, to_ox
from argmap.update_targets import written_graphs
from argmap.vocab import MAP_BASE, ONTOLOGY_IRI

Checker = Callable[[str], list[str]]
"""Checks an update's text and says which map graphs it writes (a query worker does it)."""


@dataclass
class UpdateReport:
    """What a SPARQL update changed: maps rewritten (with their reports) and maps removed."""

    replaced: list[ImportReport] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)


class Writer:
    """Applies the service's writes to its store, one at a time."""

    def __init__(
        self,
        store: Store,
        limits: Limits,
        *,
        checker: Checker | None = None,
        written: Callable[[], None] = lambda: None,
    ) -> None:
        self.store = store
        self.limits = limits
        self._checker = checker
        self._written = written
        self._lock = threading.Lock()

    def upload(
        self, data: bytes, fmt: str, *, name: str, map_id: str | None, replace: bool
    ) -> list[ImportReport]:
        """Import the maps of an uploaded file (all or nothing)."""
        with self._lock:
            reports = import_data(self.store, data, fmt, name=name, map_id=map_id, replace=replace)
            self._written()
        return reports

    def delete(self, map_id: str) -> None:
        """Remove a map and its inferences (after a snapshot); NotFound for an unknown map."""
        with self._lock:
            delete_maps(self.store, [map_id])
            self._written()

    def map_ids(self) -> list[str]:
        """The ids of the maps in the store."""
        return stored_map_ids(self.store)

    def update(self, operation: UpdateOperation, base_iri: str) -> UpdateReport:
        """Apply a SPARQL update that changes map graphs only, as uploads of those maps."""
        check_update_dataset(operation)  # a protocol error is told before the policy's
        targets = self._check(operation.text)
        with self._lock:
            report = self._apply(self.store, operation, base_iri, targets)
            self._written()
        return report

    def _check(self, text: str) -> list[str]:
        if self._checker is not None:
            return self._checker(text)
        check_text(text, "update", self.limits)  # an in-memory store: no workers to ask
        return written_graphs(text)

    def _apply(
        self, store: Store, operation: UpdateOperation, base_iri: str, targets: list[str]
    ) -> UpdateReport:
        with _scratch_copy(store, targets) as (before, scratch):
            run_update(scratch, operation, base_iri)
            _check_untouched(before, scratch, targets)
            changed: list[ParsedMap] = []
            emptied: list[str] = []
            held = set(stored_map_ids(store))
            for iri in targets:
                map_id = iri[len(MAP_BASE) :]
                after = _quads(scratch, iri)
                if after == _quads(before, iri):
                    continue
                if not after:
                    if map_id in held:
                        emptied.append(map_id)
                    continue
                changed.append(ParsedMap(map_id, _graph(scratch, iri)))
            del before, scratch  # closed before their folder goes
        report = UpdateReport()
        if changed:
            report.replaced = write_maps(
                store,
                changed,
                fmt="sparql-update",
                name="the update",
                replace=True,
                roots=[resources.data_dir().parent],
            )
        if emptied:
            report.deleted = delete_maps(store, emptied)
        return report


def _quads(store: ox.Store, graph: str) -> set[ox.Quad]:
    return set(store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))


def _graph(store: ox.Store, graph: str) -> Graph:
    result = Graph()
    for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(graph)):
        result.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    return result


def _check_untouched(before: ox.Store, after: ox.Store, targets: list[str]) -> None:
    """Refuse an update that changed a graph it does not name (the algebra missed a write)."""
    named = {URIRef(t) for t in targets}
    outside_before = len(before) - sum(len(_quads(before, str(t))) for t in named)
    outside_after = len(after) - sum(len(_quads(after, str(t))) for t in named)
    if outside_before != outside_after:
        raise UpdateRefused(
            "the update changed graphs besides the map graphs it names; nothing was written"
        )


class _scratch_copy:
    """The store as it is, and a writable copy of it to try an update on.

    For the embedded store on disk, the copy is a checkpoint opened for writing (hard links:
    milliseconds). An in-memory store is copied whole. A remote store lends the graphs the
    update writes and the ontology, which is what its WHERE clauses then see.
    """

    def __init__(self, store: Store, targets: list[str]) -> None:
        self._source = store
        self._targets = targets
        self._folder: Path | None = None

    def __enter__(self) -> tuple[ox.Store, ox.Store]:
        source = self._source
        if isinstance(source, OxigraphStore) and source.path is not None:
            self._folder = Path(tempfile.mkdtemp(prefix=".update-", dir=source.path.parent))
            target = self._folder / "store"
            try:
                source.raw().backup(str(target))
                return source.raw(), ox.Store(str(target))
            except OSError as exc:
                shutil.rmtree(self._folder, ignore_errors=True)
                raise StoreError(f"cannot make a scratch copy of the store: {exc}") from exc
        if isinstance(source, OxigraphStore):
            scratch = ox.Store()
            scratch.extend(source.raw())
            return source.raw(), scratch
        lent = ox.Store()
        for name in [*self._targets, str(ONTOLOGY_IRI)]:
            graph = ox.NamedNode(name)
            lent.extend(
                ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph)  # type: ignore[arg-type]
                for s, p, o in source.graph(URIRef(name))
            )
        scratch = ox.Store()
        scratch.extend(lent)
        return lent, scratch

    def __exit__(self, *exc: object) -> None:
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
