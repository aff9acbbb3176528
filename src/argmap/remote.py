"""The remote store: any SPARQL 1.1 server, over the SPARQL 1.1 Protocol and Graph Store Protocol.

Queries must see the union of the named graphs as their default graph, as they do in the
embedded store. Oxigraph needs `oxigraph serve --union-default-graph` and Fuseki
`tdb2:unionDefaultGraph true` on its dataset; Virtuoso, GraphDB, QLever and Neptune query all
graphs by default. `RemoteStore.check()` refuses a server that answers otherwise, because
every named query would silently find nothing there.

Writes go to the SPARQL Update endpoint as one request per call (atomic where the server
applies a request in one transaction, as Oxigraph, Fuseki and GraphDB do), or, without one,
to the Graph Store Protocol endpoint one graph at a time (not atomic across graphs).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set

import httpx
import pyoxigraph as ox
from rdflib import Graph, URIRef

from argmap.binding import bind, checked_iri, drop_update, replace_update
from argmap.errors import ArgmapError, QueryError, StoreError
from argmap.settings import DEFAULT_QUERY_TIMEOUT_S
from argmap.store import Table, Term, from_ox, graph_to_ntriples, table_of

RESULTS_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
RDF_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.8"

# Which setting names each endpoint, so that an error can say what to fix.
SETTINGS = {
    "query": "ARGMAP_SPARQL_ENDPOINT",
    "update": "ARGMAP_SPARQL_UPDATE_ENDPOINT",
    "graph store": "ARGMAP_GRAPH_STORE_ENDPOINT",
}
MESSAGE_LIMIT = 500
"""How much of a server's error message an exception repeats."""


