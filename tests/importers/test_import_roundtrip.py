from __future__ import annotations

import json
from typing import Any

import pytest

from argmap.export import FORMATS
from argmap.importers import import_data
from argmap.store import OxigraphStore


def aif_structure(
    document: dict[str, Any],
) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """The nodes (id, type, text, kind, rationale, scheme) and edges (by argmap id) of an export."""
    ids = {n["nodeID"]: n.get("argmapID") for n in document["nodes"]}
    nodes = sorted(
        (
            n.get("argmapID"),
            n["type"],
            n["text"],
            n.get("argmapKind"),
            n.get("rationale"),
            n.get("scheme"),
        )
        for n in document["nodes"]
    )
    edges = sorted((ids[e["fromID"]], ids[e["toID"]]) for e in document["edges"])
    return nodes, edges


@pytest.mark.reasoner
def test_aif_export_import_export_keeps_every_claim_and_relation(
    built_store: OxigraphStore,
) -> None:
    first = FORMATS["aif"].export(built_store, "gallagher-2022")
    assert isinstance(first, str)
    store = OxigraphStore()
    [report] = import_data(store, first.encode(), "aif", name="gallagher-2022.aif.json")
    assert report.map_id == "aif-gallagher-2022"
    second = FORMATS["aif"].export(store, report.map_id)
    assert isinstance(second, str)

    nodes_before, edges_before = aif_structure(json.loads(first))
    nodes_after, edges_after = aif_structure(json.loads(second))
    assert edges_after == edges_before
    assert len(nodes_after) == len(nodes_before)
    # AIF has no place for a counterexample's case, so the kind comes back as a plain claim.
    demoted = {n[0] for n in nodes_before if n[3] == "counterexample"}
    assert demoted and report.set_aside["counterexample kinds"] == len(demoted)
    for before, after in zip(nodes_before, nodes_after, strict=True):
        if before[0] in demoted:
            assert after == (*before[:3], "claim", *before[4:])
        else:
            assert after == before

    counts = report.counts
    relations = json.loads(first)["nodes"]
    assert counts["claims"] == sum(1 for n in relations if n["type"] == "I")
    assert counts["supports"] == sum(1 for n in relations if n["type"] == "RA")
    assert counts["rebuttals"] + counts["undercuts"] == sum(
        1 for n in relations if n["type"] == "CA"
    )
