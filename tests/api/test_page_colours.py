"""The map page draws each kind in the colours every export uses (kinds.js mirrors _style.py)."""

from __future__ import annotations

import re

from argmap.export._style import KIND_COLOURS, KIND_FILLS, RELATION_COLOURS
from testdata import REPO

KINDS_JS = REPO / "api" / "static" / "src" / "map" / "kinds.js"


def _table(name: str) -> dict[str, dict[str, str]]:
    # Each entry of the JS table is one line: `kind: { colour: "#…", fill: "#…", … },`.
    source = KINDS_JS.read_text(encoding="utf-8")
    body = source.split(f"export const {name} = {{", 1)[1].split("\n};", 1)[0]
    table: dict[str, dict[str, str]] = {}
    for kind, fields in re.findall(r"^\s*(\w+): \{(.*)\},?$", body, re.MULTILINE):
        table[kind] = dict(re.findall(r'(\w+): "([^"]*)"', fields))
    return table


def test_the_page_s_claim_colours_are_the_exports() -> None:
    nodes = _table("NODE_KINDS")
    for kind, colour in KIND_COLOURS.items():
        assert nodes[kind]["colour"] == colour, kind
        assert nodes[kind]["fill"] == KIND_FILLS[kind], kind
    # Cases and sources are nodes on the page only; the exports carry them as attributes.
    assert set(nodes) == set(KIND_COLOURS) | {"case", "source"}


def test_the_page_s_relation_colours_are_the_exports() -> None:
    relations = _table("RELATIONS")
    for kind, colour in RELATION_COLOURS.items():
        assert relations[kind]["colour"] == colour, kind
