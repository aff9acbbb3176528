"""Read a SPARQL 1.1 Protocol request: which operation, its text, and the dataset it names.

GET carries `query` in the URL; POST carries it form-encoded or as the whole body
(`application/sparql-query`); updates come only by POST (form `update=` or
`application/sparql-update`). Dataset parameters may sit in the URL or in a form body.
Parameters the protocol does not define (SPARQLWrapper's `format`, `output`) are ignored.

The request is read strictly, since whatever is let through reaches the engine as the client's
words: percent-escapes must decode to UTF-8 (never replaced by U+FFFD), a text may hold no NUL
character, and a parameter of the other operation (`using-graph-uri` with a query, `query`
beside an update body) is refused rather than silently dropped.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass
from urllib.parse import unquote_plus

import pyoxigraph as ox
from fastapi import HTTPException, Request, status

from argmap.errors import TooLarge
from argmap.vocab import IRI

FORM = "application/x-www-form-urlencoded"
QUERY_BODY = "application/sparql-query"
UPDATE_BODY = "application/sparql-update"
MAX_IRI_CHARS = 4096
"""The longest graph IRI a dataset parameter may name (a graph's name, never a document)."""
QUERY_DATASET = ("default-graph-uri", "named-graph-uri")
UPDATE_DATASET = ("using-graph-uri", "using-named-graph-uri")


@dataclass(frozen=True)
class Dataset:
    """Graphs a request names: the default graph is their merge; GRAPH sees only the named ones."""

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    @property
    def given(self) -> bool:
        """Whether the request names a dataset at all."""
        return bool(self.default_graphs or self.named_graphs)


@dataclass(frozen=True)
class QueryOperation:
    """A query to run, with the dataset the protocol names (if any), and when it was read."""

    text: str
    dataset: Dataset
    # The time limit runs from here (time.monotonic), not from when a worker takes the query:
    # on a busy service the wait for the event loop and a thread counts against it too.
    received: float = dataclasses.field(default_factory=time.monotonic)


@dataclass(frozen=True)
class UpdateOperation:
    """An update to run; its dataset comes from `using-graph-uri` / `using-named-graph-uri`."""

    text: str
    dataset: Dataset


Operation = QueryOperation | UpdateOperation


def _bad(message: str) -> HTTPException:
    return HTTPException(status.HTTP_400_BAD_REQUEST, message)


def _pairs(encoded: str, where: str) -> list[tuple[str, str]]:
    """The name-value pairs of a query string or form body, percent-decoded to UTF-8 strictly."""
    pairs = []
    for field in encoded.split("&"):
        if not field:
            continue
        name, _, value = field.partition("=")
        try:
            pair = (unquote_plus(name, errors="strict"), unquote_plus(value, errors="strict"))
        except UnicodeDecodeError:
            named = shown(unquote_plus(name, errors="replace"), 50)
            raise _bad(
                f"the parameter {named} in the {where} is not valid UTF-8 once percent-decoded; "
                "percent-encode the UTF-8 bytes of the text"
            ) from None
        pairs.append(pair)
    return pairs


def url_params(request: Request) -> list[tuple[str, str]]:
    """The URL's query parameters, percent-decoded to UTF-8 strictly (400 otherwise)."""
    # Starlette's query_params replace undecodable bytes with U+FFFD: a query would then run
    # as text the client never sent.
    raw: bytes = request.scope.get("query_string", b"")
    try:
        encoded = raw.decode("ascii")
    except UnicodeDecodeError:
        raise _bad("the URL's query string has bytes that are not percent-encoded") from None
    return _pairs(encoded, "URL")


def _media_type(request: Request) -> tuple[str, dict[str, str]]:
    header = request.headers.get("content-type", "")
    main, *parameters = header.split(";")
    params = {}
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        params[name.strip().lower()] = value.strip().strip('"')
    return main.strip().lower(), params


def _decode(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _bad(f"the {what} is not valid UTF-8 (byte {exc.start})") from exc


def _graphs(params: list[tuple[str, str]], name: str) -> tuple[str, ...]:
    graphs = tuple(value for key, value in params if key == name)
    for graph in graphs:
        if len(graph) > MAX_IRI_CHARS:
            raise _bad(
                f"{name} is {len(graph)} characters long; a graph IRI here may have at most "
                f"{MAX_IRI_CHARS}"
            )
        # The engine's own IRI parser has the last word (it refuses `http://x/%zz`, which
        # the pattern lets through); both run in linear time.
        try:
            valid = bool(IRI.match(graph)) and ox.NamedNode(graph).value == graph
        except ValueError:
            valid = False
        if not valid:
            raise _bad(f"{name} must be an absolute IRI, not {shown(graph)}")
    return graphs


def _refuse_other(params: list[tuple[str, str]], kind: str) -> None:
    # A parameter of the other operation would be ignored, and the client would get an
    # answer over a dataset (or for an operation) other than the one it asked for.
    if kind == "query":
        names, other = ("update", *UPDATE_DATASET), "an update"
    else:
        names, other = ("query", *QUERY_DATASET), "a query"
    for key, _ in params:
        if key in names:
            raise _bad(f"`{key}` belongs to {other}, not to this {kind}; leave it out")


def _text(text: str, kind: str) -> str:
    # SPARQL allows a NUL inside a string literal, but no client means one, and every tool
    # after the engine (logs, terminals, C libraries) would cut the text there.
    position = text.find("\x00")
    if position >= 0:
        raise _bad(
            f"the {kind} holds a NUL character (U+0000) at position {position}; "
            "write \\u0000 in a literal if that is what you mean"
        )
    return text


def shown(value: str, limit: int = 200) -> str:
    """A value for an error message, quoted and cut short: a message must not echo a megabyte."""
    return repr(value) if len(value) <= limit else repr(value[:limit]) + f"… ({len(value)} chars)"


def check_size(text: str, what: str, max_kb: int) -> str:
    """The text, if it is no longer than ARGMAP_QUERY_MAX_KB; TooLarge (413) otherwise."""
    size = len(text.encode("utf-8"))
    if size > max_kb * 1024:
        raise TooLarge(
            f"the {what} is {size // 1024} KiB, more than the {max_kb} KiB this endpoint takes "
            "(ARGMAP_QUERY_MAX_KB)"
        )
    return text


def _single(params: list[tuple[str, str]], name: str) -> str:
    values = [value for key, value in params if key == name]
    if len(values) > 1:
        raise _bad(f"the request has {len(values)} `{name}` parameters; send exactly one")
    if not values:
        raise _bad(f"the request has no `{name}` parameter")
    return values[0]


def _query(params: list[tuple[str, str]], text: str | None = None) -> QueryOperation:
    if text is None:
        text = _single(params, "query")
    elif any(key == "query" for key, _ in params):
        raise _bad("the query is both in the body and in a `query` parameter; send exactly one")
    _refuse_other(params, "query")
    dataset = Dataset(_graphs(params, "default-graph-uri"), _graphs(params, "named-graph-uri"))
    return QueryOperation(_text(text, "query"), dataset)


def _update(params: list[tuple[str, str]], text: str | None = None) -> UpdateOperation:
    if text is None:
        text = _single(params, "update")
    elif any(key == "update" for key, _ in params):
        raise _bad("the update is both in the body and in an `update` parameter; send exactly one")
    _refuse_other(params, "update")
    dataset = Dataset(_graphs(params, "using-graph-uri"), _graphs(params, "using-named-graph-uri"))
    return UpdateOperation(_text(text, "update"), dataset)


_DATASET_PARAMS = {"query", "update", "default-graph-uri", "named-graph-uri"}


def read_get(request: Request) -> QueryOperation | None:
    """The query of a GET request, or None for a bare GET (it asks for the service description)."""
    params = url_params(request)
    keys = {key for key, _ in params}
    by_post = "an update must be sent with POST, form-encoded or as application/sparql-update"
    if "update" in keys and "query" in keys:
        raise _bad(f"the request has both `query` and `update`; send one operation ({by_post})")
    if "update" in keys:
        raise _bad(by_post)
    if not keys & _DATASET_PARAMS:
        return None
    return _query(params)


async def read_post(request: Request) -> Operation:
    """The query or update of a POST request; 415 for a body that is neither form nor SPARQL."""
    media_type, media_params = _media_type(request)
    charset = media_params.get("charset", "utf-8").lower()
    if media_type in (FORM, QUERY_BODY, UPDATE_BODY) and charset not in ("utf-8", "utf8"):
        raise HTTPException(
            status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
            f"{media_type} must be UTF-8 encoded, not {shown(charset, 50)}",
        )
    if media_type not in (FORM, QUERY_BODY, UPDATE_BODY):
        sent = shown(media_type, 100) if media_type else "no Content-Type"
        raise HTTPException(
            status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
            f"POST /sparql takes {FORM}, {QUERY_BODY} or {UPDATE_BODY}, not {sent}",
        )
    in_url = url_params(request)
    body = await request.body()
    if media_type == QUERY_BODY:
        return _query(in_url, _decode(body, "query"))
    if media_type == UPDATE_BODY:
        return _update(in_url, _decode(body, "update"))
    params = in_url + _pairs(_decode(body, "form body"), "form body")
    keys = {key for key, _ in params}
    if "query" in keys and "update" in keys:
        raise _bad("the request has both `query` and `update`; send one operation")
    return _update(params) if "update" in keys else _query(params)
