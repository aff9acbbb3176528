"""Table answers of the REST routes: JSON rows by default, CSV when `Accept` prefers it."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi import HTTPException, Response, status
from fastapi.responses import JSONResponse

from argmap.api.negotiation import choose
from argmap.store import Table

JSON = "application/json"
CSV = "text/csv"
TABLE_TYPES = [JSON, CSV]


def rows_csv(variables: list[str], rows: list[dict[str, Any]]) -> str:
    """Rows as CSV with a header line; unbound values are empty cells."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=variables, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def table_response(table: Table, accept: str | None) -> Response:
    """A SELECT result as JSON rows of plain values, or as CSV."""
    chosen = choose(accept, TABLE_TYPES)
    if chosen is None:
        raise HTTPException(
            status.HTTP_406_NOT_ACCEPTABLE,
            f"cannot answer in any type of `Accept: {accept}`; this route sends {JSON} or {CSV}",
        )
    rows = table.as_python()
    if chosen == CSV:
        return Response(rows_csv(table.variables, rows), media_type=f"{CSV}; charset=utf-8")
    return JSONResponse(rows)
