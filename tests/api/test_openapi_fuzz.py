"""Schemathesis over /openapi.json: generated requests to every operation never get a 500."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from api_helpers import TOKEN, settings
from fastapi import FastAPI
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from argmap.api.main import create_app
from argmap.store import OxigraphStore

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

# The operations are known without a store: the routes come from the catalogue.
OPERATIONS = [
    (path, method.upper())
    for path, item in create_app(settings()).openapi()["paths"].items()
    for method in item
]


def test_every_resource_is_fuzzed() -> None:
    paths = {path for path, _ in OPERATIONS}
    assert {"/sparql", "/queries", "/maps/{map_id}", "/claims/{map_id}/{node_id}"} <= paths


@pytest.mark.parametrize(("path", "method"), OPERATIONS, ids=[f"{m} {p}" for p, m in OPERATIONS])
def test_no_server_errors(app: FastAPI, path: str, method: str) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operation = schema[path][method]

    @given(case=st.data())
    @hypothesis_settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    def run(case: st.DataObject) -> None:
        generated = case.draw(operation.as_strategy())
        generated.call_and_validate(checks=CHECKS)

    run()


WRITES = [(path, method) for path, method in OPERATIONS if method in ("POST", "PUT", "DELETE")]


@pytest.mark.parametrize(("path", "method"), WRITES, ids=[f"{m} {p}" for p, m in WRITES])
def test_no_server_errors_from_writes_with_the_token(
    built_store: OxigraphStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    path: str,
    method: str,
) -> None:
    """With writes on: generated uploads, replacements, deletions and updates never get a 500."""
    monkeypatch.setenv("PATH", "/nonexistent")  # no Java: the pipeline's rules-only path, fast
    store = OxigraphStore(tmp_path / "store")
    store.replace_graphs({g: built_store.graph(g) for g in built_store.graph_names()})
    app = create_app(settings(update_token=TOKEN), store)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operation = schema[path][method]
    auth = {"Authorization": f"Bearer {TOKEN}"}

    @given(case=st.data())
    @hypothesis_settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
    def run(case: st.DataObject) -> None:
        generated = case.draw(operation.as_strategy())
        generated.headers = {**(generated.headers or {}), **auth}
        generated.call_and_validate(checks=[not_a_server_error, status_code_conformance])

    run()
