"""What one app instance holds: its settings, the store, the SPARQL engine and the query workers."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from argmap.api.caching import State, StoreGeneration
from argmap.api.errors import QueryTimeout
from argmap.api.sparql.engines import EmbeddedEngine, Engine, IsolatedEngine, RemoteEngine
from argmap.api.sparql.pool import Checkpoints, Limits, WorkerPool
from argmap.api.writes import Writer
from argmap.errors import StoreError
from argmap.remote import RemoteStore
from argmap.settings import Settings
from argmap.store import OxigraphStore, Store

T = TypeVar("T")


def limits_of(settings: Settings) -> Limits:
    """What one /sparql query may use, from the settings."""
    return Limits(
        timeout_s=settings.query_timeout_s,
        memory_mb=settings.query_memory_mb,
        result_max_bytes=settings.result_max_mb * 1_000_000,
        max_depth=settings.query_max_depth,
        allow=tuple(settings.remote_allow),
    )


def checkpoint_dir(store_path: Path) -> Path:
    """Where the query workers' checkpoints of an on-disk store go: a sibling of the store."""
    return store_path.with_name(store_path.name + "-checkpoints")


def engine_for(store: Store, settings: Settings) -> Engine:
    """Worker processes for the store on disk; threads for one in memory; a proxy for a remote."""
    limits = limits_of(settings)
    if isinstance(store, OxigraphStore):
        if store.path is None:
            return EmbeddedEngine(store.raw(), limits)
        checkpoints = Checkpoints(store.raw(), checkpoint_dir(store.path))
        pool = WorkerPool(
            checkpoints, limits, settings.sparql_workers, settings.sparql_idle_workers
        )
        pool.warm_up()
        return IsolatedEngine(pool)
    if isinstance(store, RemoteStore):
        return RemoteEngine(store.query_endpoint, limits, auth=store.auth)
    raise StoreError(f"the SPARQL endpoint cannot serve a {type(store).__name__}")


@dataclass
class Services:
    """The per-app state that request handlers reach through the dependencies in `api.deps`."""

    settings: Settings
    store: Store | None = None
    engine: Engine | None = None
    writer: Writer | None = None
    generation: StoreGeneration = field(default_factory=StoreGeneration)
    _pool: ThreadPoolExecutor | None = field(default=None, init=False, repr=False)

    @property
    def pool(self) -> ThreadPoolExecutor:
        """The workers of /sparql, made on first use (and again after a shutdown)."""
        # SPARQL requests get their own workers, so that slow queries, even abandoned ones that
        # pyoxigraph cannot stop, never take the threads the other routes run in.
        # With worker processes, a thread only waits for its worker; there are more threads
        # than workers so that a request waiting for a free worker waits in the pool, which
        # bounds the wait by the time limit, not in the executor's queue, which does not.
        if self._pool is None:
            self._pool = ThreadPoolExecutor(
                4 * self.settings.sparql_workers, thread_name_prefix="sparql"
            )
        return self._pool

    def attach(self, store: Store) -> None:
        """Serve this store from now on."""
        engine = engine_for(store, self.settings)
        checker = None
        if isinstance(engine, IsolatedEngine):
            pool = engine.pool

            def checker(text: str) -> list[str]:
                return pool.check(text, "update")

        self.writer = Writer(
            store, limits_of(self.settings), checker=checker, written=self._written
        )
        self.engine, self.store = engine, store
        self.generation.bump()

    def _written(self) -> None:
        # After every write, the workers read a new checkpoint before their next query, and
        # every validator given out before it goes stale.
        if isinstance(self.engine, IsolatedEngine):
            self.engine.pool.refresh()
        self.generation.bump()

    def cache_state(self) -> State | None:
        """The store's state for HTTP validators; None when the service cannot know it.

        A remote store may be written by others without the service hearing of it, so its
        answers get no validators (see `api.caching`).
        """
        if self.store is None or isinstance(self.store, RemoteStore):
            return None
        return self.generation.state()

    def detach(self) -> None:
        """Stop serving the store (the caller closes it if it opened it)."""
        if self.engine is not None:
            self.engine.close()
        self.store = self.engine = self.writer = None

    async def run_query(self, work: Callable[[], T]) -> T:
        """Run SPARQL work on the query workers; QueryTimeout after ARGMAP_QUERY_TIMEOUT_S.

        With worker processes the pool stops the query itself at the limit; the wait here is
        the bound for the engines that cannot (a thread over an in-memory store keeps running
        until the query ends; a remote server has its own limits).
        """
        future = asyncio.wrap_future(self.pool.submit(work))
        timeout = self.settings.query_timeout_s
        if isinstance(self.engine, IsolatedEngine):
            timeout += 5.0  # the pool answers first; this only guards against a stuck pipe
        try:
            return await asyncio.wait_for(future, timeout)
        except TimeoutError:
            raise QueryTimeout(
                f"the query ran longer than {timeout:g} s (ARGMAP_QUERY_TIMEOUT_S)"
            ) from None

    async def run_write(self, work: Callable[[Writer], T]) -> T:
        """Run a write in a thread, without a timeout: it commits or fails whole."""
        writer = self.writer
        if writer is None:
            raise StoreError("the store is not open yet; try again in a moment")
        return await asyncio.to_thread(work, writer)

    def shutdown(self) -> None:
        """Stop the workers without waiting for a query that is still running."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
