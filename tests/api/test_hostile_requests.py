"""Over a thousand malformed or hostile requests to a real `argmap serve`, and how it answers.

Each request of the corpus must be answered 4xx, with a JSON body whose `detail` says what is
wrong (FastAPI's own validation errors are a list of them), within a second, and without
echoing a huge request back. After the whole corpus the service must still be the same
process, healthy, with its maps as they were. The corpus is generated here, by category:
nesting of every kind, huge texts, invalid UTF-8, NUL characters, bad dataset IRIs, wrong
media types, absurd Accept headers, oversize bodies, SERVICE and LOAD however spelt, bad or
duplicate protocol parameters, wrong tokens, writes of graphs that are not maps, malformed
uploads in every format, broken path and query parameters, wrong methods, and HEAD twins of
the broken GETs. HEAD must also answer wherever GET does.

Valid queries that merely run long (a big cross product) are not here: they answer 503 by
design, once ARGMAP_QUERY_TIMEOUT_S is up. Cases that are known to fail for a reason outside
the service's request handling are marked xfail with that reason.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import socket
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote_to_bytes, urlencode

import httpx
import pytest
from api_helpers import settings

from argmap.api.main import create_app
from testdata import free_port, running_service

pytestmark = [pytest.mark.live, pytest.mark.reasoner]

ARGMAP = Path(sys.executable).with_name("argmap")
TOKEN = "hostile-corpus-token-0123456789"
BODY_MAX_MB = 4
QUERY_MAX_KB = 512  # ARGMAP_QUERY_MAX_KB's default
WITHIN_S = 1.0
LARGEST_ANSWER = 5000  # bytes: a message names the problem, it does not echo the request
MAP = "gallagher-2022"
NODE = "idc-rec-iii"
MAP_GRAPH = f"https://w3id.org/argmap/map/{MAP}"
ONTOLOGY = "https://w3id.org/argmap"
INFERRED = f"https://w3id.org/argmap/inferred/{MAP}"
UNKNOWN_MAP = "hostile-unknown-map"
EVIL = "http://evil.example/sparql"
P = "<http://a.example/p>"
S = b"<http://a.example/s> <http://a.example/p> "

FORM = "application/x-www-form-urlencoded"
QUERY_BODY = "application/sparql-query"
UPDATE_BODY = "application/sparql-update"
BEARER = ("Authorization", f"Bearer {TOKEN}")

Header = tuple[str, str | bytes]
Headers = tuple[Header, ...]
AS_FORM: Headers = (("Content-Type", FORM),)
AS_QUERY: Headers = (("Content-Type", QUERY_BODY),)
AS_UPDATE: Headers = (("Content-Type", UPDATE_BODY), BEARER)
AS_FORM_UPDATE: Headers = (("Content-Type", FORM), BEARER)


@dataclass(frozen=True)
class Case:
    """One request of the corpus and what its answer must be."""

    id: str
    method: str
    path: str  # with its query string, already percent-encoded
    headers: Headers = ()
    body: bytes = b""
    status: frozenset[int] = frozenset()  # the statuses allowed; any 4xx when empty
    says: str = ""  # words the message must contain (any letter case)
    oversize: int = 0  # bytes of filler appended to the body when it is sent
    chunked: bool = False  # sent without Content-Length
    raw: bytes = b""  # the whole request, as it goes on the wire
    slow: str = ""  # a known problem elsewhere: expected to fail (xfail), and why


def codes(*allowed: int) -> frozenset[int]:
    """The statuses a case allows."""
    return frozenset(allowed)


def get(name: str, path: str, status: frozenset[int], says: str = "", **more: Any) -> Case:
    """A GET."""
    return Case(name, "GET", path, status=status, says=says, **more)


def post(
    name: str, path: str, headers: Headers, body: bytes, status: frozenset[int], says: str = ""
) -> Case:
    """A POST of a body."""
    return Case(name, "POST", path, headers, body, status, says)


def url(path: str, *pairs: tuple[str, str]) -> str:
    """The path with the pairs percent-encoded as its query string."""
    return f"{path}?{urlencode(pairs, quote_via=quote)}" if pairs else path


def form(*pairs: tuple[str, str]) -> bytes:
    """A form body of the pairs."""
    return urlencode(pairs, quote_via=quote).encode("ascii")


def query_url(text: str, *extra: tuple[str, str]) -> str:
    """GET /sparql with `query` and any other parameters."""
    return url("/sparql", ("query", text), *extra)


def fits_a_url(text: str) -> bool:
    """Whether a text percent-encoded fits in a URL (httpx refuses components over 64 KiB)."""
    return len(quote(text, safe="")) < 60_000


def query_cases(name: str, text: str, status: frozenset[int], says: str = "") -> list[Case]:
    """A query sent each way the protocol allows: GET, a form and a sparql-query body."""
    body = text.encode("utf-8")
    cases = [get(f"{name}-get", query_url(text), status, says)] if fits_a_url(text) else []
    return [
        *cases,
        post(f"{name}-form", "/sparql", AS_FORM, form(("query", text)), status, says),
        post(f"{name}-body", "/sparql", AS_QUERY, body, status, says),
    ]


def update(name: str, text: str | bytes, status: frozenset[int], says: str = "") -> Case:
    """An update as an application/sparql-update body, with the token."""
    body = text if isinstance(text, bytes) else text.encode("utf-8")
    return post(name, "/sparql", AS_UPDATE, body, status, says)


def update_form(name: str, text: str, status: frozenset[int], says: str = "") -> Case:
    """An update as a form, with the token."""
    return post(name, "/sparql", AS_FORM_UPDATE, form(("update", text)), status, says)


# -- nesting ------------------------------------------------------------------------------------

NESTINGS: dict[str, Callable[[int], str]] = {
    "braces": lambda n: "ASK " + "{" * n + "}" * n,
    "parens": lambda n: "ASK { FILTER(" + "(" * n + "true" + ")" * n + ") }",
    "brackets": lambda n: "ASK { " + "[" * n + "]" * n + " }",
    "bnode-lists": lambda n: f"ASK {{ ?s {P} " + f"[ {P} " * n + "1" + " ]" * n + " }",
    "collections": lambda n: f"ASK {{ ?s {P} " + "(" * n + "1" + ")" * n + " }",
    "not-chain": lambda n: "ASK { FILTER(" + "!" * n + "true) }",
    "or-chain": lambda n: "ASK { FILTER(" + " || ".join(["true"] * n) + ") }",
    "and-chain": lambda n: "ASK { FILTER(" + " && ".join(["true"] * n) + ") }",
    "plus-chain": lambda n: "ASK { FILTER(" + " + ".join(["1"] * n) + " > 0) }",
    "minus-signs": lambda n: "ASK { FILTER(" + "-" * n + "1 < 0) }",
    "sequence-path": lambda n: "ASK { ?s " + "/".join([P] * n) + " ?o }",
    "alternative-path": lambda n: "ASK { ?s " + "|".join([P] * n) + " ?o }",
    "inverse-path": lambda n: "ASK { ?s " + "^(" * n + P + ")" * n + " ?o }",
    "inverse-sequence": lambda n: "ASK { ?s " + "/".join([f"^{P}"] * n) + " ?o }",
    "path-groups": lambda n: "ASK { ?s " + "(" * n + P + ")*" * n + " ?o }",
    "unions": lambda n: "ASK { " + " UNION ".join(["{}"] * n) + " }",
    "optionals": lambda n: "ASK { " + "OPTIONAL {} " * n + "}",
    "nested-optionals": lambda n: "ASK { " + "OPTIONAL { " * n + "}" * n + " }",
    "minuses": lambda n: "ASK { ?s ?p ?o " + "MINUS { ?s ?p ?o } " * n + "}",
    "exists": lambda n: "ASK { " + "FILTER EXISTS { " * n + "}" * n + " }",
    "graphs": lambda n: "ASK { " + "GRAPH ?g { " * n + "}" * n + " }",
    "subqueries": lambda n: "ASK { " + "{ SELECT * WHERE " * n + "{}" + " }" * n + " }",
    "functions": lambda n: "ASK { FILTER(" + "STR(" * n + '"x"' + ")" * n + ' = "x") }',
    "values-rows": lambda n: "ASK { VALUES ?x { " + "(" * n + "1" + ")" * n + " } }",
}
DELETE = f"DELETE {{ GRAPH <{MAP_GRAPH}> {{ ?s {P} ?o }} }} WHERE"
INSERT = f"INSERT DATA {{ GRAPH <{MAP_GRAPH}> {{ <http://a.example/s> {P} "
UPDATE_NESTINGS: dict[str, Callable[[int], str]] = {
    "insert-collections": lambda n: INSERT + "(" * n + "1" + ")" * n + " } }",
    "insert-bnode-lists": lambda n: INSERT + f"[ {P} " * n + "1" + " ]" * n + " } }",
    "where-braces": lambda n: f"{DELETE} " + "{" * n + "}" * n,
    "where-unions": lambda n: f"{DELETE} {{ " + " UNION ".join(["{}"] * n) + " }",
    "where-or-chain": lambda n: f"{DELETE} {{ FILTER(" + " || ".join(["true"] * n) + ") }",
    "where-path": lambda n: f"{DELETE} {{ ?s " + "/".join([P] * n) + " ?o }",
}


WAYS = {300: "get", 2000: "form", 20_000: "body"}
"""How each size is sent: every way is held to the same answer by other categories."""


def nesting_cases() -> list[Case]:
    """Every kind of nesting at 300, 2,000 and 20,000 levels: deeper than the service takes."""
    cases = []
    for kind, make in NESTINGS.items():
        for size, way in WAYS.items():
            found = query_cases(f"nesting-{kind}-{size}", make(size), codes(400), "nests")
            cases += [case for case in found if case.id.endswith(f"-{way}")]
    for kind, make in UPDATE_NESTINGS.items():
        for size in (300, 20_000):
            cases.append(update(f"nesting-update-{kind}-{size}", make(size), codes(400), "nests"))
    return cases


# -- huge texts ---------------------------------------------------------------------------------

OVER = QUERY_MAX_KB * 1024 + 10_000  # characters: past ARGMAP_QUERY_MAX_KB
UNDER = 400_000  # characters: within it
SLOW_LEXING = (
    "argmap.sparql_lexer.nesting_depth costs ~2 µs a token: 200,000 tokens take 0.4 s of CPU "
    "in the worker before the engine parses, more on a loaded machine (then 503)"
)
SLOW_UPDATE_PARSE = (
    "argmap.update_targets parses an update with rdflib (pyparsing) to find the graphs it "
    "writes: a 400 KB literal takes 0.6 s of CPU before the refusal"
)


def huge_cases() -> list[Case]:
    """Texts over the size limit (413), and huge but broken texts within it (400)."""
    over = {
        "literal": 'ASK { FILTER("' + "x" * OVER + '" = "") }',
        "iri": "ASK { <http://a.example/" + "x" * OVER + "> ?p ?o }",
        "prefixed-name": "PREFIX a: <http://a.example/> ASK { a:" + "x" * OVER + " ?p ?o }",
        "variable": "ASK { ?" + "x" * OVER + " ?p ?o }",
        "comment": "# " + "x" * OVER + "\nASK {}",
        "whitespace": "ASK {" + " " * OVER + "}",
    }
    cases = []
    for name, text in over.items():
        cases += query_cases(f"huge-{name}-over-limit", text, codes(413), "ARGMAP_QUERY_MAX_KB")
    too_long = INSERT + '"' + "x" * OVER + '" } }'
    cases.append(update("huge-update-over-limit", too_long, codes(413), "ARGMAP_QUERY_MAX_KB"))
    cases.append(
        post("huge-update-over-limit-no-token", "/sparql", AS_UPDATE[:1],
             b"CLEAR ALL #" + b"x" * OVER, codes(413), "ARGMAP_QUERY_MAX_KB")
    )  # fmt: skip
    broken = {
        "unterminated-literal": 'ASK { FILTER("' + "x" * UNDER + ") }",
        "unterminated-long-literal": 'ASK { FILTER("""' + "x" * UNDER + ") }",
        "unterminated-iri": "ASK { <http://a.example/" + "x" * UNDER + " ?p ?o }",
        "iri-with-space": "ASK { <http://a.example/" + "x" * UNDER + " y> ?p ?o }",
        "language-tag": 'ASK { FILTER("x"@' + "a" * UNDER + ' = "") }',
        "only-a-comment": "# " + "x" * UNDER,
        "literal-in-broken-query": 'ASK { FILTER("' + "x" * UNDER + '" = ) }',
    }
    for name, text in broken.items():
        cases += query_cases(f"huge-{name}", text, codes(400))[-2:]
    words = query_cases("huge-words", "ASK " + "x " * (UNDER // 2), codes(400))[-2:]
    cases += [replace(case, slow=SLOW_LEXING) for case in words]
    ontology_write = f'INSERT DATA {{ GRAPH <{ONTOLOGY}> {{ <http://a.example/s> {P} "'
    cases.append(
        replace(
            update("huge-literal-in-ontology-write", ontology_write + "x" * UNDER + '" } }',
                   codes(403), "not a map graph"),
            slow=SLOW_UPDATE_PARSE,
        )
    )  # fmt: skip
    return cases


# -- invalid UTF-8 and NUL characters -------------------------------------------------------------

BAD_UTF8 = {
    "ff": "%FF",
    "c3-28": "%C3%28",
    "surrogate": "%ED%A0%80",
    "beyond-10ffff": "%F4%90%80%80",
    "overlong-slash": "%C0%AF",
    "truncated": "%E2%82",
    "lone-continuation": "%80",
    "five-bytes": "%F8%88%80%80%80",
}
# Texts that are valid whatever stands for X: the service must not replace bad bytes with
# U+FFFD and answer (or write!) as if the client had sent that.
LITERAL_QUERY = 'ASK { FILTER("aXb" != "") }'
LITERAL_UPDATE = INSERT + '"aXb" } }'


def _encoded(text: str, bad: str) -> str:
    before, after = text.split("X")
    return quote(before, safe="") + bad + quote(after, safe="")


def utf8_cases() -> list[Case]:
    """Bytes that are not UTF-8, wherever a text can be sent."""
    cases = []
    ask, graph = "query=ASK%20%7B%7D", "http%3A%2F%2Fg.example%2F"
    for name, bad in BAD_UTF8.items():
        raw = unquote_to_bytes(bad)
        query = LITERAL_QUERY.encode().replace(b"X", raw)
        literal = _encoded(LITERAL_QUERY, bad)
        n = f"utf8-{name}"
        cases += [
            get(f"{n}-query-param", f"/sparql?query={literal}", codes(400), "UTF-8"),
            get(f"{n}-unknown-param", f"/sparql?{ask}&x={bad}", codes(400), "UTF-8"),
            get(f"{n}-default-graph-uri", f"/sparql?{ask}&default-graph-uri={graph}{bad}",
                codes(400), "UTF-8"),
            post(f"{n}-form-percent", "/sparql", AS_FORM, f"query={literal}".encode(),
                 codes(400), "UTF-8"),
            post(f"{n}-form-raw", "/sparql", AS_FORM, b"query=" + query, codes(400), "UTF-8"),
            post(f"{n}-query-body", "/sparql", AS_QUERY, query, codes(400), "UTF-8"),
            update(f"{n}-update-body", LITERAL_UPDATE.encode().replace(b"X", raw), codes(400),
                   "UTF-8"),
            post(f"{n}-update-form", "/sparql", AS_FORM_UPDATE,
                 f"update={_encoded(LITERAL_UPDATE, bad)}".encode(), codes(400), "UTF-8"),
            get(f"{n}-named-query-param", f"/queries/claims-by-agent?agent={graph}{bad}",
                codes(400, 422)),
        ]  # fmt: skip
    return cases


def nul_cases() -> list[Case]:
    """NUL characters in texts, parameters and uploads."""
    literal = 'ASK { FILTER("a\x00b" != "") }'
    in_update = INSERT + '"a\x00b" } }'
    nul_graph = ("default-graph-uri", "http://g.example/\x00")
    cases = [
        *query_cases("nul-in-literal", literal, codes(400), "NUL"),
        *query_cases("nul-at-end", "ASK {}\x00", codes(400)),
        *query_cases("nul-alone", "\x00", codes(400)),
        update("nul-in-update-literal", in_update, codes(400), "NUL"),
        post("nul-in-update-no-token", "/sparql", AS_UPDATE[:1], in_update.encode(),
             codes(400, 401)),
        update_form("nul-in-update-form", in_update, codes(400), "NUL"),
        post("nul-in-form-key", "/sparql", AS_FORM, b"quer%00y=ASK%20%7B%7D", codes(400)),
        get("nul-in-default-graph-uri", query_url("ASK {}", nul_graph), codes(400), "IRI"),
        get("nul-in-named-graph-uri", query_url("ASK {}", ("named-graph-uri", nul_graph[1])),
            codes(400), "IRI"),
        get("nul-in-map-id", "/maps/a%00b", codes(422)),
        get("nul-in-node-id", f"/claims/{MAP}/a%00b", codes(422)),
        get("nul-in-named-query-param", "/queries/claims-by-agent?agent=http%3A%2F%2Fa%00",
            codes(422)),
        get("nul-in-export-format", f"/maps/{MAP}/export?format=turtle%00", codes(422)),
    ]  # fmt: skip
    uploads = {
        "turtle": ("text/turtle", S + b'"a\x00b" .'),
        "nquads": ("application/n-quads", S + b"\x00 .\n"),
        "jsonld": ("application/ld+json", b'{"@id": "http://a.example/s\x00"}'),
        "aif": ("application/json", b'{"nodes": [{"nodeID": "1\x00", "text": "x", "type": "I"}]}'),
        "yaml": ("application/yaml", b"map: {id: x\x00, title: t}"),
    }
    for name, (media_type, body) in uploads.items():
        headers = (("Content-Type", media_type), BEARER)
        cases.append(post(f"nul-in-upload-{name}", "/maps", headers, body, codes(400, 422)))
    return cases


# -- dataset IRIs -------------------------------------------------------------------------------

# The values as they stand in the URL or form (percent-encoded where that is the point).
BAD_IRIS = {
    "bad-percent": "http%3A%2F%2Fx.example%2F%25zz",
    "unclosed-bracket": "http%3A%2F%2F%5B%3A%3A1",
    "lone-percent": "http%3A%2F%2Fx.example%2F%25",
    "relative-name": "graph",
    "relative-path": "%2Fgraph",
    "relative-parent": "..%2Fgraph",
    "fragment-only": "%23frag",
    "network-path": "%2F%2Fhost.example%2Fgraph",
    "empty": "",
    "space-inside": "http%3A%2F%2Fx.example%2Fa%20b",
    "plus-as-space": "http%3A%2F%2Fx.example%2Fa+b",
    "space-before": "%20http%3A%2F%2Fx.example%2F",
    "space-after": "http%3A%2F%2Fx.example%2F%20",
    "angle-brackets": "http%3A%2F%2Fx.example%2F%3C%3E",
    "wrapped-in-brackets": "%3Chttp%3A%2F%2Fx.example%2F%3E",
    "control-01": "http%3A%2F%2Fx.example%2F%01",
    "tab": "http%3A%2F%2Fx.example%2F%09",
    "newline": "http%3A%2F%2Fx.example%2F%0A",
    "carriage-return": "http%3A%2F%2Fx.example%2F%0D",
    "nul": "http%3A%2F%2Fx.example%2F%00",
    "backslash": "http%3A%2F%2Fx.example%2F%5C",
    "braces": "http%3A%2F%2Fx.example%2F%7B%7D",
    "pipe": "http%3A%2F%2Fx.example%2F%7C",
    "caret": "http%3A%2F%2Fx.example%2F%5E",
    "backtick": "http%3A%2F%2Fx.example%2F%60",
    "double-quote": "http%3A%2F%2Fx.example%2F%22",
    "digit-scheme": "1http%3A%2F%2Fx.example%2F",
    "space-in-scheme": "ht%20tp%3A%2F%2Fx.example%2F",
    "no-scheme": "%3A%2F%2Fx.example%2F",
    "over-4096-chars": "http%3A%2F%2Fx.example%2F" + "a" * 5000,
}
QUERY_DATASET = ("default-graph-uri", "named-graph-uri")
UPDATE_DATASET = ("using-graph-uri", "using-named-graph-uri")
LONG_IRI = "http://x.example/" + "a" * 100_000


def iri_cases() -> list[Case]:
    """A bad IRI in each dataset parameter: 400, naming the parameter, before anything runs."""
    cases = []
    for param in QUERY_DATASET:
        for name, value in BAD_IRIS.items():
            path = f"/sparql?query=ASK%20%7B%7D&{param}={value}"
            cases.append(get(f"iri-{param}-{name}", path, codes(400), param))
        body = form(("query", "ASK {}"), (param, LONG_IRI))
        cases.append(post(f"iri-{param}-100kb-form", "/sparql", AS_FORM, body, codes(400), param))
    for param in UPDATE_DATASET:
        # DROP ALL is refused anyway: nothing is written if the check lets the IRI through,
        # and the answer is then 403, not the 400 required.
        for name, value in BAD_IRIS.items():
            body = f"update=DROP%20ALL&{param}={value}".encode()
            cases.append(post(f"iri-{param}-{name}", "/sparql", AS_FORM_UPDATE, body, codes(400),
                              param))  # fmt: skip
        in_url = f"/sparql?{param}={BAD_IRIS['bad-percent']}"
        cases.append(post(f"iri-{param}-in-url-of-update-body", in_url, AS_UPDATE, b"DROP ALL",
                          codes(400), param))  # fmt: skip
        body = form(("update", "DROP ALL"), (param, LONG_IRI))
        cases.append(post(f"iri-{param}-100kb-form", "/sparql", AS_FORM_UPDATE, body, codes(400),
                          param))  # fmt: skip
    return cases


# -- media types and Accept -----------------------------------------------------------------------

WRONG_BODY_TYPES = {
    "text-plain": "text/plain",
    "json": "application/json",
    "xml": "application/xml",
    "turtle": "text/turtle",
    "results-json": "application/sparql-results+json",
    "octet-stream": "application/octet-stream",
    "multipart": "multipart/form-data; boundary=xyz",
    "empty": "",
    "semicolons": ";;;",
    "type-only": "application/",
    "slash-only": "/",
    "wildcard": "*/*",
    "two-types": "application/sparql-query, text/plain",
    "query-latin1": "application/sparql-query; charset=latin-1",
    "query-utf16": "application/sparql-query; charset=utf-16",
    "query-ascii": "application/sparql-query; charset=us-ascii",
    "query-empty-charset": "application/sparql-query; charset=",
    "query-two-charsets": "application/sparql-query; charset=utf-8; charset=latin1",
    "form-latin1": f"{FORM}; charset=iso-8859-1",
    "update-cp1252": "application/sparql-update; charset=windows-1252",
    "huge-type": "application/" + "x" * 60_000,
    "huge-charset": "application/sparql-query; charset=" + "x" * 60_000,
}
WRONG_UPLOAD_TYPES = {
    "text-plain": "text/plain",
    "octet-stream": "application/octet-stream",
    "multipart": "multipart/form-data; boundary=xyz",
    "png": "image/png",
    "html": "text/html",
    "rdf-xml": "application/rdf+xml",
    "sparql-update": "application/sparql-update",
    "empty": "",
    "huge-type": "text/" + "x" * 60_000,
}
WRONG_FORMATS = {
    "bogus": "bogus",
    "xml": "xml",
    "traversal": "../../etc/passwd",
    "huge": "x" * 60_000,
}


def media_cases() -> list[Case]:
    """Bodies sent as something the route does not take: 415."""
    cases = []
    for name, media_type in WRONG_BODY_TYPES.items():
        headers: Headers = (("Content-Type", media_type),) if media_type else ()
        cases.append(post(f"media-sparql-{name}", "/sparql", headers, b"ASK {}", codes(415)))
    cases.append(post("media-sparql-none", "/sparql", (), b"ASK {}", codes(415)))
    multipart = (
        b'--xyz\r\nContent-Disposition: form-data; name="query"\r\n\r\nASK {}\r\n--xyz--\r\n'
    )
    headers = (("Content-Type", "multipart/form-data; boundary=xyz"),)
    cases.append(
        post("media-sparql-multipart-with-query", "/sparql", headers, multipart, codes(415))
    )
    turtle = S + b"<http://a.example/o> ."
    for name, media_type in WRONG_UPLOAD_TYPES.items():
        headers = ((("Content-Type", media_type),) if media_type else ()) + (BEARER,)
        cases += [
            post(f"media-post-maps-{name}", "/maps", headers, turtle, codes(415)),
            Case(f"media-put-map-{name}", "PUT", f"/maps/{UNKNOWN_MAP}", headers, turtle,
                 codes(415)),
        ]  # fmt: skip
    for name, value in WRONG_FORMATS.items():
        path = url("/maps", ("format", value))
        headers = (("Content-Type", "text/turtle"), BEARER)
        cases.append(post(f"media-post-maps-format-{name}", path, headers, turtle, codes(415, 422)))
    return cases


ABSURD_Q = {
    "q-2": "application/sparql-results+json;q=2",
    "q-minus-1": "application/sparql-results+json;q=-1",
    "q-nan": "application/sparql-results+json;q=NaN",
    "q-lower-nan": "*/*;q=nan",
    "q-inf": "*/*;q=inf",
    "q-minus-inf": "*/*;q=-inf",
    "q-exponent": "*/*;q=1e3",
    "q-empty": "*/*;q=",
    "q-word": "*/*;q=abc",
    "q-two-dots": "*/*;q=0.5.5",
    "q-hex": "*/*;q=0x1",
    "q-just-over-1": "*/*;q=1.0001",
    "q-1-5": "text/csv;q=1.5, */*;q=0.1",
}
ABSURD_SIZE = {
    "10000-acceptable-ranges": ", ".join(["text/csv;q=0.5"] * 10_000),
    "100kb-one-range": "application/" + "x" * 100_000,
    "100kb-of-parameters": "*/*;" + "a=b;" * 25_000,
}
UNACCEPTABLE = {
    "zero-everything": "*/*;q=0",
    "png": "image/png",
    "json-refused": "application/sparql-results+json;q=0",
    "semicolons": ";;;",
    "commas": ",,,,",
    "star-slash": "*/",
    "star": "*",
    "type-only": "text",
    "10000-unacceptable-ranges": ", ".join(["image/png;q=0.5"] * 10_000),
}
ACCEPT_TARGETS: dict[str, tuple[str, str, bytes, Headers]] = {
    "select": ("GET", query_url("ASK {}"), b"", ()),
    "construct": ("GET", query_url("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1"), b"", ()),
    "post-query": ("POST", "/sparql", b"ASK {}", AS_QUERY),
    "description": ("GET", "/sparql", b"", ()),
    "named-query": ("GET", "/queries/maps", b"", ()),
}


def accept_cases() -> list[Case]:
    """Accept headers with absurd q-values, absurd sizes, or nothing the route can send."""
    cases = []
    for target, (method, path, body, headers) in ACCEPT_TARGETS.items():
        for table, status, says in (
            (ABSURD_Q, codes(400), "q-value"),
            (ABSURD_SIZE, codes(400), "Accept"),
            (UNACCEPTABLE, codes(400, 406), ""),
        ):
            for name, accept in table.items():
                given = (*headers, ("Accept", accept))
                cases.append(
                    Case(f"accept-{target}-{name}", method, path, given, body, status, says)
                )
    cases += [
        get("accept-select-as-turtle", query_url("SELECT * {} LIMIT 1"), codes(406),
            headers=(("Accept", "text/turtle"),)),
        get("accept-construct-as-csv", query_url("CONSTRUCT {} WHERE {}"), codes(406),
            headers=(("Accept", "text/csv"),)),
        get("accept-description-as-csv", "/sparql", codes(406), headers=(("Accept", "text/csv"),)),
    ]  # fmt: skip
    return cases


# -- oversize bodies ----------------------------------------------------------------------------

OVERSIZE = BODY_MAX_MB * 1024 * 1024 + 1024
TURTLE_UPLOAD: Headers = (("Content-Type", "text/turtle"), BEARER)


def oversize_cases() -> list[Case]:
    """Bodies past ARGMAP_BODY_MAX_MB, declared with Content-Length or sent chunked: 413."""
    targets: dict[str, tuple[str, str, Headers, frozenset[int]]] = {
        "sparql-form": ("POST", "/sparql", AS_FORM, codes(413)),
        "sparql-query": ("POST", "/sparql", AS_QUERY, codes(413)),
        "sparql-update": ("POST", "/sparql", AS_UPDATE, codes(413)),
        "sparql-update-no-token": ("POST", "/sparql", AS_UPDATE[:1], codes(413)),
        "sparql-multipart": ("POST", "/sparql", (("Content-Type", "multipart/form-data; "
                                                 "boundary=xyz"),), codes(413, 415)),
        "post-maps": ("POST", "/maps", TURTLE_UPLOAD, codes(413)),
        "post-maps-yaml": ("POST", "/maps", (("Content-Type", "application/yaml"), BEARER),
                           codes(413)),
        # Without the token, a chunked body is refused before it is read.
        "post-maps-no-token": ("POST", "/maps", TURTLE_UPLOAD[:1], codes(401, 413)),
        "put-map": ("PUT", f"/maps/{UNKNOWN_MAP}", TURTLE_UPLOAD, codes(413)),
        "put-map-jsonld": ("PUT", f"/maps/{UNKNOWN_MAP}",
                           (("Content-Type", "application/ld+json"), BEARER), codes(413)),
        "delete-map": ("DELETE", f"/maps/{UNKNOWN_MAP}", (BEARER,), codes(413)),
        "get-maps": ("GET", "/maps", (), codes(413)),
        "get-query": ("GET", query_url("ASK {}"), (), codes(413)),
    }  # fmt: skip
    cases = []
    for name, (method, path, headers, allowed) in targets.items():
        declared = codes(413) if method in ("GET", "DELETE") else allowed
        cases.append(
            Case(
                f"oversize-{name}-content-length",
                method,
                path,
                headers,
                status=declared,
                says="ARGMAP_BODY_MAX_MB",
                oversize=OVERSIZE,
            )
        )
        if method in ("POST", "PUT"):  # only routes that read their body see a chunked one
            cases.append(Case(f"oversize-{name}-chunked", method, path, headers, status=allowed,
                              oversize=OVERSIZE, chunked=True))  # fmt: skip
    head = f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {QUERY_BODY}\r\n"
    lengths = {"terabyte": 10**12, "one-over": BODY_MAX_MB * 1024 * 1024 + 1, "63-bit": 2**63 - 1}
    for name, length in lengths.items():
        request = f"{head}Content-Length: {length}\r\nConnection: close\r\n\r\nASK {{}}".encode()
        cases.append(Case(f"oversize-declared-{name}-short-body", "POST", "/sparql",
                          status=codes(413), says="ARGMAP_BODY_MAX_MB", raw=request))  # fmt: skip
    return cases


# -- SERVICE and LOAD ---------------------------------------------------------------------------

SERVICES = {
    "plain": f"SELECT * {{ SERVICE <{EVIL}> {{ ?s ?p ?o }} }}",
    "lower-case": f"SELECT * {{ service <{EVIL}> {{ ?s ?p ?o }} }}",
    "mixed-case": f"SELECT * {{ SeRvIcE <{EVIL}> {{ ?s ?p ?o }} }}",
    "u-escape-S": f"SELECT * {{ \\u0053ERVICE <{EVIL}> {{ ?s ?p ?o }} }}",
    "u-escape-lower": f"SELECT * {{ \\u0073ervice <{EVIL}> {{ ?s ?p ?o }} }}",
    "u-escape-middle": f"SELECT * {{ SERV\\u0049CE <{EVIL}> {{ ?s ?p ?o }} }}",
    "U-escape": f"SELECT * {{ \\U00000053ERVICE <{EVIL}> {{ ?s ?p ?o }} }}",
    "escaped-iri": "SELECT * { SERVICE <http://evil\\u002Eexample/sparql> { ?s ?p ?o } }",
    "silent": f"SELECT * {{ SERVICE SILENT <{EVIL}> {{ ?s ?p ?o }} }}",
    "comment-between": f"SELECT * {{ SERVICE # a comment\n <{EVIL}> {{ ?s ?p ?o }} }}",
    "comment-and-newlines": f"SELECT * {{ SERVICE\n\n#x\n\t<{EVIL}>\n{{ ?s ?p ?o }} }}",
    "variable": f"SELECT * {{ VALUES ?e {{ <{EVIL}> }} SERVICE ?e {{ ?s ?p ?o }} }}",
    "nested-groups": f"SELECT * {{ {{ {{ {{ SERVICE <{EVIL}> {{ ?s ?p ?o }} }} }} }} }}",
    "in-optional": f"SELECT * {{ ?a ?b ?c OPTIONAL {{ SERVICE <{EVIL}> {{ ?s ?p ?o }} }} }}",
    "in-union": f"SELECT * {{ {{}} UNION {{ SERVICE <{EVIL}> {{ ?s ?p ?o }} }} }}",
    "in-minus": f"SELECT * {{ ?s ?p ?o MINUS {{ SERVICE <{EVIL}> {{ ?s ?p ?o }} }} }}",
    "in-exists": f"SELECT * {{ FILTER EXISTS {{ SERVICE <{EVIL}> {{ ?s ?p ?o }} }} }}",
    "in-subquery": f"SELECT * {{ {{ SELECT * {{ SERVICE <{EVIL}> {{ ?s ?p ?o }} }} }} }}",
    "in-graph": f"SELECT * {{ GRAPH ?g {{ SERVICE <{EVIL}> {{ ?s ?p ?o }} }} }}",
    "in-construct": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{EVIL}> {{ ?s ?p ?o }} }}",
    "in-ask": f"ASK {{ SERVICE <{EVIL}> {{ ?s ?p ?o }} }}",
    "in-describe": f"DESCRIBE ?s WHERE {{ SERVICE <{EVIL}> {{ ?s ?p ?o }} }}",
    "prefixed-name": "PREFIX e: <http://evil.example/> SELECT * { SERVICE e:sparql { ?s ?p ?o } }",
    "prefixed-escaped": "PREFIX e: <http://evil.example/> SELECT * { SERVICE e:spa\\-rql {} }",
    "empty-prefix": "PREFIX : <http://evil.example/> SELECT * { SERVICE :sparql { ?s ?p ?o } }",
    "base-relative": "BASE <http://evil.example/> SELECT * { SERVICE <sparql> { ?s ?p ?o } }",
    "relative-to-self": "SELECT * { SERVICE <sparql> { ?s ?p ?o } }",
    "loopback": "SELECT * { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
    "ipv6-loopback": "SELECT * { SERVICE <http://[::1]:1/sparql> { ?s ?p ?o } }",
    "file": "SELECT * { SERVICE <file:///etc/passwd> { ?s ?p ?o } }",
    "two-services": f"SELECT * {{ SERVICE <{EVIL}> {{}} SERVICE <{EVIL}2> {{}} }}",
}
DOC = "http://evil.example/data.ttl"
LOADS = {
    "plain": f"LOAD <{DOC}>",
    "lower-case": f"load <{DOC}>",
    "silent": f"LOAD SILENT <{DOC}>",
    "into-map": f"LOAD <{DOC}> INTO GRAPH <{MAP_GRAPH}>",
    "u-escape-L": f"\\u004cOAD <{DOC}> INTO GRAPH <{MAP_GRAPH}>",
    "u-escape-middle": f"L\\u004fAD <{DOC}>",
    "comment-between": f"LOAD # a comment\n <{DOC}>",
    "prefixed-name": "PREFIX e: <http://evil.example/> LOAD e:data.ttl",
    "base-relative": "BASE <http://evil.example/> LOAD <data.ttl>",
    "after-other-operations": f"CLEAR SILENT GRAPH <{MAP_GRAPH}x> ; LOAD <{DOC}>",
    "file": f"LOAD <file:///etc/passwd> INTO GRAPH <{MAP_GRAPH}>",
    "service-in-where": f"INSERT {{ GRAPH <{MAP_GRAPH}> {{ ?s ?p ?o }} }} WHERE "
    f"{{ SERVICE <{EVIL}> {{ ?s ?p ?o }} }}",
    "service-nested-in-where": f"DELETE {{ GRAPH <{MAP_GRAPH}> {{ ?s ?p ?o }} }} WHERE "
    f"{{ {{ OPTIONAL {{ \\u0053ERVICE <{EVIL}> {{ ?s ?p ?o }} }} }} }}",
}


