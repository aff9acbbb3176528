"""The query workers: the time limit runs from when the request was read, not from a worker's
start, and the event loop's way in (`query_async`) answers as the blocking one does."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox
import pytest

from argmap.api.sparql.pool import Checkpoints, Limits, Reply, WorkerPool
from argmap.errors import QueryTimeout

T = TypeVar("T")
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


META = {"default_graphs": [], "named_graphs": [], "accept": None, "base": "http://a.example/"}


def _timed_out_after(pool: WorkerPool, received: float | None) -> float:
    meta = dict(META)
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        pool.query(meta, RUNAWAY, received)
    return time.monotonic() - started


def test_a_runaway_is_stopped_at_the_limit(pool: WorkerPool) -> None:
    assert LIMIT_S <= _timed_out_after(pool, None) < LIMIT_S + 1


def test_time_spent_before_a_worker_took_it_counts_against_the_limit(pool: WorkerPool) -> None:
    # A query read 1.5 s ago (waiting for the event loop, say) has 0.5 s left.
    assert _timed_out_after(pool, time.monotonic() - 1.5) < 1.2


def _await(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine on a loop of its own thread: another test may have a loop running here."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


def _ready_async(pool: WorkerPool, query: str) -> Reply:
    """`query_async`'s answer once a worker waits ready (a killed one is replaced meanwhile)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        reply = _await(pool.query_async(dict(META), query))
        if reply is not None:
            return reply
        time.sleep(0.05)
    raise AssertionError("no worker became ready in 30 s")


def test_an_async_query_answers_as_the_blocking_one_does(pool: WorkerPool) -> None:
    query = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?o"
    assert _ready_async(pool, query) == pool.query(dict(META), query)


def test_a_result_larger_than_the_socket_buffer_reaches_the_event_loop_whole(
    pool: WorkerPool,
) -> None:
    # Several times a Unix socket's buffer (about 200 KB): it arrives in pieces.
    query = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 2500"
    reply = _ready_async(pool, query)
    assert len(reply.body) > 600_000
    assert reply == pool.query(dict(META), query)


def test_an_async_runaway_is_stopped_at_the_limit_and_its_worker_replaced(
    pool: WorkerPool,
) -> None:
    _ready_async(pool, "ASK {}")  # a worker is ready, so the runaway takes the loop's way
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        _await(pool.query_async(dict(META), RUNAWAY))
    assert LIMIT_S <= time.monotonic() - started < LIMIT_S + 1
    assert _ready_async(pool, "ASK {}").body == b'{"head":{},"boolean":true}'


def test_a_worker_that_died_idle_sends_the_query_the_blocking_way(tmp_path: Path) -> None:
    checkpoints = Checkpoints(ox.Store(str(tmp_path / "store")), tmp_path / "checkpoints")
    limits = Limits(timeout_s=LIMIT_S, memory_mb=512, result_max_bytes=10**6, max_depth=256)
    lone = WorkerPool(checkpoints, limits, size=1, idle=1)
    lone.warm_up()
    try:
        _ready_async(lone, "ASK {}")
        (process,) = lone._idle
        os.kill(process.pid, signal.SIGKILL)
        time.sleep(0.2)  # the kernel has closed its end of the socket
        assert _await(lone.query_async(dict(META), "ASK {}")) is None
        assert lone.query(dict(META), "ASK {}").body == b'{"head":{},"boolean":true}'
    finally:
        lone.close()
        checkpoints.close()


def test_after_a_write_the_loop_leaves_the_move_to_the_new_checkpoint_to_a_thread(
    pool: WorkerPool,
) -> None:
    _ready_async(pool, "ASK {}")
    pool.refresh()  # every idle worker has the old checkpoint open now
    assert _await(pool.query_async(dict(META), "ASK {}")) is None
    assert pool.query(dict(META), "ASK {}").body == b'{"head":{},"boolean":true}'
    assert _ready_async(pool, "ASK {}").body == b'{"head":{},"boolean":true}'
