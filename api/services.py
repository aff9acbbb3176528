"""What one app instance holds: its settings, the store, the SPARQL engine and the query workers."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TypeVar

from argmap.api.errors import QueryTimeout
from argmap.api.sparql.engines import EmbeddedEngine, Engine, RemoteEngine
from argmap.errors import StoreError
from argmap.remote import RemoteStore
from argmap.settings import Settings
from argmap.store import OxigraphStore, Store

T = TypeVar("T")


def engine_for(store: Store, timeout_s: float) -> Engine:
    """Native pyoxigraph for the embedded store; a pass-through proxy for a remote one."""
    if isinstance(store, OxigraphStore):
        return EmbeddedEngine(store.raw())
    if isinstance(store, RemoteStore):
        return RemoteEngine(store.query_endpoint, store.update_endpoint, timeout_s)
    raise StoreError(f"the SPARQL endpoint cannot serve a {type(store).__name__}")


@dataclass
class Services:
    """The per-app state that request handlers reach through the dependencies in `api.deps`."""

    settings: Settings
    store: Store | None = None
    engine: Engine | None = None
    _pool: ThreadPoolExecutor | None = field(default=None, init=False, repr=False)

    @property
    def pool(self) -> ThreadPoolExecutor:
        """The workers of /sparql, made on first use (and again after a shutdown)."""
        # SPARQL requests get their own workers, so that slow queries, even abandoned ones that
        # pyoxigraph cannot stop, never take the threads the other routes run in.
        if self._pool is None:
            self._pool = ThreadPoolExecutor(
                self.settings.sparql_workers, thread_name_prefix="sparql"
            )
        return self._pool

    def attach(self, store: Store) -> None:
        """Serve this store from now on."""
        self.engine = engine_for(store, self.settings.query_timeout_s)
        self.store = store

    def detach(self) -> None:
        """Stop serving the store (the caller closes it if it opened it)."""
        if self.engine is not None:
            self.engine.close()
        self.store = self.engine = None

    async def run_query(self, work: Callable[[], T]) -> T:
        """Run SPARQL work on the query workers; QueryTimeout after ARGMAP_QUERY_TIMEOUT_S.

        pyoxigraph cannot interrupt a running query, so a timed-out one finishes in its
        worker and its result is dropped; a query still waiting for a worker is dropped at once.
        """
        future = asyncio.wrap_future(self.pool.submit(work))
        timeout = self.settings.query_timeout_s
        try:
            return await asyncio.wait_for(future, timeout)
        except TimeoutError:
            raise QueryTimeout(
                f"the query ran longer than {timeout:g} s (ARGMAP_QUERY_TIMEOUT_S)"
            ) from None

    async def run_update(self, work: Callable[[], T]) -> T:
        """Run an update on the query workers, without a timeout: it commits or fails whole."""
        return await asyncio.wrap_future(self.pool.submit(work))

    def shutdown(self) -> None:
        """Stop the workers without waiting for a query that is still running."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
