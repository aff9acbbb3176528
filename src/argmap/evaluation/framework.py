"""From a map to an argumentation framework: the one statement of how claims become arguments.

The translation is a modelling choice, stated here once and explained in the README:

- every claim is an argument;
- a rebuttal from A to B is an attack from A on B;
- an undercut from U on a support P -> C attacks that inference. Abstract frameworks have no
  attacks on relations, so, as ASPIC+ does when it flattens an undercutter into an attack on
  the argument whose last rule it undercuts, U attacks the argument for C: an attack on C
  (`ArgumentMap.conclusion` is the one place that says which claim that is);
- a linked relation (several premises bearing on the target only together) becomes an
  inference argument of its own, named by the relation's id. It stands on all its premises,
  so whatever attacks one of them attacks it too (ASPIC+'s rule that an attack on a
  sub-argument is an attack on the argument); it then attacks (or, read bipolar, supports)
  the target. A single premise is its own inference, so it needs no such argument;
- supports add no attacks in the plain (Dung) reading. The bipolar reading keeps them as a
  second relation and, after Cayrol and Lagasquie-Schiex (2005), derives from them the
  supported attacks (A supports ... supports X, X attacks B: A attacks B) and the secondary
  attacks (A attacks X, X supports ... supports B: A attacks B), so that extension semantics
  see what supports do; the gradual semantics DF-QuAD and quadratic energy read the supports
  themselves.

A claim's base weight is its `am:baseWeight` when the map gives one; `DEFAULT_WEIGHT`
otherwise.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import numpy.typing as npt

from argmap.store import Store
from argmap.vocab import map_dataset, map_id_of, map_iri, node_id_of

DEFAULT_WEIGHT = 0.5
QUERY = (Path(__file__).resolve().parent / "queries" / "framework.rq").read_text(encoding="utf-8")
"""Reads the parts of every framework (see the query's header); `frameworks` builds them."""


@dataclass(frozen=True)
class Framework:
    """Arguments, who attacks whom and (for a bipolar reading) who supports whom."""

    arguments: frozenset[str]
    attacks: frozenset[tuple[str, str]]
    supports: frozenset[tuple[str, str]] = frozenset()
    weights: Mapping[str, float] = field(default_factory=dict)
    """Base weights given explicitly; `weight()` falls back to `DEFAULT_WEIGHT`."""
    inferences: frozenset[str] = frozenset()
    """The arguments that stand for a linked relation rather than a claim."""

    @cached_property
    def attackers(self) -> dict[str, frozenset[str]]:
        """Argument -> the arguments that attack it."""
        return _by_target(self.arguments, self.attacks)

    @cached_property
    def supporters(self) -> dict[str, frozenset[str]]:
        """Argument -> the arguments that support it."""
        return _by_target(self.arguments, self.supports)

    @cached_property
    def numbered(self) -> Numbered:
        """The same framework over argument numbers, for the algorithms that run at scale."""
        return Numbered.of(self)

    def weight(self, argument: str) -> float:
        """The base weight of an argument: the map's, or the default."""
        return self.weights.get(argument, DEFAULT_WEIGHT)


@dataclass(frozen=True)
class Numbered:
    """A framework as arrays: argument i is `names[i]`; edge k runs `*_from[k]` -> `*_to[k]`."""

    names: tuple[str, ...]
    number: dict[str, int]
    attack_from: npt.NDArray[np.int64]
    attack_to: npt.NDArray[np.int64]
    support_from: npt.NDArray[np.int64]
    support_to: npt.NDArray[np.int64]
    weights: npt.NDArray[np.float64]

    @classmethod
    def of(cls, framework: Framework) -> Numbered:
        """Number the arguments in sorted order, so that every run numbers them alike."""
        names = tuple(sorted(framework.arguments))
        number = {name: i for i, name in enumerate(names)}

        def arrays(edges: frozenset[tuple[str, str]]) -> tuple[npt.NDArray[np.int64], ...]:
            pairs = np.array([(number[s], number[t]) for s, t in edges], dtype=np.int64)
            pairs = pairs.reshape(-1, 2)
            return pairs[:, 0].copy(), pairs[:, 1].copy()

        attack_from, attack_to = arrays(framework.attacks)
        support_from, support_to = arrays(framework.supports)
        weights = np.array([framework.weight(n) for n in names], dtype=np.float64)
        return cls(names, number, attack_from, attack_to, support_from, support_to, weights)


def _by_target(
    arguments: frozenset[str], edges: Iterable[tuple[str, str]]
) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {a: set() for a in arguments}
    for source, target in edges:
        found[target].add(source)
    return {a: frozenset(s) for a, s in found.items()}


@dataclass(frozen=True)
class Parts:
    """What one map's framework is built from, as the framework query reads it."""

    claims: dict[str, float | None] = field(default_factory=dict)
    """Claim id -> its explicit base weight, or None."""
    relations: dict[str, tuple[str, set[str], str]] = field(default_factory=dict)
    """Relation id -> (kind, premises, conclusion)."""


def parts_of(rows: Iterable[Mapping[str, str]]) -> dict[str, Parts]:
    """The rows of the framework query (values as plain strings), map id -> parts."""
    found: dict[str, Parts] = {}
    for row in rows:
        map_id = map_id_of(row["map"])
        if map_id is None:
            continue
        parts = found.setdefault(map_id, Parts())
        if "node" in row:
            weight = row.get("weight")
            parts.claims[node_id_of(row["node"])] = float(weight) if weight else None
        else:
            _, premises, _ = parts.relations.setdefault(
                node_id_of(row["relation"]),
                (row["kind"], set(), node_id_of(row["conclusion"])),
            )
            premises.add(node_id_of(row["premise"]))
    return found


def read(store: Store, map_id: str, *, bipolar: bool = False) -> Framework:
    """The framework of a stored map, read from its graph and inferences alone."""
    table = store.select(QUERY, {"map": map_iri(map_id)}, map_dataset(map_id))
    rows = [{k: str(v) for k, v in row.items()} for row in table.rows]
    return build(parts_of(rows).get(map_id, Parts()), bipolar=bipolar)


def build(parts: Parts, *, bipolar: bool = False) -> Framework:
    """The framework of a map (see the module docstring); `bipolar` adds the derived attacks.

    The supports are kept either way, for the gradual semantics that read them.
    """
    claims = parts.claims
    attacks: set[tuple[str, str]] = set()
    supports: set[tuple[str, str]] = set()
    inferences: dict[str, tuple[str, ...]] = {}
    for relation, (kind, all_premises, target) in sorted(parts.relations.items()):
        premises = tuple(sorted(p for p in all_premises if p in claims))
        if target not in claims or not premises:
            continue
        source = premises[0]
        if len(premises) > 1:
            source = relation
            inferences[source] = premises
        (supports if kind == "supports" else attacks).add((source, target))
    # An inference argument falls with any of its premises. Its premises are claims, never
    # other inference arguments, so one pass over the attacks on claims finds them all.
    on_claims = list(attacks)
    for inference, premises in inferences.items():
        attacks.update((a, inference) for a, t in on_claims if t in premises)
    if bipolar:
        attacks |= derived_attacks(attacks, supports)
    weights = {c: w for c, w in claims.items() if w is not None}
    return Framework(
        frozenset(claims.keys() | inferences.keys()),
        frozenset(attacks),
        frozenset(supports),
        weights,
        frozenset(inferences),
    )


def derived_attacks(
    attacks: Iterable[tuple[str, str]], supports: Iterable[tuple[str, str]]
) -> set[tuple[str, str]]:
    """The supported and secondary attacks of Cayrol and Lagasquie-Schiex (2005).

    >>> sorted(derived_attacks({("x", "b")}, {("a", "x")}))  # a supports x, x attacks b
    [('a', 'b')]
    >>> sorted(derived_attacks({("a", "x")}, {("x", "b")}))  # a attacks x, x supports b
    [('a', 'b')]
    """
    onward: dict[str, set[str]] = {}
    for source, target in supports:
        onward.setdefault(source, set()).add(target)
    reach = {a: _reachable(a, onward) for a in onward}
    attacks = set(attacks)
    attacked_by: dict[str, set[str]] = {}
    for attacker, attacked in attacks:
        attacked_by.setdefault(attacker, set()).add(attacked)
    found: set[tuple[str, str]] = set()
    for attacker, attacked in attacks:
        # secondary: the attacker also attacks everything `attacked` supports, directly or not
        found.update((attacker, b) for b in reach.get(attacked, ()))
    for supporter, supported in reach.items():
        # supported: whoever supports (a chain to) an attacker attacks what that one attacks
        for x in supported:
            found.update((supporter, b) for b in attacked_by.get(x, ()))
    return found - attacks


def _reachable(start: str, onward: Mapping[str, set[str]]) -> set[str]:
    seen: set[str] = set()
    queue = deque(onward.get(start, ()))
    while queue:
        node = queue.popleft()
        if node not in seen:
            seen.add(node)
            queue.extend(onward.get(node, ()))
    return seen
