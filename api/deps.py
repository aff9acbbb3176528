"""Dependencies of the route handlers, as `Annotated` aliases."""

from __future__ import annotations

from typing import Annotated, cast

from fastapi import Depends, Request

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


ServicesDep = Annotated[Services, Depends(get_services)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]
EngineDep = Annotated[Engine, Depends(get_engine)]
