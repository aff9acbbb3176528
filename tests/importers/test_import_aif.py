from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from import_helpers import AIF_FIXTURE, aif, aifdb, count, snapshot
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from argmap.errors import ImportFormatError
from argmap.importers import default_map_id, import_file, read_aif
from argmap.store import OxigraphStore
from argmap.validation import validate_graph
from argmap.vocab import AM, node_iri


@pytest.mark.reasoner
def test_aifdb_6064_imports_as_9_claims_and_5_supports() -> None:
    store = OxigraphStore()
    [report] = import_file(store, AIF_FIXTURE)
    assert report.map_id == "aif-aifdb-6064"
    assert count(store, "aif-aifdb-6064", "Claim") == 9
    assert count(store, "aif-aifdb-6064", "Support") == 5
    assert count(store, "aif-aifdb-6064", "Attack") == 0
    assert report.counts["claims"] == 9 and report.counts["supports"] == 5
    # The dialogue layer: locutions kept as provenance, the rest set aside and counted.
    assert report.kept["L nodes"] == 16
    assert report.set_aside == {"YA nodes": 14, "TA nodes": 8}
    assert report.inferred > 0 and not report.warnings


def test_an_aif_support_links_premise_to_conclusion_with_its_scheme() -> None:
    parsed = read_aif(AIF_FIXTURE.read_text(encoding="utf-8"), "m")
    g = parsed.graph
    support = node_iri("m", "aif-111824")  # RA 111824: 111816 -> 29053, "Default Inference"
    assert (support, RDF.type, AM.Support) in g
    assert g.value(support, AM["from"]) == node_iri("m", "aif-111816")
    assert g.value(support, AM.to) == node_iri("m", "aif-29053")
    assert (node_iri("m", "aif-111816"), AM.supports, node_iri("m", "aif-29053")) in g
    assert g.value(support, AM.scheme) is None  # AIF's default names no scheme
    claim = node_iri("m", "aif-111816")
    assert g.value(claim, RDFS.label) == Literal(
        "you often have public inquiries and open investigations"
    )
    assert validate_graph(g) == []


def test_locutions_are_kept_as_provenance_with_their_speaker() -> None:
    g = read_aif(AIF_FIXTURE.read_text(encoding="utf-8"), "m").graph
    claim, locution = node_iri("m", "aif-29053"), node_iri("m", "aif-29056")  # L -> YA -> I
    assert (claim, PROV.wasDerivedFrom, locution) in g
    assert (locution, RDF.type, PROV.Entity) in g
    assert str(g.value(locution, RDFS.label)).startswith("CL : and decided")
    speaker = g.value(locution, PROV.wasAttributedTo)
    assert speaker == node_iri("m", "aif-person-409")
    assert (speaker, RDF.type, AM.Person) in g


@pytest.mark.reasoner
def test_the_ova3_xaif_wrapper_is_read_too(tmp_path: Path) -> None:
    body = aifdb()
    body["participants"] = [{"participantID": 409, "firstname": "Claire", "surname": "L"}]
    path = tmp_path / "kenya.json"
    path.write_text(json.dumps({"AIF": body, "text": "<p>the debate</p>", "OVA": {}}), "utf-8")
    store = OxigraphStore()
    [report] = import_file(store, path)
    assert report.map_id == "aif-kenya"
    assert count(store, "aif-kenya", "Claim") == 9
    assert count(store, "aif-kenya", "Support") == 5
    assert report.set_aside["analysed text"] == 1
    speaker = store.graph(URIRef("https://w3id.org/argmap/map/aif-kenya")).value(
        node_iri("aif-kenya", "aif-person-409"), RDFS.label
    )
    assert speaker == Literal("Claire L")


def test_numeric_ids_from_xaif_are_accepted() -> None:
    doc = aif([("1", "I", "a"), ("2", "I", "b"), ("3", "RA", "Default Inference")], [])
    doc["nodes"][0]["nodeID"] = 1
    doc["edges"] = [{"edgeID": 7, "fromID": 1, "toID": 3}, {"edgeID": 8, "fromID": 3, "toID": 2}]
    g = read_aif({"AIF": doc}, "m").graph
    assert (node_iri("m", "aif-1"), AM.supports, node_iri("m", "aif-2")) in g


