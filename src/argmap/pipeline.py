"""The one write pipeline: every map that enters or leaves the store goes through it.

`argmap build`, `argmap import` and the service's writes all hand their maps here as
`ParsedMap`s, and `write_maps` does the rest with one policy:

1. refuse a file that holds a map twice, or a map the store has unless `replace` is set;
2. find every problem of every map (shapes, violation queries, anchors against the text)
   before anything is written, and refuse them all together with `ValidationError`; the
   shapes and queries run once over all the maps of the write, inside Oxigraph
   (`argmap.bulk`), not map by map;
3. infer every map with the rules, again all at once, and refuse a map that is then in two
   disjoint classes (`InconsistentMap`). For a map in the argmap vocabulary the rules give
   what HermiT gives (tests/test_bulk.py holds them to it), so HermiT runs only where it
   can add something: by default (`reason=None`) for a map that states OWL or RDFS axioms
   of its own, always with `reason=True` (`argmap build`, `argmap reason`), never with
   `reason=False`. Without Java, a map HermiT should see keeps the inferred graph the store
   has if its triples are unchanged (the last HermiT result is still true of it), and gets
   the rules' inferences alone otherwise, with a warning either way;
4. evaluate every map with every argumentation semantics (`argmap.evaluation`), giving the
   map's evaluation graph, so that what SPARQL says of which claims stand is never older
   than the map;
5. when the write replaces maps the store has, take an automatic snapshot of the store first
   (`argmap.snapshots`; a snapshot that fails refuses the write);
6. write every map, its inferred and evaluation graphs and (when the store lacks it or holds
   another version) the ontology in one transaction, so a file is stored whole or not at all
   and a refused write leaves the store as it was.

`delete_maps` removes maps by the same rules: unknown ids are refused before anything
changes, a snapshot comes first, and every map goes with its inferred and evaluation graphs in
one transaction.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS

from argmap import bulk, reasoning
from argmap.errors import (
    ImportFormatError,
    InconsistentMap,
    MapExists,
    NotFound,
    Problem,
    ReasonerUnavailable,
    ValidationError,
)
from argmap.evaluation.framework import QUERY as FRAMEWORK_QUERY
from argmap.evaluation.rdf import graphs_of as evaluation_graphs
from argmap.snapshots import snapshot_before
from argmap.store import OxigraphStore, Store
from argmap.terms import from_ox_triples, to_ox_triples
from argmap.validation import anchor_problems, ontology_graph, text_of
from argmap.vocab import (
    AGENT_CLASSES,
    AM,
    CLAIM_CLASSES,
    MAP_BASE,
    ONTOLOGY_IRI,
    evaluation_graph_iri,
    inferred_graph_iri,
    map_graphs,
    map_iri,
)

Step = Callable[[str], None]
"""Told the name of each step of a write as it starts (for a progress bar)."""
Progress = Callable[[str, int, int], None]
"""Told each step of a build or an import: what it is doing, how many are done, of how many."""


def steps_for(maps: int) -> int:
    """How many steps `write_maps` reports at most for this many maps."""
    return maps + 4


class StepCounter:
    """A `Step` that tells a `Progress` how many steps are done, of a total that may grow."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress, self.total, self.done = progress, total, 0

    def __call__(self, message: str) -> None:
        self.total = max(self.total, self.done + 1)  # a step not foreseen (HermiT on a map)
        if self.progress is not None:
            self.progress(message, self.done, self.total)
        self.done += 1

    def finish(self) -> None:
        """Tell the progress that every step is done."""
        if self.progress is not None:
            self.progress("done", self.total, self.total)


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
    triples: list[ox.Triple] | None = None
    """The same triples as pyoxigraph terms; a reader that never built `graph` gives only these."""

    def ox_triples(self) -> list[ox.Triple]:
        """The map's triples as pyoxigraph terms (converted from `graph` once)."""
        if self.triples is None:
            self.triples = to_ox_triples(self.graph)
        return self.triples

    def rdf(self) -> Graph:
        """The map's triples as an rdflib graph (built from `triples` once, when asked)."""
        if not len(self.graph) and self.triples:
            self.graph = from_ox_triples(self.triples)
        return self.graph


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


