"""Open the store the settings name: a remote SPARQL server if ARGMAP_SPARQL_ENDPOINT is set."""

from __future__ import annotations

from pathlib import Path

from argmap import config
from argmap.remote import RemoteStore
from argmap.store import OxigraphStore, Store


def connect(
    path: Path,
    endpoint: str | None = None,
    *,
    update_endpoint: str | None = None,
    graph_store_endpoint: str | None = None,
    timeout_s: float = 30,
    read_only: bool = False,
) -> Store:
    """A RemoteStore on `endpoint` if one is given (checked), else the embedded store at `path`."""
    if endpoint is None:
        return OxigraphStore(path, read_only=read_only)
    remote = RemoteStore(
        endpoint,
        # Read-only means no write endpoint at all, so a write fails before it reaches the server.
        update_endpoint=None if read_only else update_endpoint,
        graph_store_endpoint=None if read_only else graph_store_endpoint,
        timeout_s=timeout_s,
    )
    try:
        remote.check()
    except BaseException:
        remote.close()
        raise
    return remote


def open_store(read_only: bool = False) -> Store:
    """The store the ARGMAP_* settings name: remote if ARGMAP_SPARQL_ENDPOINT is set."""
    return connect(
        config.store_path(),
        config.sparql_endpoint(),
        update_endpoint=config.update_endpoint(),
        graph_store_endpoint=config.graph_store_endpoint(),
        timeout_s=config.query_timeout_s(),
        read_only=read_only,
    )


def describe_store() -> str:
    """Where the store the settings name lives: the endpoint URL or the directory."""
    return config.sparql_endpoint() or str(config.store_path())
