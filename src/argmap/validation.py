"""Validation of a map's RDF: SHACL shapes, violation queries, anchors checked against the text."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import DCTERMS

from argmap import anchors, bulk, resources
from argmap.authoring import read_text_body, text_file
from argmap.errors import ImportFormatError, Problem
from argmap.terms import to_ox_triples
from argmap.vocab import AM, OA, node_id_of


@cache
def ontology_graph() -> Graph:
    """The ontology, parsed once per process."""
    return Graph().parse(resources.ontology_file(), format="turtle")


def map_problems(data: Graph) -> list[Problem]:
    """Problems the shapes (as SPARQL) and the violation queries find in one map graph."""
    batch = bulk.Batch()
    batch.add("map", to_ox_triples(data))
    return [p for problems in batch.problems().values() for p in problems]


def anchor_problems(data: Graph, body: str) -> list[Problem]:
    """Anchors whose quote is not at their offsets in the text `body`."""
    problems = []
    for subject, anchor in data.subject_objects(AM.hasAnchor):
        exact, start, end = None, None, None
        for selector in data.objects(anchor, OA.hasSelector):
            exact = exact or data.value(selector, OA.exact)
            start = start if start is not None else data.value(selector, OA.start)
            end = end if end is not None else data.value(selector, OA.end)
        node = node_id_of(str(subject))
        if exact is None or start is None or end is None:
            problems.append(
                Problem("anchor lacks a quote or offsets", node=node, field="am:hasAnchor")
            )
            continue
        try:
            begin, stop = int(str(start)), int(str(end))
        except ValueError:
            problems.append(
                Problem(
                    f"the anchor's offsets must be whole numbers, not {str(start)[:40]!r}–"
                    f"{str(end)[:40]!r}",
                    node=node,
                    field="oa:start",
                )
            )
            continue
        found = body[begin:stop]
        if found != str(exact):
            where = anchors.occurrences(body, str(exact))
            hint = f"; the quote occurs at {where}" if where else "; the quote is not in the text"
            problems.append(
                Problem(
                    f"the quote is not at offsets {start}–{end}{hint}",
                    node=node,
                    field="oa:exact",
                )
            )
    return problems


def validate_graph(data: Graph, body: str | None = None) -> list[Problem]:
    """Every problem of a map graph: shapes, violation queries and (given the text) anchors."""
    problems = map_problems(data)
    if body is not None:
        problems += anchor_problems(data, body)
    return _unique(problems)


def text_of(data: Graph, root: Path) -> str | None:
    """The body of the text a map analyses, read from `root` (None when not a file inside it)."""
    for text in data.objects(None, AM.sourceText):
        identifier = data.value(text, DCTERMS.identifier)
        path = text_file(root, str(identifier)) if identifier is not None else None
        if path is not None:
            try:
                return read_text_body(path)
            except ValueError as exc:
                raise ImportFormatError(f"the text {str(identifier)!r} of the map {exc}") from exc
    return None


def _unique(problems: Iterable[Problem]) -> list[Problem]:
    seen: dict[tuple[str | None, str | None, str], Problem] = {}
    for p in problems:
        seen.setdefault((p.node, p.field, p.message), p)
    return list(seen.values())
