"""/docs and /redoc: the API documentation, its scripts served from /static (works offline).

FastAPI's own pages load Swagger UI and ReDoc from a CDN and a favicon from fastapi.tiangolo.com,
so on a machine without internet /docs is blank. These pages are FastAPI's, pointed at the
copies that api/static/build.mjs takes from the npm packages (swagger-ui-dist, redoc).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.responses import HTMLResponse

from argmap.api import assets

router = APIRouter(include_in_schema=False)

VENDOR = "/static/vendor"
OAUTH2_REDIRECT = "/docs/oauth2-redirect"
STYLESHEET = "/static/docs.css"
"""api/static/src/docs.css: what the two pages need beyond their own styles (contrast, focus)."""

# argmap has no icon of its own: an inline one keeps the browser from asking another host (or
# /favicon.ico, which is not a route) for it.
FAVICON = (
    "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E"
    "%3Cpath d='M4 12 8 4l4 8' fill='none' stroke='%23345' stroke-width='1.5'/%3E"
    "%3Ccircle cx='8' cy='4' r='2.2' fill='%23345'/%3E%3Ccircle cx='4' cy='12' r='2.2' "
    "fill='%23357'/%3E%3Ccircle cx='12' cy='12' r='2.2' fill='%23a33'/%3E%3C/svg%3E"
)

SWAGGER_PARAMETERS = {
    # Swagger UI checks the OpenAPI document at validator.swagger.io unless told not to.
    "validatorUrl": None,
    # A deep link puts a link inside each operation's toggle button, which a screen reader
    # cannot reach as either (axe-core: nested-interactive); the tags still link to themselves.
    "deepLinking": False,
}


def _adapted(page: HTMLResponse) -> HTMLResponse:
    """FastAPI's page with a language (screen readers need it) and argmap's own stylesheet."""
    html = bytes(page.body).decode("utf-8")
    for before, after in (
        ("<html>", '<html lang="en">'),
        ("</head>", f'<link rel="stylesheet" href="{STYLESHEET}">\n</head>'),
    ):
        if before not in html:  # a FastAPI that writes its page differently: say so, loudly
            raise RuntimeError(f"FastAPI's documentation page has no {before!r} to adapt")
        html = html.replace(before, after, 1)
    return HTMLResponse(html)


def _not_built() -> HTMLResponse:
    meanwhile = 'The OpenAPI description is at <a href="/openapi.json">/openapi.json</a>.'
    return assets.not_built("documentation", meanwhile)


def _openapi_url(request: Request) -> str:
    root: str = request.scope.get("root_path", "")
    return root + str(request.app.openapi_url or "/openapi.json")


@router.get("/docs")
def swagger_ui(request: Request) -> HTMLResponse:
    """Swagger UI over this service's OpenAPI description."""
    if not assets.built():
        return _not_built()
    page = get_swagger_ui_html(
        openapi_url=_openapi_url(request),
        title=f"{request.app.title} · API",
        swagger_js_url=f"{VENDOR}/swagger-ui-bundle.js",
        swagger_css_url=f"{VENDOR}/swagger-ui.css",
        swagger_favicon_url=FAVICON,
        oauth2_redirect_url=OAUTH2_REDIRECT,
        swagger_ui_parameters=SWAGGER_PARAMETERS,
    )
    return _adapted(page)


@router.get(OAUTH2_REDIRECT)
def swagger_ui_redirect() -> HTMLResponse:
    """Where Swagger UI's OAuth2 flow returns (kept so the page's "Authorize" works)."""
    return get_swagger_ui_oauth2_redirect_html()


@router.get("/redoc")
def redoc(request: Request) -> HTMLResponse:
    """ReDoc over this service's OpenAPI description, with the system's fonts."""
    if not assets.built():
        return _not_built()
    page = get_redoc_html(
        openapi_url=_openapi_url(request),
        title=f"{request.app.title} · API reference",
        redoc_js_url=f"{VENDOR}/redoc.standalone.js",
        redoc_favicon_url=FAVICON,
        with_google_fonts=False,
    )
    return _adapted(page)
