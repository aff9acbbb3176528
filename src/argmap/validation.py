"""Validation of a map's RDF: SHACL shapes, violation queries, anchors checked against the text."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from argmap import anchors, resources
from argmap.authoring import read_text_body, text_file
from argmap.errors import ImportFormatError, Problem
from argmap.store import from_ox, graph_to_ntriples
from argmap.vocab import AM, OA, node_id_of, shorten_iris


@cache
def ontology_graph() -> Graph:
    """The ontology, parsed once per process."""
    return Graph().parse(resources.ontology_file(), format="turtle")


@cache
def shapes_graph() -> Graph:
    """The SHACL shapes, parsed once per process."""
    return Graph().parse(resources.shapes_file(), format="turtle")


def check_queries() -> dict[str, str]:
    """The violation queries by file name: each row they return is a problem."""
    folder = resources.ontology_dir() / "checks"
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*-violation.rq"))}


def shacl_problems(data: Graph) -> list[Problem]:
    """Problems the SHACL shapes find in `data` (read together with the ontology's class tree)."""
    conforms, report, _ = shacl_validate(
        data,
        shacl_graph=shapes_graph(),
        ont_graph=ontology_graph(),
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    if conforms:
        return []
    assert isinstance(report, Graph)
    problems = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        value = report.value(result, SH.value)
        text = str(message) if message is not None else "violates a shape"
        if value is not None:
            text += f" (value: {node_id_of(str(value))})"
        problems.append(
            Problem(text, node=node_id_of(str(focus)), field=_short(path) if path else None)
        )
    return sorted(problems, key=lambda p: (p.node or "", p.field or "", p.message))


def check_problems(data: Graph) -> list[Problem]:
    """Problems the violation queries find in `data` plus the ontology."""
    store = ox.Store()
    store.load(graph_to_ntriples(data), format=ox.RdfFormat.N_TRIPLES)
    store.load(graph_to_ntriples(ontology_graph()), format=ox.RdfFormat.N_TRIPLES)
    problems = []
    for name, query in check_queries().items():
        results = store.query(query)
        assert isinstance(results, ox.QuerySolutions)
        for row in results:
            node, prop, message = row["node"], row["property"], row["message"]
            problems.append(
                Problem(
                    shorten_iris(f"{from_ox(message) if message is not None else name} ({name})"),
                    node=node_id_of(str(from_ox(node))) if node is not None else None,
                    field=_short(from_ox(prop)) if prop is not None else None,
                )
            )
    return problems


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
    problems = shacl_problems(data) + check_problems(data)
    if body is not None:
        problems += anchor_problems(data, body)
    return _unique(problems)


def text_of(data: Graph, root: Path) -> str | None:
    """The body of the text a map analyses, read from `root` (None when not a file inside it)."""
    for text in data.objects(None, AM.sourceText):
        identifier = data.value(text, URIRef("http://purl.org/dc/terms/identifier"))
        path = text_file(root, str(identifier)) if identifier is not None else None
        if path is not None:
            try:
                return read_text_body(path)
            except ValueError as exc:
                raise ImportFormatError(f"the text {str(identifier)!r} of the map {exc}") from exc
    return None


def _short(term: object) -> str:
    text = str(term)
    for prefix, iri in (
        ("am", str(AM)),
        ("oa", str(OA)),
        ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
        ("dcterms", "http://purl.org/dc/terms/"),
    ):
        if text.startswith(iri):
            return f"{prefix}:{text[len(iri) :]}"
    return text


def _unique(problems: Iterable[Problem]) -> list[Problem]:
    seen: dict[tuple[str | None, str | None, str], Problem] = {}
    for p in problems:
        seen.setdefault((p.node, p.field, p.message), p)
    return list(seen.values())
