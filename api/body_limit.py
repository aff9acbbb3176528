"""The request-body limit (ARGMAP_BODY_MAX_MB): 413 before a large body is read into memory.

A pure ASGI middleware, so that it runs before any route reads the body: a declared
Content-Length over the limit is refused at once, and a body sent without one (chunked) is
counted as it arrives and refused as soon as it passes the limit.

The refusal does not close the connection: the server then reads the rest of the body and
drops it, without keeping it. Closing with the body unread would make the kernel reset the
connection, and a client still sending would lose the 413 before it could read it.
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

    def _detail(self, size: int | None) -> str:
        sent = f"is {size} bytes" if size is not None else "is larger than that"
        limit = self.max_bytes // (1024 * 1024)
        return (
            f"this service takes request bodies of up to {limit} MiB (ARGMAP_BODY_MAX_MB), "
            f"and this one {sent}"
        )

    def _message(self, size: int | None) -> bytes:
        return json.dumps({"detail": self._detail(size)}).encode("utf-8")

    async def _refuse(self, send: Send, size: int | None) -> None:
        body = self._message(size)
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
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
                    raise _TooLarge(self._detail(None))
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
