"""Graphviz DOT, and SVG or PNG rendered from it by the `dot` program.

Claims are rounded boxes filled by kind (premises below, conclusions above); supports are green
arrows, rebuttals red arrows, rephrases grey dashed ones. An undercut attacks an inference, so
it is drawn onto the support it attacks: that support's arrow passes through a small point, and
the undercut is a red dashed arrow ending at the point. Tooltips carry the quoted words (for
claims) and the rationale (for relations); SVG shows them on hover.
"""

from __future__ import annotations

import shutil
import subprocess
from typing import Literal

from argmap.errors import GraphvizUnavailable
from argmap.export._style import KIND_COLOURS, KIND_FILLS, RELATION_COLOURS, one_line, wrap
from argmap.model import ArgumentMap, Relation

RENDER_TIMEOUT_S = 120
_FONT = "Helvetica"


def quote(text: str) -> str:
    r"""A DOT double-quoted string; backslashes are doubled so `\N`-style escapes stay literal.

    >>> quote('say "no" \\ now')
    '"say \\"no\\" \\\\ now"'
    """
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _label(text: str, width: int = 28) -> str:
    # Lines are joined with DOT's centred line break, which must not be escaped again.
    return "\\n".join(quote(line)[1:-1] for line in wrap(text, width))


def _attrs(values: dict[str, str]) -> str:
    parts = []
    for name, value in values.items():
        rendered = f'"{value}"' if name == "label" else quote(value)
        parts.append(f"{name}={rendered}")
    return "[" + ", ".join(parts) + "]"


def dump_dot(model: ArgumentMap) -> str:
    """The map as a Graphviz digraph, styled per kind."""
    title = model.title if model.focus is None else f"{model.title} (around {model.focus})"
    lines = [
        f"digraph {quote(model.id)} {{",
        f'  graph [rankdir=BT, label="{_label(title, 80)}", labelloc=t, fontname={quote(_FONT)},'
        " fontsize=16, nodesep=0.3, ranksep=0.45];",
        f'  node [shape=box, style="rounded,filled", fontname={quote(_FONT)}, fontsize=10,'
        ' margin="0.12,0.06"];',
        f"  edge [fontname={quote(_FONT)}, fontsize=8, penwidth=1.4];",
    ]
    for node in model.nodes:
        attrs = {
            "label": _label(node.label),
            "fillcolor": KIND_FILLS[node.kind],
            "color": KIND_COLOURS[node.kind],
            "tooltip": one_line(node.quote or node.label),
            "id": node.id,
        }
        lines.append(f"  {quote(node.id)} {_attrs(attrs)};")
    undercut = model.undercut_supports()
    for relation in model.relations:
        if relation.kind == "undercuts":
            continue
        # A support that is undercut, or a linked relation, meets at a point: the undercut's
        # arrow ends there, and the premises of a linked argument join there.
        if relation.id in undercut or relation.linked:
            lines.extend(_split(relation))
        else:
            lines.append(_arrow(relation.premises[0], relation.target, relation))
    for relation in model.relations:
        if relation.kind == "undercuts":
            lines.extend(
                _arrow(premise, _point(relation.target), relation, edge_id)
                for edge_id, premise in relation.edge_ids()
            )
    lines.append("}")
    return "\n".join(lines) + "\n"


def _point(relation_id: str) -> str:
    return f"{relation_id}#inference"


def _style(relation: Relation) -> dict[str, str]:
    style = {"color": RELATION_COLOURS[relation.kind]}
    if relation.kind == "undercuts":
        style |= {"style": "dashed", "arrowhead": "tee"}
    elif relation.kind == "rephrases":
        style |= {"style": "dashed", "arrowhead": "none"}
    return style


def _tooltip(relation: Relation) -> str:
    rationale = one_line(relation.rationale)
    return f"{relation.kind}: {rationale}" if rationale else relation.kind


def _arrow(source: str, target: str, relation: Relation, edge_id: str | None = None) -> str:
    attrs = _style(relation) | {"tooltip": _tooltip(relation), "id": edge_id or relation.id}
    return f"  {quote(source)} -> {quote(target)} {_attrs(attrs)};"


def _split(relation: Relation) -> list[str]:
    point = _point(relation.id)
    colour = RELATION_COLOURS[relation.kind]
    tooltip = _tooltip(relation)
    lines = [
        f"  {quote(point)} [shape=point, width=0.07, color={quote(colour)},"
        f" tooltip={quote(tooltip)}];"
    ]
    lines += [
        f"  {quote(premise)} -> {quote(point)} "
        f"[color={quote(colour)}, arrowhead=none, tooltip={quote(tooltip)},"
        f" id={quote(edge_id)}];"
        for edge_id, premise in relation.edge_ids()
    ]
    lines.append(
        f"  {quote(point)} -> {quote(relation.target)} "
        f"[color={quote(colour)}, tooltip={quote(tooltip)}];"
    )
    return lines


def render(dot_text: str, fmt: Literal["svg", "png"]) -> bytes:
    """Run Graphviz `dot` on DOT text; GraphvizUnavailable when it is missing or fails."""
    program = shutil.which("dot")
    if program is None:
        raise GraphvizUnavailable(
            f"rendering {fmt.upper()} needs Graphviz's `dot` program, which is not installed. "
            "Install Graphviz (Debian/Ubuntu: `apt-get install graphviz`; macOS: "
            "`brew install graphviz`), or export `--format dot` and render it elsewhere."
        )
    try:
        done = subprocess.run(
            [program, f"-T{fmt}"],
            input=dot_text.encode("utf-8"),
            capture_output=True,
            timeout=RENDER_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise GraphvizUnavailable(f"`dot` took longer than {RENDER_TIMEOUT_S} s") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise GraphvizUnavailable(f"`dot -T{fmt}` failed: {message}")
    return done.stdout


def dump_svg(model: ArgumentMap) -> str:
    """The map drawn by Graphviz as SVG text."""
    return render(dump_dot(model), "svg").decode("utf-8")


def dump_png(model: ArgumentMap) -> bytes:
    """The map drawn by Graphviz as a PNG image."""
    return render(dump_dot(model), "png")
