"""Argdown: each claim a titled statement tagged with its kind, then the relations between them.

A claim is `[node-id]: label #kind`, followed by YAML data with the exact quote and who said it.
Relations are listed under the statement they point at: `<+ [premise]` for a support, `<- [x]`
for a rebuttal (loose mode, Argdown's default, reads both as dialectical relations), with the
rationale as a comment. Argdown has no rephrase relation, so a rephrase is only a comment.
Argdown undercuts attack arguments, so every support that is undercut
becomes an argument `<relation-id>` whose premise-conclusion structure is the support, and the
undercut is `<_ [undercutter]` under it. The front matter colours the kind tags as argmap does.
"""

from __future__ import annotations

import json
import re

from argmap.export._style import KIND_COLOURS, one_line
from argmap.model import NODE_KINDS, ArgumentMap, Node, Relation

# Characters Argdown reads as syntax inside statement text; a backslash makes them plain.
_SPECIAL = re.compile(r"([\\@#*_\[\]<>{}]|/(?=[/*]))")
_TITLE_UNSAFE = re.compile(r"[\[\]<>]")
_RELATION_SYMBOL = {"supports": "<+", "rebuts": "<-"}


def escape(text: str) -> str:
    r"""Statement text on one line with Argdown's special characters escaped.

    >>> escape("a_b [c] #d // e")
    'a\\_b \\[c\\] \\#d \\// e'
    """
    return _SPECIAL.sub(r"\\\1", one_line(text))


def _title(node_id: str) -> str:
    return _TITLE_UNSAFE.sub("-", node_id)


def _yaml_string(text: str) -> str:
    # JSON strings are YAML double-quoted strings; braces are escaped so that Argdown's data
    # token (which ends at the first closing brace) cannot end inside a value.
    return json.dumps(text, ensure_ascii=False).replace("{", "\\u007b").replace("}", "\\u007d")


def _data(values: dict[str, str | tuple[str, ...]]) -> str:
    parts = []
    for key, value in values.items():
        if isinstance(value, tuple):
            if value:
                parts.append(f"{key}: [{', '.join(_yaml_string(v) for v in value)}]")
        elif value:
            parts.append(f"{key}: {_yaml_string(value)}")
    return "{" + ", ".join(parts) + "}"


def dump_argdown(model: ArgumentMap) -> str:
    """The map as an Argdown document."""
    blocks = [_front_matter(model), f"# {escape(model.title)}"]
    blocks.extend(_statement(node) for node in model.nodes)
    blocks.extend(_incoming(model))
    blocks.extend(_undercut_arguments(model))
    return "\n\n".join(blocks) + "\n"


def _front_matter(model: ArgumentMap) -> str:
    lines = ["==="]
    # The front matter ends at the first "=", so a title holding one stays out of it.
    if "=" not in model.title:
        lines.append(f"title: {_yaml_string(one_line(model.title))}")
    lines += ["model:", "    mode: loose", "color:", "    tagColors:"]
    lines += [f'        {kind}: "{KIND_COLOURS[kind]}"' for kind in NODE_KINDS]
    lines.append("===")
    return "\n".join(lines)


def _statement(node: Node) -> str:
    head = f"[{_title(node.id)}]: {escape(node.label)} #{node.kind}"
    data = _data(
        {
            "id": node.id,
            "quote": node.quote,
            "attributed_to": node.attributed_to,
            "cases": node.cases,
            "sources": tuple(s.title for s in node.sources),
        }
    )
    return head if data == "{}" else f"{head}\n{data}"


def _comment(relation: Relation) -> str:
    rationale = one_line(relation.rationale)
    return f" // {rationale}" if rationale else ""


def _linked(relation: Relation, premise: str) -> str:
    # Argdown's statement relations join two statements; a linked argument's premises are
    # named together in a comment, and drawn as one argument when an undercut needs it.
    others = [p for p in relation.premises if p != premise]
    return f" // linked with {', '.join(others)} ({relation.id})" if others else ""


def _incoming(model: ArgumentMap) -> list[str]:
    undercut = model.undercut_supports()
    by_target: dict[str, list[Relation]] = {}
    for relation in model.relations:
        if relation.kind != "undercuts" and relation.id not in undercut:
            by_target.setdefault(relation.target, []).append(relation)
    blocks = []
    for target in sorted(by_target):
        lines = [f"[{_title(target)}]"]
        for relation in by_target[target]:
            for premise in relation.premises:
                source = f"[{_title(premise)}]"
                if relation.kind == "rephrases":
                    why = one_line(relation.rationale)
                    lines.append(f"    // rephrased by {source}" + (f": {why}" if why else ""))
                else:
                    symbol = _RELATION_SYMBOL[relation.kind]
                    lines.append(
                        f"    {symbol} {source}{_linked(relation, premise)}{_comment(relation)}"
                    )
        blocks.append("\n".join(lines))
    return blocks


def _undercut_arguments(model: ArgumentMap) -> list[str]:
    blocks = []
    for support_id in sorted(model.undercut_supports()):
        support = model.relation(support_id)
        title = f"<{_title(support.id)}>"
        premises = ", ".join(support.premises)
        description = escape(support.rationale or f"{premises} supports {support.target}")
        blocks.append(f"{title}: {description}")
        steps = [f"({n}) [{_title(p)}]" for n, p in enumerate(support.premises, 1)]
        conclusion = f"({len(steps) + 1}) [{_title(support.target)}]"
        blocks.append("\n".join([*steps, "-----", conclusion]))
        lines = [title]
        for relation in model.relations:
            if relation.kind == "undercuts" and relation.target == support_id:
                lines.extend(
                    f"    <_ [{_title(p)}]{_linked(relation, p)}{_comment(relation)}"
                    for p in relation.premises
                )
        blocks.append("\n".join(lines))
    return blocks
