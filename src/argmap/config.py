"""Library settings from the environment (prefix ARGMAP_, as fixed in DESIGN.md)."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_STORE = Path(".argmap") / "store"


def store_path() -> Path:
    """Directory of the embedded store: ARGMAP_STORE, or .argmap/store in the working directory."""
    return Path(os.environ.get("ARGMAP_STORE") or DEFAULT_STORE)


def sparql_endpoint() -> str | None:
    """A remote SPARQL 1.1 query endpoint to use instead of the embedded store, if set."""
    return os.environ.get("ARGMAP_SPARQL_ENDPOINT") or None


def query_timeout_s() -> float:
    """How long one query may run, in seconds (ARGMAP_QUERY_TIMEOUT_S, default 30)."""
    return float(os.environ.get("ARGMAP_QUERY_TIMEOUT_S") or 30)


def update_endpoint() -> str | None:
    """The remote store's SPARQL 1.1 Update endpoint (ARGMAP_SPARQL_UPDATE_ENDPOINT), if set."""
    return os.environ.get("ARGMAP_SPARQL_UPDATE_ENDPOINT") or None


def graph_store_endpoint() -> str | None:
    """The remote store's Graph Store Protocol endpoint (ARGMAP_GRAPH_STORE_ENDPOINT), if set."""
    return os.environ.get("ARGMAP_GRAPH_STORE_ENDPOINT") or None
