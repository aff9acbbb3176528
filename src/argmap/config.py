"""Library settings from the environment (prefix ARGMAP_, as fixed in DESIGN.md)."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_STORE = Path(".argmap") / "store"


def store_path() -> Path:
    """Directory of the embedded store: ARGMAP_STORE, or .argmap/store under the working directory."""
    return Path(os.environ.get("ARGMAP_STORE") or DEFAULT_STORE)


def sparql_endpoint() -> str | None:
    """A remote SPARQL 1.1 query endpoint to use instead of the embedded store, if set."""
    return os.environ.get("ARGMAP_SPARQL_ENDPOINT") or None


def query_timeout_s() -> float:
    """How long one query may run, in seconds (ARGMAP_QUERY_TIMEOUT_S, default 30)."""
    return float(os.environ.get("ARGMAP_QUERY_TIMEOUT_S") or 30)