def reach_cases() -> list[Case]:
    """SERVICE and LOAD however they are spelt: refused before anything is fetched."""
    cases = []
    for name, text in SERVICES.items():
        cases += query_cases(f"service-{name}", text, codes(400), "refused")[:2]
    for name, text in LOADS.items():
        cases.append(update(f"load-{name}", text, codes(400), "refused"))
    cases += [
        update_form("load-form", f"LOAD <{DOC}>", codes(400), "refused"),
        get("load-as-a-query", query_url(f"LOAD <{DOC}>"), codes(400)),
        post("load-without-token", "/sparql", AS_UPDATE[:1], f"LOAD <{DOC}>".encode(), codes(401)),
    ]
    return cases


# -- protocol parameters ------------------------------------------------------------------------


def parameter_cases() -> list[Case]:
    """Missing, duplicated and mismatched protocol parameters."""
    ask, drop, graph = ("query", "ASK {}"), ("update", "DROP ALL"), "http://g.example/"
    using = f"USING <{graph}> WHERE {{ ?s <http://a.example/none> ?o }}"
    own_using = f"DELETE {{ GRAPH <{MAP_GRAPH}> {{ ?s <http://a.example/none> ?o }} }} {using}"
    at = "/sparql"
    return [
        get("params-two-queries-get", url(at, ask, ask), codes(400), "query"),
        get("params-two-different-queries-get", url(at, ask, ("query", "ASK {{}}")), codes(400),
            "query"),
        get("params-query-and-empty-query", url(at, ask, ("query", "")), codes(400)),
        get("params-empty-query", url(at, ("query", "")), codes(400)),
        get("params-blank-query", url(at, ("query", "   ")), codes(400)),
        get("params-query-and-update-get", url(at, ask, drop), codes(400), "update"),
        get("params-update-by-get", url(at, drop), codes(400), "POST"),
        get("params-two-updates-by-get", url(at, drop, drop), codes(400)),
        get("params-unknown-and-duplicate-query", url(at, ask, ("format", "json"), ask),
            codes(400), "query"),
        get("params-query-with-using-graph-uri", url(at, ask, ("using-graph-uri", graph)),
            codes(400), "using-graph-uri"),
        get("params-syntax-error", url(at, ("query", "SELEC * {}")), codes(400), "syntax"),
        post("params-two-queries-form", at, AS_FORM, form(ask, ask), codes(400), "query"),
        post("params-query-in-url-and-form", url(at, ask), AS_FORM, form(ask), codes(400),
             "query"),
        post("params-two-updates-form", at, AS_FORM_UPDATE, form(drop, drop), codes(400),
             "update"),
        post("params-query-and-update-form", at, AS_FORM_UPDATE, form(ask, drop), codes(400),
             "update"),
        post("params-empty-form", at, AS_FORM, b"", codes(400), "query"),
        post("params-form-of-unknown-keys", at, AS_FORM, form(("QUERY", "ASK {}"), ("q", "x")),
             codes(400), "query"),
        post("params-query-body-and-query-param", url(at, ask), AS_QUERY, b"ASK {}", codes(400),
             "query"),
        post("params-query-body-and-update-param", url(at, drop), AS_QUERY, b"ASK {}",
             codes(400), "update"),
        post("params-update-body-and-update-param", url(at, drop), AS_UPDATE, b"DROP ALL",
             codes(400), "update"),
        post("params-update-body-and-query-param", url(at, ask), AS_UPDATE, b"DROP ALL",
             codes(400), "query"),
        post("params-query-with-using-named-graph-uri", at, AS_FORM,
             form(ask, ("using-named-graph-uri", graph)), codes(400), "using-named-graph-uri"),
        post("params-update-with-default-graph-uri", at, AS_FORM_UPDATE,
             form(drop, ("default-graph-uri", graph)), codes(400), "default-graph-uri"),
        post("params-update-with-named-graph-uri", url(at, ("named-graph-uri", graph)),
             AS_UPDATE, b"DROP ALL", codes(400), "named-graph-uri"),
        post("params-update-using-clause-and-using-graph-uri", url(at, ("using-graph-uri",
             graph)), AS_UPDATE, own_using.encode(), codes(400), "USING"),
        post("params-update-syntax-error", at, AS_UPDATE, b"DROPP ALL", codes(400), "syntax"),
        post("params-query-sent-as-update", at, AS_UPDATE, b"ASK {}", codes(400), "syntax"),
        post("params-update-sent-as-query", at, AS_QUERY, b"DROP ALL", codes(400), "syntax"),
    ]  # fmt: skip


