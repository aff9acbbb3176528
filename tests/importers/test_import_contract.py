"""A file in the contract form is read as it is, and gives the maps the general reader gives.

`_contract.read_contract_form` skips rdflib, `move_map` and `complete`; it may only do so when
they would change nothing. So for every input it either declines (None) or returns what
`read_rdf` returns: the same maps, the same triples, the same things set aside.
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib.compare import isomorphic

from argmap.authoring import compile_map
from argmap.errors import ArgmapError
from argmap.importers._contract import read_contract_form
from argmap.importers._rdf import read_rdf
from argmap.pipeline import ParsedMap
from argmap.terms import to_ox_triples
from argmap.vocab import inferred_graph_iri, map_iri

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """Twelve maps from the synthetic corpus generator, as N-Quads."""
    out = tmp_path_factory.mktemp("corpus") / "corpus.nq"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "corpus.py"), "--maps", "12", "--seed", "5",
         "--out", str(out)],
        check=True,
    )  # fmt: skip
    return out.read_bytes()


@pytest.fixture(scope="module")
def shipped() -> bytes:
    """The shipped map with an inferred graph beside it, as an argmap dump has them."""
    graph = compile_map(ROOT / "data" / "maps" / "gallagher-2022.yaml").graph
    name, inferred = (
        ox.NamedNode(str(map_iri("gallagher-2022"))),
        ox.NamedNode(str(inferred_graph_iri("gallagher-2022"))),
    )
    quads = [ox.Quad(t.subject, t.predicate, t.object, name) for t in to_ox_triples(graph)]
    quads.append(
        ox.Quad(name, ox.NamedNode("https://w3id.org/argmap#x"), ox.Literal("1"), inferred)
    )
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""


def _same(fast: list[ParsedMap], general: list[ParsedMap]) -> None:
    assert [p.map_id for p in fast] == [p.map_id for p in general]
    for f, g in zip(fast, general, strict=True):
        assert isomorphic(f.rdf(), g.graph), f.map_id
        assert f.set_aside == g.set_aside
        assert f.problems == g.problems == []


@pytest.mark.parametrize("source", ["corpus", "shipped"])
def test_a_file_in_the_contract_form_is_read_as_the_general_reader_reads_it(
    source: str, request: pytest.FixtureRequest
) -> None:
    data: bytes = request.getfixturevalue(source)
    fast = read_contract_form(data, "nquads", "file.nq")
    assert fast is not None
    _same(fast, read_rdf(data.decode(), "nquads", name="file.nq"))


def test_what_it_cannot_read_as_it_is_goes_to_the_general_reader() -> None:
    turtle_like = (
        b'<https://w3id.org/argmap/map/m/a> <http://www.w3.org/2000/01/rdf-schema#label> "a" .\n'
    )
    assert read_contract_form(turtle_like, "nquads", "x.nq") is None  # no named graph
    assert read_contract_form(b"", "turtle", "x.ttl") is None


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 2**32 - 1), drops=st.integers(1, 6))
def test_a_broken_file_is_declined_or_read_the_same(corpus: bytes, seed: int, drops: int) -> None:
    lines = corpus.decode().splitlines(keepends=True)
    rng = random.Random(seed)
    for _ in range(drops):
        lines.pop(rng.randrange(len(lines)))
    data = "".join(lines).encode()
    fast = read_contract_form(data, "nquads", "broken.nq")
    if fast is None:
        return
    try:
        general = read_rdf(data.decode(), "nquads", name="broken.nq")
    except ArgmapError:
        pytest.fail("the contract-form reader took a file the general reader refuses")
    _same(fast, general)
