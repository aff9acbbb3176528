"""Helpers for the importer tests: the real AIFdb map, small AIF documents, store snapshots."""

from __future__ import annotations

import json
from typing import Any

from rdflib import URIRef

from argmap.store import OxigraphStore
from testdata import AIF_FIXTURE

AM = "https://w3id.org/argmap#"

COUNT_IN_MAP = """
PREFIX am: <https://w3id.org/argmap#>
SELECT (COUNT(DISTINCT ?node) AS ?n) WHERE { GRAPH ?map { ?node a ?class ; am:inMap ?map } }
"""


def aifdb() -> dict[str, Any]:
    """The AIFdb map 6064 as parsed JSON (a fresh copy that a test may change)."""
    data: dict[str, Any] = json.loads(AIF_FIXTURE.read_text(encoding="utf-8"))
    return data


def count(store: OxigraphStore, map_id: str, cls: str) -> int:
    """How many members of `am:<cls>` the asserted graph of a map holds (SPARQL over the store)."""
    table = store.select(
        COUNT_IN_MAP,
        {"map": URIRef(f"https://w3id.org/argmap/map/{map_id}"), "class": URIRef(AM + cls)},
    )
    return int(table.rows[0]["n"])


def snapshot(store: OxigraphStore) -> set[str]:
    """Every quad of the store, as text: compare two snapshots to prove nothing changed."""
    return {str(quad) for quad in store.raw()}


def aif(nodes: list[tuple[str, str, str]], edges: list[tuple[str, str]]) -> dict[str, Any]:
    """A small AIFdb document from (nodeID, type, text) triples and (fromID, toID) pairs."""
    return {
        "nodes": [{"nodeID": i, "type": t, "text": x} for i, t, x in nodes],
        "edges": [
            {"edgeID": f"e{n}", "fromID": a, "toID": b, "formEdgeID": None}
            for n, (a, b) in enumerate(edges, start=1)
        ],
        "locutions": [],
    }
