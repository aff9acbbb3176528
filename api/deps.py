"""Dependencies of the route handlers, as `Annotated` aliases."""

from __future__ import annotations

import hmac
from typing import Annotated, cast

from fastapi import Depends, HTTPException, Request, status

from argmap.api.services import Services
from argmap.api.sparql.engines import Engine
from argmap.errors import StoreError
from argmap.settings import Settings
from argmap.store import Store


def services_of(request: Request) -> Services:
    """The state of the app serving this request."""
    return cast(Services, request.app.state.services)


# The dependencies are `async def` although they never wait: FastAPI would run plain `def`
# dependencies in the thread pool, one thread hop per request for a dictionary lookup.


async def get_services(request: Request) -> Services:
    """The state of the app serving this request."""
    return services_of(request)


async def get_settings(request: Request) -> Settings:
    """The app's settings (read once when the app was made, never per request)."""
    return services_of(request).settings


async def get_store(request: Request) -> Store:
    """The open store; 503 while it is not open yet."""
    store = services_of(request).store
    if store is None:
        raise StoreError("the store is not open yet; try again in a moment")
    return store


async def get_engine(request: Request) -> Engine:
    """The SPARQL engine over the open store; 503 while it is not open yet."""
    engine = services_of(request).engine
    if engine is None:
        raise StoreError("the store is not open yet; try again in a moment")
    return engine


def authorise(request: Request, settings: Settings) -> None:
    """Let a write through only with `Authorization: Bearer <ARGMAP_UPDATE_TOKEN>`.

    403 when writes are off (no token configured), 401 for a missing or wrong token; the
    comparison takes the same time wherever the given token differs.
    """
    token = settings.update_token
    if token is None or not settings.updates_enabled:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            "writes are disabled on this service; set ARGMAP_UPDATE_TOKEN to enable them",
        )
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    expected = token.get_secret_value().encode("utf-8")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode("utf-8", "surrogateescape"), expected
    ):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "a write needs the header `Authorization: Bearer <ARGMAP_UPDATE_TOKEN>`",
            headers={"WWW-Authenticate": 'Bearer realm="argmap"'},
        )


async def require_writer(request: Request) -> None:
    """The dependency of every write route: the bearer token, checked before the body is read."""
    authorise(request, services_of(request).settings)


ServicesDep = Annotated[Services, Depends(get_services)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]
EngineDep = Annotated[Engine, Depends(get_engine)]