# -- tokens -------------------------------------------------------------------------------------

WRONG_AUTHORIZATION: dict[str, str | bytes | None] = {
    "none": None,
    "empty": "",
    "scheme-only": "Bearer",
    "wrong-token": "Bearer wrong",
    "token-with-suffix": f"Bearer {TOKEN}x",
    "token-prefix": f"Bearer {TOKEN[:-1]}",
    "upper-case-token": f"Bearer {TOKEN.upper()}",
    "prefixed-scheme": f"Bearerx {TOKEN}",
    "scheme-with-prefix": f"XBearer {TOKEN}",
    "no-space": f"Bearer{TOKEN}",
    "basic-user-token": "Basic " + base64.b64encode(f"user:{TOKEN}".encode()).decode(),
    "basic-token": "Basic " + base64.b64encode(TOKEN.encode()).decode(),
    "other-scheme": f"Token {TOKEN}",
    "token-alone": TOKEN,
    "token-twice": f"Bearer {TOKEN} {TOKEN}",
    "tab-separated": f"Bearer\t{TOKEN}",
    "comma-list": f"Bearer wrong, Bearer {TOKEN}x",
    "latin1-bytes": b"Bearer \xe9\xe8",
    "huge": "Bearer " + "a" * 60_000,
}
JUNK = b"@prefix broken"
WRITE_ROUTES: dict[str, tuple[str, str, Headers, bytes]] = {
    "update-body": ("POST", "/sparql", AS_UPDATE[:1], b"DROP ALL"),
    "update-form": ("POST", "/sparql", AS_FORM, b"update=DROP%20ALL"),
    "post-maps": ("POST", "/maps", TURTLE_UPLOAD[:1], JUNK),
    "put-map": ("PUT", f"/maps/{UNKNOWN_MAP}", TURTLE_UPLOAD[:1], JUNK),
    # An unknown map: were the token let through, the answer would be 404, not 401.
    "delete-map": ("DELETE", f"/maps/{UNKNOWN_MAP}", (), b""),
}


