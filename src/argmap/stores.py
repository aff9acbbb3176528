"""Open the store the settings name: a remote SPARQL server if ARGMAP_SPARQL_ENDPOINT is set."""

from __future__ import annotations

from argmap import config
from argmap.remote import RemoteStore
from argmap.store import OxigraphStore, Store


def open_store(read_only: bool = False) -> Store:
    """A RemoteStore if ARGMAP_SPARQL_ENDPOINT is set, else the embedded store at ARGMAP_STORE."""
    endpoint = config.sparql_endpoint()
    if endpoint is None:
        return OxigraphStore(config.store_path(), read_only=read_only)
    remote = RemoteStore(
        endpoint,
        # Read-only means no write endpoint at all, so a write fails before it reaches the server.
        update_endpoint=None if read_only else config.update_endpoint(),
        graph_store_endpoint=None if read_only else config.graph_store_endpoint(),
        timeout_s=config.query_timeout_s(),
    )
    try:
        remote.check()
    except BaseException:
        remote.close()
        raise
    return remote


def describe_store() -> str:
    """Where the store the settings name lives: the endpoint URL or the directory."""
    return config.sparql_endpoint() or str(config.store_path())
