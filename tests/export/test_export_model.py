"""The map model the exporters draw from, neighbourhoods, and the format registry."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from argmap import export
from argmap.errors import NotFound, ParameterError
from argmap.model import focus, load, neighbourhood
from argmap.store import OxigraphStore
from argmap.vocab import map_iri

MAP = "gallagher-2022"


def _count(store: OxigraphStore, cls: str) -> int:
    rows = store.select(
        "PREFIX am: <https://w3id.org/argmap#>\n"
        f"SELECT (COUNT(DISTINCT ?n) AS ?c) WHERE {{ GRAPH ?map {{ ?n a am:{cls} ; am:inMap ?map }} }}",
        {"map": map_iri(MAP)},
    ).rows
    return int(rows[0]["c"])


def _claim_count(store: OxigraphStore) -> int:
    rows = store.select(
        "PREFIX am: <https://w3id.org/argmap#>\nSELECT (COUNT(DISTINCT ?n) AS ?c) WHERE { "
        "GRAPH ?map { ?n am:inMap ?map ; a ?class } "
        "VALUES ?class { am:Claim am:Recommendation am:Evidence am:Counterexample "
        "am:Assumption } }",
        {"map": map_iri(MAP)},
    ).rows
    return int(rows[0]["c"])


def test_model_holds_every_claim_and_relation_of_the_map(built_store: OxigraphStore) -> None:
    model = load(built_store, MAP)
    assert len(model.nodes) == _claim_count(built_store) > 30
    supports, attacks = _count(built_store, "Support"), _count(built_store, "Attack")
    assert len(model.relations) == supports + attacks
    kinds = Counter(r.kind for r in model.relations)
    assert kinds["supports"] == supports
    assert kinds["undercuts"] == _count(built_store, "Undercut") == 4
    assert kinds["rebuts"] == _count(built_store, "Rebuttal")


def test_model_keeps_kinds_quotes_and_context(built_store: OxigraphStore) -> None:
    model = load(built_store, MAP)
    rec = model.node("idc-rec-iii")
    assert rec.kind == "recommendation"
    assert rec.quote and rec.label and rec.map == MAP
    assert rec.iri == f"{map_iri(MAP)}/idc-rec-iii"
    kinds = Counter(n.kind for n in model.nodes)
    assert kinds["recommendation"] == _count(built_store, "Recommendation")
    assert kinds["counterexample"] == _count(built_store, "Counterexample")
    assert model.node("ev-hrc-xinjiang-vote").cases == ("The situation in Xinjiang, China",)
    # A reconstruction is asserted by nobody in the text (it is ascribed to the liberals).
    assert model.node("assumption-fixed-goals").attributed_to == ()
    assert model.node("cx-syria").attributed_to == ("Adrian Gallagher", "Jason Ralph")


def test_an_undercut_targets_the_support_it_attacks(built_store: OxigraphStore) -> None:
    model = load(built_store, MAP)
    undercut = model.relation("rel-framing-undercuts")
    support = model.relation(undercut.target)
    assert undercut.kind == "undercuts" and support.kind == "supports"
    assert model.conclusion(undercut) == support.target
    assert model.undercut_supports() == {
        "rel-unga-broadening",
        "rel-pioneer-rec-iii",
        "rel-broadening-hope",
        "rel-carpenter-broadening",
    }


def test_focus_keeps_claims_within_depth_hops(built_store: OxigraphStore) -> None:
    model = load(built_store, MAP)
    alone = focus(model, "idc-rec-iii", 0)
    assert [n.id for n in alone.nodes] == ["idc-rec-iii"] and alone.relations == ()
    near = focus(model, "idc-rec-iii", 1)
    # Three claims support goal iii; the fourth undercuts the support of idc-uk-pioneer.
    assert {n.id for n in near.nodes} == {
        "idc-rec-iii",
        "assumption-like-minded-enough",
        "claim-us-strategy-like-minded",
        "idc-uk-pioneer",
        "claim-uk-key-role-pragmatic",
    }
    kept = {n.id for n in near.nodes}
    for relation in near.relations:
        assert set(relation.premises) <= kept
        assert model.conclusion(relation) in kept
    wider = focus(model, "idc-rec-iii", 2)
    assert len(wider.nodes) > len(near.nodes)
    everything = {n.id for n in focus(model, "idc-rec-iii", 99).nodes}
    linked = {p for r in model.relations for p in r.premises}
    linked |= {model.conclusion(r) for r in model.relations}
    assert everything <= linked
    assert "idc-rec-i" not in everything  # a recommendation nothing argues about


def test_an_undercutter_neighbours_both_ends_of_the_support(built_store: OxigraphStore) -> None:
    model = load(built_store, MAP)
    part = focus(model, "claim-ukraine-framed-charter", 1)
    ids = {n.id for n in part.nodes}
    support = model.relation("rel-unga-broadening")
    assert {*support.premises, support.target} <= ids
    # rel-framing-undercuts is linked: its co-premise, the reluctance to protect, is one hop
    # away, so the whole argument is kept at depth 1.
    assert "claim-reluctance-own-borders" in ids
    assert {
        "rel-framing-qualifies-carpenter",
        "rel-carpenter-broadening",
        "rel-framing-undercuts",
        "rel-unga-broadening",
    } <= {r.id for r in part.relations}


def test_focus_errors_are_clear(built_store: OxigraphStore) -> None:
    model = load(built_store, MAP)
    with pytest.raises(NotFound, match="no claim 'nope'"):
        focus(model, "nope", 1)
    with pytest.raises(ParameterError, match="0 or more"):
        focus(model, "idc-rec-iii", -1)
    with pytest.raises(ParameterError, match="needs a focus"):
        neighbourhood(model, None, 2)
    assert neighbourhood(model, "idc-rec-iii", None) == focus(model, "idc-rec-iii", 1)


@pytest.mark.parametrize("name", sorted(export.FORMATS))
def test_unknown_map_is_not_found_in_every_format(built_store: OxigraphStore, name: str) -> None:
    with pytest.raises(NotFound, match="no map 'no-such-map'"):
        export.export(built_store, "no-such-map", name)
    with pytest.raises(NotFound):
        export.export(built_store, "bad id>", name)


def test_unknown_format_lists_the_known_ones(built_store: OxigraphStore) -> None:
    with pytest.raises(export.UnknownFormat) as caught:
        export.export(built_store, MAP, "pdf")
    message = str(caught.value)
    assert "'pdf'" in message
    assert all(name in message for name in export.FORMATS)
    assert isinstance(caught.value, ParameterError)


def test_registry_entries_are_complete() -> None:
    assert len(export.FORMATS) == 16
    for name, fmt in export.FORMATS.items():
        exporter, media_type, extension = fmt
        assert callable(exporter) and "/" in media_type and extension
        assert fmt.summary, name
        assert export.format_for_path(Path(f"out.{extension}")) == name
    assert [n for n, f in export.FORMATS.items() if f.binary] == ["png"]
    assert export.get_format("TTL") is export.FORMATS["turtle"]
    assert export.format_for_path(Path("x.json")) is None


def test_file_names() -> None:
    assert export.file_name(MAP, "graphml") == "gallagher-2022.graphml"
    assert export.file_name(MAP, "aif") == "gallagher-2022.aif.json"
    assert export.file_name(MAP, "svg", "idc-rec-iii", 2) == "gallagher-2022-idc-rec-iii-2.svg"
    assert export.file_name(MAP, "svg", "idc-rec-iii") == "gallagher-2022-idc-rec-iii-1.svg"


def test_write_puts_text_and_bytes_in_files(tmp_path: Path) -> None:
    assert export.write("é\n", tmp_path / "a.txt") == 3
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "é\n"
    assert export.write(b"\x89PNG", tmp_path / "b.png") == 4
    assert (tmp_path / "b.png").read_bytes() == b"\x89PNG"


def test_the_export_queries_are_documented() -> None:
    from argmap import model as model_module
    from argmap import queries

    folder = Path(model_module.__file__).parent / "queries"
    loaded = [queries.load_query(path) for path in sorted(folder.glob("*.rq"))]
    assert [q.name for q in loaded] == ["claim-context", "map"]
    for query in loaded:
        assert query.summary
        assert [(p.name, p.type) for p in query.params] == [("map", "map")]
