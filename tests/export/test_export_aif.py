"""The AIF export, read back by arguebuf and by argmap's own AIF importer."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import arguebuf
import pytest

from argmap import export
from argmap.export import ArgumentMap
from argmap.importers import import_data
from argmap.store import OxigraphStore

MAP = "gallagher-2022"


@pytest.fixture(scope="module")
def document(built_store: OxigraphStore) -> dict[str, object]:
    text = export.export(built_store, MAP, "aif")
    assert isinstance(text, str)
    loaded: dict[str, object] = json.loads(text)
    return loaded


def test_arguebuf_loads_the_aif_export(
    built_store: OxigraphStore, model: ArgumentMap, tmp_path: Path
) -> None:
    path = tmp_path / export.file_name(MAP, "aif")
    export.write(export.export(built_store, MAP, "aif"), path)
    graph = arguebuf.load.file(path)
    assert len(graph.atom_nodes) == len(model.nodes) > 30
    assert len(graph.scheme_nodes) == len(model.relations) > 30
    schemes = Counter(type(node.scheme).__name__ for node in graph.scheme_nodes.values())
    kinds = Counter(r.kind for r in model.relations)
    assert schemes == {"Support": kinds["supports"], "Attack": kinds["rebuts"] + kinds["undercuts"]}
    assert {node.plain_text for node in graph.atom_nodes.values()} == {n.label for n in model.nodes}
    # The schemes survive as arguebuf's own: "practical reasoning" is Practical Reasoning.
    named = Counter(
        node.scheme.value
        for node in graph.scheme_nodes.values()
        if isinstance(node.scheme, arguebuf.Support) and node.scheme != arguebuf.Support.DEFAULT
    )
    written = Counter(r.scheme for r in model.relations if r.kind == "supports" and r.scheme)
    assert named["Practical Reasoning"] == written["practical reasoning"] > 0
    assert named["Example"] == written["argument from example"] > 0
    assert named["Consequences"] == written["argument from consequences"] > 0
    # An edge from each premise into the scheme node, and one from it to the target.
    assert len(graph.edges) == sum(len(r.premises) + 1 for r in model.relations)


def test_aif_node_types_and_edges(document: dict[str, object], model: ArgumentMap) -> None:
    nodes = document["nodes"]
    edges = document["edges"]
    assert isinstance(nodes, list) and isinstance(edges, list)
    assert document["locutions"] == []
    types = Counter(n["type"] for n in nodes)
    kinds = Counter(r.kind for r in model.relations)
    assert types == {
        "I": len(model.nodes),
        "RA": kinds["supports"],
        "CA": kinds["rebuts"] + kinds["undercuts"],
    }
    by_id = {n["nodeID"]: n for n in nodes}
    assert all(isinstance(i, str) and i.isdigit() for i in by_id)
    # An undercut is a CA node whose outgoing edge points at the RA node of the support.
    undercut = next(n for n in nodes if n.get("argmapKind") == "undercuts")
    (target,) = [by_id[e["toID"]] for e in edges if e["fromID"] == undercut["nodeID"]]
    assert target["type"] == "RA"
    assert target["argmapID"] == model.relation(undercut["argmapID"]).target
    claim = next(n for n in nodes if n.get("argmapID") == "idc-rec-iii")
    assert claim["text"] == model.node("idc-rec-iii").label
    assert claim["quote"] == model.node("idc-rec-iii").quote
    assert claim["argmapKind"] == "recommendation"
    assert claim["timestamp"] == "2026-11-26 00:00:00"


def test_aif_scheme_nodes_name_their_scheme(document: dict[str, object]) -> None:
    nodes = document["nodes"]
    assert isinstance(nodes, list)
    texts = Counter(n["text"] for n in nodes if n["type"] != "I")
    assert texts["Default Conflict"] > 0 and texts["Default Inference"] > 0
    with_scheme = [n for n in nodes if "scheme" in n]
    assert with_scheme and all(n["text"] == n["scheme"] for n in with_scheme)
    # As AIFdb writes them: "Practical Reasoning", "Example", never "practical reasoning".
    assert texts["Practical Reasoning"] > 0 and texts["Example"] > 0
    assert all(n["scheme"][0].isupper() for n in with_scheme)
    assert all("rationale" in n for n in nodes if n["type"] != "I")


def _signature(m: ArgumentMap) -> tuple[set[str], set[tuple[str, tuple[str, ...], str]]]:
    labels = {n.id: n.label for n in m.nodes}
    relations = {
        (r.kind, tuple(labels[p] for p in r.premises), labels[m.conclusion(r)]) for r in m.relations
    }
    return set(labels.values()), relations


@pytest.mark.reasoner
def test_aif_round_trip_keeps_every_claim_and_relation(
    built_store: OxigraphStore, model: ArgumentMap
) -> None:
    text = export.export(built_store, MAP, "aif")
    assert isinstance(text, str)
    store = OxigraphStore()
    import_data(store, text.encode(), "aif", name="gallagher.json", map_id="gallagher-aif")
    imported = export.load(store, "gallagher-aif")
    assert _signature(imported) == _signature(model)
    again = export.export(store, "gallagher-aif", "aif")
    assert isinstance(again, str)
    second = json.loads(again)
    assert Counter(n["type"] for n in second["nodes"]) == Counter(
        n["type"] for n in json.loads(text)["nodes"]
    )
    assert len(second["edges"]) == len(json.loads(text)["edges"])
