"""Shared fixtures: the repository paths, and a store built once per session from data/."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from argmap import build as builder
from argmap import resources
from argmap.store import OxigraphStore

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
ARTICLE = SHARED / "corpus" / "like-minded-partners.md"
GALLAGHER_YAML = REPO / "data" / "maps" / "gallagher-2022.yaml"
GALLAGHER_TTL = REPO / "data" / "maps" / "gallagher-2022.ttl"


@pytest.fixture(scope="session")
def built_store() -> OxigraphStore:
    """An in-memory store built from data/maps with HermiT, as `argmap build` does."""
    store = OxigraphStore()
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


SMALL_TEXT = """---
title: a small text for tests
---
Cats are mammals. All mammals breathe air. So cats breathe air.
Fish live in water, yet whales breathe air. We should protect whales.
"""


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


SMALL_MAP = """
map:
  id: small
  title: A small map
  text: data/texts/small.md
  source: src-small
agents:
  - {id: someone, label: Someone, kind: person}
sources:
  - {id: src-small, kind: article, title: A small text, creators: [someone]}
cases:
  - {id: case-whales, label: Whales, quote: protect whales}
claims:
  - {id: a, kind: claim, label: cats are mammals, quote: Cats are mammals., attributed_to: [someone]}
  - {id: b, kind: claim, label: mammals breathe air, quote: All mammals breathe air.}
  - {id: c, kind: claim, label: cats breathe air, quote: So cats breathe air.}
  - {id: w, kind: counterexample, label: whales live in water and breathe air, quote: yet whales breathe air, cases: [case-whales]}
  - {id: r, kind: recommendation, label: protect whales, quote: We should protect whales.}
relations:
  - {id: ac, kind: supports, from: a, to: c, rationale: a member of the class, quote: So cats}
  - {kind: supports, from: b, to: c, rationale: the general rule, quote: So cats breathe}
  - {kind: rebuts, from: w, to: b, rationale: whales are no exception, quote: "yet whales"}
"""
