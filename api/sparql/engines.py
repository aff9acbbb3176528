"""Answer /sparql queries: in worker processes, in the service's threads, or by proxy.

Worker processes over checkpoints serve the embedded store on disk, the service's threads a
store in memory, and a remote store answers through a proxy.

Updates are not an engine's: `argmap.api.writes` checks and applies them, with the update
helpers here (`check_update_dataset`, `run_update`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox
from fastapi import HTTPException, status

from argmap.api.negotiation import choose
from argmap.api.sparql import text as sparql_text
from argmap.api.sparql.formats import (
    by_media_type,
    form_of,
    formats_for,
    not_acceptable_message,
    offers,
)
from argmap.api.sparql.pool import Limits, NotAcceptable, WorkerPool
from argmap.api.sparql.protocol import FORM, Dataset, QueryOperation, UpdateOperation
from argmap.errors import QueryError, StoreError
from argmap.remote import boolean_answer, query_form
from argmap.sparql_lexer import check_nesting
from argmap.sparql_reach import Kind, refuse_reaching


@dataclass(frozen=True)
class Answer:
    """A serialised result, ready to send."""

    body: bytes
    content_type: str
    status: int = 200


class Engine(Protocol):
    """What the endpoint needs of a store: run a query as the protocol says."""

    union_default_graph: bool
    """Whether a query without a dataset sees the union of all graphs as its default graph."""

    def query(self, operation: QueryOperation, accept: str | None, base_iri: str) -> Answer:
        """Run a query and serialise its result in the format `accept` prefers."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...


def not_acceptable(accept: str | None, kind: str, formats: list[str]) -> HTTPException:
    """The 406 answer, naming what the endpoint could have sent."""
    return HTTPException(
        status.HTTP_406_NOT_ACCEPTABLE, not_acceptable_message(accept, kind, formats)
    )


def check_text(text: str, kind: Kind, limits: Limits) -> None:
    """Refuse, in this process, a text that nests too deeply or would reach another server."""
    check_nesting(text, limits.max_depth)
    refuse_reaching(text, kind, limits.allow)


def _default_graphs(names: tuple[str, ...]) -> list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph]:
    return [ox.NamedNode(name) for name in names]


def _named_graphs(names: tuple[str, ...]) -> list[ox.NamedNode | ox.BlankNode]:
    return [ox.NamedNode(name) for name in names]


def check_update_dataset(operation: UpdateOperation) -> None:
    """Refuse an update that names its dataset twice: in the request and in USING or WITH."""
    if operation.dataset.given and sparql_text.names_update_dataset(operation.text):
        raise QueryError(
            "the update has its own USING or WITH clause and the request names "
            "using-graph-uri / using-named-graph-uri; send one or the other"
        )


def run_update(store: ox.Store, operation: UpdateOperation, base_iri: str) -> None:
    """Run an update on a store in one transaction; `using-*` graphs become USING clauses."""
    text = operation.text
    if operation.dataset.given:
        check_update_dataset(operation)
        text = sparql_text.add_using(
            text, list(operation.dataset.default_graphs), list(operation.dataset.named_graphs)
        )
    try:
        store.update(text, base_iri=base_iri)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from exc
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"the update failed: {exc}") from exc


class EmbeddedEngine:
    """The embedded store queried in the service's own threads, as an in-memory store must be.

    Nothing isolates these queries (see `argmap.api.sparql.pool`): the service uses this
    engine only for a store without a directory, which only tests and library callers make.
    """

    union_default_graph = True

    def __init__(self, store: ox.Store, limits: Limits) -> None:
        self._store = store
        self.limits = limits

    def _evaluate(self, operation: QueryOperation, base_iri: str) -> object:
        dataset, text = operation.dataset, operation.text
        check_text(text, "query", self.limits)
        if dataset.given:
            # The protocol's dataset replaces any FROM / FROM NAMED of the query.
            return self._store.query(
                text,
                base_iri=base_iri,
                default_graph=_default_graphs(dataset.default_graphs),
                named_graphs=_named_graphs(dataset.named_graphs),
            )
        # A query's own FROM clauses stand; union would override them.
        union = not sparql_text.names_dataset(text)
        return self._store.query(text, base_iri=base_iri, use_default_graph_as_union=union)

    def query(self, operation: QueryOperation, accept: str | None, base_iri: str) -> Answer:
        """Parse, evaluate and serialise with pyoxigraph; 406 when no format fits the query form."""
        try:
            result = self._evaluate(operation, base_iri)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        except (OSError, RuntimeError) as exc:
            raise QueryError(f"the query failed: {exc}") from exc
        if not isinstance(result, ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples):
            raise QueryError(f"unexpected result {type(result).__name__}")
        # pyoxigraph results must be dropped in the thread that made them, so none may travel
        # to the event loop in the frame of an exception's traceback: `del` before raising.
        formats, kind = formats_for(form_of(result))
        chosen = choose(accept, offers(formats))
        if chosen is None:
            del result
            raise not_acceptable(accept, kind, [f.media_type for f in formats])
        fmt = by_media_type(formats, chosen)
        failure = None
        try:
            # Evaluation is lazy: most of the work happens while serialising.
            body = result.serialize(format=fmt.writer)  # type: ignore[arg-type]
        except (OSError, RuntimeError) as exc:
            failure = str(exc)
        del result
        if failure is not None:
            raise QueryError(f"the query failed: {failure}")
        return Answer(body or b"", fmt.content_type)

    def close(self) -> None:
        """Nothing to release: the store belongs to whoever opened it."""