def auth_cases() -> list[Case]:
    """Writes without the right bearer token: 401 on every write route."""
    cases = []
    for target, (method, path, headers, body) in WRITE_ROUTES.items():
        for name, value in WRONG_AUTHORIZATION.items():
            given = headers if value is None else (*headers, ("Authorization", value))
            cases.append(Case(f"auth-{target}-{name}", method, path, given, body, codes(401),
                              "Authorization"))  # fmt: skip
        in_url = url(path, ("access_token", TOKEN))
        cases.append(Case(f"auth-{target}-token-in-url", method, in_url, headers, body,
                          codes(401)))  # fmt: skip
    return cases


# -- writes that are not of maps ----------------------------------------------------------------

TRIPLE = "<http://a.example/s> <http://a.example/p> <http://a.example/o>"
NOT_MAPS = {
    "drop-all": "DROP ALL",
    "clear-all": "CLEAR ALL",
    "drop-named": "DROP NAMED",
    "clear-named": "CLEAR SILENT NAMED",
    "drop-default": "DROP DEFAULT",
    "clear-default": "CLEAR DEFAULT",
    "drop-ontology": f"DROP GRAPH <{ONTOLOGY}>",
    "clear-ontology": f"CLEAR SILENT GRAPH <{ONTOLOGY}>",
    "insert-ontology": f"INSERT DATA {{ GRAPH <{ONTOLOGY}> {{ {TRIPLE} }} }}",
    "delete-ontology": f"DELETE DATA {{ GRAPH <{ONTOLOGY}> {{ {TRIPLE} }} }}",
    "with-ontology": f"WITH <{ONTOLOGY}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}",
    "drop-inferred": f"DROP GRAPH <{INFERRED}>",
    "insert-inferred": f"INSERT DATA {{ GRAPH <{INFERRED}> {{ {TRIPLE} }} }}",
    "insert-default": f"INSERT DATA {{ {TRIPLE} }}",
    "delete-where-default": "DELETE WHERE { ?s ?p ?o }",
    "modify-default": "DELETE { ?s ?p ?o } INSERT { ?o ?p ?s } WHERE { ?s ?p ?o }",
    "delete-variable-graph": "DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }",
    "insert-variable-graph": "INSERT { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }",
    "delete-where-variable-graph": "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }",
    "copy-map-to-ontology": f"COPY <{MAP_GRAPH}> TO <{ONTOLOGY}>",
    "move-map-elsewhere": f"MOVE <{MAP_GRAPH}> TO <http://evil.example/g>",
    "add-map-to-default": f"ADD <{MAP_GRAPH}> TO DEFAULT",
    "create-other-graph": "CREATE GRAPH <http://evil.example/g>",
    "insert-other-graph": f"INSERT DATA {{ GRAPH <http://evil.example/g> {{ {TRIPLE} }} }}",
    "insert-bad-map-id": f"INSERT DATA {{ GRAPH <https://w3id.org/argmap/map/B_D> {{ {TRIPLE} }} }}",
    "insert-map-subgraph": f"INSERT DATA {{ GRAPH <{MAP_GRAPH}/extra> {{ {TRIPLE} }} }}",
    "map-then-drop-all": f"INSERT DATA {{ GRAPH <{MAP_GRAPH}> {{ {TRIPLE} }} }} ; DROP ALL",
    "escaped-ontology-iri": "DROP GRAPH <https://w3id.org/argma\\u0070>",
}


