"""The query workers' time limit runs from when the request was read, not from a worker's start."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from argmap.api.sparql.pool import Checkpoints, Limits, WorkerPool
from argmap.errors import QueryTimeout

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
LIMIT_S = 2.0


@pytest.fixture(scope="module")
def pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WorkerPool]:
    """Two workers over a checkpoint of a store of 200 triples, with a 2 s limit."""
    directory = tmp_path_factory.mktemp("pool")
    store = ox.Store(str(directory / "store"))
    node = ox.NamedNode
    store.extend(
        ox.Quad(node(f"http://a.example/s{i}"), node("http://a.example/p"), ox.Literal(str(i)))
        for i in range(200)
    )
    checkpoints = Checkpoints(store, Path(directory / "checkpoints"))
    limits = Limits(timeout_s=LIMIT_S, memory_mb=512, result_max_bytes=10**6, max_depth=256)
    workers = WorkerPool(checkpoints, limits, size=2, idle=1)
    workers.warm_up()
    yield workers
    workers.close()
    checkpoints.close()
    del store


def _timed_out_after(pool: WorkerPool, received: float | None) -> float:
    meta = {"default_graphs": [], "named_graphs": [], "accept": None, "base": "http://a.example/"}
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        pool.query(meta, RUNAWAY, received)
    return time.monotonic() - started


def test_a_runaway_is_stopped_at_the_limit(pool: WorkerPool) -> None:
    assert LIMIT_S <= _timed_out_after(pool, None) < LIMIT_S + 1


def test_time_spent_before_a_worker_took_it_counts_against_the_limit(pool: WorkerPool) -> None:
    # A query read 1.5 s ago (waiting for the event loop, say) has 0.5 s left.
    assert _timed_out_after(pool, time.monotonic() - 1.5) < 1.2
