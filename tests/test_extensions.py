"""Extension semantics at any size: textbook frameworks, PyArg as the oracle, the cap, apx."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from py_arg.abstract_argumentation_classes.abstract_argumentation_framework import (
    AbstractArgumentationFramework,
)
from py_arg.abstract_argumentation_classes.argument import Argument
from py_arg.abstract_argumentation_classes.defeat import Defeat
from py_arg.algorithms.semantics.get_complete_extensions import get_complete_extensions
from py_arg.algorithms.semantics.get_grounded_extension import get_grounded_extension
from py_arg.algorithms.semantics.get_preferred_extensions import get_preferred_extensions
from py_arg.algorithms.semantics.get_stable_extensions import get_stable_extensions

from argmap.errors import ImportFormatError, NotFound, ParameterError
from argmap.evaluation import apx
from argmap.evaluation import extensions as ex
from argmap.evaluation.framework import Framework


def framework(arguments: str, attacks: str) -> Framework:
    """`framework("abc", "ab bc")`: arguments a, b, c; a attacks b, b attacks c."""
    return Framework(frozenset(arguments), frozenset((p[0], p[1]) for p in attacks.split()))


def names(found: list[frozenset[str]]) -> list[str]:
    return ["".join(sorted(e)) for e in found]


@pytest.mark.parametrize(
    ("arguments", "attacks", "grounded", "complete", "preferred", "stable"),
    [
        ("abc", "ab bc", ["ac"], ["ac"], ["ac"], ["ac"]),  # a chain
        ("ab", "ab ba", [""], ["", "a", "b"], ["a", "b"], ["a", "b"]),  # mutual attack
        ("abc", "ab bc ca", [""], [""], [""], []),  # odd cycle
        ("ab", "aa ab", [""], [""], [""], []),  # self-attack
        ("ab", "aa ba", ["b"], ["b"], ["b"], ["b"]),  # a self-attacker, defeated
        ("abcd", "ab ba bc cd", [""], ["", "ac", "bd"], ["ac", "bd"], ["ac", "bd"]),
        ("", "", [""], [""], [""], [""]),  # the empty framework
    ],
)
def test_textbook_frameworks(
    arguments: str,
    attacks: str,
    grounded: list[str],
    complete: list[str],
    preferred: list[str],
    stable: list[str],
) -> None:
    f = framework(arguments, attacks)
    expected = {"grounded": grounded, "complete": complete, "preferred": preferred}
    expected["stable"] = stable
    for semantics, wanted in expected.items():
        found = ex.enumerate_extensions(f, semantics)
        assert found.complete and found.message is None
        assert names(found.extensions) == wanted, semantics  # sorted by size, then members
    assert ex.has_extension(f, "stable") == bool(stable)


def test_the_grounded_labelling() -> None:
    labelling = ex.grounded_labelling(framework("abcde", "ab bc dd de"))
    assert labelling.accepted == {"a", "c"}
    assert labelling.rejected == {"b"}
    assert labelling.undecided == {"d", "e"}
    assert [labelling.status(x) for x in "abd"] == ["accepted", "rejected", "undecided"]
    with pytest.raises(NotFound):
        labelling.status("z")


def test_no_stable_extension_is_said_plainly() -> None:
    f = framework("abcd", "ab bc ca cd")
    assert not ex.has_extension(f, "stable")
    for argument, found in ex.acceptance(f, "stable").items():
        assert found == ex.Acceptance(False, False, no_extension=True), argument
    assert not ex.credulous(f, "stable", "a") and not ex.sceptical(f, "stable", "a")
    assert ex.explain(f, "stable", "d").text().endswith("has no stable extension.")
    assert not ex.acceptance(f, "preferred")["a"].no_extension


def test_unknown_semantics_and_arguments() -> None:
    f = framework("ab", "ab")
    with pytest.raises(ParameterError, match="unknown semantics 'naive'"):
        ex.enumerate_extensions(f, "naive")
    with pytest.raises(NotFound, match="'z'"):
        ex.credulous(f, "preferred", "z")


# --- PyArg as the oracle ------------------------------------------------------------------


def pyarg(f: Framework) -> dict[str, set[frozenset[str]]]:
    args = {a: Argument(a) for a in f.arguments}
    af = AbstractArgumentationFramework(
        "f", list(args.values()), [Defeat(args[s], args[t]) for s, t in f.attacks]
    )

    def plain(extensions: set[frozenset[Argument]]) -> set[frozenset[str]]:
        return {frozenset(a.name for a in e) for e in extensions}

    return {
        "grounded": {frozenset(a.name for a in get_grounded_extension(af))},
        "complete": plain(get_complete_extensions(af)),
        "preferred": plain(get_preferred_extensions(af)),
        "stable": plain(get_stable_extensions(af)),
    }


@st.composite
def frameworks(draw: st.DrawFn) -> Framework:
    """Up to 9 arguments, any attacks: cycles, self-attacks, unattacked arguments."""
    arguments = [f"x{i}" for i in range(draw(st.integers(1, 9)))]
    pairs = [(s, t) for s in arguments for t in arguments]
    density = draw(st.sampled_from([0.1, 0.2, 0.3, 0.5]))
    chosen = draw(st.lists(st.floats(0, 1), min_size=len(pairs), max_size=len(pairs)))
    attacks = {p for p, r in zip(pairs, chosen, strict=True) if r < density}
    return Framework(frozenset(arguments), frozenset(attacks))


@settings(max_examples=500, deadline=None, derandomize=True)
@given(frameworks())
def test_random_frameworks_agree_with_pyarg(f: Framework) -> None:
    expected = pyarg(f)
    for semantics in ex.SEMANTICS:
        found = ex.enumerate_extensions(f, semantics)
        assert found.complete
        assert set(found.extensions) == expected[semantics], semantics
        assert len(found.extensions) == len(expected[semantics])  # no duplicates
        wanted = expected[semantics]
        for argument, got in ex.acceptance(f, semantics).items():
            assert got.credulous == any(argument in e for e in wanted), (semantics, argument)
            sceptical = bool(wanted) and all(argument in e for e in wanted)
            assert got.sceptical == sceptical, (semantics, argument)
            assert got.no_extension == (not wanted)
            # The witnesses are extensions of that semantics, with and without the argument.
            if got.credulous:
                assert got.containing in wanted and argument in got.containing
            if not got.sceptical and wanted:
                assert got.excluding in wanted and argument not in got.excluding
            assert ex.credulous(f, semantics, argument) == got.credulous
            assert ex.sceptical(f, semantics, argument) == got.sceptical


@settings(max_examples=200, deadline=None, derandomize=True)
@given(frameworks())
def test_queries_in_any_order_agree_with_pyarg(f: Framework) -> None:
    # Sceptical queries first, on a fresh framework: the preferred extensions the loop
    # remembers must not change the answers of the credulous queries after it.
    wanted = pyarg(f)["preferred"]
    for argument in sorted(f.arguments, reverse=True):
        assert ex.sceptical(f, "preferred", argument) == all(argument in e for e in wanted)
    for argument in sorted(f.arguments):
        assert ex.credulous(f, "preferred", argument) == any(argument in e for e in wanted)
    assert set(ex.enumerate_extensions(f, "preferred").extensions) == wanted


# --- the cap --------------------------------------------------------------------------------


def test_enumeration_stops_at_the_cap_and_queries_still_answer() -> None:
    # 24 independent mutual attacks: 2^24 preferred (and stable) extensions.
    pairs = [(f"a{i:02}", f"b{i:02}") for i in range(24)]
    arguments = frozenset(x for p in pairs for x in p) | {"c"}
    attacks = frozenset(pairs) | {(b, a) for a, b in pairs} | {("b00", "c")}
    f = Framework(arguments, attacks)
    start = time.perf_counter()
    found = ex.enumerate_extensions(f, "preferred")
    assert not found.complete and len(found.extensions) == ex.MAX_EXTENSIONS
    assert found.message is not None
    assert f"stopped after {ex.MAX_EXTENSIONS} preferred extensions" in found.message
    assert "acceptance" in found.message
    assert all(len(e & {a, b}) == 1 for e in found.extensions for a, b in pairs)
    assert all(("c" in e) == ("a00" in e) for e in found.extensions)
    small = ex.enumerate_extensions(f, "stable", limit=5)
    assert not small.complete and len(small.extensions) == 5
    for semantics in ("preferred", "stable", "complete"):
        assert ex.credulous(f, semantics, "a07") and not ex.sceptical(f, semantics, "a07")
        assert ex.credulous(f, semantics, "c") and not ex.sceptical(f, semantics, "c")
    assert not ex.credulous(f, "grounded", "c")
    assert time.perf_counter() - start < 10


def test_preferred_sceptical_needs_the_loop() -> None:
    # c is in both preferred extensions {a, c} and {b, c} (a and b attack each other and
    # both attack d, which attacks c) but in neither the grounded nor any other complete one
    # without a and b: sceptically accepted under preferred, not under complete.
    f = framework("abcd", "ab ba ad bd dc")
    assert ex.sceptical(f, "preferred", "c")
    assert not ex.sceptical(f, "complete", "c")
    assert ex.credulous(f, "complete", "c")
    assert ex.sceptical(f, "stable", "c")


# --- explanations -------------------------------------------------------------------------


def test_grounded_explanations() -> None:
    f = framework("abcde", "ab bc db ed")  # a and e unattacked; b rejected; c reinstated
    accepted = ex.explain(f, "grounded", "c")
    assert accepted.status == "accepted"
    assert accepted.defence == (ex.Defence("b", ("a",)),)
    assert accepted.text() == (
        "c is accepted under grounded semantics: each of its attackers is rejected: "
        "b (attacked by a)."
    )
    rejected = ex.explain(f, "grounded", "b")
    assert rejected.status == "rejected"
    assert rejected.defeats == (ex.Defeat("a", ()),)  # d is rejected, so not a defeater
    assert ex.explain(f, "grounded", "d").defeats == (ex.Defeat("e", ()),)
    g = framework("abcd", "ab ba bc dc cd")
    undecided = ex.explain(g, "grounded", "c")
    assert undecided.status == "undecided" and undecided.unanswered == ("b", "d")
    assert "no attacker of it is accepted" in undecided.text()
    h = framework("abcx", "ab bc cx")  # x's defeater c stands because a defeats b
    assert ex.explain(h, "grounded", "x").to_json() == {
        "argument": "x",
        "semantics": "grounded",
        "status": "rejected",
        "containing": None,
        "excluding": ["a", "c"],
        "defence": [],
        "defeats": [{"defeater": "c", "defence": [{"attacker": "b", "by": ["a"]}]}],
        "unanswered": [],
    }


def test_explanations_from_the_witnesses() -> None:
    f = framework("abcd", "ab ba bc cd")
    found = ex.explain(f, "preferred", "c")
    assert found.status == "credulously-accepted"
    assert found.containing == {"a", "c"} and found.excluding == {"b", "d"}
    assert found.defence == (ex.Defence("b", ("a",)),)
    assert found.defeats == (ex.Defeat("b", (ex.Defence("a", ("b",)),)),)
    assert "{b, d} excludes it" in found.text() and "its member b" in found.text()
    odd = ex.explain(framework("abc", "ab bc ca"), "preferred", "a")
    assert odd.status == "rejected" and odd.excluding == frozenset()
    assert odd.unanswered == ("c",)
    assert ex.explain(f, "complete", "c").excluding == frozenset()  # the grounded one
    assert ex.explain(framework("ab", "ab"), "stable", "a").status == "sceptically-accepted"


# --- apx ------------------------------------------------------------------------------------


def test_apx_round_trip() -> None:
    f = Framework(
        frozenset({"claim-x", "a1", "7", 'odd "name"\\', "Upper"}),
        frozenset({("claim-x", "a1"), ("a1", "7"), ('odd "name"\\', "claim-x"), ("7", "7")}),
    )
    text = apx.write(f)
    assert 'arg("claim-x").' in text and "arg(a1)." in text and 'arg("Upper").' in text
    back = apx.read(text)
    assert back.arguments == f.arguments and back.attacks == f.attacks
    assert apx.write(framework("ab", "ab")) == "arg(a).\narg(b).\natt(a,b).\n"


def test_apx_reads_comments_and_several_statements_a_line() -> None:
    f = apx.read("% an ICCMA file\narg(a1). arg(a2).  % two\n\natt(a1, a2).\n")
    assert f.arguments == {"a1", "a2"} and f.attacks == {("a1", "a2")}


def test_iccma_2023_af() -> None:
    f = apx.read("# a comment\np af 3\n1 2\n2 3\n# more\n3 3\n")
    assert f.arguments == {"1", "2", "3"}
    assert f.attacks == {("1", "2"), ("2", "3"), ("3", "3")}
    assert ex.enumerate_extensions(f, "grounded").extensions == [frozenset({"1"})]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("arg(a).\narg(b)\n", "line 2: expected arg(NAME). or att(NAME,NAME). but found 'arg(b)'"),
        ("arg(a).\natt(a,c).\n", "line 2: att(a,c) names c, which no arg(...) declares"),
        ("arg(a).\n\narg(A).\n", "line 3: expected arg"),
        ('arg("open).\n', "line 1: expected arg"),
        ("p af 2\n1 3\n", "line 2: argument 3 is outside 1..2"),
        ("p af 2\n1 x\n", "line 2: expected an attack 'i j'"),
        ("# only\np af\n", "line 2: expected 'p af N'"),
    ],
)
def test_apx_errors_name_the_line(text: str, message: str) -> None:
    with pytest.raises(
        ImportFormatError, match="^" + message.replace("(", r"\(").replace(")", r"\)")
    ):
        apx.read(text)
