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
DEFAULT_QUERY_TIMEOUT_S = 10.0
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
    sparql_user: str | None = Field(
        default=None, description="User for the remote endpoints that ask for HTTP auth."
    )
    sparql_password: SecretStr | None = Field(
        default=None, description="Password of ARGMAP_SPARQL_USER (Digest or Basic, as asked)."
    )
    update_token: SecretStr | None = Field(
        default=None, description="Bearer token that enables updates at /sparql (none: disabled)."
    )
    query_timeout_s: float = Field(
        default=DEFAULT_QUERY_TIMEOUT_S,
        gt=0,
        description="Longest a query may run (s); its worker process is then killed.",
    )
    query_memory_mb: int = Field(
        default=512, ge=16, description="Most memory one /sparql query may take (MB)."
    )
    query_max_depth: int = Field(
        default=256,
        ge=8,
        description="Deepest nesting of brackets and chained operators a query may have.",
    )
    query_max_kb: int = Field(
        default=512, ge=1, description="Largest query or update text /sparql takes (KiB)."
    )
    result_max_mb: int = Field(
        default=64, ge=1, description="Largest serialised /sparql result (MB); 413 past it."
    )
    body_max_mb: int = Field(
        default=16, ge=1, description="Largest request body, an upload included (MB); 413 past it."
    )
    sparql_workers: int = Field(
        default=16,
        ge=1,
        le=64,
        description="Most /sparql queries that run at once, each in its own worker process.",
    )
    sparql_idle_workers: int = Field(
        default=4, ge=0, le=16, description="Worker processes kept started and waiting."
    )
    remote_allow: list[str] = Field(
        default_factory=list,
        description="Endpoints a SERVICE or documents a LOAD may name (none: both refused).",
    )
    snapshots: Path | None = Field(
        default=None,
        description="Directory of the automatic snapshots (default: <store>-snapshots).",
    )
    snapshots_keep: int = Field(
        default=10, ge=0, description="How many automatic snapshots to keep (0: take none)."
    )
    host: str = Field(default="127.0.0.1", description="Interface `argmap serve` listens on.")
    port: int = Field(default=8000, ge=0, le=65535, description="Port `argmap serve` listens on.")

    @property
    def updates_enabled(self) -> bool:
        """Whether a token is configured (an empty one counts as none)."""
        return self.update_token is not None and bool(self.update_token.get_secret_value())

    @property
    def snapshot_dir(self) -> Path:
        """Where the automatic snapshots before destructive writes go."""
        return self.snapshots or self.store.with_name(self.store.name + "-snapshots")


def load_settings() -> Settings:
    """The settings from the environment, read anew (tests and commands change it)."""
    return Settings()
