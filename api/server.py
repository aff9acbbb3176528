"""`argmap serve`: build the store if it has no maps yet, then run the app under uvicorn."""

from __future__ import annotations

from pathlib import Path

import uvicorn

from argmap import build as builder
from argmap.api.main import create_app
from argmap.api.settings import Settings
from argmap.build import BuildReport, Progress
from argmap.store import Store
from argmap.vocab import map_id_of

API_DIR = Path(__file__).resolve().parent


def load_settings() -> Settings:
    """The service's settings from the environment."""
    return Settings()


def has_maps(store: Store) -> bool:
    """Whether any map graph is in the store."""
    return any(map_id_of(str(name)) for name in store.graph_names())


def ensure_built(store: Store, progress: Progress | None = None) -> BuildReport | None:
    """Build the shipped maps into an empty store; None when it already holds maps."""
    if has_maps(store):
        return None
    # A wheel install keeps its maps inside site-packages: leave the compiled files alone.
    return builder.build(store, write_compiled=False, progress=progress)


def serve(store: Store, settings: Settings, host: str, port: int) -> None:
    """Serve `store` until interrupted (one process, so the embedded store is opened once)."""
    uvicorn.run(create_app(settings, store), host=host, port=port, workers=1)


def serve_reloading(host: str, port: int) -> None:
    """Serve with code reloading: each reload makes a new app, which opens the store itself."""
    uvicorn.run(
        "argmap.api.main:create_app",
        factory=True,
        host=host,
        port=port,
        reload=True,
        reload_dirs=[str(d) for d in (API_DIR, API_DIR.parent / "src" / "argmap") if d.is_dir()],
    )
