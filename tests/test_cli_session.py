"""A new user's first session: clear errors for a missing store, a wrong node or port, and a README
that matches the catalogue, the exit codes and the report it shows."""

from __future__ import annotations

import json
import re
import socket
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from argmap import errors, queries
from argmap.cli import app, package_version

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
NODE = "https://w3id.org/argmap/map/gallagher-2022/"
runner = CliRunner()


def invoke(store: Path, *args: str, **env: str) -> tuple[int, str]:
    result = runner.invoke(
        app, list(args), env={"ARGMAP_STORE": str(store), "COLUMNS": "1000", **env}
    )
    # A clean exit, never a traceback: typer's exceptions are SystemExit, anything else is a bug.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, " ".join(result.output.split())


READ_COMMANDS = [
    ["summary"],
    ["query", "maps"],
    ["sparql", "SELECT * WHERE { ?s ?p ?o } LIMIT 1"],
    ["recommendations", "gallagher-2022"],
    ["export", "gallagher-2022", "-f", "turtle"],
    ["evaluate", "gallagher-2022"],
]


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: c[0])
def test_a_read_command_on_a_missing_store_says_how_to_build_one_and_creates_nothing(
    tmp_path: Path, command: list[str]
) -> None:
    store = tmp_path / "store"
    code, output = invoke(store, *command)
    assert code == errors.EXIT_UNAVAILABLE
    assert f"there is no store at {store}" in output
    assert "argmap build" in output and "make run" in output
    assert not store.exists()


def test_a_wrong_query_name_or_file_is_said_before_the_store_is_looked_for(tmp_path: Path) -> None:
    code, output = invoke(tmp_path / "store", "query", "nope")
    assert code == errors.EXIT_USAGE and "no named query 'nope'" in output
    code, output = invoke(tmp_path / "store", "query", "underminers-of", "-p", "claim=not an iri")
    assert code == errors.EXIT_USAGE and "must be an absolute IRI" in output
    code, output = invoke(tmp_path / "store", "sparql", f"@{tmp_path / 'missing.rq'}")
    assert code == errors.EXIT_USAGE and "cannot read the query file" in output


def test_an_empty_directory_is_no_store_either(tmp_path: Path) -> None:
    code, output = invoke(tmp_path, "summary")
    assert code == errors.EXIT_UNAVAILABLE and "there is no store at" in output
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("command", [["summary"], ["build"]], ids=lambda c: c[0])
def test_a_store_setting_that_names_a_file_is_a_clear_error(
    tmp_path: Path, command: list[str]
) -> None:
    file = tmp_path / "store"
    file.write_text("not a store", encoding="utf-8")
    code, output = invoke(file, *command)
    assert code == errors.EXIT_UNAVAILABLE
    assert "which is a file, not a store" in output
    assert file.read_text(encoding="utf-8") == "not a store"


def test_a_store_under_a_file_is_a_clear_error_for_a_command_that_writes(tmp_path: Path) -> None:
    file = tmp_path / "file"
    file.write_text("", encoding="utf-8")
    code, output = invoke(file / "store", "build")
    assert code == errors.EXIT_UNAVAILABLE
    assert "cannot make the store's directory" in output and "ARGMAP_STORE" in output


@pytest.mark.parametrize(
    ("query", "param"),
    [("anchor-of", "node"), ("underminers-of", "claim"), ("claims-by-agent", "agent")],
)
def test_a_node_that_is_not_in_the_map_is_said_so(
    built_store_dir: Path, query: str, param: str
) -> None:
    code, output = invoke(built_store_dir, "query", query, "-p", f"{param}={NODE}no-such-node")
    assert code == errors.EXIT_USAGE
    assert "there is no node 'no-such-node' in the map 'gallagher-2022'" in output