def write_cases() -> list[Case]:
    """Updates, with the token, of graphs that are not maps: 403, nothing written."""
    cases = [update(f"writes-{name}", text, codes(403)) for name, text in NOT_MAPS.items()]
    for name in ("drop-all", "insert-ontology", "delete-variable-graph", "insert-default"):
        cases.append(update_form(f"writes-{name}-form", NOT_MAPS[name], codes(403)))
    return cases


# -- uploads ------------------------------------------------------------------------------------

MALFORMED_UPLOADS: dict[str, tuple[str, bytes]] = {
    "turtle-truncated": ("text/turtle", S),
    "turtle-bad-prefix": ("text/turtle", JUNK),
    "turtle-relative-iris": ("text/turtle", b"<a> <b> <c> ."),
    "turtle-not-a-map": ("text/turtle", S + b'"x" .'),
    "turtle-empty": ("text/turtle", b""),
    "turtle-bad-utf8": ("text/turtle", S + b'"\xff" .'),
    "turtle-bnodes-300": ("text/turtle", S + b"[ <http://a.example/p> " * 300 + b"]" * 300),
    "turtle-bnodes-20000": ("text/turtle", S + b"[ <http://a.example/p> " * 20_000 + b"]" * 20_000),
    "turtle-collections-300": ("text/turtle", S + b"(" * 300 + b")" * 300 + b" ."),
    "turtle-huge-unterminated-literal": ("text/turtle", S + b'"' + b"x" * 3_000_000),
    "turtle-binary": ("text/turtle", bytes(range(256)) * 100),
    "turtle-that-is-yaml": ("text/turtle", b"map: {id: x}"),
    "ntriples-four-terms": ("application/n-triples", S + b"<http://a.example/o> <http://g> .\n"),
    "nquads-five-terms": ("application/n-quads", S + b"<http://a.example/o> <http://g> <x> .\n"),
    "nquads-no-dot": ("application/n-quads", S + b"<http://a.example/o>\n"),
    "nquads-bad-utf8": ("application/n-quads", S + b'"\xc3\x28" <http://g.example/> .\n'),
    "trig-nested-graphs": ("application/trig", b"{" * 20_000 + b"}" * 20_000),
    "trig-unclosed-graph": ("application/trig", b"<http://g.example/> { " + S + b'"x" .'),
    "jsonld-truncated": ("application/ld+json", b'{"@id": '),
    "jsonld-deep": ("application/ld+json", b"[" * 20_000 + b"]" * 20_000),
    "jsonld-deep-objects": ("application/ld+json", b'{"http://a.example/p": ' * 5000 + b"1" + b"}" * 5000),
    "jsonld-remote-context": ("application/ld+json", b'{"@context": "http://evil.example/c", "@id": "http://a.example/s"}'),
    "jsonld-bad-vocab": ("application/ld+json", b'{"@context": {"@vocab": 5}, "x": 1}'),
    "jsonld-null": ("application/ld+json", b"null"),
    "jsonld-nan": ("application/ld+json", b'{"http://a.example/p": NaN}'),
    "aif-null": ("application/json", b"null"),
    "aif-empty-object": ("application/json", b"{}"),
    "aif-nodes-not-a-list": ("application/json", b'{"nodes": "x", "edges": []}'),
    "aif-deep": ("application/json", b"[" * 20_000 + b"]" * 20_000),
    "aif-5000-digit-number": ("application/json", b'{"nodes": [{"nodeID": ' + b"1" * 5000 + b', "text": "x", "type": "I"}], "edges": []}'),
    "aif-infinite-number": ("application/json", b'{"nodes": [1e999999], "edges": []}'),
    "aif-bad-node": ("application/json", b'{"nodes": [{"nodeID": {"x": 1}}], "edges": [{"fromID": null}]}'),
    "aif-truncated": ("application/json", b'{"nodes": ['),
    "yaml-unclosed-flow": ("application/yaml", b"a: ["),
    "yaml-python-tag": ("application/yaml", b'!!python/object/apply:os.system ["id"]'),
    "yaml-list": ("application/yaml", b"- 1\n- 2\n"),
    "yaml-flow-300": ("application/yaml", b"[" * 300 + b"]" * 300),
    "yaml-mappings-20000": ("application/yaml", b"{a: " * 20_000 + b"}" * 20_000),
    "yaml-tab-indent": ("application/yaml", b"map:\n\t id: x"),
    "yaml-two-documents": ("application/yaml", b"a: 1\n---\nb: 2\n"),
    "yaml-empty": ("application/yaml", b""),
    "yaml-bad-utf8": ("application/yaml", b'map: {id: "\xff"}'),
    "yaml-utf16": ("application/yaml", "map: {id: x}".encode("utf-16")),
    "yaml-alias-bomb": ("application/yaml", b'a: &a ["x"]\n' + b"".join(
        b"%c: &%c [%s]\n" % (c, c, b",".join([b"*" + bytes([c - 1])] * 9)) for c in range(98, 106))),
    "yaml-bad-id-and-sections": ("application/yaml", b"map: {id: BAD ID}\nfoo: 1\n"),
}  # fmt: skip
# Well-formed RDF that is no argument map: POST /maps refuses it, but PUT /maps/{id} stores it
# as a map of that id with no claims (the importer adopts a graph under a given id), so it is
# not sent there: it would change the store under the rest of the corpus.
WELL_FORMED = {"turtle-not-a-map", "turtle-collections-300"}
# PUT reads a body as POST does: one malformed file per format is enough there.
PUT_TOO = {"turtle-truncated", "turtle-bnodes-20000", "nquads-five-terms", "trig-nested-graphs",
           "jsonld-deep", "aif-deep", "yaml-unclosed-flow", "yaml-alias-bomb"}  # fmt: skip
