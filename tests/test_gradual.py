"""Gradual semantics: hand-worked values, the papers' properties, and the fixed-point equations.

Every expected number below is worked out by hand from the semantics' definitions, as each
comment shows; no value is taken from a paper's table. What the papers contribute are the
properties tested (each test says whose), and the equations themselves:

- h-categorizer: Besnard and Hunter (2001), s(a) = 1 / (1 + sum of attackers' strengths);
  weighted, Amgoud, Ben-Naim, Doder and Vesic (2017), s(a) = w(a) / (1 + sum).
- DF-QuAD: Rago, Toni, Aurisicchio and Baroni (KR 2016), attack and support aggregates
  F(v1..vn) = 1 - prod(1 - vi), combined with the base score v0.
- quadratic energy: Potyka (KR 2018), E = sum of supporters - sum of attackers,
  h(x) = max(x, 0)^2 / (1 + max(x, 0)^2), s = w - w h(-E) + (1 - w) h(E).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.errors import NotFound, ParameterError
from argmap.evaluation import gradual
from argmap.evaluation.framework import DEFAULT_WEIGHT, Framework
from argmap.evaluation.gradual import (
    GRADUAL,
    Strengths,
    contributions,
    df_quad,
    h_categorizer,
    quadratic_energy,
    strengths,
)

GOLDEN = (math.sqrt(5) - 1) / 2  # the positive root of s^2 + s - 1 = 0, i.e. s = 1 / (1 + s)


def framework(
    arguments: str,
    attacks: str = "",
    supports: str = "",
    weights: dict[str, float] | None = None,
) -> Framework:
    """`framework("abc", "ab bc")`: arguments a, b, c; a attacks b, b attacks c."""
    return Framework(
        frozenset(arguments),
        frozenset((p[0], p[1]) for p in attacks.split()),
        frozenset((p[0], p[1]) for p in supports.split()),
        weights or {},
    )


def cubic_root(p: float, q: float) -> float:
    """The one real root of s^3 + p s + q = 0 (p > 0), by Cardano's formula."""
    d = math.sqrt(q * q / 4 + p**3 / 27)
    return math.cbrt(-q / 2 + d) + math.cbrt(-q / 2 - d)


# --- reference equations, written from the definitions over the plain framework -------------
#
# These read the framework's attackers/supporters dicts, not the numbered arrays the module
# computes with, so that they check its arithmetic independently.


def h_weight(fw: Framework, a: str) -> float:
    return fw.weights.get(a, 1.0)


def h(x: float) -> float:
    y = max(x, 0.0) ** 2
    return y / (1 + y)


def equation(fw: Framework, semantics: str, s: dict[str, float]) -> dict[str, float]:
    """The right-hand side of the semantics' equation, evaluated at `s`."""
    found = {}
    for a in fw.arguments:
        attacking = [s[b] for b in fw.attackers[a]]
        supporting = [s[b] for b in fw.supporters[a]]
        if semantics == "h-categorizer":
            found[a] = h_weight(fw, a) / (1 + sum(attacking))
        elif semantics == "df-quad":
            va = 1 - math.prod(1 - v for v in attacking)
            vs = 1 - math.prod(1 - v for v in supporting)
            v0 = fw.weight(a)
            found[a] = v0 - v0 * (va - vs) if va >= vs else v0 + (1 - v0) * (vs - va)
        else:
            energy = sum(supporting) - sum(attacking)
            w = fw.weight(a)
            found[a] = w - w * h(-energy) + (1 - w) * h(energy)
    return found


def residual(fw: Framework, semantics: str, s: dict[str, float]) -> float:
    rhs = equation(fw, semantics, s)
    return max((abs(rhs[a] - s[a]) for a in fw.arguments), default=0.0)


def by_iteration(fw: Framework, semantics: str) -> np.ndarray:
    """The module's own iterative (or integrating) solver, even on an acyclic framework."""
    graph = gradual._graph(fw, semantics)
    model = gradual._MODELS[semantics]
    solve = gradual._integrate if model.continuous else gradual._iterate
    values, _, converged = solve(graph, model.step, 1e-12, 10_000)
    assert converged
    return values