def count_nodes(triples: Iterable[ox.Triple]) -> dict[str, int]:
    """How many claims, relations of each kind, agents, sources, cases and anchors a map has."""
    typed: dict[str, set[str]] = defaultdict(set)
    for t in triples:
        if t.predicate == _RDF_TYPE and isinstance(t.object, ox.NamedNode):
            typed[t.object.value].add(str(t.subject))
    claims = set().union(*(typed[str(c)] for c in CLAIM_CLASSES))
    counts = {"claims": len(claims)}
    for name, cls in _COUNTED.items():
        classes = AGENT_CLASSES if cls is None else (cls,)
        counts[name] = len(set().union(*(typed[str(c)] for c in classes)))
    return counts


_RDF_TYPE = ox.NamedNode(str(RDF.type))


def write_maps(
    store: Store,
    parsed: Sequence[ParsedMap],
    *,
    fmt: str,
    name: str,
    replace: bool = False,
    reason: bool | None = None,
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
    batch = bulk.Batch()
    for p in parsed:
        batch.add(p.map_id, p.ox_triples())
    check_maps(parsed, name, roots, batch)
    tell(f"infer {name}")
    derived = batch.infer()
    _refuse_inconsistent(batch, parsed, name)
    tell(f"evaluate {name}")
    evaluations = evaluation_graphs(batch.rows(FRAMEWORK_QUERY))
    del batch  # its in-memory store holds every quad of the write once more: freed before it

    written: dict[URIRef, list[ox.Triple]] = {}
    ontology = _ontology_outdated(store, existing)
    reports = []
    for p in parsed:
        rules = derived[p.map_id]
        if reason is False or (reason is None and not own_axioms(p.ox_triples())):
            inferred, warnings = rules, list[str]()
        else:
            tell(f"reason over {p.map_id} (HermiT)")
            inferred, warnings = _hermit(store, p, rules, existing)
        written[map_iri(p.map_id)] = p.ox_triples()
        written[inferred_graph_iri(p.map_id)] = inferred
        written[evaluation_graph_iri(p.map_id)] = evaluations.get(p.map_id, [])
        reports.append(
            ImportReport(
                map_id=p.map_id,
                format=fmt,
                file=name,
                counts=count_nodes(p.ox_triples()),
                triples=len(p.ox_triples()),
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
    if ontology:
        written[ONTOLOGY_IRI] = to_ox_triples(ontology_graph())
    # A graph the store has (a replaced map, an outdated ontology) is replaced; else added.
    replacing = bool(present) or (ontology and ONTOLOGY_IRI in existing)
    _write(store, written, replacing=replacing)
    return reports


def _write(store: Store, written: dict[URIRef, list[ox.Triple]], *, replacing: bool) -> None:
    """Store the graphs in one transaction: every map of the file, or none."""
    if isinstance(store, OxigraphStore) and not replacing:
        # New graphs only: pyoxigraph adds the quads in one transaction, at engine speed,
        # without a SPARQL text of every triple to build and parse.
        store.add_graphs(written)
        return
    store.replace_graphs({name: from_ox_triples(triples) for name, triples in written.items()})


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
    store.drop_graphs([name for m in ids for name in map_graphs(m)])
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


_AXIOM_NAMESPACES = (str(OWL), str(RDFS))
# What a map may say in those namespaces without stating an axiom: names and notes.
_NOT_AXIOMS = {str(p) for p in (RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy)}


def own_axioms(triples: Iterable[ox.Triple]) -> bool:
    """Whether a map states OWL or RDFS axioms of its own (then only HermiT is complete)."""
    for t in triples:
        p = t.predicate.value
        if p in _NOT_AXIOMS:
            continue
        if p.startswith(_AXIOM_NAMESPACES):
            return True
        obj = t.object
        if t.predicate != _RDF_TYPE or not isinstance(obj, ox.NamedNode):
            continue
        if obj.value.startswith(_AXIOM_NAMESPACES):  # an owl:Class, say
            return True
            return True
    return False


def _hermit(
    store: Store, parsed: ParsedMap, rules: list[ox.Triple], existing: set[URIRef]
) -> tuple[list[ox.Triple], list[str]]:
    """The rules' inferences plus HermiT's, and the warnings to give (module docstring)."""
    derived = from_ox_triples(rules)
    try:
        hermit = reasoning.run_hermit(parsed.rdf() + derived)
        known = set(rules)
        return rules + [t for t in to_ox_triples(hermit) if t not in known], []
    except ReasonerUnavailable as exc:
        inferred_name = inferred_graph_iri(parsed.map_id)
        unchanged = (
            map_iri(parsed.map_id) in existing
            and inferred_name in existing
            and isomorphic(store.graph(map_iri(parsed.map_id)), _as_stored(parsed.rdf()))
        )
        if unchanged:
            kept = to_ox_triples(store.graph(inferred_name))
            return kept, [f"{exc} Kept the inferred graph of {parsed.map_id}."]
        return rules, [
            f"{exc} Stored only the rule inferences for {parsed.map_id}; HermiT did not "
            "check its consistency."
        ]


def _refuse_inconsistent(batch: bulk.Batch, parsed: Sequence[ParsedMap], name: str) -> None:
    found = batch.inconsistencies()
    if found:
        several = len(parsed) > 1
        problems = [
            Problem(
                f"map {map_id}: {p.message}" if several and map_id else p.message,
                file=name,
                node=p.node,
                field=p.field,
            )
            for map_id, listed in sorted(found.items(), key=lambda kv: kv[0] or "")
            for p in listed
        ]
        raise InconsistentMap(problems, f"{name}: not stored, a node is in two disjoint classes")


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


def check_maps(
    parsed: Sequence[ParsedMap], name: str, roots: Sequence[Path], batch: bulk.Batch
) -> None:
    """Raise ValidationError listing every problem of every map, each with where it is."""
    problems: list[Problem] = []
    several = len(parsed) > 1
    shapes_and_checks = batch.problems()
    for p in parsed:
        found = list(p.problems) + _substance(p)
        if not p.checked:
            found += shapes_and_checks.get(p.map_id, [])
            body = _text(p, roots)
            if body is not None:
                found += anchor_problems(p.rdf(), body)
        for problem in dict.fromkeys(found):  # once each, in order
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
    problems += [
        Problem(p.message, file=p.file or name, line=p.line, node=p.node, field=p.field)
        for p in shapes_and_checks.get(None, [])
    ]
    if problems:
        raise ValidationError(problems, f"{name}: not stored, it breaks the shapes or checks")


def _substance(parsed: ParsedMap) -> list[Problem]:
    """A map must be one: its am:ArgumentMap node, and at least one claim."""
    problems = []
    node = map_iri(parsed.map_id)
    types = {
        (t.subject.value, t.object.value)
        for t in parsed.ox_triples()
        if t.predicate == _RDF_TYPE
        and isinstance(t.subject, ox.NamedNode)
        and isinstance(t.object, ox.NamedNode)
    }
    if (str(node), str(AM.ArgumentMap)) not in types:
        problems.append(
            Problem(
                f"there is no am:ArgumentMap <{node}>: the file is not an argument map",
                node=parsed.map_id,
                field="rdf:type",
            )
        )
    claim_classes = {str(c) for c in CLAIM_CLASSES}
    if not any(cls in claim_classes for _, cls in types):
        problems.append(
            Problem("the map has no claims: there is nothing to store", node=parsed.map_id)
        )
    return problems


_SOURCE_TEXT = ox.NamedNode(str(AM.sourceText))


def _text(parsed: ParsedMap, roots: Sequence[Path]) -> str | None:
    if not any(t.predicate == _SOURCE_TEXT for t in parsed.ox_triples()):
        return None  # no text to read, and no rdflib graph to build
    for root in roots:
        body = text_of(parsed.rdf(), root)
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
