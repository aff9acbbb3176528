"""The exporters give the same answers from a remote SPARQL server as from the embedded store."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from argmap import build as builder
from argmap import export, resources
from argmap.errors import NotFound
from argmap.remote import RemoteStore
from argmap.store import OxigraphStore
from test_remote_store import OxigraphServer

pytestmark = [pytest.mark.live, pytest.mark.reasoner]
MAP = "gallagher-2022"


@pytest.fixture(scope="module")
def remote(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RemoteStore]:
    server = OxigraphServer(tmp_path_factory.mktemp("export-remote") / "db")
    store = RemoteStore(server.query, server.update, timeout_s=60)
    try:
        builder.build(store, builder.authored_maps(resources.maps_dir()), write_compiled=False)
        yield store
    finally:
        store.close()
        server.stop()


@pytest.mark.parametrize("name", ["graphml", "gexf", "cytoscape", "aif", "argdown", "mermaid"])
def test_diagrams_match_the_embedded_store(
    remote: RemoteStore, built_store: OxigraphStore, name: str
) -> None:
    assert export.export(remote, MAP, name) == export.export(built_store, MAP, name)
    focused = export.export(remote, MAP, name, "idc-rec-iii", 2)
    assert focused == export.export(built_store, MAP, name, "idc-rec-iii", 2)


def test_turtle_matches_the_embedded_store(remote: RemoteStore, built_store: OxigraphStore) -> None:
    here, there = (
        Graph().parse(data=str(export.export(store, MAP, "turtle")), format="turtle")
        for store in (built_store, remote)
    )
    assert isomorphic(here, there)


def test_an_unknown_map_is_not_found_remotely(remote: RemoteStore) -> None:
    with pytest.raises(NotFound):
        export.export(remote, "no-such-map", "graphml")
