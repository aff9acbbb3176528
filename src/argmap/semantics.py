"""Dung's abstract argumentation semantics over a map: which claims can be accepted together.

The framework is built from a map as follows (an explicit modelling choice, so that a
researcher can compare with another solver on the same framework, see `apx`):

- every claim is an argument;
- a rebuttal from A to B is an attack from A on B;
- an undercut from U on a support P → C is an attack from U on C, the conclusion that
  support was given for (`ArgumentMap.conclusion`, the rule the analysis uses too);
- a linked attack (several premises together) is, for now, an attack from each premise: an
  abstract framework has no attacks by sets of arguments;
- supports add no attacks: a premise is not defeated with its conclusion, nor the converse,
  because a claim in a map may rest on several independent reasons.

Extensions are computed by exact search over the arguments the grounded labelling leaves
undecided, so the result is correct for any framework but exponential in that number;
frameworks with more than `MAX_UNDECIDED` undecided arguments are refused with a message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from typing import Any, Literal

from argmap.errors import FrameworkTooLarge
from argmap.model import ArgumentMap

Semantics = Literal["grounded", "complete", "preferred", "stable"]
SEMANTICS: tuple[Semantics, ...] = ("grounded", "complete", "preferred", "stable")
MAX_UNDECIDED = 22


@dataclass(frozen=True)
class Framework:
    """An abstract argumentation framework: arguments and who attacks whom."""

    arguments: frozenset[str]
    attacks: frozenset[tuple[str, str]]
    attackers: dict[str, frozenset[str]] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        by_target: dict[str, set[str]] = {a: set() for a in self.arguments}
        for source, target in self.attacks:
            by_target[target].add(source)
        object.__setattr__(self, "attackers", {a: frozenset(s) for a, s in by_target.items()})

    def conflict_free(self, extension: frozenset[str]) -> bool:
        """No member attacks a member."""
        return not any(self.attackers[a] & extension for a in extension)

    def defends(self, extension: frozenset[str], argument: str) -> bool:
        """Every attacker of `argument` is attacked by a member of `extension`."""
        return all(self.attackers[b] & extension for b in self.attackers[argument])

    def defended(self, extension: frozenset[str]) -> frozenset[str]:
        """The characteristic function: every argument `extension` defends."""
        return frozenset(a for a in self.arguments if self.defends(extension, a))

    def attacked_by(self, extension: frozenset[str]) -> frozenset[str]:
        """The arguments some member of `extension` attacks."""
        return frozenset(t for s, t in self.attacks if s in extension)


def framework_of(graph: ArgumentMap) -> Framework:
    """The framework of a map's claims and attacks (see the module docstring)."""
    arguments = frozenset(n.id for n in graph.nodes)
    attacks = {
        (premise, graph.conclusion(relation))
        for relation in graph.relations
        if relation.kind in ("rebuts", "undercuts")
        for premise in relation.premises
    }
    return Framework(
        arguments, frozenset((s, t) for s, t in attacks if s in arguments and t in arguments)
    )


def grounded(framework: Framework) -> frozenset[str]:
    """The grounded extension: the least fixed point of the characteristic function.

    >>> f = Framework(frozenset("abc"), frozenset({("a", "b"), ("b", "c")}))
    >>> sorted(grounded(f))
    ['a', 'c']
    """
    extension: frozenset[str] = frozenset()
    while (following := framework.defended(extension)) != extension:
        extension = following
    return extension


def complete(framework: Framework) -> list[frozenset[str]]:
    """Every complete extension: conflict-free sets that hold exactly what they defend.

    >>> f = Framework(frozenset("ab"), frozenset({("a", "b"), ("b", "a")}))
    >>> sorted(sorted(e) for e in complete(f))
    [[], ['a'], ['b']]
    """
    base = grounded(framework)
    # Every complete extension contains the grounded one and avoids what it attacks.
    open_ = sorted(framework.arguments - base - framework.attacked_by(base))
    if len(open_) > MAX_UNDECIDED:
        raise FrameworkTooLarge(
            f"{len(open_)} arguments stay undecided after the grounded labelling; exact search "
            f"stops at {MAX_UNDECIDED}. Export the framework (apx) for a dedicated solver."
        )
    found = []
    for size in range(len(open_) + 1):
        for chosen in combinations(open_, size):
            extension = base | frozenset(chosen)
            if framework.conflict_free(extension) and framework.defended(extension) == extension:
                found.append(extension)
    return found


def preferred(framework: Framework) -> list[frozenset[str]]:
    """The maximal complete (equivalently, maximal admissible) extensions.

    >>> f = Framework(frozenset("abc"), frozenset({("a", "b"), ("b", "c"), ("c", "a")}))
    >>> preferred(f)
    [frozenset()]
    """
    extensions = complete(framework)
    return [e for e in extensions if not any(e < other for other in extensions)]


def stable(framework: Framework) -> list[frozenset[str]]:
    """Complete extensions that attack every argument outside them (there may be none).

    >>> f = Framework(frozenset("abc"), frozenset({("a", "b"), ("b", "c"), ("c", "a")}))
    >>> stable(f)
    []
    """
    return [e for e in complete(framework) if framework.attacked_by(e) == framework.arguments - e]


def extensions(framework: Framework, semantics: Semantics) -> list[frozenset[str]]:
    """The extensions of `framework` under `semantics`, each sorted, the list sorted."""
    if semantics == "grounded":
        found = [grounded(framework)]
    else:
        found = {"complete": complete, "preferred": preferred, "stable": stable}[semantics](
            framework
        )
    return sorted(found, key=lambda e: (len(e), sorted(e)))


def status(argument: str, found: list[frozenset[str]]) -> str:
    """`accepted` in every extension (sceptically), `credulous` in some, `rejected` in none."""
    inside = [argument in e for e in found]
    if found and all(inside):
        return "accepted"
    return "credulous" if any(inside) else "rejected"


def apx(framework: Framework) -> str:
    """The framework in ASPARTIX (.apx) form, which ICCMA solvers read: arg(a). att(a,b)."""
    lines = [f"arg({_atom(a)})." for a in sorted(framework.arguments)]
    lines += [f"att({_atom(s)},{_atom(t)})." for s, t in sorted(framework.attacks)]
    return "\n".join(lines) + "\n"


def _atom(name: str) -> str:
    # Node ids are lowercase with hyphens; apx atoms take letters, digits and underscores.
    return "a_" + name.replace("-", "_")


def evaluation(graph: ArgumentMap, semantics: Semantics) -> dict[str, Any]:
    """The evaluation of a map as JSON: extensions, and the status of each recommendation."""
    framework = framework_of(graph)
    recommendations = sorted(n.id for n in graph.nodes_of_kind("recommendation"))
    found = extensions(framework, semantics)
    return {
        "map": graph.id,
        "semantics": semantics,
        "arguments": len(framework.arguments),
        "attacks": [list(a) for a in sorted(framework.attacks)],
        "extensions": [sorted(e) for e in found],
        "recommendations": [
            {"id": r, "label": graph.node(r).label, "status": status(r, found)}
            for r in recommendations
        ],
    }
