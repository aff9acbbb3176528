"""The remote store: any SPARQL 1.1 server, over the SPARQL 1.1 Protocol and Graph Store Protocol.

Queries must see the union of the named graphs as their default graph, as they do in the
embedded store. Oxigraph needs `oxigraph serve --union-default-graph` and Fuseki
`tdb2:unionDefaultGraph true` on its dataset; Virtuoso, GraphDB, QLever and Neptune query all
graphs by default. `RemoteStore.check()` refuses a server that answers otherwise, because
every named query would silently find nothing there.

Writes go to the SPARQL Update endpoint as one request per call (atomic where the server
applies a request in one transaction, as Oxigraph, Fuseki and GraphDB do), or, without one,
to the Graph Store Protocol endpoint one graph at a time (not atomic across graphs). With a
user and password, every request answers the server's challenge: HTTP Digest when it asks
for Digest (Virtuoso's /sparql-auth), else Basic (GraphDB, Fuseki behind a proxy).

What each server does differently is handled here, so that the rest of argmap never knows:

- queries are sent form-encoded (`query=`), which every server takes: Virtuoso 7.2 never
  answers a direct `application/sparql-query` POST;
- the query form is read from the text before sending, since Virtuoso answers a SELECT asked
  for RDF (and a CONSTRUCT asked for results) instead of refusing it;
- Virtuoso answers ASK with one row binding `__ASK_RETVAL` to 1 or 0, not a boolean;
- Virtuoso names blank nodes `nodeID://b123` in results, which is no blank node label;
- Virtuoso cuts a SELECT at its ResultSetMaxRows and says so only in `X-SPARQL-MaxRows`:
  such an answer is refused rather than read as complete;
- servers keep typed literals in different forms of the same value (Virtuoso keeps an
  `xsd:nonNegativeInteger` and writes `Z` as `+00:00`, Oxigraph makes them `xsd:integer` and
  `Z`), so XSD-typed literals are read back in the embedded store's canonical form, and every
  store gives the same terms.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Generator, Iterable, Mapping, Sequence, Set
from typing import Any
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from argmap.binding import bind, checked_iri, drop_update, replace_update
from argmap.errors import ArgmapError, QueryError, StoreError
from argmap.settings import DEFAULT_QUERY_TIMEOUT_S
from argmap.sparql_lexer import tokens
from argmap.store import Table, Term, from_ox, graph_to_ntriples, table_of
from argmap.terms import to_ox

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
FORM = "application/x-www-form-urlencoded"
FORMS = {"SELECT", "CONSTRUCT", "ASK", "DESCRIBE"}
PROLOGUE = {"PREFIX", "BASE", "DEFINE"}
VIRTUOSO_ASK = "__ASK_RETVAL"
"""The variable of the one-row result set Virtuoso 7.2 answers an ASK query with."""
VIRTUOSO_BNODE = "nodeID://"
"""How Virtuoso writes a blank node in SPARQL results (an IRI-like name, not a label)."""
VIRTUOSO_CUT = "x-sparql-maxrows"
"""The header Virtuoso adds when a result reached its ResultSetMaxRows and may be cut."""
# Virtuoso answers a request its SQL user may not make with 500 and these words.
VIRTUOSO_REFUSED = ("SR186", "No permission")


class ChallengeAuth(httpx.Auth):
    """HTTP credentials in the scheme the server asks for: Digest if it says so, else Basic.

    Nothing is sent until the server challenges; after the first challenge the scheme is known
    and later requests carry it at once (Digest reuses the server's nonce).
    """

    def __init__(self, user: str, password: str) -> None:
        self._digest = httpx.DigestAuth(user, password)
        self._basic = httpx.BasicAuth(user, password)
        self._scheme: httpx.Auth | None = None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Send the request; answer a 401's challenge once, in the scheme it names."""
        if self._scheme is not None:
            yield from self._scheme.auth_flow(request)
            return
        response = yield request
        if response.status_code != 401:
            return
        # A 401 without a Digest challenge gets Basic, also one that names no scheme (some
        # proxies refuse so).
        challenge = response.headers.get("www-authenticate", "")
        if challenge.lower().startswith("digest"):
            self._scheme = self._digest
            # Digest's own flow sends the request, reads the challenge and answers it: feed it
            # the challenge already received rather than sending the request twice more.
            flow = self._digest.auth_flow(request)
            next(flow)
            retry = flow.send(response)
            with contextlib.suppress(StopIteration):
                flow.send((yield retry))
            return
        self._scheme = self._basic
        yield from self._basic.auth_flow(request)


class RemoteStore:
    """A `Store` on a SPARQL 1.1 server: queries over the Protocol, writes by Update or GSP."""

    def __init__(
        self,
        query_endpoint: str,
        update_endpoint: str | None = None,
        graph_store_endpoint: str | None = None,
        timeout_s: float = DEFAULT_QUERY_TIMEOUT_S,
        user: str | None = None,
        password: str | None = None,
    ) -> None:
        self.query_endpoint = _checked_url(query_endpoint, "query")
        self.update_endpoint = update_endpoint and _checked_url(update_endpoint, "update")
        self.graph_store_endpoint = graph_store_endpoint and _checked_url(
            graph_store_endpoint, "graph store"
        )
        self.timeout_s = timeout_s
        if (user is None) != (password is None):
            raise StoreError(
                "ARGMAP_SPARQL_USER and ARGMAP_SPARQL_PASSWORD go together: set both or neither"
            )
        self.auth = ChallengeAuth(user, password) if user and password is not None else None
        self._client = httpx.Client(timeout=httpx.Timeout(timeout_s), auth=self.auth)

    # -- queries --------------------------------------------------------------------------------

    def select(
        self,
        query: str,
        bindings: Mapping[str, Term] | None = None,
        graphs: Sequence[URIRef] | None = None,
    ) -> Table:
        """Run a SELECT query on the server (over `graphs` alone, with the protocol's dataset)."""
        _expect_form(query, {"SELECT"}, "a SELECT query")
        results = self._results(query, bindings, "SELECT", graphs)
        if not isinstance(results, ox.QuerySolutions):
            raise QueryError("not a SELECT query")
        table = table_of(results)
        canonical = canonical_literals(v for row in table.rows for v in row.values())
        if canonical:
            table.rows = [{k: canonical.get(v, v) for k, v in row.items()} for row in table.rows]
        return table

    def ask(self, query: str, bindings: Mapping[str, Term] | None = None) -> bool:
        """Run an ASK query on the server."""
        _expect_form(query, {"ASK"}, "an ASK query")
        result = self._results(query, bindings, "ASK")
        if isinstance(result, ox.QuerySolutions) and result.variables == [
            ox.Variable(VIRTUOSO_ASK)
        ]:
            # Virtuoso 7.2: one row, ?__ASK_RETVAL 1 (true) or 0 (false).
            values = [row[VIRTUOSO_ASK] for row in result]
            return bool(values) and isinstance(values[0], ox.Literal) and values[0].value == "1"
        if not isinstance(result, ox.QueryBoolean):
            raise QueryError("not an ASK query")
        return bool(result)

    def construct(self, query: str, bindings: Mapping[str, Term] | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query on the server."""
        _expect_form(query, {"CONSTRUCT", "DESCRIBE"}, "a CONSTRUCT or DESCRIBE query")
        response = self._query(query, bindings, RDF_ACCEPT, "CONSTRUCT or DESCRIBE")
        return _parse_rdf(response, self.query_endpoint)

    def _results(
        self,
        query: str,
        bindings: Mapping[str, Term] | None,
        kind: str,
        graphs: Sequence[URIRef] | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean:
        response = self._query(query, bindings, RESULTS_ACCEPT, kind, graphs)
        media_type = response.headers.get("content-type", "").split(";")[0].strip()
        results_format = ox.QueryResultsFormat.from_media_type(media_type)
        if results_format is None:
            raise QueryError(
                f"{self.query_endpoint} answered a {kind} query with {media_type or 'no type'}, "
                "not SPARQL results"
            )
        if response.headers.get(VIRTUOSO_CUT):
            raise QueryError(
                f"{self.query_endpoint} stopped at {response.headers[VIRTUOSO_CUT]} rows, so the "
                "answer may be incomplete. Raise ResultSetMaxRows in the [SPARQL] section of "
                "its virtuoso.ini above any result argmap reads, or ask a narrower question."
            )
        content = response.content
        if results_format == ox.QueryResultsFormat.JSON and VIRTUOSO_BNODE.encode() in content:
            content = _virtuoso_bnodes(content)
        try:
            return ox.parse_query_results(content, format=results_format)
        except SyntaxError as exc:
            raise QueryError(f"{self.query_endpoint} sent unreadable results: {exc}") from exc

    def _query(
        self,
        query: str,
        bindings: Mapping[str, Term] | None,
        accept: str,
        kind: str,
        graphs: Sequence[URIRef] | None = None,
    ) -> httpx.Response:
        fields = [("query", bind(query, bindings))]
        fields += [("default-graph-uri", checked_iri(str(g))) for g in graphs or ()]
        response = self._send(
            "query",
            "POST",
            self.query_endpoint,
            # Form-encoded, as every server takes it (Virtuoso 7.2 hangs on sparql-query).
            content=urlencode(fields).encode(),
            headers={"Content-Type": FORM, "Accept": accept},
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
        # `GRAPH ?g {}` would list empty graphs too, but Virtuoso binds nothing to ?g there.
        table = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
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
        if status in {401, 403} or (
            status == 500 and any(word in response.text for word in VIRTUOSO_REFUSED)
        ):
            raise StoreError(
                f"the SPARQL server at {url} refused access ({_message(response)}). Check "
                f"{SETTINGS[role]}, and ARGMAP_SPARQL_USER and ARGMAP_SPARQL_PASSWORD (on "
                "Virtuoso, write at /sparql-auth as a user granted SPARQL_UPDATE)."
            )
        if status == 404:
            raise StoreError(
                f"nothing answers SPARQL at {url} ({_message(response)}); check {SETTINGS[role]}"
            )
        what = "query" if role == "query" else "update"
        if status < 500:
            raise failure(f"the SPARQL server at {url} refused the {what}: {_message(response)}")
        raise failure(f"the SPARQL server at {url} failed on the {what}: {_message(response)}")


def query_form(query: str) -> str | None:
    """The form of a query (SELECT, CONSTRUCT, ASK, DESCRIBE), read from its text, or None."""
    for token in tokens(query):
        keyword = token.keyword
        if keyword in FORMS:
            return keyword
        # Past the prologue (and Virtuoso's `define` pragmas) the first keyword is the form;
        # anything else is for the server's parser to name.
        if keyword is not None and keyword not in PROLOGUE:
            return None
    return None


def boolean_answer(body: bytes, content_type: str) -> bytes:
    """An ASK answer as SPARQL says it: Virtuoso's one-row `?__ASK_RETVAL` table made a boolean."""
    if VIRTUOSO_ASK.encode() not in body:
        return body
    media_type = content_type.split(";")[0].strip()
    results_format = ox.QueryResultsFormat.from_media_type(media_type)
    if results_format is None:
        return body
    try:
        results = ox.parse_query_results(body, format=results_format)
    except SyntaxError:
        return body
    if not isinstance(results, ox.QuerySolutions) or results.variables != [
        ox.Variable(VIRTUOSO_ASK)
    ]:
        return body
    value = next((row[VIRTUOSO_ASK] for row in results), None)
    truth = isinstance(value, ox.Literal) and value.value == "1"
    # pyoxigraph writes the boolean in the format the server was asked for.
    answer = ox.Store().query("ASK {}" if truth else "ASK { FILTER(false) }")
    assert isinstance(answer, ox.QueryBoolean)
    return answer.serialize(format=results_format) or b""


def _expect_form(query: str, forms: Set[str], what: str) -> None:
    form = query_form(query)
    if form is not None and form not in forms:
        raise QueryError(f"not {what} (it is a {form} query)")


def _virtuoso_bnodes(content: bytes) -> bytes:
    """SPARQL JSON results with Virtuoso's `nodeID://b1` blank nodes named `b1`."""
    try:
        document: Any = json.loads(content)
        for row in document["results"]["bindings"]:
            for term in row.values():
                if term.get("type") == "bnode" and term["value"].startswith(VIRTUOSO_BNODE):
                    term["value"] = term["value"][len(VIRTUOSO_BNODE) :]
    except (ValueError, KeyError, TypeError, AttributeError):
        return content  # not results of that shape: pyoxigraph says what is wrong with it
    return json.dumps(document).encode()


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
    try:
        triples = [
            (from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object))
            for quad in ox.parse(response.content, format=rdf_format)
        ]
    except SyntaxError as exc:
        raise QueryError(f"{url} sent unreadable RDF: {exc}") from exc
    canonical = canonical_literals(o for _, _, o in triples)
    graph = Graph()
    for s, p, o in triples:
        graph.add((s, p, canonical.get(o, o)))
    return graph


def canonical_literals(terms: Iterable[Term]) -> dict[Term, Term]:
    """Each XSD-typed literal among `terms` that the embedded store would hold in another form.

    The embedded store is the reference: the literals go through an in-memory pyoxigraph
    store, which writes numbers, booleans and dates as Oxigraph stores them.
    """
    wanted = list(
        {
            term
            for term in terms
            if isinstance(term, Literal)
            and term.datatype is not None
            and term.datatype != XSD.string
            and str(term.datatype).startswith(str(XSD))
        }
    )
    if not wanted:
        return {}
    scratch = ox.Store()
    subject = ox.NamedNode("urn:argmap:canonical")
    for index, literal in enumerate(wanted):
        scratch.add(ox.Quad(subject, ox.NamedNode(f"urn:argmap:canonical:{index}"), to_ox(literal)))
    found: dict[Term, Term] = {}
    for quad in scratch.quads_for_pattern(subject, None, None):
        literal = wanted[int(quad.predicate.value.rsplit(":", 1)[1])]
        stored = from_ox(quad.object)
        if stored != literal:
            found[literal] = stored
    return found
