"""The SHACL shapes (ontology/shapes.ttl) compiled to SPARQL, so Oxigraph checks many maps at once.

pyshacl validates one rdflib graph at a time, some 850 quads a second; these queries check the
same constraints over every map of an import in one pass each, inside the engine. Each
constraint of a property shape becomes one SELECT that returns `?focus` (and `?value` when
SHACL reports the offending value), read over a default graph holding the maps and the
ontology, so that `rdfs:subClassOf*` reaches the class tree as pyshacl's `ont_graph` does.

Only the constraint components the shapes use are compiled; any other one raises, so the
shapes cannot grow a constraint this module silently ignores. `tests/test_shapes_sparql.py`
holds the results to pyshacl's on broken maps.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

from argmap import resources

RDFS_SUBCLASS = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"

# What a property shape may say besides its constraints.
_DESCRIPTIVE = {RDF.type, SH.path, SH.message, SH.severity, SH.name, SH.description}
# Read together with sh:qualifiedValueShape.
_QUALIFIED = {SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.flags}


@dataclass(frozen=True)
class Constraint:
    """One constraint of one property shape, as a SELECT of the focus nodes that break it."""

    shape: str
    path: URIRef
    message: str
    warning: bool
    reports_value: bool
    sparql: str


def _iri(term: Node) -> str:
    return f"<{term}>"


def _instance_of(var: str, cls: Node) -> str:
    return f"{var} a/{RDFS_SUBCLASS}* {_iri(cls)}"


def _targets(shapes: Graph, shape: Node) -> str:
    classes = sorted(shapes.objects(shape, SH.targetClass), key=str)
    if not classes or any(
        (shape, p, None) in shapes for p in (SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
    ):
        raise ValueError(f"shape {shape}: only sh:targetClass targets are compiled")
    return " UNION ".join(f"{{ {_instance_of('?focus', c)} }}" for c in classes)


def _value_test(component: URIRef, argument: Node, shapes: Graph, shape: Node, prop: Node) -> str:
    """A SPARQL expression true when `?value` breaks a value-type constraint."""
    if component == SH.datatype:
        # A literal of another datatype, or an ill-typed one (a cast to its own type fails).
        test = f"!isLiteral(?value) || datatype(?value) != {_iri(argument)}"
        if argument == XSD.integer:
            test += f' || !isNumeric(COALESCE({_iri(XSD.integer)}(STR(?value)), "ill-typed"))'
        return test
    if component == SH["class"]:
        return f"NOT EXISTS {{ {_instance_of('?value', argument)} }}"
    if component == SH.minLength:
        return f"isBlank(?value) || STRLEN(STR(?value)) < {_int(argument)}"
    if component == SH.pattern:
        flags = shapes.value(prop, SH.flags)
        regex = Literal(str(argument)).n3()
        extra = f", {Literal(str(flags)).n3()}" if flags is not None else ""
        return f"isBlank(?value) || !REGEX(STR(?value), {regex}{extra})"
    if component == SH.minInclusive:
        # Not comparable with the bound counts as breaking it, as in SHACL.
        return f"!COALESCE(?value >= {_literal(argument)}, false)"
    if component == SH.maxInclusive:
        return f"!COALESCE(?value <= {_literal(argument)}, false)"
    if component == SH["or"]:
        alternatives = []
        for member in Collection(shapes, argument):
            cls = shapes.value(member, SH["class"])
            if cls is None or len(list(shapes.predicate_objects(member))) != 1:
                raise ValueError(f"shape {shape}: sh:or is compiled only over [ sh:class C ]")
            alternatives.append(f"EXISTS {{ {_instance_of('?value', cls)} }}")
        return f"!({' || '.join(alternatives)})"
    raise ValueError(f"shape {shape}: no SPARQL for {component}")


def _int(term: Node) -> int:
    if not isinstance(term, Literal):
        raise ValueError(f"expected a whole number, not {term}")
    return int(str(term))


def _literal(term: Node) -> str:
    if not isinstance(term, Literal):
        raise ValueError(f"expected a literal, not {term}")
    return f'"{term}"^^<{term.datatype or XSD.string}>'


def _property_constraints(shapes: Graph, node_shape: Node, prop: Node) -> list[Constraint]:
    path = shapes.value(prop, SH.path)
    if not isinstance(path, URIRef):
        raise ValueError(f"shape {node_shape}: only a single predicate is compiled as sh:path")
    message = str(shapes.value(prop, SH.message) or "violates a shape")
    warning = shapes.value(prop, SH.severity) == SH.Warning
    targets = _targets(shapes, node_shape)
    name = str(node_shape)
    p = _iri(path)
    found = []

    def add(sparql: str, reports_value: bool) -> None:
        found.append(Constraint(name, path, message, warning, reports_value, sparql))

    for component, argument in sorted(shapes.predicate_objects(prop), key=str):
        if component in _DESCRIPTIVE or component in _QUALIFIED:
            continue
        if component == SH.minCount:
            n = _int(argument)
            add(
                f"SELECT DISTINCT ?focus WHERE {{ {targets} "
                f"OPTIONAL {{ ?focus {p} ?v }} }} GROUP BY ?focus HAVING(COUNT(DISTINCT ?v) < {n})",
                False,
            )
        elif component == SH.maxCount:
            n = _int(argument)
            add(
                f"SELECT DISTINCT ?focus WHERE {{ {targets} ?focus {p} ?v }} "
                f"GROUP BY ?focus HAVING(COUNT(DISTINCT ?v) > {n})",
                False,
            )
        elif component == SH.qualifiedValueShape:
            cls = shapes.value(argument, SH["class"])
            if cls is None or len(list(shapes.predicate_objects(argument))) != 1:
                raise ValueError(
                    f"shape {node_shape}: qualified shapes are compiled only as [ sh:class C ]"
                )
            low = shapes.value(prop, SH.qualifiedMinCount)
            high = shapes.value(prop, SH.qualifiedMaxCount)
            bounds = []
            if low is not None:
                bounds.append(f"?n < {_int(low)}")
            if high is not None:
                bounds.append(f"?n > {_int(high)}")
            add(
                f"SELECT DISTINCT ?focus WHERE {{ {{ SELECT ?focus (COUNT(DISTINCT ?v) AS ?n) "
                f"WHERE {{ {targets} OPTIONAL {{ ?focus {p} ?v . {_instance_of('?v', cls)} }} }} "
                f"GROUP BY ?focus }} FILTER({' || '.join(bounds)}) }}",
                False,
            )
        else:
            assert isinstance(component, URIRef)
            test = _value_test(component, argument, shapes, node_shape, prop)
            add(
                f"SELECT DISTINCT ?focus ?value WHERE {{ {targets} ?focus {p} ?value . "
                f"FILTER({test}) }}",
                True,
            )
    return found


@cache
def shapes_graph() -> Graph:
    """The shipped SHACL shapes (ontology/shapes.ttl), parsed once per process."""
    return Graph().parse(resources.shapes_file(), format="turtle")


@cache
def constraints() -> tuple[Constraint, ...]:
    """Every constraint of the shipped shapes, compiled."""
    return compile_shapes(shapes_graph())


def compile_shapes(shapes: Graph) -> tuple[Constraint, ...]:
    """The constraints of a shapes graph as SPARQL; ValueError for what is not compiled."""
    found: list[Constraint] = []
    for node_shape in sorted(shapes.subjects(RDF.type, SH.NodeShape), key=str):
        for predicate in set(shapes.predicates(node_shape)):
            if predicate not in (RDF.type, SH.targetClass, SH.property):
                raise ValueError(f"shape {node_shape}: {predicate} on a node shape is not compiled")
        for prop in sorted(shapes.objects(node_shape, SH.property), key=str):
            found += _property_constraints(shapes, node_shape, prop)
    return tuple(found)
