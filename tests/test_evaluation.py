"""Evaluation of maps: from a map to a framework, the stored evaluation graph, the command.

The semantics themselves are checked in test_extensions.py (against PyArg) and
test_gradual.py (against hand-worked and published values); here a map goes in through
`argmap import` or the build and the textbook answers must come out.
"""

from __future__ import annotations

import json
from contextlib import closing
from pathlib import Path

import pytest
from py_arg.abstract_argumentation_classes.abstract_argumentation_framework import (
    AbstractArgumentationFramework,
)
from py_arg.abstract_argumentation_classes.argument import Argument
from py_arg.abstract_argumentation_classes.defeat import Defeat
from py_arg.algorithms.semantics.get_grounded_extension import get_grounded_extension
from typer.testing import CliRunner

from argmap import evaluation, queries
from argmap.cli import app
from argmap.evaluation import framework
from argmap.store import OxigraphStore
from argmap.vocab import AM, evaluation_graph_iri

PREFIXES = """@prefix am: <https://w3id.org/argmap#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix : <https://example.org/hand/> .
:map a am:ArgumentMap ; rdfs:label "Written by hand" .
"""


def pyarg_framework(f: evaluation.Framework) -> AbstractArgumentationFramework:
    args = {a: Argument(a) for a in f.arguments}
    defeats = [Defeat(args[s], args[t]) for s, t in f.attacks]
    return AbstractArgumentationFramework("f", list(args.values()), defeats)


def hand_map(attacks: str, supports: str = "", extra: str = "") -> str:
    """Turtle with only am:ArgumentMap, am:Claim, labels, am:inMap, am:rebuts/am:supports."""
    names = sorted({c for pair in (attacks + " " + supports).split() for c in pair})
    lines = [f':{n} a am:Claim ; rdfs:label "{n}" ; am:inMap :map .' for n in names]
    lines += [f":{p[0]} am:rebuts :{p[1]} ." for p in attacks.split()]
    lines += [f":{p[0]} am:supports :{p[1]} ." for p in supports.split()]
    return PREFIXES + "\n".join(lines) + "\n" + extra


def run(store: Path, *args: str) -> dict[str, object]:
    result = CliRunner().invoke(app, list(args), env={"ARGMAP_STORE": str(store)})
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout) if "--json" in args else {}


def imported(tmp_path: Path, map_id: str, turtle: str) -> Path:
    source = tmp_path / f"{map_id}.ttl"
    source.write_text(turtle, encoding="utf-8")
    store = tmp_path / "store"
    run(store, "import", str(source), "--format", "turtle", "--map-id", map_id)
    return store


def evaluate(store: Path, map_id: str, semantics: str, *extra: str) -> dict[str, object]:
    return run(store, "evaluate", map_id, "--semantics", semantics, "--json", *extra)


def test_a_chain_gives_the_textbook_answers(tmp_path: Path) -> None:
    store = imported(tmp_path, "chain", hand_map("ab bc"))
    grounded = evaluate(store, "chain", "grounded")
    assert grounded["extensions"] == [["a", "c"]]
    assert grounded["status"] == {"a": "accepted", "b": "rejected", "c": "accepted"}
    strength = evaluate(store, "chain", "h-categorizer")["strength"]
    assert isinstance(strength, dict)
    assert strength == pytest.approx({"a": 1.0, "b": 0.5, "c": 2 / 3})


def test_a_mutual_attack_gives_the_textbook_answers(tmp_path: Path) -> None:
    store = imported(tmp_path, "mutual", hand_map("ab ba"))
    assert evaluate(store, "mutual", "grounded")["extensions"] == [[]]
    preferred = evaluate(store, "mutual", "preferred")
    assert preferred["extensions"] == [["a"], ["b"]]
    assert preferred["status"] == {"a": "credulously-accepted", "b": "credulously-accepted"}


def test_an_odd_cycle_has_no_stable_extension(tmp_path: Path) -> None:
    store = imported(tmp_path, "cycle", hand_map("ab bc ca"))
    stable = evaluate(store, "cycle", "stable")
    assert stable["extensions"] == [] and stable["status"] == {}
    assert any("no stable extension" in m for m in stable["messages"])  # type: ignore[attr-defined]
    assert evaluate(store, "cycle", "preferred")["extensions"] == [[]]


def test_the_evaluation_graph_is_stored_and_answers_sparql(tmp_path: Path) -> None:
    store_dir = imported(tmp_path, "mutual", hand_map("ab ba"))
    with closing(OxigraphStore(store_dir)) as store:
        graph = store.graph(evaluation_graph_iri("mutual"))
        count = graph.value(
            predicate=AM.extensionCount,
            subject=next(graph.subjects(AM.underSemantics, AM.PreferredSemantics)),
        )
        assert count is not None and int(count) == 2
        strengths = list(graph.objects(predicate=AM.strength))
        assert len(strengths) == 6  # two claims, three gradual semantics


def test_the_evaluation_is_recomputed_when_the_map_changes(tmp_path: Path) -> None:
    store = imported(tmp_path, "chain", hand_map("ab bc"))
    source = tmp_path / "chain.ttl"
    source.write_text(hand_map("ba bc"), encoding="utf-8")
    run(store, "import", str(source), "--format", "turtle", "--map-id", "chain", "--replace")
    rows = _sparql_statuses(store, "chain")
    assert rows == {"a": "Rejected", "b": "Accepted", "c": "Rejected"}
    run(store, "delete", "chain")
    with closing(OxigraphStore(store)) as opened:
        assert evaluation_graph_iri("chain") not in set(opened.graph_names())


