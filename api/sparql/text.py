"""Just enough SPARQL lexing to see a query's dataset clauses and an update's WHERE keywords.

The protocol needs three facts the engine does not expose: whether a query names its own
dataset (FROM / FROM NAMED), whether an update names one (USING / WITH), and where each
DELETE/INSERT ... WHERE operation's WHERE keyword stands, so that `using-graph-uri` can be
turned into USING clauses. Strings, IRIs and comments are skipped so that a keyword inside
them never counts; the engine still parses the text and reports every syntax error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_TOKEN = re.compile(
    r"""
      (?P<space>\s+)
    | (?P<comment>\#[^\n]*)
    | (?P<string>"{3}(?:[^"\\]|\\.|"(?!""))*"{3}|'{3}(?:[^'\\]|\\.|'(?!''))*'{3}
                 |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<word>[?$]?[A-Za-z0-9_\u00C0-\uFFFF][\w\u00B7\u00C0-\uFFFF.-]*(?::[\w.:%\\-]*)?
                |:[\w.:%\\-]*|@[A-Za-z0-9-]+)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    """A significant token: its text, where it starts, and the brace depth it stands at."""

    text: str
    start: int
    depth: int

    @property
    def keyword(self) -> str | None:
        """The upper-cased keyword, or None for variables, prefixed names, IRIs and punctuation."""
        return self.text.upper() if self.text.isalpha() else None


def tokens(text: str) -> Iterator[Token]:
    """The significant tokens of a query or update (no spaces or comments)."""
    depth = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind in ("space", "comment"):
            continue
        value = match.group()
        if value == "}":
            depth = max(depth - 1, 0)
        yield Token(value, match.start(), depth)
        if value == "{":
            depth += 1


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
