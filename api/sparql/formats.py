"""The media types /sparql answers in, one table per kind of result."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True)
class Format:
    """A serialisation the endpoint writes: its media type, aliases clients send, and the writer."""

    media_type: str
    aliases: tuple[str, ...]
    writer: ox.QueryResultsFormat | ox.RdfFormat

    @property
    def content_type(self) -> str:
        """The Content-Type header: text formats say they are UTF-8."""
        if self.media_type.startswith("text/"):
            return f"{self.media_type}; charset=utf-8"
        return self.media_type


# The first entry of each table is the default, for a client that accepts anything.
RESULTS_FORMATS: tuple[Format, ...] = (
    Format("application/sparql-results+json", ("application/json",), ox.QueryResultsFormat.JSON),
    Format(
        "application/sparql-results+xml",
        ("application/xml", "text/xml"),
        ox.QueryResultsFormat.XML,
    ),
    Format("text/csv", (), ox.QueryResultsFormat.CSV),
    Format("text/tab-separated-values", (), ox.QueryResultsFormat.TSV),
)
"""SELECT and ASK results."""

GRAPH_FORMATS: tuple[Format, ...] = (
    Format("text/turtle", ("application/turtle", "application/x-turtle"), ox.RdfFormat.TURTLE),
    Format("application/n-triples", (), ox.RdfFormat.N_TRIPLES),
    Format("application/ld+json", (), ox.RdfFormat.JSON_LD),
    Format("application/rdf+xml", ("application/xml",), ox.RdfFormat.RDF_XML),
)
"""CONSTRUCT and DESCRIBE results, and the service description."""

RDFLIB_NAMES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}
"""rdflib's serializer names for the graph formats (the service description is an rdflib Graph)."""


def offers(formats: tuple[Format, ...]) -> list[str]:
    """Every media type a table answers to, canonical ones first, in order of preference."""
    return [f.media_type for f in formats] + [a for f in formats for a in f.aliases]


def by_media_type(formats: tuple[Format, ...], media_type: str) -> Format:
    """The format a canonical media type or alias stands for."""
    for f in formats:
        if media_type == f.media_type or media_type in f.aliases:
            return f
    raise KeyError(media_type)


def not_acceptable_message(accept: str | None, kind: str, formats: list[str]) -> str:
    """What a 406 says: the Accept header that nothing fits, and what could have been sent."""
    return (
        f"cannot answer a {kind} in any type of `Accept: {accept}`; "
        f"it can send {', '.join(formats)}"
    )