def test_a_map_that_is_not_in_the_store_is_said_so_with_the_maps_it_has(
    built_store_dir: Path,
) -> None:
    code, output = invoke(
        built_store_dir, "query", "underminers-of", "-p", "claim=https://w3id.org/argmap/map/nope/x"
    )
    assert code == errors.EXIT_USAGE
    assert "there is no map 'nope' in the store" in output and "gallagher-2022" in output
    for command in (["recommendations"], ["summary"], ["export", "-f", "turtle"], ["evaluate"]):
        code, output = invoke(built_store_dir, *command, "nope")
        assert code == errors.EXIT_USAGE, command
        assert "there is no map 'nope' in the store (its maps: gallagher-2022)" in output, command


def test_every_iri_parameter_that_names_a_node_is_checked(built_store_dir: Path) -> None:
    # Decided by the parameters' types: every query with an `iri` parameter refuses a missing node.
    checked = [q for q in queries.catalogue().values() if any(p.type == "iri" for p in q.params)]
    assert len(checked) >= 5
    for query in checked:
        values = [
            f"{p.name}={NODE}no-such-node" if p.type == "iri" else f"{p.name}={p.example}"
            for p in query.params
            if p.required or p.type == "iri"
        ]
        args = [arg for value in values for arg in ("-p", value)]
        code, output = invoke(built_store_dir, "query", query.name, *args)
        assert code == errors.EXIT_USAGE, (query.name, output)
        assert "no-such-node" in output


def test_an_existing_node_still_answers(built_store_dir: Path) -> None:
    code, output = invoke(built_store_dir, "query", "anchor-of", "-p", f"node={NODE}cx-syria")
    assert code == 0 and "cx-syria" in output and "0 row(s)" not in output


def test_version_is_the_package_version() -> None:
    from importlib.metadata import version

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"argmap {version('argmap')}" == f"argmap {package_version()}"


def test_serve_refuses_a_port_out_of_range_before_anything_starts(tmp_path: Path) -> None:
    store = tmp_path / "store"
    code, output = invoke(store, "serve", "--port", "99999")
    assert code == 2 and "--port" in output
    code, output = invoke(store, "serve", ARGMAP_PORT="99999")
    assert code == 2 and "ARGMAP_PORT" in output
    assert not store.exists()


def test_serve_on_a_port_in_use_says_so_before_building(tmp_path: Path) -> None:
    store = tmp_path / "store"
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code, output = invoke(store, "serve", "--port", str(port))
    assert code == errors.EXIT_UNAVAILABLE
    assert f"127.0.0.1:{port} is in use" in output and "--port" in output
    assert not store.exists()


# -- the recommendation report ----------------------------------------------------------------


@pytest.fixture(scope="module")
def report(built_store_dir: Path) -> tuple[list[dict[str, Any]], str]:
    """`argmap recommendations gallagher-2022`: its JSON, and its text on a wide terminal."""
    env = {"ARGMAP_STORE": str(built_store_dir), "COLUMNS": "1000"}
    as_json = runner.invoke(app, ["recommendations", "gallagher-2022", "--json"], env=env)
    as_text = runner.invoke(app, ["recommendations", "gallagher-2022"], env=env)
    assert as_json.exit_code == 0 and as_text.exit_code == 0, as_text.output
    return json.loads(as_json.stdout), as_text.stdout


def test_the_report_counts_distinct_claims_and_paths(
    report: tuple[list[dict[str, Any]], str],
) -> None:
    analyses, text = report
    for analysis in analyses:
        for side in ("supporters", "underminers"):
            reasons = analysis[side]
            claims = len({r["id"] for r in reasons})
            assert analysis["counts"][side] == {"claims": claims, "paths": len(reasons)}
            if reasons:
                plural = "claim" if claims == 1 else "claims"
                paths = "path" if len(reasons) == 1 else "paths"
                assert f"{side}: {claims} {plural}, {len(reasons)} {paths}" in text
    rec_iii = next(a for a in analyses if a["id"] == "idc-rec-iii")
    assert rec_iii["counts"]["underminers"]["claims"] < rec_iii["counts"]["underminers"]["paths"]