def values(result: Strengths, names: str) -> list[float]:
    return [result.values[n] for n in names]


# --- h-categorizer ---------------------------------------------------------------------------


def test_h_categorizer_chain() -> None:
    # a is unattacked: 1/(1+0) = 1; b: 1/(1+1) = 1/2; c: 1/(1+1/2) = 2/3 (Besnard & Hunter's
    # definition, weight 1 for all when the map gives none).
    result = h_categorizer(framework("abc", "ab bc"))
    assert values(result, "abc") == pytest.approx([1, 0.5, 2 / 3], abs=1e-12)
    assert result.semantics == "h-categorizer"
    assert result.converged and result.iterations == 0  # acyclic: one exact pass


@pytest.mark.parametrize(
    ("arguments", "attacks"),
    [("ab", "ab ba"), ("a", "aa"), ("abc", "ab bc ca")],
    ids=["mutual attack", "self-attack", "three-cycle"],
)
def test_h_categorizer_cycles_of_equal_arguments(arguments: str, attacks: str) -> None:
    # Every argument has one attacker of its own strength: s = 1/(1+s), so s = (√5-1)/2.
    result = h_categorizer(framework(arguments, attacks))
    assert result.converged and result.iterations > 0
    assert values(result, arguments) == pytest.approx([GOLDEN] * len(arguments), abs=1e-8)


def test_h_categorizer_two_unattacked_attackers() -> None:
    # 1/(1+1+1) = 1/3
    assert h_categorizer(framework("abc", "ba ca")).values["a"] == pytest.approx(1 / 3)


def test_h_categorizer_tree() -> None:
    # d -> b -> a <- c: d = c = 1, b = 1/2, a = 1/(1 + 1/2 + 1) = 2/5.
    result = h_categorizer(framework("abcd", "ba ca db"))
    assert values(result, "abcd") == pytest.approx([0.4, 0.5, 1, 1], abs=1e-12)


def test_h_categorizer_explicit_weights() -> None:
    # Weighted h-categorizer (Amgoud, Ben-Naim, Doder, Vesic 2017): only a has a weight, 0.5;
    # b keeps the classic 1, not DEFAULT_WEIGHT. b = 1, a = 0.5/(1+1) = 0.25, c = 1/(1+0.25).
    result = h_categorizer(framework("abc", "ba ac", weights={"a": 0.5}))
    assert values(result, "abc") == pytest.approx([0.25, 1, 0.8], abs=1e-12)


def test_h_categorizer_ignores_supports() -> None:
    plain = h_categorizer(framework("abc", "ba"))
    assert h_categorizer(framework("abc", "ba", "ca cb")).values == plain.values


def test_h_categorizer_wide_layer() -> None:
    # 100 unattacked attackers (a layer wide enough for the vectorised part of the layering):
    # a = 1/(1+100).
    names = [f"x{i}" for i in range(100)]
    fw = Framework(frozenset([*names, "a"]), frozenset((x, "a") for x in names))
    assert h_categorizer(fw).values["a"] == pytest.approx(1 / 101)


# --- DF-QuAD ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fw", "expected"),
    [
        # base 0.5, one supporter of 0.5: va = 0 < vs = 0.5, 0.5 + 0.5 * 0.5 = 0.75
        (framework("ab", "", "ba"), 0.75),
        # one attacker of 0.5: 0.5 - 0.5 * 0.5 = 0.25
        (framework("ab", "ba"), 0.25),
        # two attackers of 0.5: va = 1 - 0.5 * 0.5 = 0.75, 0.5 - 0.5 * 0.75 = 0.125
        (framework("abc", "ba ca"), 0.125),
        # an attacker of 1 and one of 0.5: va = 1 - 0 * 0.5 = 1, 0.5 - 0.5 = 0
        (framework("abc", "ba ca", weights={"b": 1.0}), 0.0),
        # a supporter of 1: vs = 1, 0.5 + 0.5 * 1 = 1
        (framework("ab", "", "ba", weights={"b": 1.0}), 1.0),
        # explicit weights: v0 = 0.8, va = 0.4, vs = 0.1: 0.8 - 0.8 * 0.3 = 0.56
        (framework("abc", "ba", "ca", weights={"a": 0.8, "b": 0.4, "c": 0.1}), 0.56),
        # c supports b, b attacks a: b = 0.75, a = 0.5 - 0.5 * 0.75 = 0.125
        (framework("abc", "ba", "cb"), 0.125),
    ],
    ids=[
        "supporter",
        "attacker",
        "two attackers",
        "attacker of strength 1",
        "supporter of strength 1",
        "explicit weights",
        "supported attacker",
    ],
)
def test_df_quad_by_hand(fw: Framework, expected: float) -> None:
    result = df_quad(fw)
    assert result.values["a"] == pytest.approx(expected, abs=1e-12)
    assert result.converged and result.iterations == 0


