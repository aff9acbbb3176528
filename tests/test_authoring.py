from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from argmap.authoring import compile_map
from argmap.build import compile_and_validate
from argmap.errors import AuthoringError
from argmap.vocab import AM, OA, map_iri, node_iri
from testdata import SMALL_MAP


def problems_of(path: Path) -> list[str]:
    with pytest.raises(AuthoringError) as info:
        compile_map(path)
    return [str(p) for p in info.value.problems]


def test_small_map_compiles_with_reified_nodes_shortcuts_and_anchors(
    write_map: Callable[[str], Path],
) -> None:
    compiled = compile_map(write_map(SMALL_MAP))
    g = compiled.graph
    a, c = node_iri("small", "a"), node_iri("small", "c")
    support = node_iri("small", "ac")
    assert (support, RDF.type, AM.Support) in g
    assert (support, AM["from"], a) in g and (support, AM.to, c) in g
    assert (a, AM.supports, c) in g
    assert (node_iri("small", "w"), AM.undermines, node_iri("small", "b")) in g
    assert (a, AM.inMap, map_iri("small")) in g
    quote = g.value(g.value(a, AM.hasAnchor), OA.hasSelector)
    assert quote is not None
    starts = [g.value(s, OA.start) for s in g.objects(g.value(a, AM.hasAnchor), OA.hasSelector)]
    assert Literal(0, datatype=XSD.nonNegativeInteger) in starts
    assert compiled.lines["w"] == 16


def test_unknown_kind_is_reported_with_line_and_field(write_map: Callable[[str], Path]) -> None:
    found = problems_of(write_map(SMALL_MAP.replace("{id: b, kind: claim", "{id: b, kind: claimm")))
    assert any(
        "small.yaml:14" in p and "[kind]" in p and "unknown kind 'claimm'" in p for p in found
    )


def test_dangling_relation_end_is_reported(write_map: Callable[[str], Path]) -> None:
    found = problems_of(write_map(SMALL_MAP.replace("from: w, to: b", "from: w, to: nowhere")))
    assert any(":21" in p and "[to]" in p and "dangling reference 'nowhere'" in p for p in found)


def test_duplicate_id_is_reported_with_first_line(write_map: Callable[[str], Path]) -> None:
    found = problems_of(write_map(SMALL_MAP.replace("{id: c, kind: claim", "{id: b, kind: claim")))
    assert any("duplicate id 'b' (first defined on line 14)" in p for p in found)


def test_quote_not_in_text_is_reported(write_map: Callable[[str], Path]) -> None:
    found = problems_of(
        write_map(SMALL_MAP.replace("quote: Cats are mammals.", "quote: Dogs are mammals."))
    )
    assert any(":13" in p and "[quote]" in p and "not in the text" in p for p in found)


def test_ambiguous_quote_asks_for_an_occurrence(write_map: Callable[[str], Path]) -> None:
    found = problems_of(
        write_map(SMALL_MAP.replace("quote: protect whales}", "quote: breathe air}"))
    )
    assert any("occurs 3 times" in p and "occurrence" in p for p in found)


def test_counterexample_without_case_is_reported(write_map: Callable[[str], Path]) -> None:
    found = problems_of(write_map(SMALL_MAP.replace(", cases: [case-whales]", "")))
    assert any("counterexample needs `cases`" in p for p in found)


def test_undercut_must_target_a_support(write_map: Callable[[str], Path]) -> None:
    body = SMALL_MAP + "  - {kind: undercuts, from: w, to: a, rationale: r, quote: yet}\n"
    found = problems_of(write_map(body))
    assert any("'a' is a claim, not a relation" in p for p in found)


def test_broken_yaml_names_the_line(write_map: Callable[[str], Path]) -> None:
    found = problems_of(write_map("map:\n  id: x\n  title: [unclosed\n"))
    assert found and "not valid YAML" in found[0] and ".yaml:" in found[0]


def test_vote_counts_are_integers(write_map: Callable[[str], Path]) -> None:
    body = SMALL_MAP.replace(
        "cases: [case-whales]}", "cases: [case-whales], votes: {for: 3, against: x}}"
    )
    found = problems_of(write_map(body))
    assert any("`against` must be a whole number" in p for p in found)


LINKED = """
  - id: ab-c
    kind: supports
    from: [a, b]
    to: c
    rationale: only together
    quote: So cats breathe air.
"""


def test_a_linked_relation_has_several_premises_and_gives_each_the_shortcut(
    write_map: Callable[[str], Path],
) -> None:
    g = compile_map(write_map(SMALL_MAP + LINKED)).graph
    a, b, c = (node_iri("small", n) for n in "abc")
    linked = node_iri("small", "ab-c")
    assert set(g.objects(linked, AM["from"])) == {a, b}
    assert list(g.objects(linked, AM.to)) == [c]
    assert (a, AM.supports, c) in g and (b, AM.supports, c) in g
    assert str(g.value(linked, RDFS.label)) == "a + b supports c"


def test_a_linked_relation_passes_the_shapes_and_checks(write_map: Callable[[str], Path]) -> None:
    compile_and_validate(write_map(SMALL_MAP + LINKED))