class RemoteStore:
    """A `Store` on a SPARQL 1.1 server: queries over the Protocol, writes by Update or GSP."""

    def __init__(
        self,
        query_endpoint: str,
        update_endpoint: str | None = None,
        graph_store_endpoint: str | None = None,
        timeout_s: float = DEFAULT_QUERY_TIMEOUT_S,
    ) -> None:
        self.query_endpoint = _checked_url(query_endpoint, "query")
        self.update_endpoint = update_endpoint and _checked_url(update_endpoint, "update")
        self.graph_store_endpoint = graph_store_endpoint and _checked_url(
            graph_store_endpoint, "graph store"
        )
        self.timeout_s = timeout_s
        self._client = httpx.Client(timeout=httpx.Timeout(timeout_s))

    # -- queries --------------------------------------------------------------------------------

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> Table:
        """Run a SELECT query on the server."""
        results = self._results(query, bindings, "SELECT")
        if not isinstance(results, ox.QuerySolutions):
            raise QueryError("not a SELECT query")
        return table_of(results)

    def ask(self, query: str, bindings: Mapping[str, Term] | None = None) -> bool:
        """Run an ASK query on the server."""
        result = self._results(query, bindings, "ASK")
        if not isinstance(result, ox.QueryBoolean):
            raise QueryError("not an ASK query")
        return bool(result)

    def construct(self, query: str, bindings: Mapping[str, Term] | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query on the server."""
        response = self._query(query, bindings, RDF_ACCEPT, "CONSTRUCT or DESCRIBE")
        return _parse_rdf(response, self.query_endpoint)

    def _results(
        self, query: str, bindings: Mapping[str, Term] | None, kind: str
    ) -> ox.QuerySolutions | ox.QueryBoolean:
        response = self._query(query, bindings, RESULTS_ACCEPT, kind)
        media_type = response.headers.get("content-type", "").split(";")[0].strip()
        results_format = ox.QueryResultsFormat.from_media_type(media_type)
        if results_format is None:
            raise QueryError(
                f"{self.query_endpoint} answered a {kind} query with {media_type or 'no type'}, "
                "not SPARQL results"
            )
        try:
            return ox.parse_query_results(response.content, format=results_format)
        except SyntaxError as exc:
            raise QueryError(f"{self.query_endpoint} sent unreadable results: {exc}") from exc

    def _query(
        self, query: str, bindings: Mapping[str, Term] | None, accept: str, kind: str
    ) -> httpx.Response:
        response = self._send(
            "query",
            "POST",
            self.query_endpoint,
            content=bind(query, bindings).encode("utf-8"),
            headers={"Content-Type": "application/sparql-query", "Accept": accept},
            allow={406, 415},
        )
        if response.status_code in {406, 415}:
            # Oxigraph answers a CONSTRUCT sent for SPARQL results (and the reverse) this way.
            raise QueryError(f"not a {kind} query ({_message(response)})")
        return response

    # -- writes ---------------------------------------------------------------------------------

    def replace_graphs(self, graphs: Mapping[URIRef, Graph]) -> None:
        """Replace named graphs: one Update request, or one GSP PUT per graph without one."""
        if not graphs:
            return
        if self.update_endpoint:
            # Every term is checked while the text is written, so a bad one sends nothing.
            self._update(replace_update(graphs))
            return
        endpoint = self._graph_store("replace graphs")
        # Each graph is its own request here, not atomic across graphs; but every body is
        # written (and so checked) before the first is sent.
        bodies = {}
        for name, graph in graphs.items():
            iri = checked_iri(str(name))
            bodies[iri] = graph_to_ntriples(graph).encode("utf-8") if len(graph) else None
        for iri, body in bodies.items():
            if body is None:
                self._send("graph store", "DELETE", endpoint, params={"graph": iri}, allow={404})
                continue
            self._send(
                "graph store",
                "PUT",
                endpoint,
                params={"graph": iri},
                content=body,
                headers={"Content-Type": "application/n-triples"},
            )

    def drop_graphs(self, names: Iterable[URIRef]) -> None:
        """Drop named graphs (missing ones are ignored): one Update request, or GSP DELETEs."""
        wanted = list(names)
        if not wanted:
            return
        if self.update_endpoint:
            self._update(drop_update(wanted))
            return
        iris = [checked_iri(str(name)) for name in wanted]
        endpoint = self._graph_store("drop graphs")
        for iri in iris:
            self._send("graph store", "DELETE", endpoint, params={"graph": iri}, allow={404})

    def _update(self, update: str) -> None:
        if self.update_endpoint is None:
            raise StoreError("no SPARQL Update endpoint: set ARGMAP_SPARQL_UPDATE_ENDPOINT")
        self._send(
            "update",
            "POST",
            self.update_endpoint,
            content=update.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update"},
        )

    def _graph_store(self, action: str) -> str:
        if self.graph_store_endpoint is None:
            raise StoreError(
                f"cannot {action}: the remote store at {self.query_endpoint} is read-only here. "
                "Set ARGMAP_SPARQL_UPDATE_ENDPOINT (SPARQL Update) or ARGMAP_GRAPH_STORE_ENDPOINT "
                "(Graph Store Protocol) to write to it."
            )
        return self.graph_store_endpoint

    # -- reading graphs -------------------------------------------------------------------------

    def graph_names(self) -> list[URIRef]:
        """The names of the graphs on the server, sorted."""
        table = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g {} }")
        return sorted(g for g in table.values("g") if isinstance(g, URIRef))

    def graph(self, name: URIRef) -> Graph:
        """A copy of one named graph (empty if the server has no such graph)."""
        iri = checked_iri(str(name))
        if self.graph_store_endpoint is None:
            return self.construct(
                "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": URIRef(iri)}
            )
        response = self._send(
            "graph store",
            "GET",
            self.graph_store_endpoint,
            params={"graph": iri},
            headers={"Accept": RDF_ACCEPT},
            allow={404},
        )
        if response.status_code == 404:
            return Graph()
        return _parse_rdf(response, self.graph_store_endpoint)

    def check(self) -> None:
        """Refuse a server whose default graph is not the union of its named graphs."""
        sample = self.select(
            "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
            "FILTER(!isBlank(?s) && !isBlank(?o)) } LIMIT 1"
        )
        if sample.rows and not self.ask("ASK { ?s ?p ?o }", sample.rows[0]):
            raise StoreError(
                f"the SPARQL server at {self.query_endpoint} does not query the union of its "
                "named graphs by default, so argmap's queries would find nothing. Configure it "
                "so (Oxigraph: `oxigraph serve --union-default-graph`; Fuseki: "
                "tdb2:unionDefaultGraph true)."
            )

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()

    # -- HTTP -----------------------------------------------------------------------------------

    def _send(
        self,
        role: str,
        method: str,
        url: str,
        *,
        content: bytes | None = None,
        params: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        allow: Set[int] = frozenset(),
    ) -> httpx.Response:
        """One request; transport failures and refusals become argmap errors naming the fix."""
        failure: type[ArgmapError] = QueryError if role == "query" else StoreError
        try:
            response = self._client.request(
                method, url, content=content, params=params, headers=headers
            )
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            raise StoreError(
                f"cannot reach the SPARQL {role} endpoint {url} ({exc}). Check that the server "
                f"is running and listening there, and that {SETTINGS[role]} names it."
            ) from exc
        except httpx.TimeoutException as exc:
            raise failure(
                f"the SPARQL server at {url} did not answer within {self.timeout_s:g} s. Ask a "
                "narrower question, or allow more time with ARGMAP_QUERY_TIMEOUT_S."
            ) from exc
        except httpx.HTTPError as exc:
            raise StoreError(f"talking to the SPARQL {role} endpoint {url} failed: {exc}") from exc
        status = response.status_code
        if status < 300 or status in allow:
            return response
        if status in {401, 403}:
            raise StoreError(f"the SPARQL server at {url} refused access ({_message(response)})")
        if status == 404:
            raise StoreError(
                f"nothing answers SPARQL at {url} ({_message(response)}); check {SETTINGS[role]}"
            )
        what = "query" if role == "query" else "update"
        if status < 500:
            raise failure(f"the SPARQL server at {url} refused the {what}: {_message(response)}")
        raise failure(f"the SPARQL server at {url} failed on the {what}: {_message(response)}")


def _checked_url(url: str, role: str) -> str:
    if not url.startswith(("http://", "https://")):
        raise StoreError(f"{SETTINGS[role]} must be an http:// or https:// URL, not {url!r}")
    return url


def _message(response: httpx.Response) -> str:
    text = " ".join(response.text.split())[:MESSAGE_LIMIT]
    return f"HTTP {response.status_code}: {text}" if text else f"HTTP {response.status_code}"


def _parse_rdf(response: httpx.Response, url: str) -> Graph:
    media_type = response.headers.get("content-type", "").split(";")[0].strip()
    # Old servers label N-Triples text/plain.
    rdf_format = ox.RdfFormat.from_media_type(media_type or "application/n-triples")
    if rdf_format is None:
        raise QueryError(f"{url} answered with {media_type}, not RDF triples")
    graph = Graph()
    try:
        for quad in ox.parse(response.content, format=rdf_format):
            graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    except SyntaxError as exc:
        raise QueryError(f"{url} sent unreadable RDF: {exc}") from exc
    return graph
