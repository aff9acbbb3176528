"""The app factory: `create_app(settings, store)` assembles the service from its routers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware

from argmap import queries
from argmap.api import assets, errors
from argmap.api.body_limit import BodyLimit
from argmap.api.caching import Caching
from argmap.api.head import HeadAsGet
from argmap.api.routes import (
    claims,
    docs,
    evaluation,
    exports,
    health,
    index,
    linked_data,
    maps,
    ontology,
    recommendations,
    sparql,
    texts,
)
from argmap.api.routes.queries import build_router
from argmap.api.services import Services
from argmap.settings import Settings
from argmap.store import Store
from argmap.stores import open_store

DESCRIPTION = """\
An argument-mapping knowledge graph: argument maps of texts as RDF, with the words of the
text behind every claim and relation.

* **/sparql** speaks the SPARQL 1.1 Protocol (for YASGUI, SPARQLWrapper, rdflib, curl). The
  default graph is the union of every map, its inferences and the ontology.
* **/queries** lists the named questions; each runs at **/queries/{name}** with typed parameters.
* **/maps**, **/recommendations** and **/claims** answer the common questions as JSON.
"""

GZIP_MIN_BYTES = 1024
"""Answers shorter than this go uncompressed: below a packet or two, gzip saves nothing."""

TAGS = [
    {"name": "sparql", "description": "The SPARQL 1.1 Protocol endpoint."},
    {"name": "queries", "description": "The named-query catalogue (src/argmap/queries/*.rq)."},
    {"name": "maps", "description": "Argument maps, and their exports."},
    {"name": "recommendations", "description": "Who supports and undermines what, and why."},
    {"name": "claims", "description": "One claim with its quote, sources and relations."},
    {"name": "ontology", "description": "The argmap ontology: its reference page and Turtle."},
    {
        "name": "linked data",
        "description": "Every map and node IRI, dereferenced: an HTML page or RDF by Accept.",
    },
    {"name": "health", "description": "Liveness of the service."},
]


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    """The service over `store`, or over the store the settings name (opened at startup)."""
    settings = settings or Settings()
    services = Services(settings)
    if store is not None:
        services.attach(store)  # the caller's store: the caller closes it

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = None
        if services.store is None:
            # Opened once per process: the embedded store has a single writer.
            opened = await asyncio.to_thread(open_store, settings=settings)
            services.attach(opened)
        try:
            yield
        finally:
            services.shutdown()
            if opened is not None:
                services.detach()
                opened.close()

    app = FastAPI(
        title="argmap",
        version="0.1.0",
        description=DESCRIPTION,
        openapi_tags=TAGS,
        lifespan=lifespan,
        # Served by routes/docs.py from /static instead: FastAPI's pages load from a CDN.
        docs_url=None,
        redoc_url=None,
    )
    app.state.services = services
    errors.register(app)
    # Innermost of the middleware, so that a 304 it answers itself still gets CORS headers.
    app.add_middleware(Caching, state=services.cache_state)
    # Open for reads from any origin; updates need an Authorization header, which is not
    # allowed across origins, so a page elsewhere cannot send one with a visitor's browser.
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "HEAD", "POST"],
        allow_headers=["Accept", "Content-Type"],
    )
    app.add_middleware(BodyLimit, max_bytes=settings.body_max_mb * 1024 * 1024)
    # Inside HeadAsGet, so a HEAD is told the Content-Length and Content-Encoding of the GET.
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MIN_BYTES, compresslevel=6)
    app.add_middleware(HeadAsGet)
    app.include_router(index.router)
    app.include_router(health.router)
    app.include_router(docs.router)
    app.include_router(sparql.router)
    app.include_router(build_router(queries.catalogue()))
    app.include_router(maps.router)
    app.include_router(exports.router)
    app.include_router(texts.router)
    app.include_router(evaluation.router)
    app.include_router(recommendations.router)
    app.include_router(claims.router)
    app.include_router(ontology.router)
    app.include_router(linked_data.router)
    assets.mount(app)
    return app
