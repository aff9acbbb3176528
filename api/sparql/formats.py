"""The media types /sparql answers in, one table per kind of result."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

W3C_FORMATS = "http://www.w3.org/ns/formats/"
"""The namespace of the W3C's format names, which a Service Description uses."""


@dataclass(frozen=True)
class Format:
    """A serialisation the endpoint writes: media type, aliases clients send, writer, W3C name."""

    media_type: str
    aliases: tuple[str, ...]
    writer: ox.QueryResultsFormat | ox.RdfFormat
    name: str
    """Its name under W3C_FORMATS (pyoxigraph's own `iri` for JSON-LD is not the W3C's)."""

    @property
    def iri(self) -> str:
        """The W3C's IRI of the format."""
        return W3C_FORMATS + self.name

    @property
    def content_type(self) -> str:
        """The Content-Type header: text formats say they are UTF-8."""
        if self.media_type.startswith("text/"):
            return f"{self.media_type}; charset=utf-8"
        return self.media_type


# The first entry of each table is the default, for a client that accepts anything.
RESULTS_FORMATS: tuple[Format, ...] = (
    Format(
        "application/sparql-results+json",
        ("application/json",),
        ox.QueryResultsFormat.JSON,
        "SPARQL_Results_JSON",
    ),
    Format(
        "application/sparql-results+xml",
        ("application/xml", "text/xml"),
        ox.QueryResultsFormat.XML,
        "SPARQL_Results_XML",
    ),
    Format("text/csv", (), ox.QueryResultsFormat.CSV, "SPARQL_Results_CSV"),
    Format("text/tab-separated-values", (), ox.QueryResultsFormat.TSV, "SPARQL_Results_TSV"),
)
"""SELECT results (and, but for CSV and TSV, ASK results)."""

BOOLEAN_FORMATS: tuple[Format, ...] = tuple(
    f
    for f in RESULTS_FORMATS
    if f.writer in (ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML)
)
"""ASK results. The CSV and TSV results formats define no boolean: pyoxigraph writes a bare
`true`, which rdflib's SPARQLStore reads as False, so an ASK is never answered in them."""

GRAPH_FORMATS: tuple[Format, ...] = (
    Format(
        "text/turtle",
        ("application/turtle", "application/x-turtle"),
        ox.RdfFormat.TURTLE,
        "Turtle",
    ),
    Format("application/n-triples", (), ox.RdfFormat.N_TRIPLES, "N-Triples"),
    Format("application/ld+json", (), ox.RdfFormat.JSON_LD, "JSON-LD"),
    Format("application/rdf+xml", ("application/xml",), ox.RdfFormat.RDF_XML, "RDF_XML"),
)
"""CONSTRUCT and DESCRIBE results, and the service description."""

RDFLIB_NAMES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}
"""rdflib's serializer names for the graph formats (the service description is an rdflib Graph)."""


def formats_for(form: str) -> tuple[tuple[Format, ...], str]:
    """The table a query form's result is written in, and how a 406 names that kind of result."""
    if form in ("CONSTRUCT", "DESCRIBE"):
        return GRAPH_FORMATS, "CONSTRUCT or DESCRIBE"
    if form == "ASK":
        return BOOLEAN_FORMATS, "ASK (a boolean, which CSV and TSV cannot carry)"
    return RESULTS_FORMATS, "SELECT"


def form_of(result: object) -> str:
    """The query form a pyoxigraph result answers: CONSTRUCT (for any graph), ASK or SELECT."""
    if isinstance(result, ox.QueryTriples):
        return "CONSTRUCT"
    return "ASK" if isinstance(result, ox.QueryBoolean) else "SELECT"


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