def test_conflicts_rephrases_and_preferences_map_to_the_model() -> None:
    doc = aif(
        [
            ("p", "I", "premise"),
            ("c", "I", "conclusion"),
            ("x", "I", "an attacker"),
            ("u", "I", "an exception"),
            ("r", "I", "a restatement"),
            ("ra", "RA", "Argument From Example"),
            ("ca", "CA", "Default Conflict"),
            ("cu", "CA", "Default Conflict"),
            ("ma", "MA", "Default Rephrase"),
            ("pa", "PA", "Default Preference"),
        ],
        [
            ("p", "ra"),
            ("ra", "c"),
            ("x", "ca"),
            ("ca", "c"),
            ("u", "cu"),
            ("cu", "ra"),
            ("r", "ma"),
            ("ma", "p"),
            ("p", "pa"),
            ("pa", "x"),
        ],
    )
    g = read_aif(doc, "m").graph
    n = lambda node_id: node_iri("m", node_id)  # noqa: E731
    assert g.value(n("aif-ra"), AM.scheme) == Literal("Argument From Example")
    assert (n("aif-ca"), RDF.type, AM.Rebuttal) in g
    assert (n("aif-x"), AM.rebuts, n("aif-c")) in g
    # A CA pointing at an RA undercuts the Support made from it.
    assert (n("aif-cu"), RDF.type, AM.Undercut) in g
    assert g.value(n("aif-cu"), AM.to) == n("aif-ra")
    assert (n("aif-u"), AM.undercuts, n("aif-ra")) in g
    assert (n("aif-r"), AM.rephrases, n("aif-p")) in g
    assert (n("aif-pa"), RDF.type, AM.Preference) in g
    assert g.value(n("aif-pa"), AM["from"]) == n("aif-p")
    assert validate_graph(g) == []


def test_an_ra_with_two_premises_becomes_one_linked_support() -> None:
    doc = aif(
        [
            ("a", "I", "a"),
            ("b", "I", "b"),
            ("c", "I", "c"),
            ("ra", "RA", "RA"),
            ("x", "I", "x"),
            ("ca", "CA", "CA"),
        ],
        [("a", "ra"), ("b", "ra"), ("ra", "c"), ("x", "ca"), ("ca", "ra")],
    )
    g = read_aif(doc, "m").graph
    supports = set(g.subjects(RDF.type, AM.Support))
    assert supports == {node_iri("m", "aif-ra")}
    assert set(g.objects(node_iri("m", "aif-ra"), AM["from"])) == {
        node_iri("m", "aif-a"),
        node_iri("m", "aif-b"),
    }
    # The undercut of that RA attacks the one inference both premises make together.
    undercuts = {g.value(u, AM.to) for u in g.subjects(RDF.type, AM.Undercut)}
    assert undercuts == supports
    assert validate_graph(g) == []


def test_what_the_model_cannot_hold_is_set_aside_and_reported() -> None:
    doc = aif(
        [("a", "I", "a"), ("b", "I", "b"), ("ca", "CA", "CA"), ("x", "I", "x"), ("c2", "CA", "")],
        [("a", "ca"), ("ca", "b"), ("x", "c2"), ("c2", "ca")],  # a conflict aimed at a conflict
    )
    parsed = read_aif(doc, "m")
    assert parsed.set_aside["CA nodes"] == 1
    assert any("c2" in note and "CA-node ca" in note for note in parsed.notes)
    assert (node_iri("m", "aif-a"), AM.rebuts, node_iri("m", "aif-b")) in parsed.graph


def test_broken_json_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"nodes": [\n  {"nodeID": "1", "type": "I" "text": "x"}\n]}', "utf-8")
    store = OxigraphStore()
    with pytest.raises(ImportFormatError, match=r"broken.json is not valid JSON.*line 2, column"):
        import_file(store, path)
    assert snapshot(store) == set()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["edges"].append({"edgeID": "999", "fromID": "29045", "toID": "4242"}),
            r"edge 999 goes to node 4242, which is not in `nodes`",
        ),
        (
            lambda d: d["edges"].append({"edgeID": "998", "fromID": "77", "toID": "29045"}),
            r"edge 998 comes from node 77, which is not in `nodes`",
        ),
        (
            lambda d: d["nodes"].append({"nodeID": "5000", "type": "XX", "text": "?"}),
            r"node 5000 has the unknown type 'XX'",
        ),
        (
            lambda d: d.update(edges=[e for e in d["edges"] if e["fromID"] != "111803"]),
            r"RA-node 111803 has no conclusion",
        ),
        (
            lambda d: d.update(edges=[e for e in d["edges"] if e["toID"] != "111803"]),
            r"RA-node 111803 has no premise",
        ),
        (
            lambda d: d["nodes"].append(dict(d["nodes"][0])),
            r"node 29045 appears twice",
        ),
        (
            lambda d: d["edges"].append({"edgeID": "997", "fromID": "29045", "toID": "29053"}),
            r"edge 997 links I-node 29045 straight to I-node 29053",
        ),
        (lambda d: d.pop("nodes"), r"is not AIF"),
    ],
)
def test_malformed_aif_is_refused_naming_the_node_or_edge(
    change: Callable[[dict[str, Any]], object], message: str
) -> None:
    doc = aifdb()
    change(doc)
    with pytest.raises(ImportFormatError, match=message):
        read_aif(json.dumps(doc), "m", name="bad.json")


def test_the_default_map_id_comes_from_the_file_name() -> None:
    assert default_map_id("/tmp/Debate 12.json") == "aif-debate-12"
    assert default_map_id("gallagher-2022.aif.json") == "aif-gallagher-2022"


def test_a_bad_map_id_is_refused() -> None:
    with pytest.raises(ImportFormatError, match="bad map id 'Not An Id'"):
        read_aif(aifdb(), "Not An Id")
