"""Write a deterministic synthetic corpus of argument maps as N-Quads or TriG.

Run: .venv/bin/python bench/corpus.py --maps N [--seed S] [--out FILE] [--format nquads|trig]
Each map is in its own named graph `https://w3id.org/argmap/map/<id>`, shaped like the shipped
map at a smaller scale (about 100 quads): the am:ArgumentMap node, a recommendation, claims in a
support chain, evidence, a counterexample about a case, an assumption (a reconstruction), the
analyst and other agents, sources, reified supports and attacks (rebuttals, an undercut, some
linked), their shortcuts, and a text anchor. Sources, agents and cases come from pools shared by
the whole corpus: maps that draw the same one give it the same node id, title or label and
`am:externalId`, which is how the data model lets two maps name one thing (node IRIs are per
map). The identifiers are under https://example.org/synthetic/, and every label says
"Synthetic": no claim in it is about anything real.

Map `k` depends only on the seed and `k`, so a larger corpus of the same seed starts with the
maps of a smaller one. The file is already complete: `argmap import` adds no triple to a map's
graph (only its inferred graph).
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

BASE = "https://w3id.org/argmap/map/"
AM = "https://w3id.org/argmap#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
XSD = "http://www.w3.org/2001/XMLSchema#"

AGENT_POOL = 40
SOURCE_POOL = 300
CASE_POOL = 25
AGENT_KINDS = ("Person", "State", "Organisation", "Group")
FORMATS = ("nquads", "trig")

Term = str
"""An RDF term already written in N-Triples syntax."""


def iri(value: str) -> Term:
    """An IRI term."""
    return f"<{value}>"


def literal(value: str | int, datatype: str | None = None) -> Term:
    """A literal term: a plain string, or a value of an XSD datatype (an int is xsd:integer)."""
    if isinstance(value, int):
        return f'"{value}"^^<{XSD}integer>'
    text = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"' if datatype is None else f'"{text}"^^<{XSD}{datatype}>'


def map_id(seed: int, index: int) -> str:
    """The id of map `index` of the corpus of `seed`."""
    return f"synthetic-s{seed}-{index:06d}"


@dataclass
class MapWriter:
    """Collects the triples of one map, naming its nodes under the map's IRI."""

    map_id: str
    triples: list[tuple[Term, Term, Term]] = field(default_factory=list)

    @property
    def map(self) -> Term:
        return iri(BASE + self.map_id)

    def node(self, node_id: str) -> Term:
        return iri(f"{BASE}{self.map_id}/{node_id}")

    def add(self, subject: Term, predicate: str, obj: Term) -> None:
        self.triples.append((subject, iri(predicate), obj))

    def member(self, node_id: str, *classes: str) -> Term:
        """A node of the map: its classes, dcterms:identifier and am:inMap."""
        node = self.node(node_id)
        for cls in classes:
            self.add(node, RDF_TYPE, iri(AM + cls))
        self.add(node, DCTERMS + "identifier", literal(node_id))
        self.add(node, AM + "inMap", self.map)
        return node

    def shared(self, node_id: str, cls: str, name_property: str, name: str, kind: str) -> Term:
        """A source, agent or case of a corpus-wide pool, named the same in every map."""
        node = self.member(node_id, cls)
        self.add(node, name_property, literal(name))
        external = f"https://example.org/synthetic/{kind}/{node_id.split('-', 1)[1]}"
        self.add(node, AM + "externalId", literal(external, "anyURI"))
        return node

    def claim(self, node_id: str, label: str, *classes: str) -> Term:
        node = self.member(node_id, *classes)
        self.add(node, RDFS + "label", literal(label))
        return node

    def relation(
        self,
        node_id: str,
        premises: list[Term],
        target: Term,
        kind: str,
        rationale: str,
    ) -> Term:
        """A reified Support or Attack with its rationale and the shortcut of each premise."""
        classes = {"supports": ("Support",), "rebuts": ("Attack", "Rebuttal")}
        node = self.member(node_id, *classes.get(kind, ("Attack", "Undercut")))
        for premise in premises:
            self.add(node, AM + "from", premise)
            self.add(premise, AM + kind, target)
            if kind != "supports":
                # Compiled maps assert the super-property too; so does the import's completion.
                self.add(premise, AM + "undermines", target)
        self.add(node, AM + "to", target)
        self.add(node, AM + "rationale", literal(rationale))
        return node

    def anchor(self, node: Term, node_id: str, quote: str) -> None:
        """A text anchor with its quote and position selectors, as the compiled maps have."""
        base = f"{BASE}{self.map_id}/{node_id}"
        anchor, quoted, position = iri(base + "#anchor"), iri(base + "#quote"), iri(base + "#at")
        self.add(node, AM + "hasAnchor", anchor)
        self.add(anchor, RDF_TYPE, iri(AM + "TextAnchor"))
        self.add(anchor, OA + "hasSource", self.node("text"))
        self.add(anchor, OA + "hasSelector", quoted)
        self.add(anchor, OA + "hasSelector", position)
        self.add(quoted, RDF_TYPE, iri(OA + "TextQuoteSelector"))
        self.add(quoted, OA + "exact", literal(quote))
        self.add(position, RDF_TYPE, iri(OA + "TextPositionSelector"))
        self.add(position, OA + "start", literal(0))
        self.add(position, OA + "end", literal(len(quote)))


