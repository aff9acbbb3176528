"""The request-body limit (ARGMAP_BODY_MAX_MB): 413 before a large body is read into memory.

A pure ASGI middleware, so that it runs before any route reads the body: a declared
Content-Length over the limit is refused at once, and a body sent without one (chunked) is
counted as it arrives and refused as soon as it passes the limit.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from argmap.errors import TooLarge


class _TooLarge(TooLarge):
    """Raised from `receive` mid-body; the app's ArgmapError handler answers it with 413."""


class BodyLimit:
    """Refuse with 413 any request whose body is larger than `max_bytes`."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _message(self, size: int | None) -> bytes:
        sent = f"{size // (1024 * 1024)} MiB" if size is not None else "more"
        detail = (
            f"the request body is {sent}, more than the {self.max_bytes // (1024 * 1024)} MiB "
            "this service takes (ARGMAP_BODY_MAX_MB)"
        )
        return json.dumps({"detail": detail}).encode("utf-8")

    async def _refuse(self, send: Send, size: int | None) -> None:
        body = self._message(size)
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, counting its body; answer 413 past the limit."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0  # the server refuses a malformed length itself
                if declared > self.max_bytes:
                    await self._refuse(send, declared)
                    return
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _TooLarge(json.loads(self._message(None))["detail"])
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except _TooLarge:
            if not started:
                await self._refuse(send, None)
