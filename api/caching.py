"""HTTP caching: validators from the store's state, 304 answers, and what may be cached how long.

The one thing that knows the store's state is `StoreGeneration`: a number the service bumps
after every write it makes (uploads, replacements, deletions and SPARQL updates all go
through `api.writes.Writer`, which says when one is done) and when it attaches a store,
with the time of the last bump. A successful GET carries

- `ETag: W/"…"`, a hash of this process's generation, the request's host, path and query, and
  the media type of the answer: weak, because the gzip and the plain bodies of one answer
  share it, and because the bytes are the same meaning rather than promised byte for byte;
- `Last-Modified`, the time of the last write (whole seconds; each bump moves it on by at least
  one, so that two writes within a second still give two dates);
- `Cache-Control: no-cache`: any cache may keep it, but must ask again before using it, which
  the validators make cheap.

`If-None-Match` that matches, or else `If-Modified-Since` no earlier than the last write,
turns a 200 into a 304 without a body. The ETag last sent for the same request in the same
generation is remembered, so that a revalidation of it is answered without running the
route again (a `/sparql` query is then not evaluated twice for nothing).

The generation is taken when the request arrives: an answer computed while a write commits
is tagged with the generation before the write, which a revalidation after it no longer
matches. Files under /static never change within a build: they keep the validators
Starlette gives them and may be cached for a day. Errors and every answer to another
method are `no-store`.

A service over a remote SPARQL store gets no validators: others may write to that server, and
nothing tells the service when they do, so its answers are `no-cache` with nothing to
revalidate against.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

DATA = "no-cache"
"""Answers about the store: keep, but revalidate before each use."""
STATIC = "no-cache"
"""The pages' built scripts and styles: revalidated too (by their file ETag, so cheaply), since
their names do not change from one build to the next and an old script must not outlive it."""
NO_STORE = "no-store"
"""Errors, and answers to writes and to POSTed queries."""
REMEMBERED = 4096
"""How many recent (request, ETag) pairs are kept to answer a revalidation without the route."""

# The headers a 304 repeats (RFC 9110, 15.4.5); the body's own headers go with the body.
_KEPT_BY_304 = {b"cache-control", b"content-location", b"date", b"etag", b"expires", b"vary"}
_KEPT_BY_304 |= {b"last-modified", b"link"}


@dataclass(frozen=True)
class State:
    """The store's state at one moment: the process's nonce, the write count, the last write."""

    instance: str
    number: int
    modified: int


class StoreGeneration:
    """The count of the writes this service made to its store, and the time of the last one."""

    def __init__(self) -> None:
        # A new process starts again at 0 over a store that may have changed: the nonce keeps
        # the ETags of two runs apart.
        self._instance = secrets.token_hex(8)
        self._number = 0
        self._modified = int(time.time())
        self._lock = threading.Lock()

    def bump(self) -> None:
        """Record a write (or a new store): every validator given out so far goes stale."""
        with self._lock:
            self._number += 1
            self._modified = max(int(time.time()), self._modified + 1)

    def state(self) -> State:
        """The state now."""
        with self._lock:
            return State(self._instance, self._number, self._modified)


@dataclass(frozen=True)
class Sent:
    """What a 200 answer said that a 304 for the same request repeats: its ETag and headers."""

    tag: str
    headers: tuple[tuple[bytes, bytes], ...]


Key = tuple[State, str, str]
"""A request as far as its answer goes: the store's state, the URL, the Accept header."""


def etag(state: State, url: str, media_type: str) -> str:
    """The weak validator of one answer: the store's state, the request, the media type."""
    digest = hashlib.sha256(
        "\n".join((state.instance, str(state.number), url, media_type)).encode("utf-8")
    ).hexdigest()
    return f'W/"{digest[:32]}"'


def _opaque(tag: str) -> str:
    return tag.strip().removeprefix("W/")


def matches(if_none_match: str, tag: str) -> bool:
    """Whether an If-None-Match header names `tag` (weak comparison) or is `*`."""
    wanted = _opaque(tag)
    return any(t.strip() == "*" or _opaque(t) == wanted for t in if_none_match.split(","))


