"""How argmap's exceptions become HTTP answers: one handler, and the status table of argmap.errors.

The status of each branch of the error tree is `argmap.errors.HTTP_STATUS`, beside the CLI's
exit codes, so that the two cannot drift apart. Protocol-level refusals (405, 406, 415, 401,
403) are raised as HTTPException where they arise, and an absurd Accept header is a 400;
anything else is a bug and is left to surface as a 500.

A client that goes away mid-body (uvicorn says so when it cannot parse the rest, having
answered 400 itself) is no error of the service: it is answered, to nobody, without a traceback.

FastAPI's own 422 answers keep their form (a list of errors, each with `loc`, `msg` and the
`input`), except that a long input is cut short: an answer names the problem, it does not
echo a 60 KB parameter back.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request, status
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.requests import ClientDisconnect

from argmap.api.negotiation import MalformedAccept
from argmap.errors import (
    HTTP_STATUS,
    ArgmapError,
    MapProblems,
    QueryTimeout,
    http_status_of,
)

__all__ = [
    "STATUS",
    "QueryTimeout",
    "body_of",
    "handle_argmap_error",
    "handle_client_disconnect",
    "handle_malformed_accept",
    "handle_validation_error",
    "register",
    "status_of",
]

STATUS = HTTP_STATUS
"""The status of each branch of argmap's error tree (kept in argmap.errors)."""


def status_of(exc: ArgmapError) -> int:
    """The status of the most specific branch the exception belongs to."""
    return http_status_of(exc)


def body_of(exc: ArgmapError) -> dict[str, Any]:
    """The JSON body: `detail` always, plus `problems` for a map with problems."""
    if isinstance(exc, MapProblems):
        return {
            "detail": str(exc).splitlines()[0],
            "problems": [
                {
                    "message": p.message,
                    "file": p.file,
                    "line": p.line,
                    "node": p.node,
                    "field": p.field,
                }
                for p in exc.problems
            ],
        }
    return {"detail": str(exc)}


async def handle_argmap_error(request: Request, exc: Exception) -> JSONResponse:
    """Answer an ArgmapError with its status and message."""
    assert isinstance(exc, ArgmapError)  # registered for ArgmapError only
    headers = (
        {"Retry-After": "5"} if status_of(exc) == status.HTTP_503_SERVICE_UNAVAILABLE else None
    )
    return JSONResponse(body_of(exc), status_code=status_of(exc), headers=headers)


async def handle_malformed_accept(request: Request, exc: Exception) -> JSONResponse:
    """Answer an absurd Accept header with 400 and what is wrong with it."""
    return JSONResponse({"detail": str(exc)}, status_code=status.HTTP_400_BAD_REQUEST)


async def handle_client_disconnect(request: Request, exc: Exception) -> JSONResponse:
    """Answer a request whose client left before its body ended (the answer reaches nobody)."""
    detail = "the client closed the connection before the request body was complete"
    return JSONResponse({"detail": detail}, status_code=status.HTTP_400_BAD_REQUEST)


SHOWN_INPUT_CHARS = 200
"""How much of a rejected parameter a 422 answer repeats."""


def _cut(value: object) -> object:
    if isinstance(value, str) and len(value) > SHOWN_INPUT_CHARS:
        return f"{value[:SHOWN_INPUT_CHARS]}… ({len(value)} characters)"
    return value


async def handle_validation_error(request: Request, exc: Exception) -> JSONResponse:
    """FastAPI's 422 answer, with long inputs cut short."""
    assert isinstance(exc, RequestValidationError)  # registered for it only
    errors = [
        {**error, "input": _cut(error["input"])} if "input" in error else error
        for error in exc.errors()
    ]
    return JSONResponse(
        {"detail": jsonable_encoder(errors)}, status_code=status.HTTP_422_UNPROCESSABLE_CONTENT
    )


def register(app: FastAPI) -> None:
    """Install the handlers on an app."""
    app.add_exception_handler(ArgmapError, handle_argmap_error)
    app.add_exception_handler(MalformedAccept, handle_malformed_accept)
    app.add_exception_handler(ClientDisconnect, handle_client_disconnect)
    app.add_exception_handler(RequestValidationError, handle_validation_error)
