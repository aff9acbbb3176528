from __future__ import annotations

import json
from pathlib import Path

import pytest
from import_helpers import AIF_FIXTURE
from typer.testing import CliRunner

from argmap.cli import app

runner = CliRunner()


def invoke(store_dir: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"ARGMAP_STORE": str(store_dir), "COLUMNS": "200"})
    return result.exit_code, result.output


def test_import_prints_what_was_stored_and_set_aside(tmp_path: Path) -> None:
    code, output = invoke(tmp_path / "store", "import", str(AIF_FIXTURE), "--no-reason")
    assert code == 0, output
    assert "aif-aifdb-6064" in output
    row = next(line for line in output.splitlines() if line.startswith("│ aif-aifdb-6064"))
    assert [cell.strip() for cell in row.split("│")[2:4]] == ["9", "5"]
    assert "YA nodes" in output and "14" in output and "TA nodes" in output


@pytest.mark.reasoner
def test_import_json_for_programs_and_refusal_of_an_existing_map(tmp_path: Path) -> None:
    store = tmp_path / "store"
    code, output = invoke(
        store, "import", str(AIF_FIXTURE), "--format", "aif", "--map-id", "kenya", "--json"
    )
    assert code == 0, output
    [report] = json.loads(output)
    assert report["map"] == "kenya" and report["counts"]["claims"] == 9
    assert report["set_aside"] == {"YA nodes": 14, "TA nodes": 8}
    code, output = invoke(store, "import", str(AIF_FIXTURE), "--map-id", "kenya", "--no-reason")
    assert code == 1 and "already has the map kenya" in output
    code, output = invoke(
        store, "import", str(AIF_FIXTURE), "--map-id", "kenya", "--replace", "--no-reason"
    )
    assert code == 0 and "replaced" in output


def test_import_refuses_a_broken_file_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"nodes": [\n  oops\n]}', encoding="utf-8")
    code, output = invoke(tmp_path / "store", "import", str(bad))
    assert code == 1 and "line 2" in output


def test_import_lists_validation_problems(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix am: <https://w3id.org/argmap#> .\n"
        "<http://example.org/m> a am:ArgumentMap .\n"
        "<http://example.org/m/a1> a am:Claim ; am:inMap <http://example.org/m> .\n",
        encoding="utf-8",
    )
    code, output = invoke(tmp_path / "store", "import", str(bad), "--format", "ttl")
    assert code == 1
    assert "every claim has a label" in output
    assert "│ bad.ttl │ a1 " in output  # where, and which node


def test_import_says_when_the_format_cannot_be_guessed(tmp_path: Path) -> None:
    odd = tmp_path / "map.docx"
    odd.write_text("x", encoding="utf-8")
    code, output = invoke(tmp_path / "store", "import", str(odd))
    assert code == 1 and "give --format" in output