SLOW_YAML = "PyYAML scans nested flow collections in quadratic time (argmap.authoring loads them)"
SLOW_UPLOADS: dict[str, tuple[str, bytes, str]] = {
    "yaml-flow-2000": ("application/yaml", b"[" * 2000 + b"]" * 2000, SLOW_YAML),
    "yaml-flow-20000": ("application/yaml", b"[" * 20_000 + b"]" * 20_000, SLOW_YAML),
    "turtle-collections-20000": ("text/turtle", S + b"(" * 20_000 + b")" * 20_000 + b" .",
                                 "40,000 list triples go through an rdflib Graph before the "
                                 "importer finds no map (argmap.importers._rdf.parse_quads)"),
}  # fmt: skip


def upload_cases() -> list[Case]:
    """Malformed files in every import format, uploaded to POST /maps and PUT /maps/{id}."""
    refused = codes(400, 415, 422)
    cases = []
    for name, (media_type, body) in MALFORMED_UPLOADS.items():
        headers = (("Content-Type", media_type), BEARER)
        cases.append(post(f"upload-post-{name}", "/maps", headers, body, refused))
        if name in PUT_TOO:
            put = Case(f"upload-put-{name}", "PUT", f"/maps/{UNKNOWN_MAP}", headers, body, refused)
            cases.append(put)
    for name, (media_type, body, why) in SLOW_UPLOADS.items():
        headers = (("Content-Type", media_type), BEARER)
        cases.append(
            replace(post(f"upload-post-{name}", "/maps", headers, body, refused), slow=why)
        )
    triple = S + b"<http://a.example/o> ."
    cases += [
        post("upload-post-turtle-sent-as-yaml", url("/maps", ("format", "yaml")), TURTLE_UPLOAD,
             triple, codes(422)),
        post("upload-post-bad-map-id-param", url("/maps", ("map_id", "BAD")), TURTLE_UPLOAD,
             JUNK, codes(422)),
        post("upload-post-huge-map-id-param", url("/maps", ("map_id", "a" * 60_000)),
             TURTLE_UPLOAD, JUNK, codes(422)),
    ]  # fmt: skip
    return cases


