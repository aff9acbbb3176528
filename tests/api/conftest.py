"""Fixtures of the service tests: the app over the built store, a client of it, a live server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from api_helpers import LiveServer, settings
from fastapi import FastAPI
from fastapi.testclient import TestClient

from argmap.api.main import create_app
from argmap.store import OxigraphStore


@pytest.fixture(scope="session")
def app(built_store: OxigraphStore) -> FastAPI:
    """The service over the built store, updates disabled."""
    return create_app(settings(), built_store)


@pytest.fixture(scope="session")
def client(app: FastAPI) -> TestClient:
    """A TestClient of that app (the store is the caller's, so no lifespan is needed)."""
    return TestClient(app)


@pytest.fixture(scope="session")
def live_url(app: FastAPI) -> Iterator[str]:
    """The same app behind a live uvicorn on loopback."""
    server = LiveServer(app)
    yield server.url
    server.stop()