def test_an_undercut_names_the_support_it_attacks(
    report: tuple[list[dict[str, Any]], str],
) -> None:
    analyses, text = report
    undercuts = [
        step
        for analysis in analyses
        for side in ("supporters", "underminers")
        for reason in analysis[side]
        for step in reason["steps"]
        if step["relation"] == "undercuts"
    ]
    assert undercuts, "the map has undercuts"
    for step in undercuts:
        support = step["undercut_support"]
        premises = " + ".join(step["undercut_premises"])
        assert premises
        assert f"undercuts {support} ({premises} → {step['to']})" in text
    assert not re.search(r"undercuts idc-rec-iii\b(?! \()", text)


def test_the_report_shows_the_rationale_of_every_step(
    report: tuple[list[dict[str, Any]], str],
) -> None:
    analyses, text = report
    chains = [r for a in analyses for r in a["underminers"] + a["supporters"] if r["depth"] >= 2]
    assert chains
    for reason in chains:
        for step in reason["steps"]:
            if step["rationale"]:
                assert " ".join(step["rationale"].split()) in " ".join(text.split())


def test_the_json_report_keeps_its_fields(report: tuple[list[dict[str, Any]], str]) -> None:
    analyses, _ = report
    for key in ("id", "label", "map", "attributed_to", "supporters", "underminers", "quote"):
        assert key in analyses[0]
    reason = next(r for a in analyses for r in a["underminers"])
    assert {"id", "label", "path", "depth", "polarity", "rationale", "quote", "steps"} <= set(
        reason
    )
    assert {"from", "relation", "to", "relation_id", "rationale", "undercut_support"} <= set(
        reason["steps"][0]
    )


# -- the README -------------------------------------------------------------------------------


def test_the_readme_lists_every_named_query_of_the_catalogue() -> None:
    section = README.split("### The named queries", 1)[1]
    listing = section.split("The catalogue has:", 1)[1].strip().split("\n\n", 1)[0]
    named = re.findall(r"`([a-z][a-z-]+)`", listing)
    assert sorted(named) == sorted(queries.catalogue())
    assert len(named) == len(set(named))


def test_the_readme_exit_code_table_is_the_table_of_argmap_errors() -> None:
    section = README.split("### Exit codes", 1)[1]
    rows = re.findall(r"^\| (\d) \|(.*)\|$", section, re.M)
    documented = {int(code): set(re.findall(r"`([A-Z]\w+)`", rest)) for code, rest in rows}
    assert set(documented) == {0, *errors.EXIT_CODES.values()}
    for code, names in documented.items():
        for name in names:
            assert errors.EXIT_CODES[getattr(errors, name)] == code, name
    # Every class is named in its row, or under the name of an ancestor that is.
    for cls, code in errors.EXIT_CODES.items():
        if cls is not errors.ArgmapError:
            assert any(base.__name__ in documented[code] for base in cls.__mro__), cls


def test_the_readme_excerpt_of_the_report_is_real_output(
    report: tuple[list[dict[str, Any]], str],
) -> None:
    _, text = report
    section = README.split("Here is part of `argmap recommendations gallagher-2022`", 1)[1]
    excerpt = section.split("```", 2)[1]
    tree = re.compile(r"^[\s│├└─]*")
    for line in excerpt.splitlines():
        line = tree.sub("", line).strip()
        for fragment in (f.strip() for f in line.split("…")):
            if fragment:
                assert fragment in text, fragment


def test_a_wrong_setting_is_named_not_a_traceback(built_store_dir: Path) -> None:
    code, output = invoke(built_store_dir, "summary", ARGMAP_QUERY_TIMEOUT_S="soon")
    assert code == errors.EXIT_USAGE
    assert "a setting is wrong: ARGMAP_QUERY_TIMEOUT_S" in output
