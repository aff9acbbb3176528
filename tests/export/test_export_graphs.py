"""Graph and diagram exports, each read back by a real consumer: networkx, Graphviz, XML, JSON."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from argmap import export
from argmap.export import ArgumentMap
from argmap.export._dot import render
from argmap.store import OxigraphStore

MAP = "gallagher-2022"
SVG = "{http://www.w3.org/2000/svg}"


def _text(result: str | bytes) -> str:
    assert isinstance(result, str)
    return result


def _check_graph(graph: nx.MultiDiGraph, model: ArgumentMap) -> None:
    """Counts, node attributes and edge attributes of a graph read back by networkx."""
    assert graph.is_directed()
    assert graph.number_of_nodes() == len(model.nodes)
    # One edge per premise: a linked relation is drawn from each of its premises.
    assert graph.number_of_edges() == sum(len(r.premises) for r in model.relations)
    for node in model.nodes:
        data = graph.nodes[node.id]
        assert data["label"] == node.label
        assert data["kind"] == node.kind
        assert data["text"] == node.quote
        assert data["map"] == MAP
    relations = Counter(data["relation"] for _, _, data in graph.edges(data=True))
    assert relations == Counter(r.kind for r in model.relations for _ in r.premises)
    for source, target, key, data in graph.edges(keys=True, data=True):
        # networkx keeps a GraphML or GEXF edge id as the edge key, a d3 link's as data; the
        # edges of a linked relation carry its id as `relation_id`.
        relation = model.relation(str(data.get("relation_id") or data.get("id", key)))
        assert source in relation.premises and target == model.conclusion(relation)
        assert data["rationale"] == relation.rationale
        if relation.kind == "undercuts":
            assert data["target_relation"] == relation.target


def test_networkx_reads_the_graphml(built_store: OxigraphStore, model: ArgumentMap) -> None:
    text = _text(export.export(built_store, MAP, "graphml"))
    graph = nx.read_graphml(io.BytesIO(text.encode("utf-8")), force_multigraph=True)
    _check_graph(graph, model)


def test_graphml_carries_yed_graphics(built_store: OxigraphStore) -> None:
    root = ET.fromstring(_text(export.export(built_store, MAP, "graphml")))
    y = "{http://www.yworks.com/xml/graphml}"
    fills = {e.get("color") for e in root.iter(f"{y}Fill")}
    assert len(fills) == 5  # one fill per claim kind
    lines = Counter(e.get("color") for e in root.iter(f"{y}LineStyle"))
    assert set(lines) == {"#2e7d32", "#c62828"}  # supports green, attacks red
    key_names = {
        k.get("attr.name") for k in root.iter("{http://graphml.graphdrawing.org/xmlns}key")
    }
    assert {"label", "kind", "text", "map", "relation", "rationale"} <= key_names


def test_networkx_reads_the_gexf(built_store: OxigraphStore, model: ArgumentMap) -> None:
    text = _text(export.export(built_store, MAP, "gexf"))
    assert 'xmlns="http://gexf.net/1.3"' in text and 'version="1.3"' in text
    graph = nx.read_gexf(io.BytesIO(text.encode("utf-8")), version="1.3")
    graph = nx.MultiDiGraph(graph)
    _check_graph(graph, model)
    colours = {
        node: tuple(data["viz"]["color"][c] for c in "rgb") for node, data in graph.nodes(data=True)
    }
    assert colours["idc-rec-iii"] == (0xF2, 0x8E, 0x2B)
    assert len(set(colours.values())) == 5


def test_d3_json_is_node_link_data(built_store: OxigraphStore, model: ArgumentMap) -> None:
    data = json.loads(_text(export.export(built_store, MAP, "d3")))
    assert set(data) == {"directed", "multigraph", "graph", "nodes", "links"}
    graph = nx.node_link_graph(data, edges="links")
    _check_graph(graph, model)
    assert all(link["color"].startswith("#") for link in data["links"])


def test_cytoscape_json_has_elements(built_store: OxigraphStore, model: ArgumentMap) -> None:
    document = json.loads(_text(export.export(built_store, MAP, "cytoscape")))
    assert document["data"]["map"] == MAP
    nodes, edges = document["elements"]["nodes"], document["elements"]["edges"]
    assert len(nodes) == len(model.nodes)
    assert len(edges) == sum(len(r.premises) for r in model.relations)
    ids = {n["data"]["id"] for n in nodes}
    for node in nodes:
        assert {"id", "name", "label", "kind", "text", "map", "color"} <= set(node["data"])
        assert node["classes"] == node["data"]["kind"]
    for edge in edges:
        assert {"id", "source", "target", "relation", "rationale"} <= set(edge["data"])
        assert edge["data"]["source"] in ids and edge["data"]["target"] in ids
    undercuts = [e["data"] for e in edges if e["data"]["relation"] == "undercuts"]
    assert {u["target_relation"] for u in undercuts} == model.undercut_supports()


def test_dot_renders_with_graphviz(built_store: OxigraphStore, model: ArgumentMap) -> None:
    dot_text = _text(export.export(built_store, MAP, "dot"))
    assert dot_text.startswith('digraph "gallagher-2022" {')
    done = subprocess.run(
        ["dot", "-Tsvg"], input=dot_text.encode(), capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr.decode()
    assert done.stderr == b""  # no warnings either
    svg = ET.fromstring(done.stdout)
    titles = {t.text for t in svg.iter(f"{SVG}title")}
    assert {n.id for n in model.nodes} <= titles
    # An undercut ends on the point drawn on the support it attacks.
    assert "claim-ukraine-framed-charter->rel-unga-broadening#inference" in titles
    assert "#2e7d32" in dot_text and "#c62828" in dot_text


def test_svg_and_png_exports(built_store: OxigraphStore, model: ArgumentMap) -> None:
    svg = ET.fromstring(_text(export.export(built_store, MAP, "svg")))
    assert svg.tag == f"{SVG}svg"
    groups = [g for g in svg.iter(f"{SVG}g") if g.get("class") == "node"]
    assert len(groups) >= len(model.nodes)
    png = export.export(built_store, MAP, "png")
    assert isinstance(png, bytes) and png.startswith(b"\x89PNG\r\n\x1a\n")


def test_missing_graphviz_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert shutil.which("dot") is None
    with pytest.raises(
        export.GraphvizUnavailable,
        match=r"Install Graphviz \(Debian/Ubuntu: `apt-get install graphviz`",
    ):
        render("digraph { a -> b }", "svg")


def test_graphviz_failure_is_reported() -> None:
    with pytest.raises(export.GraphvizUnavailable, match="failed"):
        render("digraph { a -> ", "svg")


def test_mermaid_is_a_flowchart(built_store: OxigraphStore, model: ArgumentMap) -> None:
    text = _text(export.export(built_store, MAP, "mermaid"))
    assert text.startswith("flowchart")
    lines = text.splitlines()
    assert sum(":::" in line and "[" in line for line in lines) == len(model.nodes)
    links = [line for line in lines if "-->" in line or "-.->" in line or " --- " in line]
    # A link per premise; an undercut support or a linked relation meets at a junction, which
    # adds the link from the junction to the target.
    junctions = {r.id for r in model.relations if r.linked and r.kind != "undercuts"}
    junctions |= model.undercut_supports()
    expected = sum(len(r.premises) for r in model.relations) + len(junctions)
    assert len(links) == expected
    undercuts = sum(len(r.premises) for r in model.relations if r.kind == "undercuts")
    assert sum("-.->|undercuts|" in line for line in links) == undercuts > 0
    assert any(line.strip().startswith("classDef recommendation") for line in lines)
    assert any(line.strip().startswith("linkStyle") and "#c62828" in line for line in lines)


def test_mermaid_labels_escape_syntax() -> None:
    from argmap.export._mermaid import label

    assert label('say "hi" #1 <b>') == '"say #quot;hi#quot; #35;1 #lt;b#gt;"'


def test_argdown_lists_statements_and_relations(
    built_store: OxigraphStore, model: ArgumentMap
) -> None:
    text = _text(export.export(built_store, MAP, "argdown"))
    assert text.startswith("===\n")
    for node in model.nodes:
        assert f"[{node.id}]: " in text
        assert f"#{node.kind}" in text
    lines = text.splitlines()
    relation_lines = [line for line in lines if line.startswith("    <")]
    undercut = model.undercut_supports()
    drawn = [r for r in model.relations if r.id not in undercut]
    assert len(relation_lines) == sum(len(r.premises) for r in drawn)
    undercuts = sum(len(r.premises) for r in model.relations if r.kind == "undercuts")
    assert sum(line.startswith("    <_ [") for line in lines) == undercuts > 0
    # An undercut support is an argument: its premises, a line, its conclusion.
    support = model.relation(sorted(undercut)[0])
    assert f"<{support.id}>: " in text
    steps = [f"({n}) [{p}]" for n, p in enumerate(support.premises, 1)]
    pcs = "\n".join([*steps, "-----", f"({len(steps) + 1}) [{support.target}]"])
    assert pcs in text


def test_argdown_escapes_special_characters() -> None:
    from argmap.export._argdown import escape

    assert escape("a_b [c] <d> #e @f {g} // h\nnext") == (
        r"a\_b \[c\] \<d\> \#e \@f \{g\} \// h next"
    )


def test_focused_diagrams_hold_only_the_neighbourhood(built_store: OxigraphStore) -> None:
    text = _text(export.export(built_store, MAP, "graphml", "idc-rec-iii", 1))
    graph = nx.read_graphml(io.BytesIO(text.encode("utf-8")))
    assert graph.number_of_nodes() == 5
    dot_text = _text(export.export(built_store, MAP, "dot", "idc-rec-iii", 1))
    assert "(around idc-rec-iii)" in dot_text
    assert '"idc-rec-i"' not in dot_text
