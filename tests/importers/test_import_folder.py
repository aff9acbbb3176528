"""`argmap import FOLDER`: every file of a folder as one write, all or nothing."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from argmap.errors import ImportFormatError, MapProblems
from argmap.importers import import_file
from argmap.store import OxigraphStore

ROOT = Path(__file__).resolve().parents[2]
AIF = ROOT / "tests" / "fixtures" / "aif" / "aifdb-6064.json"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An AIFdb map and three generated maps, in two files."""
    shutil.copy(AIF, tmp_path / "a.json")
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "corpus.py"), "--maps", "3", "--seed", "2",
         "--out", str(tmp_path / "b.nq")],
        check=True,
    )  # fmt: skip
    (tmp_path / "notes.txt").write_text("not a map")
    return tmp_path


def test_every_file_of_a_folder_is_imported_in_one_write(folder: Path) -> None:
    store = OxigraphStore()
    reports = import_file(store, folder, reason=False)
    assert len(reports) == 4
    assert {r.file for r in reports} == {folder.name}


def test_one_broken_file_stores_none_of_them(folder: Path) -> None:
    # A map with a claim that has no label: the shapes refuse it, after the other files read.
    (folder / "c.ttl").write_text(
        "@prefix am: <https://w3id.org/argmap#> .\n"
        '<https://w3id.org/argmap/map/c> a am:ArgumentMap ; <http://www.w3.org/2000/01/rdf-schema#label> "c" .\n'
        "<https://w3id.org/argmap/map/c/x> a am:Claim ; am:inMap <https://w3id.org/argmap/map/c> .\n"
    )
    store = OxigraphStore()
    with pytest.raises(MapProblems, match="label") as refused:
        import_file(store, folder, reason=False)
    assert any(p.node == "x" for p in refused.value.problems)
    assert store.graph_names() == []


def test_a_folder_with_nothing_to_import_is_refused(tmp_path: Path) -> None:
    (tmp_path / "readme.txt").write_text("x")
    with pytest.raises(ImportFormatError, match="holds no file to import"):
        import_file(OxigraphStore(), tmp_path)


def test_a_corpus_import_shows_the_first_maps_and_the_totals_not_every_row(
    tmp_path: Path,
) -> None:
    from typer.testing import CliRunner

    from argmap.cli import IMPORT_ROWS, app

    corpus = tmp_path / "corpus.nq"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "corpus.py"), "--maps", str(IMPORT_ROWS + 5),
         "--seed", "3", "--out", str(corpus)],
        check=True,
    )  # fmt: skip
    env = {"ARGMAP_STORE": str(tmp_path / "store"), "COLUMNS": "120"}
    shown = CliRunner().invoke(app, ["import", str(corpus), "--no-reason"], env=env)
    assert shown.exit_code == 0, shown.output
    again = ["import", str(corpus), "--no-reason", "--replace", "--json"]
    listed = CliRunner().invoke(app, again, env=env)
    assert len(json.loads(listed.stdout)) == IMPORT_ROWS + 5
    rows = [line for line in shown.output.splitlines() if "synthetic-" in line]
    assert len(rows) == IMPORT_ROWS // 2
    assert f"… {IMPORT_ROWS + 5 - IMPORT_ROWS // 2} more" in shown.output
    total = next(line for line in shown.output.splitlines() if f"{IMPORT_ROWS + 5} maps" in line)
    assert str(corpus.read_text().count("\n")) in total  # every quad of the file, summed
    assert "--json lists every map" in shown.output


def test_an_import_tells_its_progress_step_by_step_to_done(folder: Path) -> None:
    told: list[tuple[str, int, int]] = []
    import_file(OxigraphStore(), folder, reason=False, progress=lambda *step: told.append(step))
    messages = [message for message, _, _ in told]
    assert messages[:2] == ["read a.json", "read b.nq"]
    assert [m.split()[0] for m in messages[2:]] == ["check", "infer", "evaluate", "write", "done"]
    assert all(done <= total for _, done, total in told)
    assert [done for _, done, _ in told] == sorted(done for _, done, _ in told)
    assert told[-1][1] == told[-1][2]
