"""Draw the data model (main classes and object properties of ontology/argmap.ttl) as SVG.

Run: .venv/bin/python docs/data_model.py  (needs Graphviz `dot`); writes docs/data-model.svg.
The picture is generated from the ontology, so it cannot drift from it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from argmap import resources, vocab
from argmap.vocab import AM

HERE = Path(__file__).resolve().parent
# The kinds of claim from the vocabulary's table, and the defined class of premises.
CLAIM_KINDS = [str(k.cls).rsplit("#", 1)[1] for k in vocab.CLAIM_KINDS if k.cls != AM.Claim]
CLAIM_KINDS.append("Premise")
SHOWN = [
    "ArgumentMap",
    "Claim",
    *CLAIM_KINDS,
    # Not kinds: a claim the analyst made explicit, and a value from outside the text.
    "Reconstruction",
    "ExternalFact",
    "Support",
    "Attack",
    "Rebuttal",
    "Undercut",
    "Case",
    "Source",
    "Agent",
    "TextAnchor",
]
EXTERNAL = {
    "aif:I-node": "Claim",
    "aif:RA-node": "Support",
    "aif:CA-node": "Attack",
    "prov:Agent": "Agent",
    "oa:SpecificResource": "TextAnchor",
}
COLOURS = {
    "Claim": "#dbeafe",
    "Support": "#dcfce7",
    "Attack": "#fee2e2",
    "Rebuttal": "#fee2e2",
    "Undercut": "#fee2e2",
    "Case": "#fef9c3",
    "Source": "#f3e8ff",
    "Agent": "#f3e8ff",
    "ArgumentMap": "#e5e7eb",
    "TextAnchor": "#e5e7eb",
    "ExternalFact": "#e5e7eb",
}


def short(term: URIRef) -> str:
    """The local name of an am: term."""
    return str(term).removeprefix(str(AM))


def dot_source(onto: Graph) -> str:
    """The DOT text of the diagram."""
    lines = [
        "digraph argmap {",
        '  graph [rankdir=LR, fontname="Helvetica", nodesep=0.35, ranksep=0.7, '
        'label="argmap data model (generated from ontology/argmap.ttl)", labelloc=t];',
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=11];',
        '  edge [fontname="Helvetica", fontsize=9];',
    ]
    for name in SHOWN:
        colour = COLOURS.get(name, "#dbeafe")
        lines.append(f'  "{name}" [fillcolor="{colour}"];')
    for external, local in EXTERNAL.items():
        lines.append(f'  "{external}" [shape=note, style=filled, fillcolor=white, fontsize=9];')
        lines.append(
            f'  "{local}" -> "{external}" [style=dotted, arrowhead=onormal, '
            'label="aligned", color=gray50];'
        )
    for sub, sup in onto.subject_objects(RDFS.subClassOf):
        if (
            isinstance(sub, URIRef)
            and isinstance(sup, URIRef)
            and short(sub) in SHOWN
            and short(sup) in SHOWN
        ):
            lines.append(f'  "{short(sub)}" -> "{short(sup)}" [arrowhead=onormal, color=gray40];')
    for prop in sorted(onto.subjects(RDF.type, OWL.ObjectProperty)):
        if not str(prop).startswith(str(AM)):
            continue
        domain, range_ = onto.value(prop, RDFS.domain), onto.value(prop, RDFS.range)
        source = short(domain) if isinstance(domain, URIRef) else "Claim"
        # am:to and am:undermines have no single range: a claim, or (undercut) a support.
        if isinstance(range_, URIRef):
            target = short(range_)
        elif prop in (AM.to, AM.undermines):
            target = "Claim"
        else:
            continue
        # A property of every relation node is drawn from both kinds of relation node.
        sources = ["Support", "Attack"] if source == "ArgumentRelation" else [source]
        colour = {
            "supports": "#15803d",
            "undermines": "#b91c1c",
            "rebuts": "#b91c1c",
            "undercuts": "#b91c1c",
        }.get(short(prop), "#1f2937")
        for start in sources:
            if start in SHOWN and target in SHOWN:
                lines.append(
                    f'  "{start}" -> "{target}" [label="am:{short(prop)}", '
                    f'color="{colour}", fontcolor="{colour}"];'
                )
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> None:
    """Write docs/data-model.dot and render docs/data-model.svg."""
    onto = Graph().parse(resources.ontology_file())
    dot = dot_source(onto)
    (HERE / "data-model.dot").write_text(dot, encoding="utf-8")
    svg = subprocess.run(["dot", "-Tsvg"], input=dot.encode(), capture_output=True, check=True)
    (HERE / "data-model.svg").write_bytes(svg.stdout)


if __name__ == "__main__":
    main()
