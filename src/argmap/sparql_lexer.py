"""Just enough SPARQL lexing to find keywords and brackets outside strings, IRIs and comments.

Several places need a fact about a query's text that the engines do not expose: where its
WHERE group opens (to bind values there), whether it names its own dataset, and how deeply it
nests before anything recursive parses it. Strings, IRIs and comments are consumed whole so
that a keyword or a bracket inside them never counts; the engine still parses the text and
reports syntax errors.

The lexer reads a request from a stranger, so it runs in linear time whatever the text: every
repetition is possessive (no backtracking), and an unterminated string is one token that runs
to the end of its line (or of the text, for a long string) instead of a failed match that is
tried again from each of its characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from argmap.errors import QueryTooComplex

_TOKEN = re.compile(
    r"""
      (?P<space>\s++)
    | (?P<comment>\#[^\n]*+)
    | (?P<string>"{3}(?:[^"\\]|\\.|"(?!""))*+(?:"{3})?
                 |'{3}(?:[^'\\]|\\.|'(?!''))*+(?:'{3})?
                 |"(?:[^"\\\n]|\\.)*+"?
                 |'(?:[^'\\\n]|\\.)*+'?)
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*+>)
    | (?P<word>[?$]?[A-Za-z0-9_\u00C0-\uFFFF][\w\u00B7\u00C0-\uFFFF.-]*+(?::[\w.:%\\-]*+)?
                |:[\w.:%\\-]*+|@[A-Za-z0-9-]++)
    | (?P<operator>\|\||&&|!=|<=|>=|\^\^)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

_OPEN = {"{": "}", "(": ")", "[": "]"}
_CLOSE = {"}", ")", "]"}
# Operators whose repetition the engines' parsers turn into one nested level each: boolean
# and arithmetic chains, unary prefixes, property-path sequences, alternatives and inverses.
_CHAINING = {"||", "&&", "!", "+", "-", "*", "/", "|", "^"}
# Group-pattern keywords whose sequence builds a left-deep tree of joins or unions.
_GROUPING = {"UNION", "OPTIONAL", "MINUS", "FILTER", "BIND", "GRAPH", "SERVICE", "VALUES"}
# Where an expression or a path ends, so the next one starts a chain of its own.
_SEPARATORS = {".", ";", ","}


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


@dataclass
class _Level:
    opener: str
    groups: int = 0  # grouping keywords and sibling groups so far at this level
    chain: int = 0  # chaining operators since the last separator at this level


def nesting_depth(text: str, stop_above: int | None = None) -> int:
    """How deep the parse tree of a query or update nests, estimated in one linear pass.

    Each open bracket is a level; within a level, each grouping keyword, each group that
    follows another, and each chaining operator since the last `.`, `;` or `,` nests the
    tree one level more (`a || b || c` parses as `(a || b) || c`). The estimate is the
    deepest sum over the open levels, which bounds the recursion of the parsers and of the
    engine's optimiser before either sees the text. With `stop_above`, the pass ends as soon
    as the depth exceeds it (a refusal costs no more than the limit's worth of tokens).
    """
    levels = [_Level("")]
    deepest = total = 0
    previous = ""
    # Straight over the matches, not through Token objects: this runs on every query.
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind in ("space", "comment", "string", "iri"):
            continue
        value = match.group()
        level = levels[-1]
        if value in _OPEN:
            if value == "{" and previous == "}":
                level.groups += 1
                total += 1
            levels.append(_Level(value))
            total += 1
        elif value in _CLOSE:
            if len(levels) > 1:
                closed = levels.pop()
                total -= 1 + closed.groups + closed.chain
        elif value in _SEPARATORS:
            total -= level.chain
            level.chain = 0
        elif value in _CHAINING:
            level.chain += 1
            total += 1
        elif kind == "word" and value.upper() in _GROUPING:
            level.groups += 1
            total += 1
        if total > deepest:
            deepest = total
            if stop_above is not None and deepest > stop_above:
                break
        previous = value
    return deepest


def check_nesting(text: str, limit: int) -> None:
    """Raise QueryTooComplex when a query or update nests deeper than `limit`."""
    if nesting_depth(text, stop_above=limit) > limit:
        raise QueryTooComplex(
            "the query nests deeper (brackets, chained operators, path steps, grouped "
            f"patterns) than the {limit} levels this endpoint takes "
            "(ARGMAP_QUERY_MAX_DEPTH); flatten it, e.g. with VALUES or IN instead of long "
            "chains of || or UNION"
        )
