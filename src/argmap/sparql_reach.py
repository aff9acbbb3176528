r"""What a query or update would fetch from elsewhere: its SERVICE endpoints and LOAD sources.

The embedded engine runs SERVICE by connecting to the endpoint named, and LOAD by fetching the
document, on behalf of whoever sent the text. Whether a text does either is decided from its
parse (rdflib's SPARQL 1.1 parser and algebra), never from a scan for keywords, so no escape,
comment, prefixed name or nesting can hide one.

Parsing with rdflib costs milliseconds, so `may_reach` first settles the common case in
linear time: both keywords are terminals of the grammar, so a text whose characters, after
the `\u` / `\U` escapes every SPARQL parser expands first, do not contain "service" (or
"load") in any letter case cannot parse to a SERVICE (or a LOAD). Everything else is parsed.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from argmap.errors import QueryError, RemoteAccessRefused

Kind = Literal["query", "update"]

_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_LOCAL_ESCAPE = re.compile(r"\\([_~.\-!$&'()*+,;=/?#@%])")


@dataclass(frozen=True)
class Reach:
    """One place a text would fetch from: the keyword and the IRI (None for a variable)."""

    keyword: str
    target: str | None


def _expand(text: str) -> str:
    def char(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else "\ufffd"

    return _CODEPOINT.sub(char, text)


def may_reach(text: str) -> bool:
    """False only when the text cannot hold SERVICE or LOAD, whatever its parse."""
    folded = _expand(text).casefold()
    return "service" in folded or "load" in folded


def reaches(text: str, kind: Kind) -> list[Reach]:
    """Every SERVICE and LOAD of a query or update, from rdflib's parse of it."""
    # Imported here: the parser takes half a second to import, and most texts never need it.
    from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    # rdflib warns on the log about IRIs it finds odd; the answer says what matters.
    logging.getLogger("rdflib").setLevel(logging.ERROR)
    try:
        if kind == "query":
            roots: Iterable[object] = [translateQuery(parseQuery(text)).algebra]
        else:
            roots = list(translateUpdate(parseUpdate(text)).algebra)
    except RecursionError:
        raise QueryError(
            "the text nests too deeply for the SPARQL parser that checks it for SERVICE and "
            "LOAD; flatten it"
        ) from None
    except Exception as exc:  # pyparsing and the algebra raise many kinds
        raise QueryError(
            f"SPARQL syntax error: {exc} (argmap checks with a SPARQL 1.1 parser whether the "
            f"{kind} would reach another server, and this one does not parse)"
        ) from None
    found: list[Reach] = []
    for root in roots:
        _walk(root, found)
    return found


def _walk(node: object, found: list[Reach]) -> None:
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import URIRef

    stack = [node]
    while stack:  # iterative: a deep algebra must not exhaust the Python stack here
        item = stack.pop()
        if isinstance(item, CompValue):
            if item.name == "ServiceGraphPattern":
                found.append(Reach("SERVICE", _iri(item.get("term"), URIRef)))
            elif item.name == "Load":
                found.append(Reach("LOAD", _iri(item.get("iri"), URIRef)))
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)


def _iri(term: object, uri_type: type) -> str | None:
    if isinstance(term, uri_type):
        # rdflib keeps a prefixed name's `\.`-style escapes; the engine would unescape them.
        return _LOCAL_ESCAPE.sub(r"\1", str(term))
    return None


def refuse_reaching(text: str, kind: Kind, allowed: Sequence[str] = ()) -> None:
    """Raise RemoteAccessRefused if the text has a SERVICE or LOAD not named in `allowed`."""
    if not may_reach(text):
        return
    for reach in reaches(text, kind):
        if reach.target is not None and reach.target in allowed:
            continue
        where = f"<{reach.target}>" if reach.target else "an endpoint given by a variable"
        what = "federated query" if reach.keyword == "SERVICE" else "fetching a document"
        raise RemoteAccessRefused(
            f"{reach.keyword} {where} is refused: this endpoint does not connect to other "
            f"servers for its clients ({what}); query that endpoint directly"
            + (
                ""
                if reach.target is None
                else ", or ask the operator to list it in ARGMAP_REMOTE_ALLOW"
            )
        )