# -- path and query parameters ------------------------------------------------------------------

BAD_MAP_IDS = {
    "upper-case": "UPPER",
    "leading-hyphen": "-lead",
    "underscore": "a_b",
    "dot": "a.b",
    "space": "a%20b",
    "nul": "a%00b",
    "bad-utf8": "%FF",
    "newline": "a%0Ab",
    "right-to-left-override": "a%E2%80%AEb",
    "emoji": "%F0%9F%98%80",
    "semicolon": "a;b",
    "percent": "a%25",
    "dot-dot-encoded": "%2E%2E",
    "tilde": "~a",
    "too-long-300": "a" * 300,
}
BAD_NODE_IDS = {
    "leading-dot": ".x",
    "leading-hyphen": "-x",
    "space": "a%20b",
    "nul": "a%00b",
    "bad-utf8": "%C3%28",
    "slash-encoded": "a%2Fb",
    "colon": "a:b",
    "too-long-300": "a" * 300,
}
MAP_ROUTES: dict[str, tuple[str, str, Headers]] = {
    "get-map": ("GET", "/maps/{}", ()),
    "put-map": ("PUT", "/maps/{}", TURTLE_UPLOAD),
    "delete-map": ("DELETE", "/maps/{}", (BEARER,)),
    "export": ("GET", "/maps/{}/export?format=turtle", ()),
    "evaluation": ("GET", "/maps/{}/evaluation", ()),
    "recommendation": ("GET", "/recommendations/{}/" + NODE, ()),
    "claim": ("GET", "/claims/{}/" + NODE, ()),
}
NODE_ROUTES = {"recommendation": "/recommendations/{}/{}", "claim": "/claims/{}/{}"}
EXPORT = f"/maps/{MAP}/export?format=turtle"
IRI_OF = "http%3A%2F%2Fa.example%2F"
BAD_QUERY_PARAMS = {
    "export-unknown-format": f"/maps/{MAP}/export?format=bogus",
    "export-empty-format": f"/maps/{MAP}/export?format=",
    "export-no-format": f"/maps/{MAP}/export",
    "export-huge-format": f"/maps/{MAP}/export?format=" + "x" * 60_000,
    "export-bad-focus": f"{EXPORT}&focus=.x",
    "export-unknown-focus": f"{EXPORT}&focus=nope",
    "export-negative-depth": f"{EXPORT}&focus={NODE}&depth=-1",
    "export-depth-21": f"{EXPORT}&focus={NODE}&depth=21",
    "export-depth-word": f"{EXPORT}&focus={NODE}&depth=abc",
    "export-depth-huge": f"{EXPORT}&focus={NODE}&depth=" + "9" * 5000,
    "export-depth-float": f"{EXPORT}&focus={NODE}&depth=1.5",
    "export-depth-without-focus": f"{EXPORT}&depth=2",
    "evaluation-unknown-semantics": f"/maps/{MAP}/evaluation?semantics=bogus",
    "evaluation-huge-semantics": f"/maps/{MAP}/evaluation?semantics=" + "x" * 60_000,
    "recommendations-depth-0": "/recommendations?max_depth=0",
    "recommendations-depth-21": "/recommendations?max_depth=21",
    "recommendations-depth-nan": "/recommendations?max_depth=NaN",
    "recommendations-depth-huge": "/recommendations?max_depth=" + "9" * 5000,
    "recommendation-depth-0": f"/recommendations/{MAP}/{NODE}?max_depth=0",
    "named-query-missing-param": "/queries/claims-by-agent",
    "named-query-relative-iri": "/queries/claims-by-agent?agent=someone",
    "named-query-iri-with-space": f"/queries/claims-by-agent?agent={IRI_OF}a%20b",
    "named-query-iri-brackets": f"/queries/claims-by-agent?agent=%3C{IRI_OF}%3E",
    "named-query-empty-iri": "/queries/claims-by-agent?agent=",
    "named-query-huge-iri": f"/queries/claims-by-agent?agent={IRI_OF}" + "a" * 60_000,
    "named-query-bad-map": "/queries/claims?map=UPPER",
    "named-query-unknown-map": "/queries/claims?map=nope",
    "named-query-huge-map": "/queries/claims?map=" + "a" * 60_000,
    "named-query-unknown-node": "/queries/supporters-of?claim=https%3A%2F%2Fw3id.org%2Fargmap"
    f"%2Fmap%2F{MAP}%2Fnope",
    "unknown-named-query": "/queries/nope",
    "unknown-named-query-traversal": "/queries/..%2F..%2Fetc%2Fpasswd",
    "unknown-named-query-huge": "/queries/" + "q" * 60_000,
    "unknown-route": "/nope",
    "unknown-route-huge": "/" + "n" * 60_000,
}


def path_cases() -> list[Case]:
    """Path and query parameters that break their patterns or name nothing, on every route."""
    refused = codes(404, 422)
    cases = []
    for route, (method, template, headers) in MAP_ROUTES.items():
        body = JUNK if method == "PUT" else b""
        for name, value in BAD_MAP_IDS.items():
            path = template.format(value)
            cases.append(Case(f"path-{route}-map-{name}", method, path, headers, body, refused))
        sent = "".join(f"{k}: {v!s}\r\n" for k, v in headers)
        target = template.format("a" * 100_000)
        wire = f"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n{sent}Content-Length: 0\r\n"
        request = (wire + "Connection: close\r\n\r\n").encode()
        cases.append(Case(f"path-{route}-map-100kb", method, "", status=refused, raw=request))
    for route, template in NODE_ROUTES.items():
        for name, value in BAD_NODE_IDS.items():
            cases.append(get(f"path-{route}-node-{name}", template.format(MAP, value), refused))
        cases += [
            get(f"path-{route}-unknown-node", template.format(MAP, "nope"), codes(404)),
            get(f"path-{route}-unknown-map", template.format(UNKNOWN_MAP, NODE), codes(404)),
        ]
    for route in ("get-map", "export", "evaluation"):
        method, template, headers = MAP_ROUTES[route]
        path = template.format(UNKNOWN_MAP)
        cases.append(Case(f"path-{route}-unknown-map", method, path, headers, status=codes(404)))
    for name, path in BAD_QUERY_PARAMS.items():
        cases.append(get(f"params-{name}", path, refused))
    return cases


def method_cases() -> list[Case]:
    """Methods a route does not take: 405."""
    pairs = [
        ("PUT", "/sparql"), ("DELETE", "/sparql"), ("PATCH", "/sparql"), ("OPTIONS", "/sparql"),
        ("TRACE", "/sparql"), ("FOO", "/sparql"), ("PATCH", "/maps"), ("PUT", "/maps"),
        ("DELETE", "/maps"), ("POST", f"/maps/{MAP}"), ("PATCH", f"/maps/{MAP}"),
        ("POST", "/healthz"), ("PUT", "/queries/maps"), ("POST", "/queries/maps"),
        ("DELETE", f"/claims/{MAP}/{NODE}"), ("POST", "/ontology.ttl"),
    ]  # fmt: skip
    return [
        Case(f"method-{method.lower()}-{path.strip('/').replace('/', '-')}", method, path,
             status=codes(405))
        for method, path in pairs
    ]  # fmt: skip


def head_cases(cases: list[Case]) -> list[Case]:
    """HEAD twins of the broken GETs: 4xx again, and no body."""
    return [
        replace(case, id="head-" + case.id.split("-", 1)[1], method="HEAD", says="")
        for case in cases
        if case.method == "GET" and not case.raw and case.id.startswith(("path-", "params-"))
    ]


def corpus() -> list[Case]:
    """The whole corpus, in the order it is sent."""
    cases = [
        *nesting_cases(),
        *huge_cases(),
        *utf8_cases(),
        *nul_cases(),
        *iri_cases(),
        *media_cases(),
        *accept_cases(),
        *oversize_cases(),
        *reach_cases(),
        *parameter_cases(),
        *auth_cases(),
        *write_cases(),
        *upload_cases(),
        *path_cases(),
        *method_cases(),
    ]
    return cases + head_cases(cases)


CORPUS = corpus()
TIMES: dict[str, float] = {}


def test_the_corpus_is_large_and_named_uniquely() -> None:
    ids = [case.id for case in CORPUS]
    assert len(ids) >= 300
    assert len(set(ids)) == len(ids), sorted({i for i in ids if ids.count(i) > 1})


# -- the service --------------------------------------------------------------------------------


@dataclass
class Live:
    """The running service: its URL, port, log, process id and a client."""

    url: str
    port: int
    log: Path
    pid: int
    client: httpx.Client


