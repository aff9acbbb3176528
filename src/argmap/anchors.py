"""Text anchors: find an author's words in a text and describe the span with Web Annotation."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from argmap.vocab import AM, OA

CONTEXT_CHARS = 32
"""How much text before and after a quote its prefix and suffix keep (enough to disambiguate)."""


@dataclass(frozen=True)
class Span:
    """A quote located in a text: offsets count Unicode code points from the start of the body."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


def read_body(path: Path) -> str:
    """The body of a text file: everything after a leading `---` front-matter block, if any."""
    text = path.read_text(encoding="utf-8")
    if text.startswith("---\n"):
        closing = text.find("\n---\n", 3)
        if closing != -1:
            return text[closing + len("\n---\n") :]
    return text


def occurrences(body: str, quote: str) -> list[int]:
    """Start offsets of every occurrence of `quote` in `body` (overlaps included)."""
    found, at = [], body.find(quote)
    while at != -1:
        found.append(at)
        at = body.find(quote, at + 1)
    return found


def locate(body: str, quote: str, occurrence: int | None = None) -> Span:
    """Find `quote` in `body`; `occurrence` (1-based) picks one when it occurs more than once.

    Raises LookupError with a message a scholar can act on.
    """
    if not quote:
        raise LookupError("the quote is empty")
    starts = occurrences(body, quote)
    if not starts:
        raise LookupError(f"the quote is not in the text: {_shorten(quote)!r}")
    if occurrence is None:
        if len(starts) > 1:
            raise LookupError(
                f"the quote occurs {len(starts)} times in the text; add `occurrence: N` "
                f"(1 to {len(starts)}) or quote more words"
            )
        occurrence = 1
    if not 1 <= occurrence <= len(starts):
        raise LookupError(
            f"occurrence {occurrence} asked, but the quote occurs {len(starts)} times"
        )
    return span_at(body, starts[occurrence - 1], len(quote))


def span_at(body: str, start: int, length: int) -> Span:
    """The span of `length` code points at `start`, with its prefix and suffix."""
    end = start + length
    return Span(
        start=start,
        end=end,
        exact=body[start:end],
        prefix=body[max(0, start - CONTEXT_CHARS) : start],
        suffix=body[end : end + CONTEXT_CHARS],
    )


def add_anchor(graph: Graph, subject: URIRef, text: URIRef, span: Span) -> URIRef:
    """Add a Web Annotation anchor for `subject` to `graph` and return the anchor's IRI."""
    anchor = URIRef(f"{subject}#anchor")
    quote = URIRef(f"{subject}#quote")
    position = URIRef(f"{subject}#position")
    graph.add((subject, AM.hasAnchor, anchor))
    graph.add((anchor, RDF.type, AM.TextAnchor))
    graph.add((anchor, OA.hasSource, text))
    graph.add((anchor, OA.hasSelector, quote))
    graph.add((anchor, OA.hasSelector, position))
    graph.add((quote, RDF.type, OA.TextQuoteSelector))
    graph.add((quote, OA.exact, Literal(span.exact)))
    graph.add((quote, OA.prefix, Literal(span.prefix)))
    graph.add((quote, OA.suffix, Literal(span.suffix)))
    graph.add((position, RDF.type, OA.TextPositionSelector))
    graph.add((position, OA.start, Literal(span.start, datatype=XSD.nonNegativeInteger)))
    graph.add((position, OA.end, Literal(span.end, datatype=XSD.nonNegativeInteger)))
    return anchor


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
