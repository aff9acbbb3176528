"""bench/corpus.py: a synthetic corpus that argmap imports as it is, the same for a seed."""

from __future__ import annotations

import importlib.util
import io
import statistics
import sys
from pathlib import Path
from types import ModuleType

import pyoxigraph as ox
import pytest
from rdflib.namespace import DCTERMS, RDFS
from typer.testing import CliRunner

from argmap.cli import app
from argmap.importers._rdf import read_rdf
from argmap.validation import validate_graph
from argmap.vocab import AM, inferred_graph_iri, map_iri

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _load_corpus() -> ModuleType:
    # bench/ is a folder of scripts, not a package: load the generator from its file.
    spec = importlib.util.spec_from_file_location("corpus", BENCH / "corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("corpus", module)
    spec.loader.exec_module(module)
    return module


corpus = _load_corpus()


def text_of(maps: int, seed: int, fmt: str = "nquads") -> str:
    out = io.StringIO()
    corpus.write_corpus(out, maps, seed, fmt)
    return out.getvalue()


Quad = tuple[str, str, str, str]


def quads_of(text: str, fmt: str = "nquads") -> list[Quad]:
    """The quads of a corpus as (subject, predicate, object, graph) values, parsed by Oxigraph."""
    formats = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}
    return [
        (q.subject.value, q.predicate.value, q.object.value, str(q.graph_name.value))
        for q in ox.parse(text, format=formats[fmt])
    ]


def test_a_seed_gives_the_same_corpus_and_another_seed_another() -> None:
    assert text_of(12, 5) == text_of(12, 5)
    assert text_of(12, 5) != text_of(12, 6)


def test_a_larger_corpus_starts_with_the_maps_of_a_smaller_one() -> None:
    assert text_of(30, 2).startswith(text_of(10, 2))


def test_about_a_hundred_quads_per_map() -> None:
    sizes = [len(corpus.generate_map(0, k).triples) for k in range(300)]
    assert 95 <= statistics.mean(sizes) <= 125
    assert min(sizes) >= 80 and max(sizes) <= 160
    assert corpus.maps_for_quads(10_000, 0) in range(70, 110)


def test_every_map_is_in_its_own_graph_and_passes_the_shapes_and_checks() -> None:
    text = text_of(40, 11)
    quads = quads_of(text)
    parsed = read_rdf(text, "nquads")
    assert len(parsed) == 40
    for p in parsed:
        assert p.map_id.startswith("synthetic-s11-")
        assert not p.problems and not p.notes and not p.set_aside
        # Complete as written: the import adds no triple to the map's graph.
        graph = str(map_iri(p.map_id))
        written = {(s, pr, o) for s, pr, o, g in quads if g == graph}
        assert {(str(s), str(pr), str(o)) for s, pr, o in p.graph} == written
        assert validate_graph(p.graph) == [], p.map_id


def test_the_corpus_has_each_variant_of_map() -> None:
    maps = [corpus.generate_map(1, k) for k in range(60)]
    texts = ["\n".join(" ".join(t) for t in m.triples) for m in maps]
    # A linked rebuttal (two premises), a direct rebuttal of the recommendation, a two-step
    # chain, vote counts and a second source each occur, and not in every map.
    for marker in (
        "objection> <https://w3id.org/argmap#rebuts>",
        "/att-rec>",
        "/claim-2>",
        "#votesFor>",
    ):
        having = sum(marker in text for text in texts)
        assert 0 < having < len(maps), marker


def test_sources_agents_and_cases_are_shared_across_maps_by_id_name_and_external_id() -> None:
    names = {str(DCTERMS.title), str(RDFS.label), str(AM.externalId)}
    maps_of: dict[tuple[str, str], set[str]] = {}
    for s, p, o, g in quads_of(text_of(60, 4)):
        node_id = s.rsplit("/", 1)[-1]
        if p in names and node_id.startswith(("src-", "agent-", "case-")):
            maps_of.setdefault((node_id, o), set()).add(g)
    shared = [node_id for (node_id, _), graphs in maps_of.items() if len(graphs) > 1]
    for kind in ("src-", "agent-", "case-"):
        assert any(node_id.startswith(kind) for node_id in shared), kind


def test_every_name_says_synthetic() -> None:
    named = (str(RDFS.label), str(DCTERMS.title))
    names = [o for _, p, o, _ in quads_of(text_of(20, 9)) if p in named]
    assert names and all(name.startswith("Synthetic") for name in names)


def test_trig_holds_the_same_quads_as_nquads() -> None:
    assert quads_of(text_of(5, 3)) == quads_of(text_of(5, 3, "trig"), "trig")


def test_the_command_writes_the_file_it_is_given(tmp_path: Path) -> None:
    out = tmp_path / "corpus.trig"
    corpus.main(["--maps", "3", "--seed", "2", "--out", str(out)])
    assert out.read_text(encoding="utf-8") == text_of(3, 2, "trig")


def _import(store: Path, file: Path, *options: str) -> None:
    result = CliRunner().invoke(
        app, ["import", str(file), *options], env={"ARGMAP_STORE": str(store)}
    )
    assert result.exit_code == 0, result.output


def _stored_map_graphs(store: Path) -> dict[str, int]:
    held = ox.Store.read_only(str(store))
    counts: dict[str, int] = {}
    for quad in held.quads_for_pattern(None, None, None, None):
        name = quad.graph_name
        if isinstance(name, ox.NamedNode) and name.value.startswith(str(map_iri(""))):
            counts[name.value] = counts.get(name.value, 0) + 1
    return counts


def test_a_small_corpus_imports_cleanly_with_argmap_import(tmp_path: Path) -> None:
    file = tmp_path / "corpus.nq"
    with file.open("w", encoding="utf-8") as out:
        quads = corpus.write_corpus(out, 4, 8)
    _import(tmp_path / "store", file, "--no-reason")
    counts = _stored_map_graphs(tmp_path / "store")
    ids = [corpus.map_id(8, k) for k in range(4)]
    assert set(counts) == {str(map_iri(i)) for i in ids}
    assert sum(counts.values()) == quads


@pytest.mark.reasoner
def test_the_corpus_is_consistent_for_hermit(tmp_path: Path) -> None:
    file = tmp_path / "corpus.nq"
    with file.open("w", encoding="utf-8") as out:
        corpus.write_corpus(out, 3, 12)
    _import(tmp_path / "store", file)  # the default path: shapes, checks, rules and HermiT
    held = ox.Store.read_only(str(tmp_path / "store"))
    inferred = ox.NamedNode(str(inferred_graph_iri(corpus.map_id(12, 0))))
    assert any(True for _ in held.quads_for_pattern(None, None, None, inferred))
