"""The exporters give the same answers on every store: embedded, `oxigraph serve` and Virtuoso."""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from argmap import export
from argmap.errors import NotFound
from argmap.store import OxigraphStore
from sparql_servers import Backend

pytestmark = [pytest.mark.live, pytest.mark.reasoner]
MAP = "gallagher-2022"


@pytest.mark.parametrize("name", ["graphml", "gexf", "cytoscape", "aif", "argdown", "mermaid"])
def test_diagrams_match_the_embedded_store(
    backend: Backend, built_store: OxigraphStore, name: str
) -> None:
    assert export.export(backend.store, MAP, name) == export.export(built_store, MAP, name)
    focused = export.export(backend.store, MAP, name, "idc-rec-iii", 2)
    assert focused == export.export(built_store, MAP, name, "idc-rec-iii", 2)


@pytest.mark.parametrize("name", ["turtle", "ntriples", "jsonld"])
def test_rdf_matches_the_embedded_store(
    backend: Backend, built_store: OxigraphStore, name: str
) -> None:
    syntax = {"ntriples": "nt", "jsonld": "json-ld"}.get(name, name)
    here, there = (
        Graph().parse(data=str(export.export(store, MAP, name)), format=syntax)
        for store in (built_store, backend.store)
    )
    assert len(here) > 100
    assert isomorphic(here, there)


def test_an_unknown_map_is_not_found(backend: Backend) -> None:
    with pytest.raises(NotFound):
        export.export(backend.store, "no-such-map", "graphml")
