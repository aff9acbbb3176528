"""How argmap's exceptions become HTTP answers: one handler, one status per branch of the tree.

ArgmapError (argmap.errors)                 status
├── MapProblems                             422, with every problem listed
├── ImportFormatError                       400
├── MapExists                               409
├── NotFound                                404
├── QueryError                              400
│   └── ParameterError                      422
├── StoreError (and StoreLocked)            503
├── ReasonerUnavailable                     503
├── FrameworkTooLarge                       503
├── GraphvizUnavailable                     503
└── QueryTimeout (defined here)             503

Protocol-level refusals (405, 406, 415, 401, 403) are raised as HTTPException where they
arise; anything else is a bug and is left to surface as a 500.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request, status
from fastapi.responses import JSONResponse

from argmap.errors import (
    ArgmapError,
    FrameworkTooLarge,
    GraphvizUnavailable,
    ImportFormatError,
    MapExists,
    MapProblems,
    NotFound,
    ParameterError,
    QueryError,
    ReasonerUnavailable,
    StoreError,
)


class QueryTimeout(ArgmapError):
    """A query ran longer than ARGMAP_QUERY_TIMEOUT_S."""


STATUS: dict[type[ArgmapError], int] = {
    MapProblems: status.HTTP_422_UNPROCESSABLE_CONTENT,
    ImportFormatError: status.HTTP_400_BAD_REQUEST,
    MapExists: status.HTTP_409_CONFLICT,
    NotFound: status.HTTP_404_NOT_FOUND,
    QueryError: status.HTTP_400_BAD_REQUEST,
    ParameterError: status.HTTP_422_UNPROCESSABLE_CONTENT,
    StoreError: status.HTTP_503_SERVICE_UNAVAILABLE,
    ReasonerUnavailable: status.HTTP_503_SERVICE_UNAVAILABLE,
    QueryTimeout: status.HTTP_503_SERVICE_UNAVAILABLE,
    GraphvizUnavailable: status.HTTP_503_SERVICE_UNAVAILABLE,
    FrameworkTooLarge: status.HTTP_503_SERVICE_UNAVAILABLE,
}


def status_of(exc: ArgmapError) -> int:
    """The status of the most specific branch the exception belongs to (500 for an unmapped one)."""
    for cls in type(exc).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return status.HTTP_500_INTERNAL_SERVER_ERROR


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


def register(app: FastAPI) -> None:
    """Install the handler on an app."""
    app.add_exception_handler(ArgmapError, handle_argmap_error)
