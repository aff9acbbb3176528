"""Fuzzing of the importers: every input is imported, or refused with a message (hypothesis).

The property is the service's promise for an upload: whatever the bytes, `import_data` either
stores the maps and reports them, or raises an `ArgmapError` whose text says what is wrong
(each problem of a `MapProblems` with a message of its own), and a refused import leaves the
store exactly as it was. Any other exception fails the test; hypothesis then prints the input.

Inputs come in three kinds, for YAML, AIF and the RDF formats:

- arbitrary bytes and text (invalid UTF-8, NUL bytes, control characters);
- structured but wrong documents: trees of dicts, lists and scalars, and mutations of a valid
  document (a key dropped, a value of another type, an entry duplicated, a reference that
  dangles, lists nested deep, strings very long, numbers very large);
- for RDF, a valid map's serialization with lines deleted, duplicated or cut, IRIs and
  literals replaced by bad ones, and its triples with objects of the wrong kind.

The inputs that once crashed an importer are kept below as plain examples. The file runs in
about half a minute; set ARGMAP_FUZZ_SCALE (say 20) to try that many times more inputs.
"""

from __future__ import annotations

import copy
import json
import os
import re
from typing import Any

import pyoxigraph as ox
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from import_helpers import aifdb, snapshot

from argmap.errors import ArgmapError, MapProblems
from argmap.importers import import_data, import_file, read_maps
from argmap.store import OxigraphStore
from argmap.vocab import PREFIXES, map_iri
from testdata import AIF_FIXTURE

# A valid map that uses every section and most fields; its text is one of the project's, so
# that an upload finds it (uploads look their `text:` up among the project's texts).
YAML_MAP = """\
map:
  id: fuzz
  title: A map to fuzz
  text: data/texts/gallagher-2022.md
  source: src-blog
  creator: analyst
  created: 2024-05-01
agents:
  - {id: gallagher, label: Adrian Gallagher, kind: person}
  - {id: analyst, label: The analyst, kind: person}
sources:
  - {id: src-blog, kind: article, title: A blog post, creators: [gallagher], date: 2022-10-28}
cases:
  - {id: case-uk, label: The UK, quote: post-liberal multiplex world}
claims:
  - {id: a, kind: claim, label: pragmatism, quote: ethical pragmatism, attributed_to: [gallagher], sources: [src-blog], date: 2022}
  - {id: b, kind: claim, label: a report, quote: long awaited cross-party report, votes: {for: 3, against: 1}}
  - {id: c, kind: recommendation, label: look beyond, quote: like-minded, occurrence: 2}
  - {id: d, kind: assumption, label: a reconstruction, ascribed_to: [gallagher], quote: mass atrocity prevention strategy, occurrence: 1, outside_text: {label: the analyst's reading}}
relations:
  - {id: ac, kind: supports, from: a, to: c, rationale: a reason, quote: like-minded, occurrence: 3}
  - {id: bd, kind: supports, from: [b, d], to: c, rationale: together, quote: like-minded, occurrence: 4, scheme: practical reasoning}
  - {kind: undercuts, from: b, to: ac, rationale: an exception, quote: like-minded, occurrence: 5}
"""

YAML_KEYS = [
    *("map", "agents", "sources", "cases", "claims", "relations", "id", "kind", "label"),
    *("title", "text", "source", "creator", "created", "quote", "occurrence", "from", "to"),
    *("rationale", "votes", "for", "against", "outside_text", "ascribed_to", "attributed_to"),
    *("creators", "date", "url", "scheme", "comment", "description"),
]
AIF_KEYS = [
    *("nodes", "edges", "locutions", "participants", "AIF", "text", "OVA", "nodeID", "type"),
    *("fromID", "toID", "edgeID", "personID", "participantID", "firstname", "surname"),
    *("argmapID", "argmapKind", "quote", "rationale", "scheme"),
]
# Values an importer gives meaning to: ids of the valid documents, kinds, AIF node types.
MEANINGFUL = [
    *("", " ", "a", "ac", "c", "text", "fuzz", "gallagher", "src-blog", "case-uk", "nowhere"),
    *("I", "RA", "CA", "MA", "PA", "L", "YA", "TA", "29045", "111800"),
    *("supports", "rebuts", "undercuts", "claim", "counterexample", "person", "article"),
    *("2022-13-45", "1e999", "-", "\x00", "9" * 5000),
]


