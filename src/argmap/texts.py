"""The text a map analyses: the body its anchors' offsets count in, and where each node is."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from argmap import authoring, queries, resources
from argmap.store import Store
from argmap.vocab import map_iri, node_id_of


@dataclass(frozen=True)
class Anchored:
    """A node whose words are in the text: its id and the span [start, end) of the body."""

    node: str
    start: int
    end: int
    exact: str


@dataclass(frozen=True)
class MapText:
    """A map's text: its IRI, file, media type and body (None when the file is not here)."""

    map: str
    iri: str
    path: str | None
    format: str | None
    body: str | None


def project_root() -> Path:
    """The folder that maps name their texts relative to (the one holding data/)."""
    return resources.data_dir().parent


def text_of(store: Store, map_id: str) -> MapText | None:
    """The text map `map_id` names, with its body read from the file; None if it names none."""
    rows = store.select(queries.lookup("map-text"), {"map": map_iri(map_id)}).rows
    if not rows:
        return None
    row = rows[0]
    path = str(row["path"]) if row.get("path") is not None else None
    body = None
    if path is not None:
        # A map uploaded to the service names its text too; only files under the project's
        # folder are read (text_file refuses `..` and absolute paths).
        found = authoring.text_file(project_root(), path)
        if found is not None:
            try:
                body = authoring.read_text_body(found)
            except ValueError:
                body = None
    fmt = str(row["format"]) if row.get("format") is not None else None
    return MapText(map=map_id, iri=str(row["text"]), path=path, format=fmt, body=body)


def anchored(store: Store, map_id: str) -> list[Anchored]:
    """Every anchored node of the map, in the order its words come in the text."""
    table = store.select(queries.lookup("map-anchors"), {"map": map_iri(map_id)})
    return [
        Anchored(
            node=node_id_of(str(row["node"])),
            start=int(str(row["start"])),
            end=int(str(row["end"])),
            exact=str(row["exact"]),
        )
        for row in table.rows
    ]


def in_context(body: str, start: int, end: int) -> tuple[str, str, str]:
    r"""The paragraph around body[start:end], split as (before, the words, after).

    >>> in_context("One.\n\nTwo words here.\n\nThree.", 10, 15)
    ('Two ', 'words', ' here.')
    """
    opening = body.rfind("\n\n", 0, start)
    closing = body.find("\n\n", end)
    opening = 0 if opening == -1 else opening + 2
    closing = len(body) if closing == -1 else closing
    return body[opening:start], body[start:end], body[end:closing]


_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def without_links(markdown: str) -> str:
    """Markdown with each `[words](target)` link reduced to its words, for showing as plain text.

    >>> without_links("as Jason Ralph [explains](#), during")
    'as Jason Ralph explains, during'
    """
    return _LINK.sub(r"\1", markdown)
