from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from import_helpers import AIF_FIXTURE, aifdb, snapshot

from argmap.errors import ImportFormatError, InconsistentMap, MapProblems, ValidationError
from argmap.importers import (
    MapExists,
    guess_format,
    import_data,
    import_file,
    normalise_format,
)
from argmap.store import OxigraphStore
from argmap.vocab import inferred_graph_iri, map_iri


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def missing_node(tmp_path: Path) -> Path:
    doc = aifdb()
    doc["edges"].append({"edgeID": "999", "fromID": "29045", "toID": "4242"})
    return write(tmp_path, "missing.json", json.dumps(doc))


def unknown_type(tmp_path: Path) -> Path:
    doc = aifdb()
    doc["nodes"].append({"nodeID": "5000", "type": "XX", "text": "?"})
    return write(tmp_path, "unknown.json", json.dumps(doc))


def broken_json(tmp_path: Path) -> Path:
    return write(tmp_path, "broken.json", '{"nodes": [\n  {"nodeID": "1",,}\n]}')


def second_map_invalid(tmp_path: Path) -> Path:
    # The first map is fine; the second has a claim without a label: neither is stored.
    return write(
        tmp_path,
        "half.ttl",
        "@prefix am: <https://w3id.org/argmap#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<http://example.org/good> a am:ArgumentMap ; rdfs:label "good" .\n'
        '<http://example.org/g1> a am:Claim ; rdfs:label "fine" ; am:inMap <http://example.org/good> .\n'
        '<http://example.org/bad> a am:ArgumentMap ; rdfs:label "bad" .\n'
        "<http://example.org/b1> a am:Claim ; am:inMap <http://example.org/bad> .\n",
    )


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (broken_json, ImportFormatError, r"broken.json is not valid JSON.* line 2, column 18"),
        (missing_node, ImportFormatError, r"edge 999 goes to node 4242"),
        (unknown_type, ImportFormatError, r"node 5000 has the unknown type 'XX'"),
        (second_map_invalid, ValidationError, r"half.ttl: not stored"),
    ],
)
def test_a_refused_file_leaves_the_store_exactly_as_it_was(
    store: OxigraphStore,
    tmp_path: Path,
    make: Callable[[Path], Path],
    error: type[Exception],
    message: str,
) -> None:
    before = snapshot(store)
    with pytest.raises(error, match=message):
        import_file(store, make(tmp_path))
    assert snapshot(store) == before


def test_a_validation_failure_names_the_map_and_node(store: OxigraphStore, tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as caught:
        import_file(store, second_map_invalid(tmp_path))
    problems = [p for p in caught.value.problems if "label" in p.message]
    assert problems
    for problem in problems:
        assert problem.node == "b1" and problem.message.startswith("map bad:")
        assert problem.file == "half.ttl"


def test_a_contradictory_map_is_refused(store: OxigraphStore, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "contra.ttl",
        "@prefix am: <https://w3id.org/argmap#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<http://example.org/c> a am:ArgumentMap ; rdfs:label "c" .\n'
        '<http://example.org/c/a> a am:Claim ; rdfs:label "a" ; am:supports <http://example.org/c/b> ;\n'
        "   am:rebuts <http://example.org/c/b> .\n"
        '<http://example.org/c/b> a am:Claim ; rdfs:label "b" .\n',
    )
    before = snapshot(store)
    with pytest.raises((ValidationError, InconsistentMap), match="both supports and undermines"):
        import_file(store, path)
    assert snapshot(store) == before


def test_an_existing_map_is_kept_unless_replace_is_asked(store: OxigraphStore) -> None:
    before = snapshot(store)
    with pytest.raises(MapExists, match=r"already has the map aif-aifdb-6064.*--replace"):
        import_file(store, AIF_FIXTURE, reason=False)
    assert snapshot(store) == before
    [report] = import_file(store, AIF_FIXTURE, replace=True, reason=False)
    assert report.replaced
    assert snapshot(store) == before  # the same file again: the same quads


def test_another_map_id_stores_a_second_copy(store: OxigraphStore) -> None:
    [report] = import_file(store, AIF_FIXTURE, map_id="second", reason=False)
    assert not report.replaced
    assert {map_iri("second"), inferred_graph_iri("second")} <= set(store.graph_names())
    assert map_iri("aif-aifdb-6064") in store.graph_names()


def test_without_java_an_import_asked_to_reason_stores_the_rules_with_a_warning(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # No `java` on the PATH is the real condition HermiT cannot run under.
    monkeypatch.setenv("PATH", "/nonexistent")
    store = OxigraphStore()
    [report] = import_file(store, AIF_FIXTURE, reason=True)
    assert any("Java" in w for w in report.warnings)
    assert report.inferred > 0


def test_by_default_a_map_without_axioms_of_its_own_needs_no_java(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The rules give what HermiT gives for a map in the vocabulary (tests/test_bulk.py).
    monkeypatch.setenv("PATH", "/nonexistent")
    store = OxigraphStore()
    [report] = import_file(store, AIF_FIXTURE)
    assert report.warnings == []
    assert report.inferred > 0


def test_every_error_is_an_import_or_map_error(store: OxigraphStore) -> None:
    with pytest.raises(ImportFormatError, match="unknown format 'docx'"):
        import_data(store, b"", "docx")
    with pytest.raises(ImportFormatError, match="holds no triples"):
        import_data(store, b"", "turtle")
    with pytest.raises(ImportFormatError, match="not UTF-8"):
        import_data(store, b"\xff\xfe", "aif")
    assert issubclass(ValidationError, MapProblems)


def test_formats_are_guessed_from_the_extension() -> None:
    assert guess_format("m.ttl") == "turtle"
    assert guess_format("m.nq") == "nquads"
    assert guess_format("m.nt") == "ntriples"
    assert guess_format("m.yml") == "yaml"
    assert guess_format("m.json", b'{"nodes": []}') == "aif"
    assert guess_format("m.json", b'{"@context": {}}') == "jsonld"
    assert normalise_format("JSON-LD") == "jsonld" and normalise_format("xaif") == "aif"
    with pytest.raises(ImportFormatError, match="give --format"):
        guess_format("m.docx")