def fuzz(examples: int) -> settings:
    """Hypothesis settings for `examples` inputs (times ARGMAP_FUZZ_SCALE); no deadline."""
    # An import takes tens of milliseconds, more on a busy machine: no deadline. The counts keep
    # the file near half a minute; ARGMAP_FUZZ_SCALE=20 fuzzes for longer when hunting.
    scale = int(os.environ.get("ARGMAP_FUZZ_SCALE", "1"))
    return settings(
        max_examples=examples * scale, deadline=None, suppress_health_check=list(HealthCheck)
    )


def _rdf_bases() -> dict[str, str]:
    """The valid map in each RDF format the fuzzing mutates."""
    [parsed] = read_maps(YAML_MAP.encode(), "yaml", name="fuzz.yaml")
    ntriples = parsed.graph.serialize(format="nt")
    graph = ox.NamedNode(str(map_iri("fuzz")))
    quads = [
        ox.Quad(q.subject, q.predicate, q.object, graph)
        for q in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
    ]
    prefixes = {prefix: str(iri) for prefix, iri in PREFIXES.items()}

    def written(fmt: ox.RdfFormat) -> str:
        return bytes(ox.serialize(quads, format=fmt, prefixes=prefixes)).decode()

    return {
        "turtle": parsed.graph.serialize(format="turtle"),
        "ntriples": ntriples,
        "trig": written(ox.RdfFormat.TRIG),
        "nquads": written(ox.RdfFormat.N_QUADS),
        "jsonld": parsed.graph.serialize(format="json-ld"),
    }


RDF = _rdf_bases()
# Two maps in one default graph: the reader splits them by am:inMap and what links them.
TWO_MAPS = RDF["turtle"] + "\n".join(
    line.replace("/map/fuzz", "/map/fuzz-two").replace('"fuzz"', '"fuzz-two"')
    for line in RDF["ntriples"].splitlines()
)


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    """One store for the module, holding a map before any fuzzing: a refusal must keep it."""
    held = OxigraphStore()
    import_file(held, AIF_FIXTURE, reason=False)
    return held


def imported_or_refused(
    store: OxigraphStore, data: bytes, fmt: str, map_id: str | None = None
) -> None:
    """Import `data`; a refusal must be an ArgmapError that says why and changes nothing."""
    before = snapshot(store)
    try:
        reports = import_data(
            store, data, fmt, name=f"fuzz.{fmt}", map_id=map_id, replace=True, reason=False
        )
    except ArgmapError as exc:
        assert str(exc).strip(), f"{type(exc).__name__} without a message"
        if isinstance(exc, MapProblems):
            assert exc.problems, f"{type(exc).__name__} lists no problem"
            assert all(p.message.strip() for p in exc.problems), exc.problems
        assert snapshot(store) == before, f"the refused import changed the store: {exc}"
        return
    names = set(store.graph_names())
    assert reports and all(map_iri(r.map_id) in names for r in reports)


# -- strategies ------------------------------------------------------------------------------


def scalars() -> st.SearchStrategy[Any]:
    """Leaves of a document: every JSON/YAML scalar type, huge numbers, meaningful strings."""
    return (
        st.none()
        | st.booleans()
        | st.integers()
        | st.integers(min_value=10**30, max_value=10**400)
        | st.floats()
        | st.text(max_size=20)
        | st.sampled_from(MEANINGFUL)
    )


def trees(keys: list[str]) -> st.SearchStrategy[Any]:
    """Documents of dicts and lists, keyed mostly by the format's own field names."""
    key = st.sampled_from(keys) | st.text(max_size=8)
    return st.recursive(
        scalars(),
        lambda children: (
            st.lists(children, max_size=4) | st.dictionaries(key, children, max_size=5)
        ),
        max_leaves=25,
    )


