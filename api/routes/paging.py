"""Pages of the REST lists: `limit` and `offset` in, `total` and a `next` link out.

Every list the service answers is one page: a JSON object whose `items` hold the page and
whose `total` says how many there are in all, with a `Link: <…>; rel="next"` header while
more follow (and `rel="prev"` after the first page). The engine makes the page (LIMIT,
OFFSET and a COUNT in SPARQL, argmap.queries.run_page), so a page of a large corpus costs
about as much as a page of a small one.
"""

from __future__ import annotations

from typing import Annotated, Generic, TypeVar

from fastapi import Query, Request
from pydantic import BaseModel, Field

from argmap.queries import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET

__all__ = ["DEFAULT_LIMIT", "MAX_LIMIT", "Limit", "Offset", "Page", "page_headers", "page_of"]

Limit = Annotated[
    int,
    Query(
        ge=1,
        le=MAX_LIMIT,
        description=f"How many items the page has (default {DEFAULT_LIMIT}, at most {MAX_LIMIT}).",
    ),
]
Offset = Annotated[
    int,
    Query(ge=0, le=MAX_OFFSET, description="How many items to skip before the page (default 0)."),
]

Item = TypeVar("Item")


class Page(BaseModel, Generic[Item]):
    """One page of a list, with how many items the whole list has."""

    total: int = Field(description="how many items the whole list has")
    limit: int
    offset: int
    next: str | None = Field(description="path and query of the next page; null on the last")
    items: list[Item]


def _page_url(request: Request, limit: int, offset: int) -> str:
    # The request's own path and parameters, with the page's: a next link repeats the question.
    url = request.url.include_query_params(limit=limit, offset=offset)
    return f"{url.path}?{url.query}"


def next_offset(total: int, limit: int, offset: int) -> int | None:
    """Where the page after this one starts, or None when this is the last."""
    return offset + limit if offset + limit < total else None


def page_headers(request: Request, total: int, limit: int, offset: int) -> dict[str, str]:
    """`Link` (next and prev, RFC 8288) and `X-Total-Count` for a page."""
    links = []
    following = next_offset(total, limit, offset)
    if following is not None:
        links.append(f'<{_page_url(request, limit, following)}>; rel="next"')
    if offset > 0:
        links.append(f'<{_page_url(request, limit, max(offset - limit, 0))}>; rel="prev"')
    headers = {"X-Total-Count": str(total)}
    if links:
        headers["Link"] = ", ".join(links)
    return headers


def page_of(request: Request, items: list[Item], total: int, limit: int, offset: int) -> Page[Item]:
    """The page object of a list's items."""
    following = next_offset(total, limit, offset)
    link = None if following is None else _page_url(request, limit, following)
    return Page(total=total, limit=limit, offset=offset, next=link, items=items)