class IsolatedEngine:
    """The embedded store on disk: each query runs in a worker process over a checkpoint.

    `argmap.api.sparql.pool` says why. Updates do not come here: the service's writer
    (`argmap.api.writes`) applies them in this process, which holds the store.
    """

    union_default_graph = True

    def __init__(self, pool: WorkerPool) -> None:
        self.pool = pool

    def query(self, operation: QueryOperation, accept: str | None, base_iri: str) -> Answer:
        """Answer a query from a worker; 406 when no format the client accepts fits its form."""
        try:
            reply = self.pool.query(_request(operation, accept, base_iri), *_timed(operation))
        except NotAcceptable as exc:
            raise HTTPException(status.HTTP_406_NOT_ACCEPTABLE, str(exc)) from None
        return Answer(reply.body, reply.content_type)

    async def query_async(
        self, operation: QueryOperation, accept: str | None, base_iri: str
    ) -> Answer | None:
        """`query` on the event loop; None when no worker is ready and a thread must wait."""
        request = _request(operation, accept, base_iri)
        try:
            reply = await self.pool.query_async(request, *_timed(operation))
        except NotAcceptable as exc:
            raise HTTPException(status.HTTP_406_NOT_ACCEPTABLE, str(exc)) from None
        return None if reply is None else Answer(reply.body, reply.content_type)

    def close(self) -> None:
        """Stop the workers and remove the checkpoints."""
        self.pool.close()
        self.pool.checkpoints.close()


def _request(operation: QueryOperation, accept: str | None, base_iri: str) -> dict[str, Any]:
    """What a query worker is told of a query besides its text."""
    return {
        "default_graphs": list(operation.dataset.default_graphs),
        "named_graphs": list(operation.dataset.named_graphs),
        "accept": accept,
        "base": base_iri,
    }


def _timed(operation: QueryOperation) -> tuple[str, float | None]:
    """The text of a query and when it was received (its time limit counts from then)."""
    return operation.text, operation.received


def _dataset_params(dataset: Dataset, default_name: str, named_name: str) -> list[tuple[str, str]]:
    return [(default_name, g) for g in dataset.default_graphs] + [
        (named_name, g) for g in dataset.named_graphs
    ]


class RemoteEngine:
    """A remote SPARQL 1.1 server: requests are passed on and its answers passed back unchanged."""

    # RemoteStore.check() refuses a server whose default graph is not the union of its graphs.
    union_default_graph = True

    def __init__(self, query_endpoint: str, limits: Limits, auth: httpx.Auth | None = None) -> None:
        self.query_endpoint = query_endpoint
        self.limits = limits
        # The store's credentials, for a query endpoint that asks for them.
        self._client = httpx.Client(timeout=httpx.Timeout(limits.timeout_s), auth=auth)

    def _send(self, url: str, form: list[tuple[str, str]], accept: str | None) -> Answer:
        try:
            response = self._client.post(
                url,
                content=urlencode(form).encode(),
                headers={"Content-Type": FORM, "Accept": accept or "*/*"},
            )
        except httpx.HTTPError as exc:
            raise StoreError(f"the SPARQL endpoint {url} cannot be reached: {exc}") from exc
        content_type = response.headers.get("content-type", "text/plain")
        return Answer(response.content, content_type, response.status_code)

    def query(self, operation: QueryOperation, accept: str | None, base_iri: str) -> Answer:
        """Pass the query, its dataset and the Accept header on; return what the server says."""
        check_text(operation.text, "query", self.limits)
        form = [("query", operation.text)]
        form += _dataset_params(operation.dataset, "default-graph-uri", "named-graph-uri")
        kind = query_form(operation.text)
        if kind is not None:
            # argmap's negotiation, not the server's, so that defaults, aliases and 406 are
            # those of the embedded store (Virtuoso's default is XML, Oxigraph's N-Quads).
            formats, what = formats_for(kind)
            chosen = choose(accept, offers(formats))
            if chosen is None:
                raise not_acceptable(accept, what, [f.media_type for f in formats])
            accept = by_media_type(formats, chosen).media_type
        answer = self._send(self.query_endpoint, form, accept)
        if kind == "ASK" and answer.status == 200:
            body = boolean_answer(answer.body, answer.content_type)
            answer = Answer(body, answer.content_type, answer.status)
        return answer

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()
