"""`argmap query --limit/--offset`: a page of a named query's answer, and its total."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from argmap.cli import app

runner = CliRunner()


def invoke(store: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"ARGMAP_STORE": str(store), "COLUMNS": "200"})
    return result.exit_code, result.output


def test_a_page_of_a_named_query(built_store_dir: Path) -> None:
    code, output = invoke(built_store_dir, "query", "claims", "--json")
    assert code == 0
    whole = json.loads(output)
    code, output = invoke(
        built_store_dir, "query", "claims", "--json", "--limit", "5", "--offset", "3"
    )
    assert code == 0 and json.loads(output) == whole[3:8]
    code, output = invoke(built_store_dir, "query", "claims", "--limit", "2")
    assert code == 0 and f"rows 1 to 2 of {len(whole)}" in output


def test_a_bad_page_is_refused_naming_the_option(built_store_dir: Path) -> None:
    code, output = invoke(built_store_dir, "query", "claims", "--limit", "0")
    assert code == 2 and "limit must be a whole number from 1 to 1000" in output
    code, output = invoke(built_store_dir, "query", "claims", "--offset", "-4")
    assert code == 2 and "offset must be" in output
