from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from argmap.cli import app
from testdata import GALLAGHER_YAML, SMALL_MAP

runner = CliRunner()


def invoke(built_store_dir: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(
        app, list(args), env={"ARGMAP_STORE": str(built_store_dir), "COLUMNS": "200"}
    )
    return result.exit_code, result.output


def test_validate_passes_on_the_committed_map() -> None:
    result = runner.invoke(app, ["validate", str(GALLAGHER_YAML)])
    assert result.exit_code == 0 and "ok" in result.output


def test_validate_names_a_dangling_relation(write_map: Callable[[str], Path]) -> None:
    path = write_map(SMALL_MAP.replace("from: w, to: b", "from: w, to: nowhere"))
    result = runner.invoke(app, ["validate", str(path)], env={"COLUMNS": "200"})
    assert result.exit_code == 1
    assert "nowhere" in result.output and "dangling" in result.output and ":21" in result.output


def test_validate_names_a_quote_not_in_the_text(write_map: Callable[[str], Path]) -> None:
    path = write_map(SMALL_MAP.replace("quote: Cats are mammals.", "quote: Cats are reptiles."))
    result = runner.invoke(app, ["validate", str(path)], env={"COLUMNS": "200"})
    assert result.exit_code == 1
    assert "not in the text" in result.output and "Cats are reptiles" in result.output


def test_validate_reports_shape_problems_of_turtle(tmp_path: Path) -> None:
    path = tmp_path / "bad.ttl"
    path.write_text(
        "@prefix am: <https://w3id.org/argmap#> .\n"
        "<https://w3id.org/argmap/map/x/s> a am:Support ; am:from <https://w3id.org/argmap/map/x/a> .\n"
        "<https://w3id.org/argmap/map/x/a> a am:Claim .\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["validate", str(path)], env={"COLUMNS": "200"})
    assert result.exit_code == 1
    assert "exactly one am:to" in result.output
    assert "every claim has a label" in result.output


def test_summary_lists_counts_and_recommendations(built_store_dir: Path) -> None:
    code, output = invoke(built_store_dir, "summary", "gallagher-2022", "--json")
    assert code == 0
    (entry,) = json.loads(output)
    assert entry["counts"]["Recommendation"] == 8
    assert len(entry["recommendations"]) == 8


def test_recommendations_json_shape(built_store_dir: Path) -> None:
    code, output = invoke(built_store_dir, "recommendations", "gallagher-2022", "--json")
    assert code == 0
    results = json.loads(output)
    assert len(results) == 8
    for key in ("id", "label", "map", "attributed_to", "supporters", "underminers"):
        assert key in results[0]
    rec_iii = next(r for r in results if r["id"] == "idc-rec-iii")
    assert len(rec_iii["underminers"]) >= 3
    chained = [u for u in rec_iii["underminers"] if u["depth"] >= 2]
    assert chained and chained[0]["path"][-1] == "idc-rec-iii"
    direct_ids = {u["id"] for u in rec_iii["underminers"] if u["depth"] == 1}
    assert any(u["id"] not in direct_ids for u in chained), "one underminer only through a chain"
    for entry in rec_iii["underminers"]:
        assert {"id", "label", "path", "depth", "polarity", "rationale"} <= set(entry)
        assert entry["polarity"] == "undermines"
    own = next(r for r in results if r["id"] == "rec-work-beyond-like-minded")
    assert own["supporters"]


def test_recommendations_tree_shows_paths(built_store_dir: Path) -> None:
    code, output = invoke(built_store_dir, "recommendations", "gallagher-2022")
    assert code == 0
    assert "underminers" in output and "idc-rec-iii" in output


def test_query_list_json(built_store_dir: Path) -> None:
    code, output = invoke(built_store_dir, "query", "--list", "--json")
    assert code == 0
    entries = json.loads(output)
    assert {"name", "summary", "params"} <= set(entries[0])
    assert len(entries) >= 14


def test_query_runs_with_params_as_json_and_csv(built_store_dir: Path) -> None:
    code, output = invoke(
        built_store_dir,
        "query",
        "underminers-of",
        "--param",
        "claim=https://w3id.org/argmap/map/gallagher-2022/idc-rec-iii",
        "--json",
    )
    assert code == 0
    # The direct underminers of the query are those of the analysis at depth 1 (whatever the map
    # says today, the two ways of asking agree).
    rows = json.loads(output)
    code, report = invoke(built_store_dir, "recommendations", "gallagher-2022", "--json")
    rec_iii = next(r for r in json.loads(report) if r["id"] == "idc-rec-iii")
    direct = {u["id"] for u in rec_iii["underminers"] if u["depth"] == 1}
    assert rows and {row["underminer"].rsplit("/", 1)[1] for row in rows} == direct
    code, output = invoke(built_store_dir, "query", "maps", "--csv")
    assert code == 0 and output.splitlines()[0].startswith("map,id,title")


def test_query_parameter_cannot_change_the_query(built_store_dir: Path) -> None:
    code, output = invoke(
        built_store_dir,
        "query",
        "underminers-of",
        "--param",
        "claim=https://x/> } UNION { ?s ?p ?o } #",
        "--json",
    )
    assert code != 0
    assert "must be an absolute IRI" in output


def test_query_unknown_name_and_parameter(built_store_dir: Path) -> None:
    code, output = invoke(built_store_dir, "query", "nope")
    assert code == 2 and "no named query 'nope'" in output
    code, output = invoke(built_store_dir, "query", "maps", "--param", "x=1")
    assert code == 2 and "unknown parameter" in output


def test_sparql_runs_any_select(built_store_dir: Path) -> None:
    code, output = invoke(
        built_store_dir,
        "sparql",
        "--json",
        "PREFIX am: <https://w3id.org/argmap#> SELECT (COUNT(*) AS ?n) "
        "WHERE { ?r a am:Recommendation }",
    )
    assert code == 0 and json.loads(output) == [{"n": 8}]
    code, output = invoke(built_store_dir, "sparql", "SELECT WHERE {")
    assert code == 2 and "syntax" in output.lower()
