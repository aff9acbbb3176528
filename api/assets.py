"""The pages' built scripts and styles (api/static/dist, from `make setup`), served at /static."""

from __future__ import annotations

from html import escape
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).resolve().parent / "static"
"""The pages (HTML) and the sources of their scripts."""

DIST = STATIC / "dist"
"""What api/static/build.mjs writes from the npm packages: bundles and vendor files."""

BUILT = DIST / ".built"


def built() -> bool:
    """Whether the pages' scripts have been built (a checkout before `make setup` has none)."""
    return BUILT.is_file()


NOT_BUILT = (
    "The pages' scripts are not built: run `make setup` (npm ci, then node api/static/build.mjs)."
)


def not_built(page: str, meanwhile: str, headers: dict[str, str] | None = None) -> HTMLResponse:
    """The 503 a browser gets for `page` before the scripts are built: what to run, what works.

    `meanwhile` is HTML (trusted, written by the caller) saying what answers in the meantime.
    """
    return HTMLResponse(
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>argmap · {escape(page)} not built</title></head><body><main>"
        f"<h1>The {escape(page)} is not built yet</h1><p>{escape(NOT_BUILT)}</p>"
        f"<p>{meanwhile}</p></main></body></html>",
        status_code=503,
        headers=headers,
    )


def mount(app: FastAPI) -> None:
    """Serve the built files at /static (check_dir off: the API works before they are built)."""
    app.mount("/static", StaticFiles(directory=DIST, check_dir=False), name="static")