@pytest.mark.parametrize(
    "weights", [{}, {"b": 1.0, "c": 1.0}, {"a": 0.3, "b": 0.7, "c": 0.7}, {"a": 0.0}]
)
def test_df_quad_balance(weights: dict[str, float]) -> None:
    # Rago et al. (2016): when the attack and support aggregates are equal, the strength is
    # the base score. Here one attacker b and one supporter c of the same strength.
    fw = framework("abc", "ba", "ca", weights)
    assert df_quad(fw).values["a"] == pytest.approx(fw.weight("a"), abs=1e-12)


def test_df_quad_mutual_attack_converges() -> None:
    # Base 0.5 each: s = 0.5 (1 - s), so s = 1/3; the iteration s' = 0.5 - 0.5 s contracts.
    result = df_quad(framework("ab", "ab ba"))
    assert result.converged
    assert values(result, "ab") == pytest.approx([1 / 3, 1 / 3], abs=1e-8)


def test_df_quad_may_not_converge_on_a_cycle() -> None:
    # Base 1 each: s' = 1 - s from (1, 1) alternates (0, 0), (1, 1), ... for ever. The result
    # says so rather than looping (the continuous model would settle at 1/2).
    result = df_quad(framework("ab", "ab ba", weights={"a": 1.0, "b": 1.0}), max_iterations=50)
    assert not result.converged
    assert result.iterations == 50
    assert all(0 <= v <= 1 for v in result.values.values())


# --- quadratic energy ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fw", "expected"),
    [
        # one supporter of 0.5: E = 0.5, h(0.5) = 0.25/1.25 = 0.2, 0.5 + 0.5 * 0.2 = 0.6
        (framework("ab", "", "ba"), 0.6),
        # one attacker of 0.5: h(-E) = h(0.5) = 0.2, 0.5 - 0.5 * 0.2 = 0.4
        (framework("ab", "ba"), 0.4),
        # an attacker of 1: h(1) = 1/2, 0.5 - 0.25 = 0.25
        (framework("ab", "ba", weights={"b": 1.0}), 0.25),
        # base 0.8, attacker of 1: 0.8 - 0.8 * 0.5 = 0.4
        (framework("ab", "ba", weights={"a": 0.8, "b": 1.0}), 0.4),
        # two supporters of 0.5 and 1: E = 1.5, h = 2.25/3.25 = 9/13, 0.5 + 0.5 * 9/13 = 11/13
        (framework("abc", "", "ba ca", weights={"c": 1.0}), 11 / 13),
        # attack and support of 0.5 each: E = 0, the base weight
        (framework("abc", "ba", "ca"), 0.5),
        # c supports b, b attacks a: b = 0.6, h(0.6) = 0.36/1.36 = 9/34, a = 0.5 - 0.5 * 9/34
        (framework("abc", "ba", "cb"), 0.5 - 0.5 * 9 / 34),
    ],
    ids=[
        "supporter",
        "attacker",
        "attacker of strength 1",
        "explicit base",
        "two supporters",
        "balance",
        "supported attacker",
    ],
)
def test_quadratic_energy_by_hand(fw: Framework, expected: float) -> None:
    # Acyclic, so Potyka's (2018) continuous model is at rest at the one-pass values.
    result = quadratic_energy(fw)
    assert result.values["a"] == pytest.approx(expected, abs=1e-12)
    assert result.converged and result.iterations == 0


