"""The HTML of the Linked Data pages: a node, and a map. Every value is escaped where it is written.

Plain functions over `view.NodePage` and `view.MapPage`: the pages are small and static, so a
template engine would add a dependency and no safety that `html.escape` does not give.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from argmap.api.linked_data.view import Link, MapPage, NodePage, Quote, Relation, Statement
from argmap.texts import without_links

STYLE = """
body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem; }
nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 1rem; }
mark { background: #ffe97a; color: inherit; }
blockquote { border-left: 4px solid #888; margin: 0; padding: 0 1rem; }
table { border-collapse: collapse; } td, th { padding: 0.2rem 0.6rem; text-align: left;
vertical-align: top; border-bottom: 1px solid #ddd; }
code { font-size: 0.9em; word-break: break-all; }
"""


def _a(link: Link) -> str:
    label = escape(link.label)
    return f'<a href="{escape(link.href)}">{label}</a>' if link.href else label


def _list(links: Iterable[Link]) -> str:
    items = "".join(f"<li>{_a(link)}</li>" for link in links)
    return f"<ul>{items}</ul>" if items else "<p>None.</p>"


def _document(title: str, head: str, nav: list[tuple[str, str]], body: str) -> str:
    links = "".join(f'<li><a href="{escape(href)}">{escape(text)}</a></li>' for text, href in nav)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)} · argmap</title>\n{head}<style>{STYLE}</style>\n</head>\n"
        f'<body>\n<header><nav aria-label="Related pages"><ul>{links}</ul></nav></header>\n'
        f"<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def _alternates(alternates: dict[str, str]) -> str:
    return "".join(
        f'<link rel="alternate" type="{escape(media_type)}" href="{escape(href)}">\n'
        for media_type, href in alternates.items()
    )


def _formats(alternates: dict[str, str]) -> str:
    items = "".join(
        f'<li><a href="{escape(href)}" type="{escape(media_type)}">{escape(media_type)}</a></li>'
        for media_type, href in alternates.items()
    )
    return _section("formats", "As data", f"<ul>{items}</ul>")


def _quote(quote: Quote) -> str:
    if not quote.in_context:
        return f"<blockquote><p><mark>{escape(quote.exact)}</mark></p></blockquote>"
    return (
        # The paragraph around the quote is shown as plain text: its links' targets are the
        # article's, which the map does not keep; the quote itself is given exactly.
        f"<blockquote><p>{escape(without_links(quote.before))}<mark>{escape(quote.exact)}</mark>"
        f"{escape(without_links(quote.after))}</p></blockquote>"
    )


def _relation(relation: Relation) -> str:
    others = ", ".join(_a(other) for other in relation.others) or "nothing"
    if relation.direction == "out":
        what = f"This {escape(relation.kind)} {others}"
    else:
        what = f"{others} {escape(relation.kind)} this"
    parts = [f"<li><p>{what} ({_a(relation.relation)})</p>"]
    if relation.rationale:
        parts.append(f"<p>Why: {escape(relation.rationale)}</p>")
    if relation.quote:
        parts.append(f"<blockquote><p>{escape(relation.quote)}</p></blockquote>")
    parts.append("</li>")
    return "".join(parts)


def _statement(statement: Statement) -> str:
    value = statement.value
    shown = _a(value) if isinstance(value, Link) else escape(value)
    return _row(f"<code>{escape(statement.property)}</code>", shown)


def _row(heading: str, cell: str) -> str:
    return f'<tr><th scope="row">{heading}</th><td>{cell}</td></tr>'


def _table(first: str, second: str, rows: str) -> str:
    head = f'<tr><th scope="col">{escape(first)}</th><th scope="col">{escape(second)}</th></tr>'
    return f"<table>{head}{rows}</table>"


def _section(ident: str, heading: str, content: str) -> str:
    return (
        f'<section aria-labelledby="{ident}"><h2 id="{ident}">{escape(heading)}</h2>'
        f"{content}</section>\n"
    )


def node_html(page: NodePage, alternates: dict[str, str]) -> str:
    """The page of one node: its label, kinds, quote in context, context, relations, data."""
    nav = [
        (f"Map: {page.map.label}", page.map.href or "/"),
        ("On the map", f"/?map={page.map_id}&node={page.node_id}"),
        ("SPARQL", "/sparql"),
    ]
    if page.is_claim:
        nav.insert(1, ("This claim as JSON", f"/claims/{page.map_id}/{page.node_id}"))
    sections = [
        f"<h1>{escape(page.label)}</h1>\n<p>{escape(', '.join(page.kinds))} in the map "
        f"{_a(page.map)}. IRI: <code>{escape(page.iri)}</code></p>\n"
    ]
    if page.quote is not None:
        sections.append(_section("anchor", "In the text", _quote(page.quote)))
    for ident, heading, links in (
        ("attributed", "Attributed to", page.attributed_to),
        ("sources", "Sources", page.sources),
        ("cases", "Cases", page.cases),
    ):
        if links:
            sections.append(_section(ident, heading, _list(links)))
    if page.relations:
        items = "".join(_relation(r) for r in page.relations)
        sections.append(_section("relations", "Relations", f"<ul>{items}</ul>"))
    if page.verdicts:
        rows = "".join(_row(escape(s), escape(v)) for s, v in page.verdicts)
        sections.append(_section("evaluation", "Evaluation", _table("Semantics", "Verdict", rows)))
    rows = "".join(_statement(s) for s in page.statements)
    sections.append(_section("statements", "Every statement", _table("Property", "Value", rows)))
    sections.append(_formats(alternates))
    return _document(page.label, _alternates(alternates), nav, "".join(sections))


def map_html(page: MapPage, alternates: dict[str, str]) -> str:
    """The page of one map: its title and description, and its nodes grouped by kind."""
    nav = [
        ("Draw the map", f"/?map={page.map_id}"),
        ("The map as JSON", f"/maps/{page.map_id}"),
        ("Download the whole map (TriG)", f"/maps/{page.map_id}/export?format=trig"),
        ("SPARQL", "/sparql"),
    ]
    sections = [f"<h1>{escape(page.title)}</h1>\n<p>IRI: <code>{escape(page.iri)}</code></p>\n"]
    if page.description:
        sections.append(f"<p>{escape(page.description)}</p>\n")
    for number, (kind, links) in enumerate(page.groups):
        sections.append(_section(f"kind-{number}", f"{kind} ({len(links)})", _list(links)))
    sections.append(_formats(alternates))
    return _document(page.title, _alternates(alternates), nav, "".join(sections))
