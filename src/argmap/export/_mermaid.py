"""A Mermaid flowchart: claims as boxes coloured by kind, supports green, attacks red and dotted.

Mermaid links join nodes, so a support that is undercut runs through a small junction circle,
and the undercut is a dotted red link ending at that circle (the inference it attacks).
"""

from __future__ import annotations

import re

from argmap.export._style import KIND_COLOURS, KIND_FILLS, RELATION_COLOURS, one_line
from argmap.model import NODE_KINDS, ArgumentMap, Relation

_UNSAFE_ID = re.compile(r"[^A-Za-z0-9_]")
# Characters Mermaid would read as syntax inside a quoted label, as its entity codes.
_ENTITIES = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "`": "#96;"}


def label(text: str) -> str:
    """Text as a quoted Mermaid label.

    >>> label('a "b" <c> #1')
    '"a #quot;b#quot; #lt;c#gt; #35;1"'
    """
    return '"' + "".join(_ENTITIES.get(c, c) for c in one_line(text)) + '"'


class _Ids:
    """Mermaid node ids: letters, digits and underscores, unique, never a keyword like `end`."""

    def __init__(self) -> None:
        self._given: dict[str, str] = {}
        self._taken: set[str] = set()

    def __call__(self, key: str) -> str:
        if key not in self._given:
            base = "n_" + _UNSAFE_ID.sub("_", key)
            candidate, n = base, 1
            while candidate in self._taken:
                n += 1
                candidate = f"{base}_{n}"
            self._given[key] = candidate
            self._taken.add(candidate)
        return self._given[key]


def dump_mermaid(model: ArgumentMap) -> str:
    """The map as a Mermaid flowchart (text starting with `flowchart`)."""
    ids = _Ids()
    lines = ["flowchart BT", f"  %% {one_line(model.title)}"]
    for node in model.nodes:
        lines.append(f"  {ids(node.id)}[{label(node.label)}]:::{node.kind}")
    undercut = model.undercut_supports()
    links: list[tuple[str, Relation]] = []
    for relation in model.relations:
        if relation.kind == "undercuts":
            continue
        target = ids(relation.target)
        # An undercut support, or a linked relation, meets at a junction: the undercut's
        # arrow ends there, and the premises of a linked argument join there.
        if relation.id in undercut or relation.linked:
            junction = ids("inference " + relation.id)
            lines.append(f'  {junction}((" ")):::inference')
            links += [(f"  {ids(p)} --- {junction}", relation) for p in relation.premises]
            links.append((f"  {junction} {_arrow(relation)} {target}", relation))
        else:
            links.append((f"  {ids(relation.premises[0])} {_arrow(relation)} {target}", relation))
    for relation in model.relations:
        if relation.kind == "undercuts":
            junction = ids("inference " + relation.target)
            links += [
                (f"  {ids(p)} -.->|undercuts| {junction}", relation) for p in relation.premises
            ]
    lines.extend(text for text, _ in links)
    lines.extend(_link_styles([relation for _, relation in links]))
    for kind in NODE_KINDS:
        lines.append(
            f"  classDef {kind} fill:{KIND_FILLS[kind]},stroke:{KIND_COLOURS[kind]},color:#000"
        )
    supports = RELATION_COLOURS["supports"]
    lines.append(f"  classDef inference fill:{supports},stroke:{supports}")
    return "\n".join(lines) + "\n"


def _arrow(relation: Relation) -> str:
    if relation.kind == "supports":
        return "-->|supports|"
    if relation.kind == "rephrases":
        return "-.-|rephrases|"
    return f"-.->|{relation.kind}|"


def _link_styles(relations: list[Relation]) -> list[str]:
    by_colour: dict[str, list[str]] = {}
    for index, relation in enumerate(relations):
        by_colour.setdefault(RELATION_COLOURS[relation.kind], []).append(str(index))
    return [
        f"  linkStyle {','.join(indices)} stroke:{colour},stroke-width:2px"
        for colour, indices in by_colour.items()
    ]
