"""The one write pipeline: every map that enters or leaves the store goes through it.

`argmap build`, `argmap import` and the service's writes all hand their maps here as
`ParsedMap`s, and `write_maps` does the rest with one policy:

1. refuse a file that holds a map twice, or a map the store has unless `replace` is set;
2. find every problem of every map (shapes, violation queries, anchors against the text)
   before anything is written, and refuse them all together with `ValidationError`;
3. infer each map (the SPARQL rules, then HermiT); without Java, a map whose triples are
   unchanged keeps the inferred graph the store has (the last HermiT result is still true
   of it), and any other map gets the rules' inferences alone, with a warning either way;
4. when the write replaces maps the store has, take an automatic snapshot of the store first
   (`argmap.snapshots`; a snapshot that fails refuses the write);
5. write every map, its inferred graph and (when the store lacks it or holds another
   version) the ontology in one transaction, so a file is stored whole or not at all and a
   refused write leaves the store as it was.

`delete_maps` removes maps by the same rules: unknown ids are refused before anything
changes, a snapshot comes first, and every map goes with its inferred graph in one transaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from argmap import reasoning
from argmap.errors import (
    ImportFormatError,
    MapExists,
    NotFound,
    Problem,
    ReasonerUnavailable,
    ValidationError,
)
from argmap.snapshots import snapshot_before
from argmap.store import OxigraphStore, Store
from argmap.validation import ontology_graph, text_of, validate_graph
from argmap.vocab import (
    AGENT_CLASSES,
    AM,
    CLAIM_CLASSES,
    MAP_BASE,
    ONTOLOGY_IRI,
    inferred_graph_iri,
    map_iri,
)

Step = Callable[[str], None]
"""Told the name of each step of a write as it starts (for a progress bar)."""


def steps_for(maps: int) -> int:
    """How many steps `write_maps` reports for this many maps."""
    return maps + 2


@dataclass
class ParsedMap:
    """One map read from a file: its id, its complete graph, and what the reader left out.

    `set_aside` counts what was not imported, by kind; `kept` counts what was kept beyond
    the argument structure (e.g. AIF locutions as provenance); `notes` say why, in words.
    `problems` are found while reading and reported with the validation's; `checked` is
    true when the reader already validated the graph (the YAML compiler does, so that its
    problems carry their line).
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
    """What one write stored for one map."""

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
        """The report as plain JSON-ready values (the map's id under `map`)."""
        values: dict[str, object] = {"map": self.map_id, **asdict(self)}
        del values["map_id"]
        return values


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


def count_nodes(graph: Graph) -> dict[str, int]:
    """How many claims, relations of each kind, agents, sources, cases and anchors a map has."""
    claims = {s for cls in CLAIM_CLASSES for s in graph.subjects(RDF.type, cls)}
    counts = {"claims": len(claims)}
    for name, cls in _COUNTED.items():
        classes = AGENT_CLASSES if cls is None else (cls,)
        counts[name] = len({s for c in classes for s in graph.subjects(RDF.type, c)})
    return counts


def write_maps(
    store: Store,
    parsed: Sequence[ParsedMap],
    *,
    fmt: str,
    name: str,
    replace: bool = False,
    reason: bool = True,
    roots: Sequence[Path] = (),
    step: Step | None = None,
) -> list[ImportReport]:
    """Validate and infer every parsed map, then write them all in one transaction."""
    tell = step or (lambda _name: None)
    seen: set[str] = set()
    for p in parsed:
        if p.map_id in seen:
            raise ImportFormatError(f"{name} holds the map {p.map_id} twice")
        seen.add(p.map_id)
    existing = set(store.graph_names())
    present = [p.map_id for p in parsed if map_iri(p.map_id) in existing]
    if present and not replace:
        raise MapExists(
            f"the store already has the map{'s' if len(present) > 1 else ''} "
            f"{', '.join(present)}; import with --replace to overwrite, or --map-id to "
            "store it under another id"
        )
    tell(f"check {name}")
    check_maps(parsed, name, roots)

    graphs: dict[URIRef, Graph] = {}
    if _ontology_outdated(store, existing):
        graphs[ONTOLOGY_IRI] = ontology_graph()
    reports = []
    for p in parsed:
        tell(f"reason over {p.map_id}")
        inferred, warnings = _infer(store, p, reason, existing)
        graphs[map_iri(p.map_id)] = p.graph
        graphs[inferred_graph_iri(p.map_id)] = inferred
        reports.append(
            ImportReport(
                map_id=p.map_id,
                format=fmt,
                file=name,
                counts=count_nodes(p.graph),
                triples=len(p.graph),
                inferred=len(inferred),
                set_aside=dict(p.set_aside),
                kept=dict(p.kept),
                notes=list(p.notes),
                warnings=warnings,
                replaced=p.map_id in present,
            )
        )
    tell("write")
    if present:
        # Taken last, so that a write refused above leaves no snapshot behind.
        snapshot_before(store, "replace-" + "+".join(present))
    store.replace_graphs(graphs)  # one transaction: every map of the file, or none
    return reports