def _sparql_statuses(store: Path, map_id: str) -> dict[str, str]:
    with closing(OxigraphStore(store)) as opened:
        table = opened.select(
            """PREFIX am: <https://w3id.org/argmap#>
            SELECT ?claim ?status WHERE {
              ?v am:evaluates ?claim ; am:status ?status ;
                 am:inEvaluation/am:underSemantics am:GroundedSemantics }""",
            graphs=[evaluation_graph_iri(map_id)],
        )
    return {
        str(r["claim"]).rsplit("/", 1)[1]: str(r["status"]).rsplit("#", 1)[1] for r in table.rows
    }


def test_base_weights_are_read_and_checked(tmp_path: Path) -> None:
    store = imported(tmp_path, "weighted", hand_map("ab", extra=":a am:baseWeight 0.9 .\n"))
    result = evaluate(store, "weighted", "df-quad")
    assert result["strength"] == pytest.approx({"a": 0.9, "b": 0.5 - 0.5 * 0.9})
    bad = tmp_path / "bad.ttl"
    bad.write_text(hand_map("ab", extra=":a am:baseWeight 1.5 .\n"), encoding="utf-8")
    refused = CliRunner().invoke(
        app,
        ["import", str(bad), "--format", "turtle", "--map-id", "bad"],
        env={"ARGMAP_STORE": str(store)},
    )
    assert refused.exit_code != 0 and "baseWeight" in refused.output
    with closing(OxigraphStore(store)) as opened:
        assert evaluation_graph_iri("bad") not in set(opened.graph_names())


def test_bipolar_reading_adds_supported_and_secondary_attacks(tmp_path: Path) -> None:
    # s supports x, x attacks b: s attacks b (supported); x attacks b, b supports t: x attacks t.
    store = imported(tmp_path, "bipolar", hand_map("xb", supports="sx bt"))
    with closing(OxigraphStore(store)) as opened:
        plain = framework.read(opened, "bipolar")
        bipolar = framework.read(opened, "bipolar", bipolar=True)
    assert plain.attacks == {("x", "b")}
    assert bipolar.attacks == {("x", "b"), ("s", "b"), ("x", "t")}
    assert bipolar.supports == plain.supports == {("s", "x"), ("b", "t")}


def test_the_article_framework(built_store: OxigraphStore) -> None:
    f = framework.read(built_store, "gallagher-2022")
    claims = queries.run(built_store, "claims", {"map": "gallagher-2022"})
    assert f.arguments - f.inferences == {str(r["claim"]).rsplit("/", 1)[1] for r in claims.rows}
    assert ("claim-uk-key-role-pragmatic", "idc-rec-iii") in f.attacks  # an undercut
    # The linked undercut of rel-unga-broadening is an inference argument of its own, and
    # whatever attacks one of its premises attacks it.
    assert "rel-framing-undercuts" in f.inferences
    assert ("claim-reluctance-own-borders", "assumption-like-minded-enough") in f.attacks
    assert ("rel-framing-undercuts", "claim-broadening-could-deepen") in f.attacks
    expected = {a.name for a in get_grounded_extension(pyarg_framework(f))}
    assert evaluation.evaluate(f, "grounded").extensions == [sorted(expected - f.inferences)]


def test_the_article_recommendations(built_store: OxigraphStore) -> None:
    f = framework.read(built_store, "gallagher-2022")
    for semantics in ("grounded", "preferred"):
        status = evaluation.evaluate(f, semantics).status
        assert status["idc-rec-iii"] == "rejected", semantics
        assert status["rec-work-beyond-like-minded"] in ("accepted", "sceptically-accepted")
    dfquad = evaluation.evaluate(f, "df-quad")
    assert dfquad.strength["idc-rec-iii"] < dfquad.base_weight["idc-rec-iii"]
    why = dfquad.explanations["idc-rec-iii"]["contributions"]
    assert any(c["id"] == "claim-uk-key-role-pragmatic" and c["contribution"] < 0 for c in why)


def test_the_named_query_lists_sceptically_accepted_recommendations(
    built_store: OxigraphStore,
) -> None:
    table = queries.run(
        built_store,
        "sceptically-accepted-recommendations",
        {"map": "gallagher-2022", "semantics": str(AM.PreferredSemantics)},
    )
    ids = {str(r["recommendation"]).rsplit("/", 1)[1] for r in table.rows}
    assert "rec-work-beyond-like-minded" in ids and "idc-rec-iii" not in ids


def test_evaluate_command_errors(tmp_path: Path, built_store_dir: Path) -> None:
    runner = CliRunner()
    env = {"ARGMAP_STORE": str(built_store_dir)}
    bad = runner.invoke(app, ["evaluate", "gallagher-2022", "--semantics", "naive"], env=env)
    assert bad.exit_code == 2 and "unknown semantics" in bad.output
    neither = runner.invoke(app, ["evaluate"], env=env)
    assert neither.exit_code == 2 and "MAP" in neither.output
    broken = tmp_path / "broken.apx"
    broken.write_text("arg(a).\natt(a,\n", encoding="utf-8")
    parsed = runner.invoke(app, ["evaluate", "--framework", str(broken)], env=env)
    assert parsed.exit_code != 0 and "line 2" in parsed.output


def test_evaluate_an_iccma_file(tmp_path: Path) -> None:
    source = tmp_path / "f.apx"
    source.write_text("arg(a).\narg(b).\narg(c).\natt(a,b).\natt(b,c).\n", encoding="utf-8")
    result = run(tmp_path / "s", "evaluate", "--framework", str(source), "--json")
    assert result["extensions"] == [["a", "c"]]
