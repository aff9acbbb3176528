"""One semantics over one framework: the verdicts, the extensions and why, as one result.

This is what `argmap evaluate`, `GET /maps/{id}/evaluation` and the evaluation graph of every
stored map (`argmap.evaluation.rdf`) report. Extension semantics give each claim a status:
under grounded `accepted`, `rejected` or `undecided`; under complete, preferred and stable
`sceptically-accepted` (in every extension), `credulously-accepted` (in some) or `rejected`
(in none). Acceptance is decided by the solver claim by claim, so it is exact even when the
extensions are too many to list (`MAX_EXTENSIONS`); a framework without a stable extension
gets no statuses under stable, and a message that says so. Gradual semantics give each
claim a strength.

Inference arguments (linked relations, see `argmap.evaluation.framework`) are part of the
framework but not of the result: the result speaks of claims.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from argmap.evaluation import extensions, gradual
from argmap.evaluation.framework import Framework
from argmap.vocab import SEMANTICS_KIND, SEMANTICS_KINDS

SEMANTICS: tuple[str, ...] = tuple(k.name for k in SEMANTICS_KINDS)
EXPLAINED_UP_TO = 2_000
"""Frameworks larger than this are evaluated without explanations unless some are asked for."""


@dataclass
class Result:
    """What one semantics says of a framework's claims, and why."""

    semantics: str
    status: dict[str, str] = field(default_factory=dict)
    strength: dict[str, float] = field(default_factory=dict)
    extensions: list[list[str]] | None = None
    """Every extension (claims only), or None for a gradual semantics."""
    extensions_complete: bool = True
    """False when the enumeration stopped at `MAX_EXTENSIONS`."""
    explanations: dict[str, dict[str, Any]] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    converged: bool = True
    tolerance: float | None = None
    base_weight: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The result as the CLI's --json and the API print it."""
        found: dict[str, Any] = {"semantics": self.semantics}
        if self.extensions is not None:
            found["extensions"] = self.extensions
            found["extensions_complete"] = self.extensions_complete
            found["status"] = self.status
        else:
            found["strength"] = self.strength
            found["base_weight"] = self.base_weight
            found["converged"] = self.converged
            found["tolerance"] = self.tolerance
        found["explanations"] = self.explanations
        found["messages"] = self.messages
        return found


def evaluate(
    framework: Framework,
    semantics: str,
    *,
    explain: bool | list[str] = True,
    limit: int = extensions.MAX_EXTENSIONS,
) -> Result:
    """Evaluate a framework under one semantics; `explain` says for which claims to say why."""
    kind = SEMANTICS_KIND[semantics]
    claims = sorted(framework.arguments - framework.inferences)
    if explain is True:
        wanted = claims if len(framework.arguments) <= EXPLAINED_UP_TO else []
    else:
        wanted = sorted(set(explain or []) & set(claims))
    if kind.gradual:
        return _gradual(framework, semantics, claims, wanted)
    return _extensions(framework, semantics, claims, wanted, limit)


def _gradual(framework: Framework, semantics: str, claims: list[str], wanted: list[str]) -> Result:
    found = gradual.strengths(framework, semantics)
    result = Result(semantics, converged=found.converged, tolerance=found.tolerance)
    result.strength = {c: found.values[c] for c in claims}
    result.base_weight = {c: _base(framework, semantics, c) for c in claims}
    if not found.converged:
        result.messages.append(
            f"{semantics} did not reach the tolerance {found.tolerance:g} in "
            f"{found.iterations} iterations: the strengths are its last iterate"
        )
    for claim in wanted:
        contributions = gradual.contributions(framework, semantics, claim, found)
        result.explanations[claim] = {
            "strength": found.values[claim],
            "base_weight": result.base_weight[claim],
            "contributions": [
                {
                    "id": other,
                    "relation": "attacks" if other in framework.attackers[claim] else "supports",
                    "contribution": value,
                }
                for other, value in sorted(contributions.items(), key=lambda kv: kv[1])
            ],
        }
    return result


def _base(framework: Framework, semantics: str, claim: str) -> float:
    # The h-categorizer starts every argument at 1 unless the map weighs it (see gradual).
    if semantics == "h-categorizer" and claim not in framework.weights:
        return 1.0
    return framework.weight(claim)


def _extensions(
    framework: Framework, semantics: str, claims: list[str], wanted: list[str], limit: int
) -> Result:
    result = Result(semantics)
    labelling = extensions.grounded_labelling(framework)
    decided = not labelling.undecided
    # With nothing undecided the grounded extension is the only complete one, and it is
    # stable (it attacks everything outside it): no solver is needed, whatever the semantics.
    if semantics == "grounded" or decided:
        listed = [labelling.accepted]
    else:
        enumeration = extensions.enumerate_extensions(framework, semantics, limit=limit)
        listed = enumeration.extensions
        if enumeration.message:
            result.extensions_complete = False
            result.messages.append(enumeration.message)
    result.extensions = [sorted(e - framework.inferences) for e in listed]
    if semantics == "grounded":
        result.status = {c: labelling.status(c) for c in claims}
    elif decided:
        result.status = {
            c: "sceptically-accepted" if c in labelling.accepted else "rejected" for c in claims
        }
    elif not listed:  # only stable semantics can have no extension at all
        result.messages.append(
            "this framework has no stable extension: no conflict-free set of claims attacks "
            "every claim outside it, so stable semantics accepts nothing, not even credulously"
        )
        return result
    else:
        acceptance = extensions.acceptance(framework, semantics, claims)
        result.status = {c: extensions.verdict(acceptance[c]) for c in claims}
    for claim in wanted:
        result.explanations[claim] = extensions.explain(framework, semantics, claim).to_json()
    return result
