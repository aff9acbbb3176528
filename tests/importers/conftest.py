"""Fixtures of the importer tests: a store that already holds the real AIFdb map."""

from __future__ import annotations

import pytest
from import_helpers import AIF_FIXTURE

from argmap.importers import import_file
from argmap.store import OxigraphStore


@pytest.fixture
def store() -> OxigraphStore:
    """A store that already holds one imported map, so "unchanged" means something."""
    store = OxigraphStore()
    import_file(store, AIF_FIXTURE, reason=False)
    return store
