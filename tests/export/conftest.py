"""Fixtures of the export tests: the in-memory model of the article's map, read once."""

from __future__ import annotations

import pytest

from argmap import export
from argmap.export import ArgumentMap
from argmap.store import OxigraphStore


@pytest.fixture(scope="session")
def model(built_store: OxigraphStore) -> ArgumentMap:
    """The model every export is written from, for the map of the built store."""
    return export.load(built_store, "gallagher-2022")
