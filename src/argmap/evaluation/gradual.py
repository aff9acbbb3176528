"""Gradual semantics: a strength in [0, 1] for every argument, and what each neighbour adds.

Three semantics, each a function from the strengths of an argument's attackers (and
supporters) and its base weight to its own strength:

- the h-categorizer of Besnard and Hunter (2001), weighted as Amgoud, Ben-Naim, Doder and
  Vesic (2017) do when the map gives base weights; attacks only;
- DF-QuAD of Rago, Toni, Aurisicchio and Baroni (KR 2016); attacks and supports;
- the quadratic energy model of Potyka (KR 2018); attacks and supports.

How the strengths are found, for all three alike: when the graph of the relations a
semantics reads is acyclic, one pass in topological order gives them exactly (an argument's
strength depends only on those before it). The pass runs layer by layer (Kahn's algorithm,
each layer the arguments whose attackers and supporters are all in earlier layers), with one
vectorised numpy step per layer. On a cyclic graph the h-categorizer and DF-QuAD iterate
synchronously (Jacobi) from the base weights: the h-categorizer always converges (Pu et al.
2014 for the plain, Amgoud et al. 2017 for the weighted one), DF-QuAD may oscillate and is
then reported as not converged. The quadratic energy model on a cyclic graph follows
Potyka's continuous model, ds/dt = target(s) - s from s(0) = base weights, integrated with
an adaptive Runge-Kutta method (see `_integrate`); its discrete iteration can oscillate where
the continuous model settles. Every computation stops when the largest change (per iteration,
or per unit of time) is below the tolerance, or after `max_iterations`, with
`converged=False`: never an endless loop.

Base weights are expected in [0, 1]; the strengths are then in [0, 1] as well.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np
import numpy.typing as npt

from argmap.errors import NotFound, ParameterError
from argmap.evaluation.framework import Framework

Gradual = Literal["h-categorizer", "df-quad", "quadratic-energy"]
GRADUAL: tuple[Gradual, ...] = get_args(Gradual)

TOLERANCE = 1e-9
"""Computations stop when no strength changes by this much (per iteration or unit of time)."""
MAX_ITERATIONS = 1000
"""Iterations (or integration steps) after which a computation gives up, unconverged."""

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Strengths:
    """The strength of every argument under one gradual semantics, and how it was found."""

    values: dict[str, float]
    semantics: str
    iterations: int
    """Synchronous iterations or integration steps; 0 when one topological pass was exact."""
    converged: bool
    """False when `max_iterations` ran out first: the values are then the last iterate."""
    tolerance: float


# --- the three semantics, each as one synchronous update -------------------------------------
#
# A step takes, for the m arguments it updates, the strength of the source of every attack
# on them and that attack's target (as a number in 0..m-1), the same for supports, and their
# base weights; it returns their new strengths. The same step serves the whole framework at
# once (an iteration) and one layer of the topological pass.

Step = Callable[[Floats, Ints, Floats, Ints, Floats, int], Floats]


def _sums(targets: Ints, values: Floats, m: int) -> Floats:
    # bincount returns integers when it is given no values at all; the steps want floats.
    return np.bincount(targets, weights=values, minlength=m).astype(np.float64, copy=False)


def _h_categorizer_step(
    attacking: Floats, attacked: Ints, _s: Floats, _t: Ints, base: Floats, m: int
) -> Floats:
    return base / (1.0 + _sums(attacked, attacking, m))


def _probabilistic_sum(values: Floats, targets: Ints, m: int) -> Floats:
    """1 - prod(1 - v) per target, 0 for a target with no values (DF-QuAD's aggregation)."""
    # The product is a sum of logarithms, so that bincount can do it for all targets at once.
    # log(1 - 1) is -inf, so a value of 1 is left out of the sum and counted instead: any
    # such value makes the aggregate exactly 1.
    if not values.size:
        return np.zeros(m, dtype=np.float64)
    full = values >= 1.0
    logs = _sums(targets, np.log1p(-np.where(full, 0.0, values)), m)
    aggregate = -np.expm1(logs)  # 1 - exp(logs), accurate when logs is near 0
    if full.any():
        aggregate[np.bincount(targets[full], minlength=m) > 0] = 1.0
    return aggregate


def _df_quad_step(
    attacking: Floats, attacked: Ints, supporting: Floats, supported: Ints, base: Floats, m: int
) -> Floats:
    attack = _probabilistic_sum(attacking, attacked, m)
    support = _probabilistic_sum(supporting, supported, m)
    return np.where(
        attack >= support,
        base - base * (attack - support),
        base + (1.0 - base) * (support - attack),
    )


def _energy_influence(energy: Floats) -> Floats:
    """Potyka's h(x) = max(x, 0)^2 / (1 + max(x, 0)^2)."""
    square = np.maximum(energy, 0.0) ** 2
    return square / (1.0 + square)


def _quadratic_energy_step(
    attacking: Floats, attacked: Ints, supporting: Floats, supported: Ints, base: Floats, m: int
) -> Floats:
    energy = _sums(supported, supporting, m) - _sums(attacked, attacking, m)
    return base - base * _energy_influence(-energy) + (1.0 - base) * _energy_influence(energy)


@dataclass(frozen=True)
class _Model:
    step: Step
    bipolar: bool
    """Whether the semantics reads the supports."""
    continuous: bool
    """Whether a cyclic graph is solved by integrating ds/dt = step(s) - s."""


_MODELS: dict[str, _Model] = {
    "h-categorizer": _Model(_h_categorizer_step, bipolar=False, continuous=False),
    "df-quad": _Model(_df_quad_step, bipolar=True, continuous=False),
    "quadratic-energy": _Model(_quadratic_energy_step, bipolar=True, continuous=True),
}


# --- the framework as the arrays a semantics reads --------------------------------------------


@dataclass(frozen=True)
class _Graph:
    n: int
    attack_from: Ints
    attack_to: Ints
    support_from: Ints
    support_to: Ints
    base: Floats

    def update(self, step: Step, strengths: Floats) -> Floats:
        """One synchronous step of every argument."""
        return step(
            strengths[self.attack_from],
            self.attack_to,
            strengths[self.support_from],
            self.support_to,
            self.base,
            self.n,
        )

    def without(self, attacks: npt.NDArray[np.bool_], supports: npt.NDArray[np.bool_]) -> _Graph:
        """The graph with only the attacks and supports the masks keep."""
        return _Graph(
            self.n,
            self.attack_from[attacks],
            self.attack_to[attacks],
            self.support_from[supports],
            self.support_to[supports],
            self.base,
        )


_NO_EDGES: Ints = np.zeros(0, dtype=np.int64)


def _graph(framework: Framework, semantics: str) -> _Graph:
    numbered = framework.numbered
    n = len(numbered.names)
    if semantics != "h-categorizer":
        return _Graph(
            n,
            numbered.attack_from,
            numbered.attack_to,
            numbered.support_from,
            numbered.support_to,
            numbered.weights,
        )
    # The h-categorizer's classic weight is 1 for every argument, not the framework's default;
    # only a weight the map gives explicitly makes it the weighted h-categorizer.
    base = np.ones(n, dtype=np.float64)
    for name, weight in framework.weights.items():
        if name in numbered.number:
            base[numbered.number[name]] = weight
    return _Graph(n, numbered.attack_from, numbered.attack_to, _NO_EDGES, _NO_EDGES, base)


# --- solving ----------------------------------------------------------------------------------


# Below this many arguments a layer is cheaper to take apart in plain Python than with numpy,
# whose every call costs microseconds: a long chain has as many layers as arguments.
_THIN_LAYER = 64


def _layers(graph: _Graph) -> list[Ints] | None:
    """Kahn's algorithm, a layer at a time; None when the graph has a cycle."""
    n = graph.n
    sources = np.concatenate([graph.attack_from, graph.support_from])
    targets = np.concatenate([graph.attack_to, graph.support_to])
    waiting = np.bincount(targets, minlength=n)  # edges into each argument not yet placed
    onward = targets[np.argsort(sources, kind="stable")]
    starts = np.zeros(n + 1, dtype=np.int64)  # the edges out of i are onward[starts[i]:starts[i+1]]
    np.cumsum(np.bincount(sources, minlength=n), out=starts[1:])
    layers: list[Ints] = []
    layer: Ints = np.flatnonzero(waiting == 0)
    while layer.size >= _THIN_LAYER:
        layers.append(layer)
        first = starts[layer]
        counts = starts[layer + 1] - first
        total = int(counts.sum())
        # The positions of all edges out of the layer: each source's run first..first+count.
        runs = np.repeat(first - (np.cumsum(counts) - counts), counts)
        reached = onward[runs + np.arange(total)]
        np.subtract.at(waiting, reached, 1)
        reached = np.unique(reached)
        layer = reached[waiting[reached] == 0]
    if layer.size:
        layers.extend(_thin_layers(layer, waiting, starts, onward))
    return layers if sum(found.size for found in layers) == n else None


def _thin_layers(layer: Ints, waiting: Ints, starts: Ints, onward: Ints) -> list[Ints]:
    """The rest of Kahn's algorithm in plain Python, from `layer` on."""
    left, start, out = waiting.tolist(), starts.tolist(), onward.tolist()
    current: list[int] = layer.tolist()
    found: list[Ints] = []
    while current:
        found.append(np.array(current, dtype=np.int64))
        following: list[int] = []
        for source in current:
            for target in out[start[source] : start[source + 1]]:
                left[target] -= 1
                if left[target] == 0:
                    following.append(target)
        current = following
    return found


def _by_layer(
    layers: list[Ints], position: Ints, sources: Ints, targets: Ints
) -> tuple[Ints, Ints, Ints]:
    """Edges sorted by their target's position, with where each layer's edges start."""
    key = position[targets]
    order = np.argsort(key, kind="stable")
    bounds = np.cumsum([0] + [layer.size for layer in layers])
    return sources[order], key[order], np.searchsorted(key[order], bounds)


def _topological(graph: _Graph, step: Step, layers: list[Ints]) -> Floats:
    """Exact strengths of an acyclic graph, one vectorised step per layer."""
    if not layers:
        return np.zeros(0, dtype=np.float64)
    order = np.concatenate(layers)
    position = np.empty(graph.n, dtype=np.int64)
    position[order] = np.arange(graph.n)
    attack_from, attack_at, attack_starts = _by_layer(
        layers, position, graph.attack_from, graph.attack_to
    )
    support_from, support_at, support_starts = _by_layer(
        layers, position, graph.support_from, graph.support_to
    )
    strengths = np.empty(graph.n, dtype=np.float64)
    start = 0
    for i, layer in enumerate(layers):
        a = slice(attack_starts[i], attack_starts[i + 1])
        s = slice(support_starts[i], support_starts[i + 1])
        # Everything a layer's arguments read was set by an earlier layer.
        strengths[layer] = step(
            strengths[attack_from[a]],
            attack_at[a] - start,
            strengths[support_from[s]],
            support_at[s] - start,
            graph.base[layer],
            layer.size,
        )
        start += layer.size
    return strengths


def _iterate(
    graph: _Graph, step: Step, tolerance: float, max_iterations: int
) -> tuple[Floats, int, bool]:
    """Synchronous (Jacobi) iteration from the base weights."""
    strengths = graph.base.copy()
    for iteration in range(1, max_iterations + 1):
        updated = graph.update(step, strengths)
        change = float(np.abs(updated - strengths).max(initial=0.0))
        strengths = updated
        if change < tolerance:
            return strengths, iteration, True
    return strengths, max_iterations, False


# The integrator's step size is chosen by its own error estimate (the usual controller of an
# embedded Runge-Kutta pair), not fixed: a step short enough for a graph where many strong
# attackers make the system stiff would crawl on the others, and a step too long for the
# graph makes an explicit method blow up, which the error estimate notices first. The error
# allowed a step is at most _STEP_ERROR, and at most _STEP_SHARE of the largest rate of
# change: a fixed bound alone lets a stiff system hover at the edge of stability with an
# error of about that bound, so that the rates never fall below it; tied to the rates, the
# allowance shrinks as the system comes to rest.
_FIRST_STEP, _LONGEST_STEP, _STEP_ERROR, _STEP_SHARE = 0.5, 4.0, 1e-3, 0.01


def _integrate(
    graph: _Graph, step: Step, tolerance: float, max_iterations: int
) -> tuple[Floats, int, bool]:
    """Potyka's continuous model ds/dt = step(s) - s from the base weights, to rest.

    The method is Bogacki and Shampine's embedded Runge-Kutta pair of orders 3 and 2 (the
    one behind MATLAB's ode23): three evaluations a step, as the last rate of a step is the
    first of the next, and that rate is also what decides whether the system is at rest.
    """

    def rate(strengths: Floats) -> Floats:
        return graph.update(step, strengths) - strengths

    strengths = graph.base.copy()
    k1 = rate(strengths)
    fastest = float(np.abs(k1).max(initial=0.0))
    h, steps = _FIRST_STEP, 0
    while fastest >= tolerance:
        if steps == max_iterations:
            return strengths, steps, False
        steps += 1
        k2 = rate(strengths + h / 2 * k1)
        k3 = rate(strengths + 3 * h / 4 * k2)
        candidate = strengths + h * (2 / 9 * k1 + 1 / 3 * k2 + 4 / 9 * k3)
        k4 = rate(candidate)
        # The difference from the second-order solution estimates the step's error.
        error = h * float(
            np.abs(-5 / 72 * k1 + 1 / 12 * k2 + 1 / 9 * k3 - 1 / 8 * k4).max(initial=0.0)
        )
        allowed = min(_STEP_ERROR, _STEP_SHARE * fastest)
        if error <= allowed:
            strengths, k1 = candidate, k4
            fastest = float(np.abs(k4).max(initial=0.0))
        # The next step (or the retried one): error ~ h^3, aimed a little below the limit.
        scale = 5.0 if error == 0 else 0.9 * (allowed / error) ** (1 / 3)
        h = min(h * min(5.0, max(0.2, scale)), _LONGEST_STEP)
    # At rest to within the tolerance: return step(s) itself, which is in [0, 1] exactly as
    # every step's output is (the integrator's combinations of rates may overshoot by a hair).
    return strengths + k1, steps, True


def _solve(
    graph: _Graph, model: _Model, tolerance: float, max_iterations: int
) -> tuple[Floats, int, bool]:
    layers = _layers(graph)
    if layers is not None:
        return _topological(graph, model.step, layers), 0, True
    solve = _integrate if model.continuous else _iterate
    return solve(graph, model.step, tolerance, max_iterations)


def _check(tolerance: float, max_iterations: int) -> None:
    if not tolerance > 0:
        raise ParameterError(f"the tolerance must be positive, not {tolerance}")
    if max_iterations < 1:
        raise ParameterError(f"max_iterations must be at least 1, not {max_iterations}")


def _model(semantics: str) -> _Model:
    try:
        return _MODELS[semantics]
    except KeyError:
        raise ParameterError(
            f"unknown gradual semantics {semantics!r}; use one of {', '.join(GRADUAL)}"
        ) from None


# --- the public functions ---------------------------------------------------------------------


def strengths(
    framework: Framework,
    semantics: str,
    tolerance: float = TOLERANCE,
    max_iterations: int = MAX_ITERATIONS,
) -> Strengths:
    """The strengths of every argument under `semantics`, one of `GRADUAL`."""
    model = _model(semantics)
    _check(tolerance, max_iterations)
    values, iterations, converged = _solve(
        _graph(framework, semantics), model, tolerance, max_iterations
    )
    names = framework.numbered.names
    return Strengths(
        dict(zip(names, values.tolist(), strict=True)),
        semantics,
        iterations,
        converged,
        tolerance,
    )


def h_categorizer(
    framework: Framework, tolerance: float = TOLERANCE, max_iterations: int = MAX_ITERATIONS
) -> Strengths:
    """Besnard and Hunter's h-categorizer, s(a) = w(a) / (1 + sum of a's attackers' strengths).

    Supports are ignored. The classic definition gives every argument weight 1 (so the chain
    a -> b -> c has strengths 1, 1/2, 2/3); an argument the map gives an explicit base weight
    w (one in `framework.weights`) gets w instead, which is the weighted h-categorizer of
    Amgoud, Ben-Naim, Doder and Vesic (2017). Arguments without one keep 1, not
    `DEFAULT_WEIGHT`: that default is the neutral base score of the bipolar semantics, and
    0.5 here would halve every classic value.
    """
    return strengths(framework, "h-categorizer", tolerance, max_iterations)


def df_quad(
    framework: Framework, tolerance: float = TOLERANCE, max_iterations: int = MAX_ITERATIONS
) -> Strengths:
    """DF-QuAD (Rago, Toni, Aurisicchio and Baroni 2016), base score `framework.weight(a)`.

    The attackers' strengths aggregate to va = 1 - prod(1 - v) (0 when there are none), the
    supporters' to vs alike; with base score v0 the strength is v0 - v0 (va - vs) when
    va >= vs, else v0 + (1 - v0) (vs - va). On a cyclic graph the iteration may not converge.
    """
    return strengths(framework, "df-quad", tolerance, max_iterations)


def quadratic_energy(
    framework: Framework, tolerance: float = TOLERANCE, max_iterations: int = MAX_ITERATIONS
) -> Strengths:
    """Potyka's quadratic energy model (2018), base weight `framework.weight(a)`.

    With energy E = sum of supporters' strengths - sum of attackers' strengths and
    h(x) = max(x, 0)^2 / (1 + max(x, 0)^2), the strength is w - w h(-E) + (1 - w) h(E).
    A cyclic graph is solved by integrating the continuous model (an adaptive Runge-Kutta
    method); `iterations` then counts integration steps.
    """
    return strengths(framework, "quadratic-energy", tolerance, max_iterations)


def contributions(
    framework: Framework, semantics: str, argument: str, strengths: Strengths | None = None
) -> dict[str, float]:
    """Each direct attacker's and supporter's removal-based contribution to `argument`.

    The contribution of b is the strength of `argument` in the framework minus its strength
    in the framework without b's edge into it: the counterfactual ("removal-based")
    contribution function that Kampik, Potyka, Yin, Čyras and Toni (2024) study for
    quantitative bipolar argumentation. An attacker usually contributes a negative amount, a
    supporter a positive one; a supporter under the h-categorizer, which ignores supports,
    contributes 0. An argument that both attacks and supports `argument` has both edges
    removed at once (the result has one entry per argument). `strengths`, when given, must be
    this framework's strengths under `semantics`; it saves one computation and sets the
    tolerance of the others. If a computation does not converge (DF-QuAD on a cycle), its
    last iterate is used: check `strengths.converged` before reading much into the result.
    """
    model = _model(semantics)
    numbered = framework.numbered
    if argument not in numbered.number:
        raise NotFound(f"no argument {argument!r} in the framework")
    if strengths is not None and strengths.semantics != semantics:
        raise ParameterError(
            f"the strengths given are {strengths.semantics!r}, not {semantics!r} strengths"
        )
    tolerance = strengths.tolerance if strengths is not None else TOLERANCE
    graph = _graph(framework, semantics)
    target = numbered.number[argument]

    def strength_of_target(reduced: _Graph) -> float:
        values, _, _ = _solve(reduced, model, tolerance, MAX_ITERATIONS)
        return float(values[target])

    whole = strengths.values[argument] if strengths is not None else strength_of_target(graph)
    into_attacks = graph.attack_to == target
    into_supports = graph.support_to == target
    found: dict[str, float] = {}
    for name in sorted(framework.attackers[argument] | framework.supporters[argument]):
        source = numbered.number[name]
        attack = into_attacks & (graph.attack_from == source)
        support = into_supports & (graph.support_from == source)
        if not (attack.any() or support.any()):
            found[name] = 0.0  # an edge this semantics does not read: removing it changes nothing
            continue
        found[name] = whole - strength_of_target(graph.without(~attack, ~support))
    return found