def generate_map(seed: int, index: int) -> MapWriter:
    """The triples of map `index` of the corpus of `seed` (the same whatever the corpus size)."""
    # A string seed is hashed with SHA-512 by `random`, so this does not depend on PYTHONHASHSEED.
    rng = random.Random(f"argmap-corpus:{seed}:{index}")
    m = MapWriter(map_id(seed, index))
    title = f"Synthetic map {index} (seed {seed})"

    m.add(m.map, RDF_TYPE, iri(AM + "ArgumentMap"))
    m.add(m.map, RDFS + "label", literal(title))
    m.add(m.map, DCTERMS + "title", literal(title))
    m.add(m.map, DCTERMS + "identifier", literal(m.map_id))
    m.add(
        m.map,
        DCTERMS + "description",
        literal("Generated by bench/corpus.py for benchmarks; every claim is a placeholder."),
    )
    analyst = m.member("analyst", "Organisation")
    m.add(analyst, RDFS + "label", literal("Synthetic analyst (bench/corpus.py)"))
    m.add(m.map, DCTERMS + "creator", analyst)

    # Context nodes drawn from the corpus-wide pools: the same number gives the same id and name.
    agents = []
    for k in sorted(rng.sample(range(AGENT_POOL), rng.randint(1, 2))):
        kind = AGENT_KINDS[k % len(AGENT_KINDS)]
        label = f"Synthetic agent {k}"
        agents.append(m.shared(f"agent-{k:02d}", kind, RDFS + "label", label, "agent"))
    sources = []
    for k in sorted(rng.sample(range(SOURCE_POOL), 1 + (rng.random() < 0.25))):
        title = f"Synthetic source {k}"
        sources.append(m.shared(f"src-{k:03d}", "Source", DCTERMS + "title", title, "source"))
    k = rng.randrange(CASE_POOL)
    case = m.shared(f"case-{k:02d}", "Case", RDFS + "label", f"Synthetic case {k}", "case")

    rec = m.claim("rec", f"Synthetic recommendation {index}", "Recommendation")
    m.add(rec, AM + "attributedTo", rng.choice(agents))
    m.add(rec, AM + "hasSource", rng.choice(sources))
    m.anchor(rec, "rec", f"Synthetic quote of recommendation {index}")

    # A support chain: evidence -> claim-1 -> ... -> claim-n -> the recommendation.
    chain = []
    for j in range(1, 2 + (rng.random() < 0.3)):
        claim = m.claim(f"claim-{j}", f"Synthetic claim {index}.{j}", "Claim")
        if rng.random() < 0.5:
            m.add(claim, AM + "attributedTo", rng.choice(agents))
        chain.append(claim)
    evidence = m.claim("evidence", f"Synthetic evidence {index}", "Evidence")
    m.add(evidence, AM + "hasSource", rng.choice(sources))
    if rng.random() < 0.3:
        m.add(evidence, AM + "votesFor", literal(rng.randint(5, 30)))
        m.add(evidence, AM + "votesAgainst", literal(rng.randint(5, 30)))
    m.relation("sup-evidence", [evidence], chain[0], "supports", "Synthetic rationale: evidence.")
    steps = [*chain, rec]
    last_step = rec
    for j in range(len(chain)):
        last_step = m.relation(
            f"sup-{j + 1}", [steps[j]], steps[j + 1], "supports", f"Synthetic rationale {j + 1}."
        )

    # The assumption the recommendation rests on, which a counterexample and an objection attack.
    assumption = m.claim(
        "assumption", f"Synthetic assumption {index}", "Assumption", "Reconstruction"
    )
    m.add(assumption, AM + "ascribedTo", rng.choice(agents))
    m.add(assumption, PROV + "wasAttributedTo", analyst)
    m.relation("sup-assumption", [assumption], rec, "supports", "Synthetic rationale: assumed.")
    counter = m.claim("counterexample", f"Synthetic counterexample {index}", "Counterexample")
    m.add(counter, AM + "concernsCase", case)
    objection = m.claim("objection", f"Synthetic objection {index}", "Claim")
    if rng.random() < 0.5:
        m.add(objection, AM + "attributedTo", rng.choice(agents))
    linked = rng.random() < 0.3
    premises = [counter, objection] if linked else [counter]
    m.relation("att-assumption", premises, assumption, "rebuts", "Synthetic rationale: rebuttal.")
    m.relation("att-step", [objection], last_step, "undercuts", "Synthetic rationale: undercut.")
    if rng.random() < 0.25:
        m.relation("att-rec", [counter], rec, "rebuts", "Synthetic rationale: direct rebuttal.")
    return m


