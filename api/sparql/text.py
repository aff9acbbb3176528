"""What the protocol needs to know of a query's text: its dataset clauses and WHERE keywords.

The protocol needs three facts the engine does not expose: whether a query names its own
dataset (FROM / FROM NAMED), whether an update names one (USING / WITH), and where each
DELETE/INSERT ... WHERE operation's WHERE keyword stands, so that `using-graph-uri` can be
turned into USING clauses. The lexing is argmap.sparql_lexer's.
"""

from __future__ import annotations

from argmap.sparql_lexer import Token, tokens


def names_dataset(query: str) -> bool:
    """Whether a query has a FROM or FROM NAMED clause (its own dataset)."""
    return any(t.keyword == "FROM" for t in tokens(query))


def names_update_dataset(update: str) -> bool:
    """Whether an update has a USING or WITH clause."""
    return any(t.keyword in ("USING", "WITH") for t in tokens(update))


def add_using(update: str, default_graphs: list[str], named_graphs: list[str]) -> str:
    """The update with USING / USING NAMED clauses before the WHERE of each DELETE/INSERT operation.

    >>> add_using("INSERT { ?s a <x:T> } WHERE { ?s ?p ?o }", ["http://g"], [])
    'INSERT { ?s a <x:T> } USING <http://g> WHERE { ?s ?p ?o }'

    A `DELETE WHERE { … }` shortcut takes no USING clause and is left alone.
    """
    clauses = [f"USING <{g}>" for g in default_graphs]
    clauses += [f"USING NAMED <{g}>" for g in named_graphs]
    if not clauses:
        return update
    inserted = " ".join(clauses) + " "
    positions = []
    previous: Token | None = None
    for token in tokens(update):
        # At the top level, WHERE right after a closing brace ends a DELETE {…} / INSERT {…}
        # template; after the DELETE keyword it is the DELETE WHERE shortcut.
        if token.keyword == "WHERE" and token.depth == 0 and previous and previous.text == "}":
            positions.append(token.start)
        previous = token
    for position in reversed(positions):
        update = update[:position] + inserted + update[position:]
    return update