@pytest.mark.parametrize(
    ("base", "p", "q"),
    [
        # base 1: s = 1 - s^2/(1+s^2) = 1/(1+s^2), i.e. s^3 + s - 1 = 0
        (1.0, 1.0, -1.0),
        # base 0.5: s = 0.5 - 0.5 s^2/(1+s^2) = 0.5/(1+s^2), i.e. s^3 + s - 0.5 = 0
        (0.5, 1.0, -0.5),
    ],
)
def test_quadratic_energy_mutual_attack(base: float, p: float, q: float) -> None:
    result = quadratic_energy(framework("ab", "ab ba", weights={"a": base, "b": base}))
    assert result.converged and result.iterations > 0
    assert values(result, "ab") == pytest.approx([cubic_root(p, q)] * 2, abs=1e-8)


def test_quadratic_energy_settles_where_df_quad_oscillates() -> None:
    # The same oscillating pair as above, read by the quadratic energy model: the continuous
    # model comes to rest (the reason Potyka integrates it rather than iterating).
    result = quadratic_energy(framework("ab", "ab ba", weights={"a": 1.0, "b": 1.0}))
    assert result.converged
    assert (
        residual(
            framework("ab", "ab ba", weights={"a": 1.0, "b": 1.0}),
            "quadratic-energy",
            result.values,
        )
        < 1e-8
    )


# --- the dispatcher and the edges of the API -------------------------------------------------


def test_dispatcher() -> None:
    fw = framework("abcd", "ab bc ca da", "db")
    assert GRADUAL == ("h-categorizer", "df-quad", "quadratic-energy")
    for semantics, function in zip(
        GRADUAL, (h_categorizer, df_quad, quadratic_energy), strict=True
    ):
        assert strengths(fw, semantics) == function(fw)
        assert strengths(fw, semantics).semantics == semantics
    assert strengths(fw, "df-quad", tolerance=1e-4).tolerance == 1e-4


def test_empty_framework() -> None:
    for semantics in GRADUAL:
        result = strengths(Framework(frozenset(), frozenset()), semantics)
        assert result.values == {} and result.converged


def test_bad_parameters() -> None:
    fw = framework("ab", "ab")
    with pytest.raises(ParameterError):
        strengths(fw, "grounded")
    with pytest.raises(ParameterError):
        h_categorizer(fw, tolerance=0)
    with pytest.raises(ParameterError):
        df_quad(fw, max_iterations=0)
    with pytest.raises(NotFound):
        contributions(fw, "df-quad", "z")
    with pytest.raises(ParameterError):
        contributions(fw, "df-quad", "b", h_categorizer(fw))


def test_default_weight_is_the_bipolar_base() -> None:
    # A lone argument: DF-QuAD and quadratic energy give the default base score, the
    # h-categorizer the classic 1.
    fw = framework("a")
    assert df_quad(fw).values["a"] == quadratic_energy(fw).values["a"] == DEFAULT_WEIGHT
    assert h_categorizer(fw).values["a"] == 1.0


# --- contributions ---------------------------------------------------------------------------


def test_contributions_by_hand() -> None:
    # a is attacked by b and d and supported by c, all unattacked.
    fw = framework("abcd", "ba da", "ca")
    # h-categorizer: a = 1/3; without b (or d): 1/2, so -1/6; the support is not read: 0.
    assert contributions(fw, "h-categorizer", "a") == pytest.approx(
        {"b": -1 / 6, "c": 0.0, "d": -1 / 6}
    )
    # DF-QuAD: va = 0.75, vs = 0.5, a = 0.5 - 0.5 * 0.25 = 0.375. Without b: va = vs = 0.5,
    # a = 0.5, so -0.125; without c: a = 0.5 - 0.5 * 0.75 = 0.125, so +0.25.
    assert contributions(fw, "df-quad", "a") == pytest.approx({"b": -0.125, "c": 0.25, "d": -0.125})
    # Quadratic energy: E = -0.5, a = 0.5 - 0.5 * 0.2 = 0.4. Without b: E = 0, a = 0.5, so
    # -0.1; without c: E = -1, a = 0.5 - 0.5 * 0.5 = 0.25, so +0.15.
    assert contributions(fw, "quadratic-energy", "a") == pytest.approx(
        {"b": -0.1, "c": 0.15, "d": -0.1}
    )
    # An argument with no attackers and no supporters has nothing to explain.
    assert contributions(fw, "df-quad", "b") == {}