def not_modified_since(if_modified_since: str, modified: int) -> bool:
    """Whether the last write is no later than the If-Modified-Since date (a bad date: no)."""
    try:
        since = parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError, IndexError):
        return False
    if since.tzinfo is None:
        return False  # not an HTTP date (those are GMT)
    return modified <= since.timestamp()


class Caching:
    """Add validators and Cache-Control to every answer, and answer 304 where they match."""

    def __init__(
        self,
        app: ASGIApp,
        state: Callable[[], State | None],
        static_prefix: str = "/static/",
    ) -> None:
        self.app = app
        self._state = state
        self._static = static_prefix
        self._sent: OrderedDict[Key, Sent] = OrderedDict()
        self._lock = threading.Lock()

    def _remember(self, key: Key, sent: Sent) -> None:
        with self._lock:
            self._sent[key] = sent
            self._sent.move_to_end(key)
            while len(self._sent) > REMEMBERED:
                self._sent.popitem(last=False)

    def _remembered(self, key: Key) -> Sent | None:
        with self._lock:
            return self._sent.get(key)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, then add the headers (and answer 304) on the way back."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] != "GET":
            await self.app(scope, receive, _with_cache_control(send, NO_STORE))
            return
        if scope["path"].startswith(self._static):
            await self.app(scope, receive, _with_cache_control(send, STATIC, errors=NO_STORE))
            return
        state = self._state()
        if state is None:
            await self.app(scope, receive, _with_cache_control(send, DATA, errors=NO_STORE))
            return
        request = Headers(scope=scope)
        url = "{}{}?{}".format(
            request.get("host", ""), scope["path"], scope["query_string"].decode("latin-1")
        )
        key = (state, url, request.get("accept", ""))
        if_none_match = request.get("if-none-match")
        known = self._remembered(key)
        if if_none_match is not None and known is not None and matches(if_none_match, known.tag):
            await _send_304(send, list(known.headers))
            return
        await self.app(scope, receive, self._responder(send, state, url, key, request))

    def _responder(
        self,
        send: Send,
        state: State,
        url: str,
        key: Key,
        request: Headers,
    ) -> Send:
        dropping = False

        async def respond(message: Message) -> None:
            nonlocal dropping
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                headers = MutableHeaders(scope=message)
                if message["status"] != 200:
                    headers.setdefault(
                        "cache-control", NO_STORE if message["status"] >= 400 else DATA
                    )
                    await send(message)
                    return
                tag = headers.get("etag") or etag(state, url, headers.get("content-type", ""))
                headers.setdefault("etag", tag)
                for name, value in _validators(state, DATA):
                    headers.setdefault(name.decode(), value.decode())
                self._remember(key, Sent(tag, tuple(_kept(message["headers"]))))
                if_none_match = request.get("if-none-match")
                if_modified_since = request.get("if-modified-since")
                if if_none_match is not None:
                    fresh = matches(if_none_match, tag)
                else:
                    fresh = if_modified_since is not None and not_modified_since(
                        if_modified_since, state.modified
                    )
                if fresh:
                    dropping = True
                    await _send_304(send, message["headers"])
                    return
                await send(message)
            elif not dropping:
                await send(message)

        return respond


def _validators(state: State, cache_control: str) -> list[tuple[bytes, bytes]]:
    return [
        (b"last-modified", formatdate(state.modified, usegmt=True).encode()),
        (b"cache-control", cache_control.encode()),
    ]


def _kept(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    return [(name, value) for name, value in headers if name.lower() in _KEPT_BY_304]


async def _send_304(send: Send, headers: list[tuple[bytes, bytes]]) -> None:
    await send({"type": "http.response.start", "status": 304, "headers": _kept(headers)})
    await send({"type": "http.response.body", "body": b"", "more_body": False})


def _with_cache_control(send: Send, value: str, errors: str = NO_STORE) -> Send:
    async def respond(message: Message) -> None:
        if message["type"] == "http.response.start":
            chosen = errors if message["status"] >= 400 else value
            message.setdefault("headers", [])
            MutableHeaders(scope=message).setdefault("cache-control", chosen)
        await send(message)

    return respond
