"""/healthz: whether the service has its store open."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel

from argmap.api.deps import StoreDep
from argmap.store import OxigraphStore

router = APIRouter(tags=["health"])


class Health(BaseModel):
    """The service is up and its store is open."""

    status: Literal["ok"]
    store: Literal["embedded", "remote"]


@router.get(
    "/healthz",
    summary="200 once the store is open",
    response_model=Health,
    responses={503: {"description": "The store is not open (yet)."}},
)
def healthz(store: StoreDep) -> Health:
    """Answer 200 when the store is open, 503 before."""
    return Health(status="ok", store="embedded" if isinstance(store, OxigraphStore) else "remote")