def test_contributions_on_a_cycle() -> None:
    # a <-> b under the h-categorizer: both (√5-1)/2. Without b's attack on a, a is
    # unattacked (1), so b contributed (√5-1)/2 - 1 to a.
    fw = framework("ab", "ab ba")
    assert contributions(fw, "h-categorizer", "a") == pytest.approx({"b": GOLDEN - 1}, abs=1e-8)


def test_contributions_reuse_given_strengths() -> None:
    fw = framework("abcd", "ba da cd", "ca")
    for semantics in GRADUAL:
        given_strengths = strengths(fw, semantics)
        assert contributions(fw, semantics, "a", given_strengths) == pytest.approx(
            contributions(fw, semantics, "a")
        )


# --- properties on random small frameworks ---------------------------------------------------

NAMES = "abcdef"


@st.composite
def frameworks(draw: st.DrawFn, *, acyclic: bool = False, weighted: bool = True) -> Framework:
    """Up to six arguments; attacks and supports disjoint; `acyclic`: edges only go a -> b..."""
    n = draw(st.integers(1, len(NAMES)))
    names = NAMES[:n]
    pairs = [
        (x, y)
        for i, x in enumerate(names)
        for j, y in enumerate(names)
        if (i < j if acyclic else True)
    ]
    edges = st.sets(st.sampled_from(pairs)) if pairs else st.just(set())
    attacks = draw(edges)
    supports = draw(edges) - attacks
    weights = draw(st.dictionaries(st.sampled_from(names), st.floats(0, 1))) if weighted else {}
    return Framework(frozenset(names), frozenset(attacks), frozenset(supports), weights)


PROPERTIES = settings(derandomize=True, max_examples=150, deadline=None)


@PROPERTIES
@given(frameworks())
def test_strengths_are_in_the_unit_interval(fw: Framework) -> None:
    for semantics in GRADUAL:
        assert all(0 <= v <= 1 for v in strengths(fw, semantics).values.values())


@PROPERTIES
@given(frameworks(weighted=False))
def test_h_categorizer_void_precedence(fw: Framework) -> None:
    # Amgoud and Ben-Naim (2013): an unattacked argument is strongest (1 here), an attacked
    # one strictly weaker.
    result = h_categorizer(fw)
    for a in fw.arguments:
        if fw.attackers[a]:
            assert result.values[a] < 1
        else:
            assert result.values[a] == 1


@PROPERTIES
@given(frameworks())
def test_h_categorizer_solves_its_equation(fw: Framework) -> None:
    # Convergent on every framework, cyclic ones included (Pu et al. 2014; Amgoud et al. 2017
    # for the weighted one), to a fixed point of the equation.
    result = h_categorizer(fw)
    assert result.converged
    assert residual(fw, "h-categorizer", result.values) < 1e-8


@PROPERTIES
@given(frameworks(weighted=False), st.sampled_from(NAMES))
def test_h_categorizer_counting(fw: Framework, target: str) -> None:
    # Amgoud and Ben-Naim's counting: one more (unattacked, hence non-zero) attacker makes an
    # argument strictly weaker, here on cyclic frameworks too.
    if target not in fw.arguments:
        return
    more = Framework(fw.arguments | {"z"}, fw.attacks | {("z", target)}, fw.supports)
    assert h_categorizer(more).values[target] < h_categorizer(fw).values[target] - 1e-6


@PROPERTIES
@given(frameworks())
def test_df_quad_unrelated_arguments_keep_their_base(fw: Framework) -> None:
    result = df_quad(fw)
    for a in fw.arguments:
        if not fw.attackers[a] and not fw.supporters[a]:
            assert result.values[a] == fw.weight(a)


