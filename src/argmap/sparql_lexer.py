"""Just enough SPARQL lexing to find keywords and braces outside strings, IRIs and comments.

Several places need a fact about a query's text that the engines do not expose: where its
WHERE group opens (to bind values there), whether it names its own dataset, whether it asks
for a remote SERVICE. Strings, IRIs and comments are consumed whole so that a keyword or a
brace inside them never counts; the engine still parses the text and reports syntax errors.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from argmap.errors import QueryError

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


def refuse_service(text: str) -> None:
    """Raise QueryError if a query or update has a SERVICE clause.

    The embedded engine would fetch from any endpoint a SERVICE clause names, on behalf of
    whoever sent the query: a server on loopback would reach out to the network for strangers.
    """
    if any(t.keyword == "SERVICE" for t in tokens(text)):
        raise QueryError(
            "SERVICE (federated query) is refused: the embedded store does not fetch from other "
            "endpoints; query them directly"
        )
