"""Which graphs a SPARQL update writes, from rdflib's algebra of it, and whether it may.

The service lets an update change map graphs only: the ontology and the inferred graphs are
argmap's to write, and a map's inferences are recomputed from the map after every change. So
every graph an operation writes must be named by a constant IRI of a map graph; a template
that writes a graph given by a variable, or the default graph, and `DROP`/`CLEAR` of `ALL`,
`NAMED` or `DEFAULT`, are refused: nothing can tell beforehand what they would change.
"""

from __future__ import annotations

from collections.abc import Iterable

from argmap.errors import QueryError, UpdateRefused


def _parse(update: str) -> list[object]:
    from rdflib.plugins.sparql.algebra import translateUpdate
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        return list(translateUpdate(parseUpdate(update)).algebra)
    except RecursionError:
        raise QueryError("the update nests too deeply to be checked; flatten it") from None
    except Exception as exc:  # pyparsing and the algebra raise many kinds
        raise QueryError(f"SPARQL syntax error in the update: {exc}") from None


def _graph_of(term: object, operation: str) -> str:
    """The map graph a graph reference names; UpdateRefused for anything else."""
    from rdflib.term import URIRef

    from argmap.vocab import MAP_BASE, MAP_ID, MAP_ID_PATTERN  # rdflib: imported when needed

    if isinstance(term, URIRef):
        iri = str(term)
        if iri.startswith(MAP_BASE) and MAP_ID.fullmatch(iri[len(MAP_BASE) :]):
            return iri
        raise UpdateRefused(
            f"{operation} would change <{iri}>, which is not a map graph: an update may "
            f"change map graphs only, named {MAP_BASE}{{id}} with an id matching "
            f"{MAP_ID_PATTERN}; the ontology and inferred graphs are argmap's to write"
        )
    if term in ("ALL", "NAMED"):
        raise UpdateRefused(
            f"{operation} {term} is refused: it would remove the ontology and the inferences "
            "with the maps. Drop maps one at a time (DROP GRAPH <…/map/{id}>, or "
            "DELETE /maps/{id}); each is snapshotted first and can be restored"
        )
    if term in ("DEFAULT", None):
        raise UpdateRefused(
            f"{operation} would change the default graph, which holds nothing in argmap: "
            "write inside GRAPH <https://w3id.org/argmap/map/{id}> { … } or use WITH"
        )
    raise UpdateRefused(
        f"{operation} writes a graph given by a variable ({term}); name the map graph "
        "with its IRI, so that the change can be checked before it is made"
    )


def _template_graphs(clause: object, with_graph: object, operation: str) -> Iterable[str]:
    from rdflib.plugins.sparql.parserutils import CompValue

    if not isinstance(clause, CompValue):  # a DELETE without INSERT, or the reverse
        return []
    quads = clause.get("quads") or {}
    triples = clause.get("triples") or []
    graphs = [_graph_of(g, operation) for g, patterns in quads.items() if patterns]
    if triples:
        graphs.append(_graph_of(with_graph, operation))
    return graphs


def written_graphs(update: str) -> list[str]:
    """The map graphs an update writes, in order; UpdateRefused if it writes anything else."""
    targets: list[str] = []
    for op in _parse(update):
        name: str = op.name  # type: ignore[attr-defined]
        get = op.get  # type: ignore[attr-defined]
        keyword = {
            "InsertData": "INSERT DATA",
            "DeleteData": "DELETE DATA",
            "DeleteWhere": "DELETE WHERE",
            "Modify": "DELETE/INSERT",
        }.get(name, name.upper())
        if name in ("InsertData", "DeleteData", "DeleteWhere"):
            targets += _template_graphs(op, None, keyword)
        elif name == "Modify":
            with_graph = get("withClause")
            targets += _template_graphs(get("delete"), with_graph, keyword)
            targets += _template_graphs(get("insert"), with_graph, keyword)
        elif name in ("Drop", "Clear", "Create"):
            targets.append(_graph_of(get("graphiri"), keyword))
        elif name in ("Add", "Copy"):
            targets.append(_graph_of(get("graph")[1], keyword))
        elif name == "Move":
            source, target = get("graph")
            targets += [_graph_of(source, keyword), _graph_of(target, keyword)]
        elif name == "Load":  # only an allow-listed source gets this far (sparql_reach)
            targets.append(_graph_of(get("graphiri"), keyword))
        else:
            raise UpdateRefused(f"the update operation {keyword} is not one argmap can check")
    return list(dict.fromkeys(targets))
