"""`argmap export MAP --format F [-o FILE] [--focus NODE --depth N]` on a store built on disk."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph
from typer.testing import CliRunner

from argmap import resources
from argmap.cli import app
from argmap.model import load
from argmap.store import OxigraphStore

runner = CliRunner()
MAP = "gallagher-2022"
GALLAGHER_YAML = resources.maps_dir() / f"{MAP}.yaml"


def run(built_store_dir: Path, *args: str) -> tuple[int, str, bytes]:
    result = runner.invoke(
        app, ["export", *args], env={"ARGMAP_STORE": str(built_store_dir), "COLUMNS": "200"}
    )
    return result.exit_code, result.output, result.stdout_bytes


def test_export_to_a_file(built_store_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "map.graphml"
    code, output, _ = run(built_store_dir, MAP, "--format", "graphml", "-o", str(target))
    assert code == 0, output
    assert f"of graphml to {target}" in output
    graph = nx.read_graphml(target, force_multigraph=True)
    store = OxigraphStore(built_store_dir, read_only=True)
    try:
        model = load(store, MAP)
    finally:
        store.close()
    # One edge per premise: a linked relation is drawn from each of its premises.
    assert graph.number_of_nodes() == len(model.nodes)
    assert graph.number_of_edges() == sum(len(r.premises) for r in model.relations)


def test_the_format_follows_the_file_extension(built_store_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "map.ttl"
    code, output, _ = run(built_store_dir, MAP, "-o", str(target))
    assert code == 0, output
    assert len(Graph().parse(target, format="turtle")) > 1000


def test_text_goes_to_stdout(built_store_dir: Path) -> None:
    code, output, _ = run(built_store_dir, MAP, "-f", "mermaid")
    assert code == 0 and output.startswith("flowchart")


def test_binary_goes_to_a_redirected_stdout(built_store_dir: Path) -> None:
    code, _, data = run(built_store_dir, MAP, "-f", "png")
    assert code == 0 and data.startswith(b"\x89PNG")


def test_a_neighbourhood(built_store_dir: Path) -> None:
    code, output, _ = run(
        built_store_dir, MAP, "-f", "d3", "--focus", "idc-rec-iii", "--depth", "1"
    )
    assert code == 0, output
    data = json.loads(output)
    assert len(data["nodes"]) == 5
    assert {link["target"] for link in data["links"]} <= {n["id"] for n in data["nodes"]}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((MAP, "-f", "pdf"), "unknown export format 'pdf'; argmap exports: turtle"),
        (("no-such-map", "-f", "dot"), "no map 'no-such-map'"),
        ((MAP, "-f", "dot", "--focus", "nope"), "has no claim 'nope'"),
        ((MAP, "-f", "dot", "--depth", "2"), "a depth needs a focus claim"),
        ((MAP,), "say which format with --format"),
        ((MAP, "-o", "map.unknown"), "say which format with --format"),
    ],
)
def test_mistakes_are_named(built_store_dir: Path, args: tuple[str, ...], message: str) -> None:
    code, output, _ = run(built_store_dir, *args)
    assert code == 2
    assert message in " ".join(output.split())