def delete_maps(store: Store, map_ids: Sequence[str]) -> list[str]:
    """Remove maps and their inferred graphs in one transaction, after a snapshot; the ids."""
    ids = list(dict.fromkeys(map_ids))  # once each, in the order given
    held = stored_map_ids(store)
    unknown = [m for m in ids if m not in held]
    if unknown:
        names = ", ".join(map(repr, unknown))
        raise NotFound(
            f"there is no map{'s' * (len(unknown) > 1)} {names} in the store (its maps: "
            f"{', '.join(held) or 'none'}); nothing was deleted"
        )
    if not ids:
        return []
    snapshot_before(store, "delete-" + "+".join(ids))
    store.drop_graphs([name for m in ids for name in (map_iri(m), inferred_graph_iri(m))])
    return ids


def stored_map_ids(store: Store) -> list[str]:
    """The ids of the maps whose graphs the store holds, sorted."""
    # From the graph names, as write_maps decides what it replaces: a map graph whose
    # am:ArgumentMap node is missing (the `maps` query would not list it) is still deletable.
    prefix = str(MAP_BASE)
    return sorted(
        name[len(prefix) :]
        for name in map(str, store.graph_names())
        if name.startswith(prefix) and "/" not in name[len(prefix) :]
    )


def _ontology_outdated(store: Store, existing: set[URIRef]) -> bool:
    # Rewritten only when it differs from the shipped one, so that writing the same file twice
    # leaves the very same quads (the ontology's blank nodes would get new names).
    return ONTOLOGY_IRI not in existing or not isomorphic(
        store.graph(ONTOLOGY_IRI), ontology_graph()
    )


def _infer(
    store: Store, parsed: ParsedMap, reason: bool, existing: set[URIRef]
) -> tuple[Graph, list[str]]:
    """The map's inferred graph and the warnings to give (see the module docstring)."""
    try:
        return reasoning.infer(parsed.graph, use_reasoner=reason), []
    except ReasonerUnavailable as exc:
        inferred_name = inferred_graph_iri(parsed.map_id)
        unchanged = (
            map_iri(parsed.map_id) in existing
            and inferred_name in existing
            and isomorphic(store.graph(map_iri(parsed.map_id)), _as_stored(parsed.graph))
        )
        if unchanged:
            kept = store.graph(inferred_name)
            return kept, [f"{exc} Kept the inferred graph of {parsed.map_id}."]
        return reasoning.infer(parsed.graph, use_reasoner=False), [
            f"{exc} Stored only the rule inferences for {parsed.map_id}; its consistency "
            "was not checked."
        ]


def _as_stored(graph: Graph) -> Graph:
    # Oxigraph writes some literals in canonical form (an xsd:nonNegativeInteger offset comes
    # back as an xsd:integer), so compare what the store would hold, not what was parsed.
    scratch = OxigraphStore()
    try:
        scratch.replace_graphs({_SCRATCH: graph})
        return scratch.graph(_SCRATCH)
    finally:
        scratch.close()


_SCRATCH = URIRef("urn:argmap:scratch")


def check_maps(parsed: Sequence[ParsedMap], name: str, roots: Sequence[Path]) -> None:
    """Raise ValidationError listing every problem of every map, each with where it is."""
    problems: list[Problem] = []
    several = len(parsed) > 1
    for p in parsed:
        found = list(p.problems) + _substance(p)
        if not p.checked:
            found += validate_graph(p.graph, _text(p.graph, roots))
        for problem in found:
            message = f"map {p.map_id}: {problem.message}" if several else problem.message
            problems.append(
                Problem(
                    message,
                    file=problem.file or name,
                    line=problem.line,
                    node=problem.node,
                    field=problem.field,
                )
            )
    if problems:
        raise ValidationError(problems, f"{name}: not stored, it breaks the shapes or checks")


def _substance(parsed: ParsedMap) -> list[Problem]:
    """A map must be one: its am:ArgumentMap node, and at least one claim."""
    problems = []
    node = map_iri(parsed.map_id)
    if (node, RDF.type, AM.ArgumentMap) not in parsed.graph:
        problems.append(
            Problem(
                f"there is no am:ArgumentMap <{node}>: the file is not an argument map",
                node=parsed.map_id,
                field="rdf:type",
            )
        )
    if not any((None, RDF.type, cls) in parsed.graph for cls in CLAIM_CLASSES):
        problems.append(
            Problem("the map has no claims: there is nothing to store", node=parsed.map_id)
        )
    return problems


def _text(graph: Graph, roots: Sequence[Path]) -> str | None:
    for root in roots:
        body = text_of(graph, root)
        if body is not None:
            return body
    return None


def reinfer(store: Store, map_ids: Sequence[str]) -> dict[str, int]:
    """Recompute (with HermiT) the inferred graph of maps already in the store; triples per map."""
    counts = {}
    for map_id in map_ids:
        inferred = reasoning.infer(store.graph(map_iri(map_id)), use_reasoner=True)
        store.replace_graphs({inferred_graph_iri(map_id): inferred})
        counts[map_id] = len(inferred)
    return counts
