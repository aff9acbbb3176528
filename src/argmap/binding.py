"""Bind values to a query's variables as an inline VALUES block, for every kind of store.

A remote server only takes text, and pyoxigraph's substitutions filter finished results
rather than seeding the evaluation, so both stores bind the same way: the values go into an
inline `VALUES` block written from checked terms (IRIs free of the characters that could
close them, literals escaped), never spliced where a variable stands.

The block goes first in the outermost WHERE group, not after the query: a trailing VALUES
clause joins after FILTER, GROUP BY and aggregates, so `FILTER(CONTAINS(?label, ?text))`
would see `?text` unbound and drop every row, while a block at the start of the group binds
the variable before everything else in it, as substitution does.

Graphs sent in an update are written by pyoxigraph, which refuses an IRI that is not one:
rdflib writes a literal's datatype as it is, so a datatype holding `> } } ; DROP ALL ; …`
(which a JSON-LD file can carry) would otherwise become part of the update.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from argmap.errors import ParameterError
from argmap.sparql_lexer import tokens
from argmap.terms import Term, graph_to_ntriples
from argmap.vocab import IRI

_LANG = re.compile(r"^[A-Za-z]+(-[A-Za-z0-9]+)*$")
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}

_FORMS = {"SELECT", "CONSTRUCT", "ASK", "DESCRIBE"}


def term_text(term: Term) -> str:
    """A term in SPARQL syntax, refusing what could not be written safely."""
    if isinstance(term, URIRef):
        return f"<{checked_iri(str(term))}>"
    if isinstance(term, Literal):
        body = "".join(_ESCAPES.get(char, char) for char in str(term))
        if term.language:
            if not _LANG.match(term.language):
                raise ParameterError(f"{term.language!r} is not a language tag")
            return f'"{body}"@{term.language}'
        if term.datatype is not None and term.datatype != XSD.string:
            return f'"{body}"^^<{checked_iri(str(term.datatype))}>'
        return f'"{body}"'
    if isinstance(term, BNode):
        raise ParameterError("a blank node cannot be bound to a query variable")
    raise ParameterError(f"cannot bind {term!r}")


def checked_iri(text: str) -> str:
    """The IRI itself, if it is absolute and has none of the characters that could end it."""
    if not IRI.match(text):
        raise ParameterError(
            f'{text!r} is not an absolute IRI without spaces or any of the characters <>"{{}}|^`\\'
        )
    try:
        ox.NamedNode(text)  # the full IRI grammar: percent-encoding, hosts
    except ValueError as exc:
        raise ParameterError(f"{text!r} is not a valid IRI: {exc}") from exc
    return text


def replace_update(graphs: Mapping[URIRef, Graph]) -> str:
    """One SPARQL Update that empties each named graph and inserts its triples, all checked."""
    operations = []
    for name, graph in graphs.items():
        iri = checked_iri(str(name))
        operations.append(f"DROP SILENT GRAPH <{iri}>")
        if not len(graph):
            continue
        triples = graph_to_ntriples(graph)
        if any(isinstance(term, BNode) for triple in graph for term in triple):
            # The same triples as a template matched once: Virtuoso refuses blank nodes in
            # INSERT DATA, and a template's blank nodes are new ones, as INSERT DATA's are.
            operations.append(f"INSERT {{ GRAPH <{iri}> {{\n{triples}}} }} WHERE {{}}")
        else:
            operations.append(f"INSERT DATA {{ GRAPH <{iri}> {{\n{triples}}} }}")
    return " ;\n".join(operations)


def drop_update(names: Iterable[URIRef]) -> str:
    """One SPARQL Update that drops each named graph, missing ones ignored."""
    return " ;\n".join(f"DROP SILENT GRAPH <{checked_iri(str(name))}>" for name in names)


def values_block(bindings: Mapping[str, Term]) -> str:
    """`VALUES (?a ?b) { (<iri> "lit") }`: one row binding each variable."""
    for name in bindings:
        if not _VARIABLE.match(name):
            raise ParameterError(f"{name!r} is not a SPARQL variable name")
    names = " ".join(f"?{name}" for name in bindings)
    row = " ".join(term_text(term) for term in bindings.values())
    return f"VALUES ({names}) {{ ({row}) }}"


def bind(query: str, bindings: Mapping[str, Term] | None) -> str:
    """The query with its variables bound by a VALUES block at the start of the WHERE group."""
    if not bindings:
        return query
    block = values_block(bindings)
    where = where_group_start(query)
    if where is None:
        # CONSTRUCT WHERE { triples } and DESCRIBE without a pattern have no group to open;
        # there nothing can see a variable before the end, so a trailing VALUES is the same.
        return f"{query.rstrip()}\n{block}\n"
    return f"{query[:where]}\n  {block}\n{query[where:]}"


def where_group_start(query: str) -> int | None:
    """The offset just inside the `{` that opens the query's WHERE group, or None if it has none."""
    # Braces are counted from the query form on: the prologue (PREFIX, BASE) holds none that
    # count, even where a malformed IRI like <x:{> lexes as punctuation.
    form = None
    previous = ""
    braces = parens = 0
    template_done = False
    for token in tokens(query):
        if form is None:
            form = token.keyword if token.keyword in _FORMS else None
            continue
        if token.text == "(":
            parens += 1
        elif token.text == ")":
            parens -= 1
        # A brace inside parentheses belongs to an expression, such as EXISTS { … } in SELECT.
        elif token.text == "{" and braces == 0 and parens == 0:
            if form != "CONSTRUCT" or template_done:
                return token.start + 1
            if previous == "WHERE":
                return None  # CONSTRUCT WHERE { … }: the template is the pattern
            braces = 1
        elif token.text == "{":
            braces += 1
        elif token.text == "}" and braces:
            braces -= 1
            template_done = template_done or (form == "CONSTRUCT" and braces == 0)
        previous = token.keyword or ""
    return None
