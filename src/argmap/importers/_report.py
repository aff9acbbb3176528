"""What a reader hands on (a parsed map) and what an import reports back."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rdflib import Graph
from rdflib.namespace import RDF

from argmap.errors import Problem
from argmap.vocab import AM

CLAIM_CLASSES = (AM.Claim, AM.Recommendation, AM.Evidence, AM.Counterexample, AM.Assumption)
RELATION_CLASSES = (AM.Support, AM.Attack, AM.Rebuttal, AM.Undercut, AM.Rephrase, AM.Preference)
AGENT_CLASSES = (AM.Agent, AM.Person, AM.State, AM.Organisation, AM.Group)
CONTEXT_CLASSES = (AM.Case, AM.Source, *AGENT_CLASSES)

_COUNTED = {
    "supports": AM.Support,
    "rebuttals": AM.Rebuttal,
    "undercuts": AM.Undercut,
    "rephrases": AM.Rephrase,
    "preferences": AM.Preference,
    "agents": None,
    "sources": AM.Source,
    "cases": AM.Case,
    "anchors": AM.TextAnchor,
}


@dataclass
class ParsedMap:
    """One map read from a file: its id, its complete graph, and what the reader left out.

    `set_aside` counts what was not imported, by kind; `kept` counts what was kept beyond
    the argument structure (e.g. AIF locutions as provenance); `notes` say why, in words.
    `problems` are found while reading and reported with the validation's; `checked` is
    true when the reader already validated the graph (the YAML compiler does).
    """

    map_id: str
    graph: Graph
    set_aside: Counter[str] = field(default_factory=Counter)
    kept: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    checked: bool = False


@dataclass
class ImportReport:
    """What one import stored for one map."""

    map_id: str
    format: str
    file: str
    counts: dict[str, int]
    triples: int
    inferred: int
    set_aside: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    replaced: bool = False

    def as_dict(self) -> dict[str, object]:
        """The report as plain JSON-ready values."""
        return {
            "map": self.map_id,
            "format": self.format,
            "file": self.file,
            "counts": self.counts,
            "triples": self.triples,
            "inferred": self.inferred,
            "set_aside": self.set_aside,
            "kept": self.kept,
            "notes": self.notes,
            "warnings": self.warnings,
            "replaced": self.replaced,
        }


def count_nodes(graph: Graph) -> dict[str, int]:
    """How many claims, relations of each kind, agents, sources, cases and anchors a map has."""
    claims = {s for cls in CLAIM_CLASSES for s in graph.subjects(RDF.type, cls)}
    counts = {"claims": len(claims)}
    for name, cls in _COUNTED.items():
        classes = AGENT_CLASSES if cls is None else (cls,)
        counts[name] = len({s for c in classes for s in graph.subjects(RDF.type, c)})
    return counts