def test_a_linked_undercut_attacks_with_each_premise(write_map: Callable[[str], Path]) -> None:
    body = SMALL_MAP + (
        "  - {id: wr-ac, kind: undercuts, from: [w, r], to: ac, rationale: r, quote: yet}\n"
    )
    g = compile_map(write_map(body)).graph
    undercut, support = node_iri("small", "wr-ac"), node_iri("small", "ac")
    assert (undercut, RDF.type, AM.Undercut) in g
    for premise in (node_iri("small", "w"), node_iri("small", "r")):
        assert (premise, AM.undercuts, support) in g and (premise, AM.undermines, support) in g


def test_a_linked_relation_needs_an_id_and_two_distinct_premises(
    write_map: Callable[[str], Path],
) -> None:
    found = problems_of(write_map(SMALL_MAP + LINKED.replace("  - id: ab-c\n    kind", "  - kind")))
    assert any("[from]" in p and "needs an explicit `id`" in p for p in found)
    found = problems_of(write_map(SMALL_MAP + LINKED.replace("[a, b]", "[a]")))
    assert any("two or more claims" in p for p in found)
    found = problems_of(write_map(SMALL_MAP + LINKED.replace("[a, b]", "[a, a]")))
    assert any("each premise once" in p for p in found)
    found = problems_of(write_map(SMALL_MAP + LINKED.replace("[a, b]", "[a, nowhere]")))
    assert any("dangling reference 'nowhere'" in p for p in found)


ANALYST = "  - {id: analyst, label: The analyst, kind: person}\n"
RECONSTRUCTION = (
    "  - {id: x, kind: assumption, label: all animals breathe air, quote: breathe air."
    ", occurrence: 1, ascribed_to: [someone]}\n"
)


def with_analyst(body: str) -> str:
    """SMALL_MAP with an analyst agent who is the map's creator, plus `body` after the claims."""
    text = SMALL_MAP.replace("  source: src-small\n", "  source: src-small\n  creator: analyst\n")
    text = text.replace("agents:\n", "agents:\n" + ANALYST)
    return text.replace("relations:\n", body + "relations:\n")


def test_a_reconstruction_is_the_analysts_and_ascribed_to_whose_position_it_states(
    write_map: Callable[[str], Path],
) -> None:
    path = write_map(with_analyst(RECONSTRUCTION))
    g = compile_map(path).graph
    x, analyst = node_iri("small", "x"), node_iri("small", "analyst")
    assert (x, RDF.type, AM.Reconstruction) in g
    assert (x, AM.ascribedTo, node_iri("small", "someone")) in g
    assert (x, PROV.wasAttributedTo, analyst) in g
    assert g.value(x, AM.attributedTo) is None
    assert (map_iri("small"), PROV.wasAttributedTo, analyst) in g
    compile_and_validate(path)


def test_a_reconstruction_is_checked(write_map: Callable[[str], Path]) -> None:
    asserted = RECONSTRUCTION.replace("ascribed_to", "attributed_to: [someone], ascribed_to")
    found = problems_of(write_map(with_analyst(asserted)))
    assert any("[attributed_to]" in p and "asserted by nobody" in p for p in found)
    unascribed = RECONSTRUCTION.replace(", ascribed_to: [someone]", "")
    found = problems_of(write_map(with_analyst(unascribed)))
    assert any("an assumption is the analyst's reconstruction" in p for p in found)
    # Without an agent as the map's creator there is nobody to attribute it to.
    found = problems_of(
        write_map(SMALL_MAP.replace("relations:\n", RECONSTRUCTION + "relations:\n"))
    )
    assert any("set the map's `creator`" in p for p in found)


def test_a_value_from_outside_the_text_is_recorded_with_its_citation(
    write_map: Callable[[str], Path],
) -> None:
    body = with_analyst("").replace(
        "title: A small text, creators: [someone]}",
        "title: A small text, creators: [someone], outside_text: {title: the cover}}",
    )
    path = write_map(body)
    g = compile_map(path).graph
    source = node_iri("small", "src-small")
    fact = g.value(source, AM.hasExternalFact)
    assert fact is not None and (fact, RDF.type, AM.ExternalFact) in g
    assert set(g.objects(fact, AM.factProperty)) == {
        Literal(str(DCTERMS.title), datatype=XSD.anyURI),
        Literal(str(RDFS.label), datatype=XSD.anyURI),
    }
    assert g.value(fact, AM.citation) == Literal("the cover")
    assert (fact, PROV.wasAttributedTo, node_iri("small", "analyst")) in g
    compile_and_validate(path)


def test_outside_text_names_a_field_that_has_a_value_and_a_citation(
    write_map: Callable[[str], Path],
) -> None:
    def marked(mark: str) -> list[str]:
        return problems_of(
            write_map(SMALL_MAP.replace("label: Whales,", f"label: Whales, outside_text: {mark},"))
        )

    assert any("`quote` of case cannot be marked" in p for p in marked("{quote: x}"))
    assert any("`description` is marked but has no value" in p for p in marked("{description: x}"))
    assert any("needs a citation" in p for p in marked("{label: ''}"))
    assert any("maps each field" in p for p in marked("[label]"))