@pytest.fixture(scope="module")
def live(built_store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """`argmap serve` over a copy of the built store, with small limits and a token."""
    root = tmp_path_factory.mktemp("hostile")
    store = root / "store"
    shutil.copytree(built_store_dir, store)  # the service locks and writes its own copy
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARGMAP_")}
    env.update(
        ARGMAP_STORE=str(store),
        ARGMAP_PORT=str(port),
        ARGMAP_QUERY_TIMEOUT_S="2",
        ARGMAP_UPDATE_TOKEN=TOKEN,
        ARGMAP_BODY_MAX_MB=str(BODY_MAX_MB),
    )
    log = root / "serve.log"
    with running_service([str(ARGMAP), "serve"], env, log, port=port, wait_s=60, cwd=root) as base:
        started = re.search(r"Started server process \[(\d+)\]", log.read_text())
        assert started, log.read_text()
        with httpx.Client(base_url=base, timeout=30) as client:
            yield Live(base, port, log, int(started[1]), client)


def raw_exchange(port: int, request: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send bytes as they are and read one HTTP/1.1 answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        data = b""
        while chunk := sock.recv(1 << 16):
            data += chunk
            head, found, body = data.partition(b"\r\n\r\n")
            length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
            if found and length and len(body) >= int(length[1]):
                break
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    fields = (line.partition(":") for line in lines[1:])
    return int(lines[0].split()[1]), {k.strip().lower(): v.strip() for k, _, v in fields}, body


def _filler(size: int) -> Iterator[bytes]:
    while size > 0:
        yield b"x" * min(size, 1 << 20)
        size -= 1 << 20


def send(live: Live, case: Case) -> tuple[int, dict[str, str], bytes]:
    """Send a case as it says; the status, headers (lower-case names) and body of the answer."""
    if case.raw:
        return raw_exchange(live.port, case.raw)
    content: bytes | Iterator[bytes] = case.body
    if case.chunked:
        content = iter([case.body, *_filler(case.oversize)])
    elif case.oversize:
        content = case.body + b"x" * case.oversize
    headers = list(case.headers)
    response = live.client.request(case.method, case.path, headers=headers, content=content)
    return response.status_code, dict(response.headers), response.content


def _params(cases: list[Case]) -> list[Any]:
    return [
        pytest.param(case, id=case.id, marks=pytest.mark.xfail(reason=case.slow, strict=False))
        if case.slow
        else pytest.param(case, id=case.id)
        for case in cases
    ]


@pytest.mark.parametrize("case", _params(CORPUS))
def test_a_hostile_request_is_refused_clearly_and_quickly(live: Live, case: Case) -> None:
    started = time.monotonic()
    status, headers, body = send(live, case)
    elapsed = time.monotonic() - started
    TIMES[case.id] = elapsed
    shown = body[:300]
    assert 400 <= status < 500, (status, shown)
    if case.status:
        assert status in case.status, (status, shown)
    if case.method == "HEAD":
        assert body == b""
    else:
        assert headers.get("content-type", "").startswith("application/json"), (headers, shown)
        detail = json.loads(body)["detail"]
        if isinstance(detail, list):  # FastAPI's validation errors: each says what and where
            assert detail, shown
            assert all(isinstance(e, dict) and e.get("msg") and e.get("loc") for e in detail)
        else:
            assert isinstance(detail, str), shown
            assert detail.strip(), shown
        assert len(body) < LARGEST_ANSWER, shown
        if case.says:
            text = detail if isinstance(detail, str) else json.dumps(detail)
            assert case.says.lower() in text.lower(), shown
    assert elapsed < WITHIN_S, f"{elapsed:.2f} s"


# -- requests the HTTP parser refuses -----------------------------------------------------------

WIRE = b"Host: 127.0.0.1\r\nConnection: close\r\n"
BROKEN_HTTP = {
    "raw-ff-in-path": b"GET /maps/\xff HTTP/1.1\r\n" + WIRE + b"\r\n",
    "raw-ff-in-query": b"GET /sparql?query=ASK%20{}\xff HTTP/1.1\r\n" + WIRE + b"\r\n",
    "space-in-target": b"GET /sparql?query=ASK {} HTTP/1.1\r\n" + WIRE + b"\r\n",
    "nul-in-header": b"GET /sparql HTTP/1.1\r\n" + WIRE + b"Accept: a\x00b\r\n\r\n",
    "nul-in-token": b"POST /sparql HTTP/1.1\r\n" + WIRE + b"Authorization: Bearer a\x00b\r\n"
    b"Content-Length: 0\r\n\r\n",
    "header-without-colon": b"GET /healthz HTTP/1.1\r\n" + WIRE + b"Accept\r\n\r\n",
    "bad-content-length": b"POST /sparql HTTP/1.1\r\n" + WIRE + b"Content-Length: abc\r\n\r\n",
    "negative-content-length": b"POST /sparql HTTP/1.1\r\n" + WIRE + b"Content-Length: -1\r\n\r\n",
    "two-content-lengths": b"POST /sparql HTTP/1.1\r\n" + WIRE + b"Content-Length: 1\r\n"
    b"Content-Length: 2\r\n\r\nab",
    "bad-chunk-size": b"POST /sparql HTTP/1.1\r\n" + WIRE + b"Content-Type: " + QUERY_BODY.encode()
    + b"\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nASK {}\r\n0\r\n\r\n",
    "tls-hello": b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03\r\n\r\n",
    "no-host": b"GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n",
}  # fmt: skip


@pytest.mark.parametrize("request_bytes", BROKEN_HTTP.values(), ids=list(BROKEN_HTTP))
def test_a_request_the_http_parser_refuses_is_400(live: Live, request_bytes: bytes) -> None:
    # uvicorn's parser answers these itself, in plain text, before the app sees them.
    started = time.monotonic()
    status, _, _ = raw_exchange(live.port, request_bytes)
    assert status == 400
    assert time.monotonic() - started < WITHIN_S


def test_a_get_with_a_query_past_the_size_limit_reaches_the_app(live: Live) -> None:
    # Past h11's default head size (16 KiB) but within the service's: the app says what is wrong.
    query = quote("ASK {} #" + "x" * OVER, safe="")
    request = f"GET /sparql?query={query} HTTP/1.1\r\n".encode() + WIRE + b"\r\n"
    status, headers, body = raw_exchange(live.port, request)
    assert status == 413
    assert headers["content-type"].startswith("application/json")
    assert b"ARGMAP_QUERY_MAX_KB" in body


def test_a_request_head_past_the_service_limit_is_400(live: Live) -> None:
    # 512 KiB of query, all percent-encoded, and 64 KiB of headers pass; this is past that.
    request = b"GET /healthz HTTP/1.1\r\n" + WIRE + b"X-Filler: " + b"x" * (2 << 20) + b"\r\n\r\n"
    started = time.monotonic()
    try:
        status, _, _ = raw_exchange(live.port, request)
    except ConnectionResetError:
        # It answered 400 and closed while the rest was still on its way: the kernel resets
        # a connection closed with unread data, which may discard the answer too.
        status = 400
    assert status == 400
    assert time.monotonic() - started < WITHIN_S
    assert live.client.get("/healthz").status_code == 200


# -- HEAD wherever GET is allowed ---------------------------------------------------------------

EXAMPLES = {"map_id": MAP, "node_id": NODE}


def _get_routes() -> list[str]:
    """Every GET route of the API, with its path and required query parameters filled in."""
    paths = []
    for path, item in create_app(settings()).openapi()["paths"].items():
        operation = item.get("get")
        if operation is None:
            continue
        filled = re.sub(r"\{(\w+)\}", lambda m: EXAMPLES[m[1]], path)
        required = []
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "query" and parameter.get("required"):
                # The schema's examples; export's `format` has only an enum.
                examples = parameter.get("schema", {}).get("examples") or ["turtle"]
                required.append((parameter["name"], str(examples[0])))
        paths.append(url(filled, *required))
    return [*paths, "/docs", "/redoc", "/openapi.json", "/docs/oauth2-redirect"]


GET_ROUTES = _get_routes()


@pytest.mark.parametrize("path", GET_ROUTES)
def test_head_answers_wherever_get_does(live: Live, path: str) -> None:
    get = live.client.get(path)
    head = live.client.head(path)
    assert head.status_code == get.status_code == 200, (get.status_code, get.content[:300])
    assert head.content == b""
    assert head.headers.get("content-type") == get.headers.get("content-type")
    if "content-length" in get.headers:
        assert head.headers["content-length"] == get.headers["content-length"]


# -- afterwards ---------------------------------------------------------------------------------


def test_the_service_survived_the_corpus(live: Live) -> None:
    os.kill(live.pid, 0)  # the same process: it neither died nor was started again
    assert live.client.get("/healthz").status_code == 200
    ask = live.client.get("/sparql", params={"query": "ASK {}"})
    assert ask.status_code == 200
    assert ask.json()["boolean"] is True
    maps = live.client.get("/maps").json()["items"]
    assert [m["id"] for m in maps] == [MAP]  # nothing was written
    log = live.log.read_text()
    for sign in ("Traceback", "Exception in ASGI application"):
        assert sign not in log, log[max(log.find(sign) - 500, 0) :][:4000]
    if TIMES:  # for whoever runs this with -s
        within = {k: v for k, v in TIMES.items() if not any(c.id == k and c.slow for c in CORPUS)}
        slowest = sorted(within.items(), key=lambda item: -item[1])[:5]
        print(f"\n{len(TIMES)} hostile requests in {sum(TIMES.values()):.1f} s; slowest:")
        for case_id, elapsed in slowest:
            print(f"  {elapsed:.3f} s  {case_id}")