@PROPERTIES
@given(frameworks(acyclic=True))
def test_acyclic_frameworks_are_exact_in_one_pass(fw: Framework) -> None:
    # All three: the topological pass solves the equation up to rounding, with no iteration.
    for semantics in GRADUAL:
        result = strengths(fw, semantics)
        assert result.converged and result.iterations == 0
        assert residual(fw, semantics, result.values) < 1e-12


@PROPERTIES
@given(frameworks())
def test_quadratic_energy_converges_and_solves_its_equation(fw: Framework) -> None:
    result = quadratic_energy(fw)
    assert result.converged
    assert residual(fw, "quadratic-energy", result.values) < 1e-8


@PROPERTIES
@given(frameworks())
def test_converged_df_quad_solves_its_equation(fw: Framework) -> None:
    result = df_quad(fw)
    if result.converged:
        assert residual(fw, "df-quad", result.values) < 1e-8


@PROPERTIES
@given(frameworks(acyclic=True))
def test_topological_and_iterative_agree(fw: Framework) -> None:
    for semantics in GRADUAL:
        exact = strengths(fw, semantics).values
        iterated = dict(zip(fw.numbered.names, by_iteration(fw, semantics).tolist(), strict=True))
        assert iterated == pytest.approx(exact, abs=1e-9)


@PROPERTIES
@given(frameworks(acyclic=True))
def test_contribution_signs(fw: Framework) -> None:
    # On an acyclic framework, removing an attack on a only lowers a's attack aggregate (or
    # energy's negative part) and removing a support only lowers its support: attackers
    # contribute <= 0, supporters >= 0, and supporters nothing under the h-categorizer.
    for semantics in GRADUAL:
        for a in fw.arguments:
            found = contributions(fw, semantics, a)
            assert found.keys() == fw.attackers[a] | fw.supporters[a]
            for b, value in found.items():
                if b in fw.attackers[a]:
                    assert value <= 1e-12
                elif semantics == "h-categorizer":
                    assert value == 0
                else:
                    assert value >= -1e-12


@PROPERTIES
@given(frameworks(acyclic=True, weighted=False))
def test_h_categorizer_attackers_strictly_weaken(fw: Framework) -> None:
    # With every weight 1 every strength is positive, so each attacker's removal strictly
    # strengthens its target.
    for a in fw.arguments:
        for b, value in contributions(fw, "h-categorizer", a).items():
            if b in fw.attackers[a]:
                assert value < 0


# --- larger frameworks: the vectorised paths ---------------------------------------------------


def random_framework(seed: int, n: int, attacks: int, supports: int, *, acyclic: bool) -> Framework:
    rng = np.random.default_rng(seed)

    def edges(m: int) -> set[tuple[str, str]]:
        a, b = rng.integers(0, n, m), rng.integers(0, n, m)
        if acyclic:
            a, b = np.minimum(a, b), np.maximum(a, b)
            keep = a < b
            a, b = a[keep], b[keep]
        return {(f"x{i}", f"x{j}") for i, j in zip(a.tolist(), b.tolist(), strict=True)}

    attack_set = edges(attacks)
    weights = {f"x{i}": float(w) for i, w in enumerate(rng.random(n)) if i % 3 == 0}
    return Framework(
        frozenset(f"x{i}" for i in range(n)),
        frozenset(attack_set),
        frozenset(edges(supports) - attack_set),
        weights,
    )


@pytest.mark.parametrize("semantics", GRADUAL)
def test_large_acyclic_framework(semantics: str) -> None:
    # Wide layers (the numpy part of the layering) and many of them.
    fw = random_framework(7, 1000, 4000, 1000, acyclic=True)
    result = strengths(fw, semantics)
    assert result.iterations == 0
    assert residual(fw, semantics, result.values) < 1e-12
    iterated = by_iteration(fw, semantics)
    exact = np.array([result.values[name] for name in fw.numbered.names])
    assert np.abs(iterated - exact).max() < 1e-9


@pytest.mark.parametrize("semantics", GRADUAL)
def test_large_cyclic_framework(semantics: str) -> None:
    fw = random_framework(11, 1000, 5000, 1000, acyclic=False)
    result = strengths(fw, semantics)
    assert result.converged and result.iterations > 0
    assert residual(fw, semantics, result.values) < 1e-8
