from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from import_helpers import count, snapshot
from rdflib import Literal
from rdflib.namespace import DCTERMS

from argmap import queries
from argmap.errors import AuthoringError, ValidationError
from argmap.importers import import_data, import_file
from argmap.store import OxigraphStore
from argmap.vocab import ONTOLOGY_IRI, map_iri, node_iri
from testdata import GALLAGHER_YAML, SMALL_MAP


@pytest.mark.reasoner
def test_the_authored_map_imports_into_a_fresh_store() -> None:
    store = OxigraphStore()
    [report] = import_file(store, GALLAGHER_YAML)
    assert report.map_id == "gallagher-2022" and report.format == "yaml"
    recommendations = queries.run(store, "recommendations", {"map": "gallagher-2022"})
    assert len(recommendations.rows) == 8
    # The ontology comes with the first import, so class-based queries work at once.
    assert ONTOLOGY_IRI in store.graph_names()


@pytest.mark.reasoner
def test_a_yaml_map_can_be_stored_under_another_id(write_map: Callable[[str], Path]) -> None:
    store = OxigraphStore()
    [report] = import_file(store, write_map(SMALL_MAP), map_id="small-copy")
    assert report.map_id == "small-copy"
    g = store.graph(map_iri("small-copy"))
    assert g.value(map_iri("small-copy"), DCTERMS.identifier) == Literal("small-copy")
    assert count(store, "small-copy", "Support") == 2
    assert (node_iri("small-copy", "a"), None, None) in g


def test_yaml_problems_carry_their_line(write_map: Callable[[str], Path]) -> None:
    store = OxigraphStore()
    path = write_map(SMALL_MAP.replace("from: w, to: b", "from: w, to: nowhere"))
    with pytest.raises(AuthoringError) as caught:
        import_file(store, path)
    assert any(p.line == 21 and "nowhere" in p.message for p in caught.value.problems)
    assert snapshot(store) == set()


def test_a_counterexample_without_its_case_is_refused(write_map: Callable[[str], Path]) -> None:
    store = OxigraphStore()
    path = write_map(SMALL_MAP.replace(", cases: [case-whales]", ""))
    with pytest.raises((AuthoringError, ValidationError), match="case"):
        import_file(store, path)
    assert snapshot(store) == set()


@pytest.mark.reasoner
def test_an_uploaded_yaml_map_finds_its_text_among_the_project_texts() -> None:
    store = OxigraphStore()
    [report] = import_data(
        store, GALLAGHER_YAML.read_bytes(), "yaml", name="upload.yaml", map_id="uploaded"
    )
    assert report.map_id == "uploaded"
    assert report.counts["claims"] == 44
    assert report.counts["anchors"] > 0
