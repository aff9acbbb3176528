"""Fixtures of every test folder: a store built once per session from data/, and a map writer.

Paths and small documents are in `testdata`; test modules import them from there, never from
conftest, because each folder has a conftest.py of its own.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from argmap import build as builder
from argmap import resources
from argmap.store import OxigraphStore
from testdata import GALLAGHER_YAML, SMALL_TEXT

# --doctest-modules would import each conftest.py again as a module named "conftest"; with one
# conftest per folder, that name is taken by another folder's and collection fails. Conftests hold
# fixtures, never doctests, so leave them out of collection (pytest still loads them as plugins).
collect_ignore_glob = ["*conftest.py"]

# The SPARQL servers of the remote tests and their fixtures, in one home for every folder.
pytest_plugins = ["sparql_servers"]


# The fixtures that build the maps with HermiT, which starts Java, for the first test that asks.
BUILT_WITH_HERMIT = {"built_store", "built_store_dir"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark `reasoner` every test that uses a built store, so `-m "not reasoner"` starts no Java."""
    for item in items:
        if BUILT_WITH_HERMIT.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.reasoner)


@pytest.fixture(scope="session")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> OxigraphStore:
    """An on-disk store built from data/maps with HermiT, as `argmap build` does.

    On disk, as `argmap serve` has it, so that the service tests run /sparql queries in
    worker processes over checkpoints of it, as the service does.
    """
    store = OxigraphStore(tmp_path_factory.mktemp("built") / "store")
    builder.build(store, builder.authored_maps(resources.maps_dir()), write_compiled=False)
    return store


@pytest.fixture(scope="session")
def built_store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk store built by the `argmap build` command, for tests of other commands."""
    from typer.testing import CliRunner

    from argmap.cli import app

    path = tmp_path_factory.mktemp("cli") / "store"
    result = CliRunner().invoke(
        app, ["build", str(GALLAGHER_YAML)], env={"ARGMAP_STORE": str(path)}
    )
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def write_map(tmp_path: Path) -> Callable[[str], Path]:
    """Write a YAML map (dedented) beside a small text under tmp_path/data; return its path."""
    (tmp_path / "data" / "texts").mkdir(parents=True)
    (tmp_path / "data" / "maps").mkdir(parents=True)
    (tmp_path / "data" / "texts" / "small.md").write_text(SMALL_TEXT, encoding="utf-8")

    def write(body: str, name: str = "small") -> Path:
        path = tmp_path / "data" / "maps" / f"{name}.yaml"
        path.write_text(textwrap.dedent(body).lstrip(), encoding="utf-8")
        return path

    return write
