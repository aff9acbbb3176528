"""argmap's settings, read from the environment (prefix ARGMAP_, docs/contract.md lists them).

One `Settings` object serves the CLI, the library's store connection and the service; each
default is stated here once.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_STORE = Path(".argmap") / "store"
"""The embedded store, relative to the working directory."""
DEFAULT_QUERY_TIMEOUT_S = 30.0
"""How long one query may run unless ARGMAP_QUERY_TIMEOUT_S says otherwise (seconds)."""


class Settings(BaseSettings):
    """Where the store is, who may write to it, how long a query runs, where the service listens."""

    model_config = SettingsConfigDict(env_prefix="ARGMAP_", extra="ignore")

    store: Path = Field(default=DEFAULT_STORE, description="Directory of the embedded store.")
    sparql_endpoint: str | None = Field(
        default=None,
        description="A remote SPARQL 1.1 query endpoint to use instead.",
    )
    sparql_update_endpoint: str | None = Field(
        default=None, description="The remote SPARQL 1.1 Update endpoint."
    )
    graph_store_endpoint: str | None = Field(
        default=None, description="The remote Graph Store Protocol endpoint."
    )
    update_token: SecretStr | None = Field(
        default=None, description="Bearer token that enables updates at /sparql (none: disabled)."
    )
    query_timeout_s: float = Field(
        default=DEFAULT_QUERY_TIMEOUT_S, gt=0, description="Longest a query may run (s)."
    )
    sparql_workers: int = Field(
        default=8, ge=1, le=64, description="Threads for /sparql, apart from the other routes."
    )
    host: str = Field(default="127.0.0.1", description="Interface `argmap serve` listens on.")
    port: int = Field(default=8000, ge=0, le=65535, description="Port `argmap serve` listens on.")

    @property
    def updates_enabled(self) -> bool:
        """Whether a token is configured (an empty one counts as none)."""
        return self.update_token is not None and bool(self.update_token.get_secret_value())


def load_settings() -> Settings:
    """The settings from the environment, read anew (tests and commands change it)."""
    return Settings()
