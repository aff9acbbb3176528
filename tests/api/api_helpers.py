"""Helpers of the service tests: settings, a live uvicorn, a slow store (fixtures: conftest.py)."""

from __future__ import annotations

import socket
import threading
import time

import pyoxigraph as ox
import uvicorn
from fastapi import FastAPI

from argmap.settings import Settings
from argmap.store import OxigraphStore

TOKEN = "test-token-0123456789"


def settings(**overrides: object) -> Settings:
    """Settings that ignore the environment of whoever runs the tests."""
    values: dict[str, object] = {
        "store": "unused",
        "sparql_endpoint": None,
        "sparql_update_endpoint": None,
        "graph_store_endpoint": None,
        "update_token": None,
        "query_timeout_s": 30.0,
    }
    values.update(overrides)
    return Settings.model_validate(values)


class LiveServer:
    """A real uvicorn serving an app on a free loopback port, in a thread of the test process."""

    def __init__(self, app: FastAPI) -> None:
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self.port: int = self._socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self._socket]}, daemon=True
        )
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        """Ask uvicorn to finish and wait for it."""
        self.server.should_exit = True
        self.thread.join(timeout=20)
        self._socket.close()


def slow_store(size: int = 2000) -> OxigraphStore:
    """A store on which a self-join takes seconds."""
    store = OxigraphStore()
    store.raw().bulk_extend(
        ox.Quad(
            ox.NamedNode(f"http://example.org/s{i}"),
            ox.NamedNode("http://example.org/p"),
            ox.Literal(i),
            ox.NamedNode("http://example.org/g"),
        )
        for i in range(size)
    )
    return store


SLOW = "SELECT (COUNT(*) AS ?n) { ?a ?p ?b . ?c ?p ?d FILTER(?b < ?d) }"