def _paths(tree: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if len(prefix) > 30:  # a list nested deep by an earlier mutation
        return found
    items = (
        tree.items()
        if isinstance(tree, dict)
        else enumerate(tree)
        if isinstance(tree, list)
        else ()
    )
    for key, value in items:
        found += _paths(value, (*prefix, key))
    return found


def _at(tree: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        tree = tree[key]
    return tree


MUTATIONS = ["drop", "replace", "retype", "duplicate", "nest", "long", "reference", "add"]


@st.composite
def mutated(draw: st.DrawFn, base: Any, keys: list[str]) -> Any:
    """`base` with one to four mutations, each at a random place in the document."""
    tree = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(_paths(tree)))
        operation = draw(st.sampled_from(MUTATIONS))
        if not path:
            tree = draw(trees(keys)) if operation == "replace" else tree
            continue
        parent, last = _at(tree, path[:-1]), path[-1]
        value = parent[last]
        if operation == "drop":
            del parent[last]
        elif operation == "replace":
            parent[last] = draw(trees(keys))
        elif operation == "retype":
            parent[last] = draw(
                st.sampled_from(
                    [
                        None,
                        0,
                        -1,
                        1.5,
                        float("nan"),
                        True,
                        [],
                        {},
                        [value],
                        {"x": value},
                        str(value),
                    ]
                )
            )
        elif operation == "duplicate" and isinstance(parent, list):
            parent.insert(last, copy.deepcopy(value))  # duplicate ids, nodes, edges
        elif operation == "nest":
            for _ in range(draw(st.integers(1, 25))):
                value = [value]
            parent[last] = value
        elif operation == "long":
            parent[last] = draw(st.sampled_from(["x", "é", "a-", "\n", "\x00"])) * draw(
                st.integers(1_000, 100_000)
            )
        elif operation == "reference":
            parent[last] = draw(st.sampled_from(MEANINGFUL))
        elif operation == "add" and isinstance(value, dict):
            value[draw(st.sampled_from(keys))] = draw(trees(keys))
    return tree


def as_yaml(tree: Any) -> bytes | None:
    """The document as YAML, or None when PyYAML cannot write it."""
    try:
        text = yaml.safe_dump(tree, allow_unicode=True, sort_keys=False)
    except (yaml.YAMLError, RecursionError):
        return None
    return text.encode("utf-8", "surrogatepass")


def as_json(tree: Any) -> bytes:
    """The document as JSON (NaN and Infinity included, as Python writes them)."""
    return json.dumps(tree, ensure_ascii=False).encode("utf-8", "surrogatepass")


BAD_TERMS = [
    *("<>", "<http://exa mple.org/>", "<urn:x>", "<https://w3id.org/argmap/map/>", "_:b0"),
    *("<https://w3id.org/argmap/map/fuzz/a/b>", "<https://w3id.org/argmap/map/Fuzz>"),
    *("<https://w3id.org/argmap/inferred/fuzz>", "<https://w3id.org/argmap/ontology>"),
    *("<file:///etc/passwd>", '""', '"\\u0000"', '"a"@', '"text"', '"fuzz"', '"Bad Id"'),
    '"abc"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"-5"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>',
    '"99999999999999999999999999999"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"2022-13-45"^^<http://www.w3.org/2001/XMLSchema#date>',
    '"/etc/hostname"',
    '"data/texts"',
    f'"{"a/" * 3000}"',
    f'"{"z" * 5000}"',
    *("1", "-1", "1.5e3", "true"),
]
_TERM = re.compile(r'<[^>]*>|"[^"]*"(?:\^\^\S+|@[\w-]+)?|\b[\w-]+:[\w-]*|\b\d+\b')
JUNK_LINES = [
    "@prefix : <x> .",
    "@base <> .",
    "@prefix am: <http://elsewhere.example/> .",
    "[] a am:ArgumentMap .",
    ".",
    "\x00",
    "<x> <y> " + "(" * 2000 + ")" * 2000 + " .",
    "<urn:x> <urn:y> " + "[ <urn:p> " * 1000 + "1" + " ]" * 1000 + " .",
]


@st.composite
def edited_lines(draw: st.DrawFn, text: str) -> bytes:
    """`text` with lines deleted, duplicated, swapped or cut, and terms made bad."""
    lines = text.splitlines()
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        operation = draw(st.sampled_from(["delete", "duplicate", "swap", "term", "cut", "junk"]))
        if operation == "delete":
            del lines[i]
        elif operation == "duplicate":
            lines.insert(i, lines[i])
        elif operation == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif operation == "term":
            spots = list(_TERM.finditer(lines[i]))
            if spots:
                spot = draw(st.sampled_from(spots))
                bad = draw(st.sampled_from(BAD_TERMS))
                lines[i] = lines[i][: spot.start()] + bad + lines[i][spot.end() :]
        elif operation == "cut":
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
        else:
            lines.insert(i, draw(st.sampled_from(JUNK_LINES)))
    return "\n".join(lines).encode("utf-8", "surrogatepass")


def _triples(ntriples: str) -> list[tuple[str, str, str]]:
    rows = []
    for line in ntriples.splitlines():
        if line.strip():
            subject, predicate, rest = line.split(" ", 2)
            rows.append((subject, predicate, rest.removesuffix(" .")))
    return rows


@st.composite
def edited_triples(draw: st.DrawFn, ntriples: str) -> bytes:
    """Well-formed N-Triples of the map with triples dropped, added or given bad terms."""
    rows = _triples(ntriples)
    named = [t for t in BAD_TERMS if t.startswith(("<", "_:")) and " " not in t]
    for _ in range(draw(st.integers(1, 5))):
        i = draw(st.integers(0, len(rows) - 1))
        subject, predicate, _object = rows[i]
        operation = draw(st.sampled_from(["drop", "object", "subject", "identifier", "dangle"]))
        if operation == "drop":
            del rows[i]
        elif operation == "object":
            rows[i] = (subject, predicate, draw(st.sampled_from(BAD_TERMS)))
        elif operation == "subject":
            rows[i] = (draw(st.sampled_from(named)), predicate, _object)
        elif operation == "identifier":  # a second, clashing dcterms:identifier
            ident = draw(st.sampled_from(['"a"', '"b"', '"fuzz"', '"text"', '"ac"', '"Bad"']))
            rows.append((subject, "<http://purl.org/dc/terms/identifier>", ident))
        else:
            rows[i] = (subject, predicate, "<https://w3id.org/argmap/map/fuzz/nowhere>")
    return "".join(f"{s} {p} {o} .\n" for s, p, o in rows).encode("utf-8", "surrogatepass")


FORMATS = ["yaml", "aif", "turtle", "ntriples", "trig", "nquads", "jsonld"]
ANY_BYTES = st.binary(max_size=400) | st.text(max_size=400).map(
    lambda text: text.encode("utf-8", "surrogatepass")
)


# -- the properties --------------------------------------------------------------------------


@fuzz(150)
@given(data=ANY_BYTES, fmt=st.sampled_from(FORMATS))
def test_any_bytes_are_imported_or_refused(store: OxigraphStore, data: bytes, fmt: str) -> None:
    imported_or_refused(store, data, fmt)


@fuzz(40)
@given(data=st.data(), fmt=st.sampled_from(FORMATS))
def test_bytes_spliced_into_a_valid_document(
    store: OxigraphStore, data: st.DataObject, fmt: str
) -> None:
    base = {"yaml": YAML_MAP, "aif": AIF_FIXTURE.read_text(encoding="utf-8")}.get(fmt) or RDF[fmt]
    raw = base.encode()
    at = data.draw(st.integers(0, len(raw)))
    junk = data.draw(st.binary(min_size=1, max_size=16))
    imported_or_refused(store, raw[:at] + junk + raw[at + data.draw(st.integers(0, 8)) :], fmt)


@fuzz(50)
@given(tree=trees(YAML_KEYS))
def test_yaml_trees_are_imported_or_refused(store: OxigraphStore, tree: Any) -> None:
    data = as_yaml(tree)
    if data is not None:
        imported_or_refused(store, data, "yaml")


@fuzz(70)
@given(tree=mutated(yaml.safe_load(YAML_MAP), YAML_KEYS), map_id=st.sampled_from([None, "fuzz"]))
def test_mutated_yaml_maps_are_imported_or_refused(
    store: OxigraphStore, tree: Any, map_id: str | None
) -> None:
    data = as_yaml(tree)
    if data is not None:
        imported_or_refused(store, data, "yaml", map_id)


@fuzz(50)
@given(tree=trees(AIF_KEYS), fmt=st.sampled_from(["aif", "jsonld"]))
def test_json_trees_are_imported_or_refused(store: OxigraphStore, tree: Any, fmt: str) -> None:
    imported_or_refused(store, as_json(tree), fmt)


@fuzz(50)
@given(tree=mutated(aifdb(), AIF_KEYS), wrapped=st.booleans())
def test_mutated_aif_maps_are_imported_or_refused(
    store: OxigraphStore, tree: Any, wrapped: bool
) -> None:
    # OVA3/xAIF wraps the same lists in an `AIF` object.
    imported_or_refused(store, as_json({"AIF": tree, "text": "t"} if wrapped else tree), "aif")


AIF_IDS = st.sampled_from(
    ["1", "2", "3", "4", "5", "6", "a", "A", "a-2", "text", "x y"]
) | st.integers(0, 9)


@st.composite
def aif_graphs(draw: st.DrawFn) -> dict[str, Any]:
    """Small AIF documents: nodes of every type, edges between any two, argmap's own fields."""
    ids = draw(st.lists(AIF_IDS, min_size=1, max_size=8, unique_by=str))
    nodes: list[dict[str, Any]] = []
    for node_id in ids:
        node: dict[str, Any] = {"nodeID": node_id, "type": draw(st.sampled_from(NODE_TYPES))}
        for key, values in OPTIONAL_NODE_FIELDS.items():
            if draw(st.booleans()):
                node[key] = draw(st.sampled_from(values))
        nodes.append(node)
    pairs = st.tuples(st.sampled_from(ids), st.sampled_from(ids))
    edges = [{"fromID": a, "toID": b} for a, b in draw(st.lists(pairs, max_size=10))]
    speakers = st.fixed_dictionaries(
        {"nodeID": st.sampled_from(ids), "personID": st.sampled_from(["1", 2, ""])}
    )
    return {
        "nodes": nodes,
        "edges": edges,
        "locutions": draw(st.lists(speakers, max_size=2)),
        "participants": [{"participantID": "1", "firstname": "A", "surname": None}],
    }


NODE_TYPES = ["I", "I", "I", "RA", "CA", "MA", "PA", "L", "YA", "TA", "XA"]
OPTIONAL_NODE_FIELDS: dict[str, list[Any]] = {
    "text": ["a claim", "", " ", "RA", "Default Inference", "Asserting", None, 7],
    "scheme": ["Default Conflict", "Argument From Expert Opinion", "", 3],
    "argmapID": ["a", "b", "text", "aif-1", "x--supports--y", "Bad Id", ""],
    "argmapKind": ["claim", "counterexample", "assumption", "recommendation", "undercuts", "?"],
    "rationale": ["because", ""],
    "quote": ["the words"],
}


@fuzz(40)
@given(tree=aif_graphs(), wrapped=st.booleans())
def test_aif_graphs_are_imported_or_refused(
    store: OxigraphStore, tree: dict[str, Any], wrapped: bool
) -> None:
    imported_or_refused(store, as_json({"AIF": tree} if wrapped else tree), "aif")


@fuzz(20)
@given(tree=mutated(json.loads(RDF["jsonld"]), ["@id", "@type", "@value", "@graph", "@context"]))
def test_mutated_jsonld_maps_are_imported_or_refused(store: OxigraphStore, tree: Any) -> None:
    imported_or_refused(store, as_json(tree), "jsonld")


@fuzz(50)
@given(
    data=st.data(),
    base=st.sampled_from([(fmt, RDF[fmt]) for fmt in ("turtle", "trig", "nquads")])
    | st.just(("turtle", TWO_MAPS)),
)
def test_edited_rdf_lines_are_imported_or_refused(
    store: OxigraphStore, data: st.DataObject, base: tuple[str, str]
) -> None:
    fmt, text = base
    imported_or_refused(store, data.draw(edited_lines(text)), fmt)


@fuzz(40)
@given(data=edited_triples(RDF["ntriples"]), fmt=st.sampled_from(["turtle", "ntriples"]))
def test_rdf_with_bad_terms_is_imported_or_refused(
    store: OxigraphStore, data: bytes, fmt: str
) -> None:
    imported_or_refused(store, data, fmt)


def test_the_valid_documents_import(store: OxigraphStore) -> None:
    # The mutations start from documents that import, so that they probe one fault at a time.
    imported_or_refused(store, YAML_MAP.encode(), "yaml")
    for fmt, text in RDF.items():
        [report] = import_data(store, text.encode(), fmt, replace=True, reason=False)
        assert report.map_id == "fuzz" and report.counts["claims"] == 4
    [report] = import_data(store, AIF_FIXTURE.read_bytes(), "aif", replace=True, reason=False)
    assert report.counts["claims"] > 0
    reports = import_data(store, TWO_MAPS.encode(), "turtle", replace=True, reason=False)
    assert sorted(r.map_id for r in reports) == ["fuzz", "fuzz-two"]


# -- inputs that once crashed an importer ---------------------------------------------------

SOURCE_TEXT = (
    "<https://w3id.org/argmap/map/x> a <https://w3id.org/argmap#ArgumentMap> ; "
    '<https://w3id.org/argmap#sourceText> [ <http://purl.org/dc/terms/identifier> "{}" ] .'
)
ANCHORED = (
    "<https://w3id.org/argmap/map/x> a <https://w3id.org/argmap#ArgumentMap> ; "
    "<https://w3id.org/argmap#sourceText> <https://w3id.org/argmap/map/x/text> .\n"
    "<https://w3id.org/argmap/map/x/text> <http://purl.org/dc/terms/identifier> "
    '"data/texts/gallagher-2022.md" .\n'
    "<https://w3id.org/argmap/map/x/a> a <https://w3id.org/argmap#Claim> ; "
    '<http://www.w3.org/2000/01/rdf-schema#label> "a" ; '
    "<https://w3id.org/argmap#hasAnchor> [ <http://www.w3.org/ns/oa#hasSelector> [ "
    '<http://www.w3.org/ns/oa#exact> "the" ; <http://www.w3.org/ns/oa#start> {} ; '
    "<http://www.w3.org/ns/oa#end> 3 ] ] ."
)
NESTED_JSONLD = (
    '{"@id": "https://w3id.org/argmap/map/x", "@type": "https://w3id.org/argmap#ArgumentMap", '
    '"http://example.org/p": ' + '{"http://example.org/p": ' * 5000 + "1" + "}" * 5001
)

ONCE_CRASHED: list[tuple[str, str | bytes, str, str | None]] = [
    # (format, document, what it was and what it raised, a words of the refusal, or None when
    # the document may as well import)
    ("yaml", "map: \x9f", "a control character: yaml ReaderError", "U+009F"),
    ("yaml", b"map: {id: x, title: t}\n\xff", "invalid UTF-8: UnicodeDecodeError", ":2 not UTF-8"),
    ("yaml", "map: " + "[" * 1000 + "]" * 1000, "deep nesting: RecursionError", "too deeply"),
    ("yaml", "map: {id: x, title: t, created: 2022-02-31}", "a bad date: ValueError", "2022-02-31"),
    ("yaml", "map: {id: x, title: !!int 'x'}", "a bad !!int: ValueError", "as int"),
    (
        "yaml",
        "map: {id: x, title: !!timestamp 'x'}",
        "a bad !!timestamp: AttributeError",
        "as timestamp",
    ),
    ("yaml", f"map: {{id: x, title: {'9' * 5000}}}", "5000 digits: ValueError", "digits"),
    ("yaml", 'map: {id: x, title: "\\ud800"}', "a lone surrogate: StoreError (a 503)", "surrogate"),
    (
        "yaml",
        f"map: {{id: x, title: t, text: {'a/' * 3000}}}",
        "a long text path: OSError",
        "[text]",
    ),
    (
        "yaml",
        "map: {id: x, title: t, text: /usr/bin/env}",
        "a binary text: UnicodeDecodeError",
        "[text]",
    ),
    ("yaml", "map: {id: x, title: t, text: /etc/hostname}", "a text outside the project", "inside"),
    ("aif", "[" * 100_000 + "]" * 100_000, "deep nesting: RecursionError", "too deeply"),
    ("aif", '{"nodes": [{"nodeID": ' + "9" * 5000 + "}]}", "5000 digits: ValueError", "digits"),
    (
        "aif",
        '{"nodes": [{"nodeID": "a", "type": "I", "text": "\\ud800"}], "edges": []}',
        "a lone surrogate: StoreError (a 503)",
        "nodes[0].text",
    ),
    ("jsonld", NESTED_JSONLD, "deep nesting: a segfault in pyoxigraph", "levels deep"),
    ("turtle", ANCHORED.format('"x"'), "a non-integer anchor offset: ValueError", "whole numbers"),
    ("turtle", ANCHORED.format("<urn:x>"), "an IRI as anchor offset: ValueError", "whole numbers"),
    ("turtle", SOURCE_TEXT.format("a/" * 3000), "a long text path: OSError", None),
    ("turtle", SOURCE_TEXT.format("/usr/bin/env"), "a binary text: UnicodeDecodeError", None),
]


@pytest.mark.parametrize(
    ("fmt", "document", "words"),
    [(fmt, document, words) for fmt, document, _, words in ONCE_CRASHED],
    ids=[f"{fmt}: {what}" for fmt, _, what, _ in ONCE_CRASHED],
)
def test_inputs_that_once_crashed_are_refused_with_a_message(
    store: OxigraphStore, fmt: str, document: str | bytes, words: str | None
) -> None:
    data = document if isinstance(document, bytes) else document.encode("utf-8", "surrogatepass")
    if words is None:
        imported_or_refused(store, data, fmt)
        return
    before = snapshot(store)
    with pytest.raises(ArgmapError) as caught:
        import_data(store, data, fmt, replace=True, reason=False)
    assert words in str(caught.value)
    assert snapshot(store) == before