def map_lines(m: MapWriter, fmt: str) -> Iterator[str]:
    """The lines of one map in N-Quads, or as one TriG graph block."""
    if fmt == "trig":
        yield f"{m.map} {{\n"
        for s, p, o in m.triples:
            yield f"  {s} {p} {o} .\n"
        yield "}\n"
    else:
        for s, p, o in m.triples:
            yield f"{s} {p} {o} {m.map} .\n"


def write_corpus(out: TextIO, maps: int, seed: int, fmt: str = "nquads") -> int:
    """Write `maps` maps of the corpus of `seed` to `out`; the number of quads written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (expected {', '.join(FORMATS)})")
    quads = 0
    for index in range(maps):
        m = generate_map(seed, index)
        out.writelines(map_lines(m, fmt))
        quads += len(m.triples)
    return quads


def maps_for_quads(quads: int, seed: int) -> int:
    """The fewest maps of the corpus of `seed` that hold at least `quads` quads together."""
    total, maps = 0, 0
    while total < quads:
        total += len(generate_map(seed, maps).triples)
        maps += 1
    return maps


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and write the corpus."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--maps", type=int, required=True, help="how many maps")
    parser.add_argument("--seed", type=int, default=0, help="the corpus's seed")
    parser.add_argument("--out", type=Path, help="the file to write (default: stdout)")
    parser.add_argument(
        "--format", choices=FORMATS, help="default: trig for a .trig file, else nquads"
    )
    args = parser.parse_args(argv)
    fmt = args.format or ("trig" if args.out and args.out.suffix == ".trig" else "nquads")
    if args.out is None:
        quads = write_corpus(sys.stdout, args.maps, args.seed, fmt)
    else:
        with args.out.open("w", encoding="utf-8") as out:
            quads = write_corpus(out, args.maps, args.seed, fmt)
    print(f"{args.maps} maps, {quads} quads", file=sys.stderr)


if __name__ == "__main__":
    main()
