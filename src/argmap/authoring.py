"""The YAML authoring format: read a scholar's map file and compile it to RDF.

Every mistake is collected with its file, line and field, so that one run of
`argmap validate` names them all.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from argmap import anchors
from argmap.errors import AuthoringError, Problem
from argmap.vocab import (
    AGENT_KINDS,
    AM,
    CITO,
    CLAIM_KIND,
    IRI,
    MAP_ID,
    PREFIXES,
    RELATION_KIND,
    RelationKind,
    map_iri,
    node_iri,
)

# The YAML `kind` of a claim, relation or agent is its name in the vocabulary's kinds table.
# A scholar writes supports, rebuttals and undercuts; rephrases come only from AIF imports.
AUTHORED_RELATIONS: dict[str, RelationKind] = {
    name: RELATION_KIND[name] for name in ("supports", "rebuts", "undercuts")
}
SOURCE_KINDS = frozenset(
    {
        "article",
        "report",
        "strategy",
        "book",
        "speech",
        "statement",
        "research",
        "resolution",
        "vote-record",
    }
)
ID_PATTERN = MAP_ID  # ids a scholar writes follow the map-id rule
RESERVED_IDS = frozenset({"text"})

_SECTION_FIELDS: dict[str, frozenset[str]] = {
    "map": frozenset({"id", "title", "description", "text", "source", "created", "creator"}),
    "agents": frozenset({"id", "label", "kind", "description", "external_ids", "outside_text"}),
    "sources": frozenset(
        {
            "id",
            "kind",
            "title",
            "creators",
            "date",
            "venue",
            "url",
            "external_ids",
            "quote",
            "occurrence",
            "outside_text",
        }
    ),
    "cases": frozenset(
        {"id", "label", "description", "external_ids", "quote", "occurrence", "outside_text"}
    ),
    "claims": frozenset(
        {
            "id",
            "kind",
            "label",
            "quote",
            "occurrence",
            "attributed_to",
            "ascribed_to",
            "sources",
            "cases",
            "date",
            "votes",
            "comment",
            "outside_text",
        }
    ),
    "relations": frozenset(
        {"id", "kind", "from", "to", "rationale", "quote", "occurrence", "scheme", "comment"}
    ),
}
_VOTE_FIELDS = {"for": AM.votesFor, "against": AM.votesAgainst, "abstentions": AM.abstentions}
# The fields whose value may come from outside the analysed text (`outside_text:`), by
# section, and the properties each compiles to: the record of such a fact names them.
_OUTSIDE_FIELDS: dict[str, dict[str, tuple[URIRef, ...]]] = {
    "agents": {
        "label": (RDFS.label,),
        "description": (RDFS.comment,),
        "external_ids": (AM.externalId,),
    },
    "sources": {
        "title": (DCTERMS.title, RDFS.label),
        "creators": (AM.attributedTo,),
        "date": (DCTERMS.date,),
        "venue": (AM.venue,),
        "url": (AM.url,),
        "external_ids": (AM.externalId,),
    },
    "cases": {
        "label": (RDFS.label,),
        "description": (RDFS.comment,),
        "external_ids": (AM.externalId,),
    },
    "claims": {
        "label": (RDFS.label,),
        "comment": (RDFS.comment,),
        "date": (DCTERMS.date,),
        "votes": tuple(_VOTE_FIELDS.values()),
        "sources": (AM.hasSource,),
        "cases": (AM.concernsCase,),
    },
}


class _Mapping(dict[str, Any]):
    """A YAML mapping that remembers the line of itself and of each of its keys (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class _Sequence(list[Any]):
    """A YAML sequence that remembers the line of each item (1-based)."""

    line: int = 0
    item_lines: list[int]


class _LineLoader(yaml.SafeLoader):
    """SafeLoader whose mappings and sequences keep their line numbers."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """The value of a node; one that no constructor can read is a YAML error at its line."""
        try:
            value = super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, AttributeError, OverflowError) as exc:
            # SafeLoader's constructors trust the regexes that resolved the tag, so `2022-02-31`,
            # `!!int x` or a 5000-digit number end in a plain Python error: the file's fault.
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"cannot read {_excerpt(node)} as {_tag(node)}: {_reason(exc)}",
                node.start_mark,
            ) from exc
        if isinstance(value, str) and _SURROGATE.search(value):
            # A "\ud800" escape decodes to half a UTF-16 pair, which no RDF store can hold.
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"{_excerpt(node)} holds a lone surrogate escape, which is not a character",
                node.start_mark,
            )
        return value


_SURROGATE = re.compile("[\ud800-\udfff]")


def _excerpt(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        value = str(node.value)
        return repr(value if len(value) <= 40 else f"{value[:40]}...")
    return "a mapping" if isinstance(node, yaml.MappingNode) else "a sequence"


def _tag(node: yaml.Node) -> str:
    return str(node.tag).removeprefix("tag:yaml.org,2002:")


def _reason(exc: Exception) -> str:
    # What a constructor's own error says, in the words of the file rather than of Python.
    if isinstance(exc, ValueError) and "integer string conversion" in str(exc):
        return f"it has more than {sys.get_int_max_str_digits()} digits"
    if isinstance(exc, (AttributeError, TypeError)):
        return "it does not have that form"
    return str(exc)


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _Mapping:
    loader.flatten_mapping(node)
    result = _Mapping()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        result[str(key)] = loader.construct_object(value_node, deep=True)
        result.key_lines[str(key)] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> _Sequence:
    result = _Sequence(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


@dataclass
class CompiledMap:
    """The RDF of one authored map, with the line each node id was defined on."""

    map_id: str
    graph: Graph
    lines: dict[str, int] = field(default_factory=dict)
    text_path: Path | None = None


@dataclass
class _Entry:
    section: str
    data: _Mapping
    node_id: str


class _Compiler:
    def __init__(self, path: Path, root: Path) -> None:
        self.path = path
        self.root = root
        self.file = _display(path)
        self.problems: list[Problem] = []
        self.graph = Graph()
        for prefix, iri in PREFIXES.items():
            self.graph.bind(prefix, iri)
        self.entries: dict[str, _Entry] = {}
        self.map_id = ""
        self.body: str | None = None
        self.text_iri: URIRef | None = None
        self.analyst: URIRef | None = None  # the map's `creator`, when it names an agent

    # -- reporting -------------------------------------------------------------------------

    def problem(self, data: _Mapping | None, key: str | None, message: str) -> None:
        line = None
        if data is not None:
            line = data.key_lines.get(key, data.line) if key else data.line
        node = data.get("id") if isinstance(data, dict) else None
        self.problems.append(
            Problem(message, file=self.file, line=line, node=_as_str(node), field=key)
        )

    # -- reading ---------------------------------------------------------------------------

    def load(self) -> _Mapping | None:
        try:
            data = self.path.read_bytes()
        except OSError as exc:
            self.problems.append(Problem(f"cannot read the file: {exc.strerror}", file=self.file))
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.problems.append(
                Problem(
                    f"not UTF-8 text: the byte {data[exc.start]:#04x} cannot be decoded",
                    file=self.file,
                    line=data.count(b"\n", 0, exc.start) + 1,
                )
            )
            return None
        try:
            document = yaml.load(text, Loader=_LineLoader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark
            line = mark.line + 1 if mark is not None else None
            self.problems.append(
                Problem(f"not valid YAML: {exc.problem}", file=self.file, line=line)
            )
            return None
        except yaml.reader.ReaderError as exc:
            # A control character: PyYAML gives its position in the text, not a mark.
            character = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "a byte"
            self.problems.append(
                Problem(
                    f"not valid YAML: the character {character} is not allowed ({exc.reason})",
                    file=self.file,
                    line=text.count("\n", 0, exc.position) + 1,
                )
            )
            return None
        except yaml.YAMLError as exc:
            self.problems.append(Problem(f"not valid YAML: {exc}", file=self.file))
            return None
        except RecursionError:
            # PyYAML composes nested collections recursively; a map nests a few levels only.
            self.problems.append(
                Problem("not valid YAML for a map: it nests too deeply", file=self.file)
            )
            return None
        if not isinstance(document, _Mapping):
            self.problems.append(
                Problem("the file must be a mapping with a `map:` section", file=self.file, line=1)
            )
            return None
        for key in document:
            if key not in _SECTION_FIELDS:
                self.problem(
                    document,
                    key,
                    f"unknown section `{key}` (expected one of {', '.join(_SECTION_FIELDS)})",
                )
        return document

    def items(self, document: _Mapping, section: str) -> list[_Mapping]:
        raw = document.get(section)
        if raw is None:
            return []
        if not isinstance(raw, _Sequence):
            self.problem(document, section, f"`{section}` must be a list")
            return []
        found: list[_Mapping] = []
        for item, line in zip(raw, raw.item_lines, strict=True):
            if not isinstance(item, _Mapping):
                self.problems.append(
                    Problem(
                        f"each entry of `{section}` must be a mapping",
                        file=self.file,
                        line=line,
                        field=section,
                    )
                )
                continue
            for key in item:
                if key not in _SECTION_FIELDS[section]:
                    self.problem(
                        item,
                        key,
                        f"unknown field `{key}` in {section} (expected one of "
                        f"{', '.join(sorted(_SECTION_FIELDS[section]))})",
                    )
            found.append(item)
        return found

    def register(self, section: str, item: _Mapping, node_id: str | None = None) -> str | None:
        node_id = node_id if node_id is not None else _as_str(item.get("id"))
        if not node_id:
            self.problem(item, "id" if "id" in item else None, "missing `id`")
            return None
        if not ID_PATTERN.match(node_id) or node_id in RESERVED_IDS:
            self.problem(
                item,
                "id",
                f"bad id {node_id!r}: use lowercase letters, digits and hyphens (and not `text`)",
            )
            return None
        if node_id in self.entries:
            first = self.entries[node_id].data.line
            self.problem(item, "id", f"duplicate id {node_id!r} (first defined on line {first})")
            return None
        self.entries[node_id] = _Entry(section, item, node_id)
        return node_id

    def required(self, item: _Mapping, key: str) -> str | None:
        value = _as_str(item.get(key))
        if not value:
            self.problem(item, key if key in item else None, f"missing `{key}`")
            return None
        return value

    def kind(self, item: _Mapping, allowed: Iterable[str]) -> str | None:
        kind = self.required(item, "kind")
        allowed = list(allowed)
        if kind is not None and kind not in allowed:
            self.problem(
                item, "kind", f"unknown kind {kind!r} (expected one of {', '.join(allowed)})"
            )
            return None
        return kind

    def refs(self, item: _Mapping, key: str, section: str) -> list[URIRef]:
        raw = item.get(key)
        if raw is None:
            return []
        values = raw if isinstance(raw, list) else [raw]
        found = []
        for value in values:
            ref = _as_str(value)
            entry = self.entries.get(ref or "")
            if entry is None:
                self.problem(
                    item, key, f"dangling reference {ref!r}: no {section[:-1]} has this id"
                )
            elif entry.section != section:
                self.problem(item, key, f"{ref!r} is a {entry.section[:-1]}, not a {section[:-1]}")
            else:
                found.append(node_iri(self.map_id, entry.node_id))
        return found

    def anchor(self, item: _Mapping, subject: URIRef, *, required: bool) -> None:
        quote = item.get("quote")
        if quote is None:
            if required and self.body is not None:
                self.problem(
                    item,
                    None,
                    "missing `quote`: every claim and relation of a map "
                    "with a source text is anchored in it",
                )
            return
        if self.body is None or self.text_iri is None:
            self.problem(item, "quote", "a quote needs the map's `text:` to locate it")
            return
        occurrence = item.get("occurrence")
        if occurrence is not None and not isinstance(occurrence, int):
            self.problem(item, "occurrence", "`occurrence` must be a whole number")
            return
        try:
            span = anchors.locate(self.body, str(quote), occurrence)
        except LookupError as exc:
            self.problem(item, "quote", str(exc))
            return
        anchors.add_anchor(self.graph, subject, self.text_iri, span)

    # -- compiling -------------------------------------------------------------------------

    def compile(self) -> CompiledMap:
        document = self.load()
        if document is None:
            raise AuthoringError(self.problems, f"cannot compile {self.file}")
        meta = document.get("map")
        if not isinstance(meta, _Mapping):
            self.problem(
                document,
                "map" if "map" in document else None,
                "missing `map:` section with at least `id` and `title`",
            )
            raise AuthoringError(self.problems, f"cannot compile {self.file}")
        for key in meta:
            if key not in _SECTION_FIELDS["map"]:
                self.problem(meta, key, f"unknown field `{key}` in map")
        self.map_id = self.required(meta, "id") or ""
        if self.map_id and not ID_PATTERN.match(self.map_id):
            self.problem(
                meta, "id", f"bad map id {self.map_id!r}: use lowercase letters, digits and hyphens"
            )
        if not self.map_id:
            raise AuthoringError(self.problems, f"cannot compile {self.file}")
        self.read_text(meta)

        sections = {name: self.items(document, name) for name in _SECTION_FIELDS if name != "map"}
        for name, items in sections.items():
            for item in items:
                if name == "relations" and _is_linked(item) and not _as_str(item.get("id")):
                    # A generated id (`from--kind--to`) names one premise; several need a name.
                    self.problem(
                        item,
                        "from",
                        "a linked relation (`from:` a list of claims) needs an explicit `id`",
                    )
                elif name == "relations":
                    self.register(name, item, _relation_id(item))
                else:
                    self.register(name, item)

        self.compile_meta(meta)
        compilers: dict[str, Callable[[_Mapping], None]] = {
            "agents": self.compile_agent,
            "sources": self.compile_source,
            "cases": self.compile_case,
            "claims": self.compile_claim,
            "relations": self.compile_relation,
        }
        for name, items in sections.items():
            for item in items:
                compilers[name](item)
        self.add_citations()
        if self.problems:
            raise AuthoringError(self.problems, f"cannot compile {self.file}")
        lines = {node_id: entry.data.line for node_id, entry in self.entries.items()}
        text_path = self.root / str(meta["text"]) if meta.get("text") else None
        return CompiledMap(self.map_id, self.graph, lines, text_path)

    def read_text(self, meta: _Mapping) -> None:
        text = _as_str(meta.get("text"))
        if not text:
            return
        path = text_file(self.root, text)
        if path is None:
            folder = _display(self.root)
            where = "the current folder" if folder == "." else f"the folder {folder}"
            self.problem(
                meta,
                "text",
                f"the text {text!r} is not a file inside {where} (paths are relative to it)",
            )
            return
        try:
            self.body = read_text_body(path)
        except ValueError as exc:
            self.problem(meta, "text", f"the text {text!r} {exc}")
            return
        self.text_iri = node_iri(self.map_id, "text")

    def compile_meta(self, meta: _Mapping) -> None:
        g, m = self.graph, map_iri(self.map_id)
        title = self.required(meta, "title")
        g.add((m, RDF.type, AM.ArgumentMap))
        g.add((m, DCTERMS.identifier, Literal(self.map_id)))
        if title:
            g.add((m, RDFS.label, Literal(title)))
            g.add((m, DCTERMS.title, Literal(title)))
        _add_text(g, m, DCTERMS.description, meta.get("description"))
        creator = self.entries.get(_as_str(meta.get("creator")) or "")
        if creator is not None and creator.section == "agents":
            # The analyst is an agent of the map: reconstructions and outside facts are theirs.
            self.analyst = node_iri(self.map_id, creator.node_id)
            g.add((m, DCTERMS.creator, self.analyst))
            g.add((m, PROV.wasAttributedTo, self.analyst))
        else:
            _add_text(g, m, DCTERMS.creator, meta.get("creator"))
        self.add_date(meta, "created", m, DCTERMS.created)
        analysed = self.refs(meta, "source", "sources")
        for ref in analysed:
            g.add((m, AM.analyses, ref))
        if self.text_iri is not None:
            g.add((m, AM.sourceText, self.text_iri))
            g.add((self.text_iri, RDF.type, PROV.Entity))
            g.add((self.text_iri, RDFS.label, Literal(f"Text analysed by the map {self.map_id}")))
            g.add((self.text_iri, DCTERMS.identifier, Literal(str(meta["text"]))))
            g.add((self.text_iri, DCTERMS["format"], Literal("text/markdown")))
            for ref in analysed:
                g.add((self.text_iri, PROV.wasDerivedFrom, ref))

    def add_citations(self) -> None:
        # The analysed text cites every other source of the map (CiTO).
        g = self.graph
        for article in list(g.objects(map_iri(self.map_id), AM.analyses)):
            for source in list(g.subjects(RDF.type, AM.Source)):
                if source != article:
                    g.add((article, CITO.cites, source))

    def node(self, item: _Mapping, cls: URIRef) -> URIRef:
        subject = node_iri(self.map_id, str(item["id"]))
        self.graph.add((subject, RDF.type, cls))
        self.graph.add((subject, AM.inMap, map_iri(self.map_id)))
        self.graph.add((subject, DCTERMS.identifier, Literal(str(item["id"]))))
        return subject

    def compile_agent(self, item: _Mapping) -> None:
        kind = self.kind(item, AGENT_KINDS)
        label = self.required(item, "label")
        if "id" not in item or kind is None:
            return
        subject = self.node(item, AGENT_KINDS[kind])
        if label:
            self.graph.add((subject, RDFS.label, Literal(label)))
        _add_text(self.graph, subject, RDFS.comment, item.get("description"))
        self.external_ids(item, subject)
        self.outside_facts("agents", item, subject)

    def compile_source(self, item: _Mapping) -> None:
        kind = self.kind(item, sorted(SOURCE_KINDS))
        title = self.required(item, "title")
        if "id" not in item:
            return
        g, subject = self.graph, self.node(item, AM.Source)
        if kind:
            g.add((subject, AM.kind, Literal(kind)))
        if title:
            g.add((subject, DCTERMS.title, Literal(title)))
            g.add((subject, RDFS.label, Literal(title)))
        for agent in self.refs(item, "creators", "agents"):
            g.add((subject, AM.attributedTo, agent))
        self.add_date(item, "date", subject, DCTERMS.date)
        _add_text(g, subject, AM.venue, item.get("venue"))
        if item.get("url"):
            g.add((subject, AM.url, Literal(str(item["url"]), datatype=XSD.anyURI)))
        self.external_ids(item, subject)
        self.outside_facts("sources", item, subject)
        self.anchor(item, subject, required=False)

    def compile_case(self, item: _Mapping) -> None:
        label = self.required(item, "label")
        if "id" not in item:
            return
        subject = self.node(item, AM.Case)
        if label:
            self.graph.add((subject, RDFS.label, Literal(label)))
        _add_text(self.graph, subject, RDFS.comment, item.get("description"))
        self.external_ids(item, subject)
        self.outside_facts("cases", item, subject)
        self.anchor(item, subject, required=False)

    def compile_claim(self, item: _Mapping) -> None:
        kind = self.kind(item, CLAIM_KIND)
        label = self.required(item, "label")
        if "id" not in item or kind is None:
            return
        g, subject = self.graph, self.node(item, CLAIM_KIND[kind].cls)
        if label:
            g.add((subject, RDFS.label, Literal(label)))
        _add_text(g, subject, RDFS.comment, item.get("comment"))
        for agent in self.refs(item, "attributed_to", "agents"):
            g.add((subject, AM.attributedTo, agent))
        self.reconstruction(item, kind, subject)
        for source in self.refs(item, "sources", "sources"):
            g.add((subject, AM.hasSource, source))
        cases = self.refs(item, "cases", "cases")
        for case in cases:
            g.add((subject, AM.concernsCase, case))
        if kind == "counterexample" and not cases and "cases" not in item:
            self.problem(item, None, "a counterexample needs `cases`: the case it is about")
        self.add_date(item, "date", subject, DCTERMS.date)
        votes = item.get("votes")
        if votes is not None:
            self.add_votes(item, subject, votes)
        self.outside_facts("claims", item, subject)
        self.anchor(item, subject, required=True)

    def reconstruction(self, item: _Mapping, kind: str, subject: URIRef) -> None:
        # A claim with `ascribed_to` is the analyst's reconstruction of someone's position:
        # the analyst answers for it (PROV), and nobody is said to assert it in the text.
        if "ascribed_to" not in item:
            if kind == "assumption":
                self.problem(
                    item,
                    None,
                    "an assumption is the analyst's reconstruction: say whose position it "
                    "states with `ascribed_to`",
                )
            return
        if "attributed_to" in item:
            self.problem(
                item,
                "attributed_to",
                "a reconstruction is asserted by nobody in the text: keep `ascribed_to` "
                "(whose position it states) and drop `attributed_to`",
            )
        ascribed = self.refs(item, "ascribed_to", "agents")
        if not ascribed and isinstance(item.get("ascribed_to"), list):
            self.problem(item, "ascribed_to", "`ascribed_to` names at least one agent")
        g = self.graph
        g.add((subject, RDF.type, AM.Reconstruction))
        for agent in ascribed:
            g.add((subject, AM.ascribedTo, agent))
        if self.analyst is None:
            self.problem(
                item,
                "ascribed_to",
                "a reconstruction is the analyst's: set the map's `creator` to the id of "
                "the agent who made the map",
            )
        else:
            g.add((subject, PROV.wasAttributedTo, self.analyst))

    def external_ids(self, item: _Mapping, subject: URIRef) -> None:
        # The same work, agent or case has one IRI per map; an identifier from outside argmap
        # (a DOI, a Wikidata entity) is what lets the cross-map queries tell it is the same.
        raw = item.get("external_ids")
        if raw is None:
            return
        for value in raw if isinstance(raw, list) else [raw]:
            text = _as_str(value)
            if not text or not IRI.match(text):
                self.problem(
                    item,
                    "external_ids",
                    f"an external id must be an absolute IRI (https://doi.org/…, "
                    f"https://www.wikidata.org/entity/Q…), not {value!r}",
                )
                continue
            self.graph.add((subject, AM.externalId, Literal(text, datatype=XSD.anyURI)))

    def outside_facts(self, section: str, item: _Mapping, subject: URIRef) -> None:
        # Per-field provenance: a value the text does not state is recorded with its citation.
        raw = item.get("outside_text")
        if raw is None:
            return
        if not isinstance(raw, Mapping) or not raw:
            self.problem(
                item, "outside_text", "`outside_text` maps each field to where its value comes from"
            )
            return
        fields = _OUTSIDE_FIELDS[section]
        g, node_id = self.graph, str(item["id"])
        for name, citation in raw.items():
            key = str(name)
            if key not in fields:
                self.problem(
                    item,
                    "outside_text",
                    f"`{key}` of {section[:-1]} cannot be marked as outside the text "
                    f"(expected one of {', '.join(sorted(fields))})",
                )
                continue
            if key not in item:
                self.problem(item, "outside_text", f"`{key}` is marked but has no value")
                continue
            text = _as_str(citation)
            if not text:
                self.problem(
                    item,
                    "outside_text",
                    f"`outside_text.{key}` needs a citation: where the value comes from",
                )
                continue
            fact = URIRef(f"{subject}#outside-{key}")
            g.add((subject, AM.hasExternalFact, fact))
            g.add((fact, RDF.type, AM.ExternalFact))
            g.add((fact, RDFS.label, Literal(f"{key} of {node_id}, from outside the text")))
            for prop in fields[key]:
                if (subject, prop, None) in g:
                    g.add((fact, AM.factProperty, Literal(str(prop), datatype=XSD.anyURI)))
            g.add((fact, AM.citation, Literal(" ".join(text.split()))))
            if self.analyst is not None:
                g.add((fact, PROV.wasAttributedTo, self.analyst))

    def add_votes(self, item: _Mapping, subject: URIRef, votes: Any) -> None:
        if not isinstance(votes, Mapping):
            self.problem(item, "votes", "`votes` must map for/against/abstentions to counts")
            return
        for key, value in votes.items():
            prop = _VOTE_FIELDS.get(str(key))
            if prop is None:
                self.problem(
                    item,
                    "votes",
                    f"unknown vote count `{key}` (expected {', '.join(_VOTE_FIELDS)})",
                )
            elif not isinstance(value, int) or isinstance(value, bool) or value < 0:
                self.problem(item, "votes", f"`{key}` must be a whole number, not {value!r}")
            else:
                self.graph.add((subject, prop, Literal(value, datatype=XSD.integer)))

    def compile_relation(self, item: _Mapping) -> None:
        kind = self.kind(item, AUTHORED_RELATIONS)
        rationale = self.required(item, "rationale")
        relation_id = _relation_id(item)
        if kind is None or relation_id is None or relation_id not in self.entries:
            return
        if self.entries[relation_id].data is not item:
            return  # a duplicate, already reported
        g = self.graph
        subject = node_iri(self.map_id, relation_id)
        cls, shortcut = AUTHORED_RELATIONS[kind].cls, AUTHORED_RELATIONS[kind].shortcut
        sources = self.premises(item)
        target = self.end(item, "to", "relations" if kind == "undercuts" else "claims")
        if kind == "undercuts" and target is not None:
            target_kind = self.entries[_node_id(target)].data.get("kind")
            if target_kind != "supports":
                self.problem(
                    item,
                    "to",
                    "an undercut attacks an inference: its `to` must be a "
                    f"`supports` relation, not a `{target_kind}` one",
                )
        classes = [cls] if cls == AM.Support else [AM.Attack, cls]
        for c in classes:
            g.add((subject, RDF.type, c))
        g.add((subject, AM.inMap, map_iri(self.map_id)))
        g.add((subject, DCTERMS.identifier, Literal(relation_id)))
        if sources and target is not None:
            # A linked relation has several am:from: each premise gets the shortcut, which
            # then says that it is one premise of a reason, not a reason on its own.
            for source in sources:
                g.add((subject, AM["from"], source))
                g.add((source, shortcut, target))
                if shortcut != AM.supports:
                    g.add((source, AM.undermines, target))
            g.add((subject, AM.to, target))
            premises = " + ".join(_node_id(source) for source in sources)
            g.add((subject, RDFS.label, Literal(f"{premises} {kind} {_node_id(target)}")))
        if rationale:
            g.add((subject, AM.rationale, Literal(rationale)))
        _add_text(g, subject, AM.scheme, item.get("scheme"))
        _add_text(g, subject, RDFS.comment, item.get("comment"))
        self.anchor(item, subject, required=True)

    def premises(self, item: _Mapping) -> list[URIRef]:
        # `from:` is one claim, or a list of two or more claims that argue only together.
        if not _is_linked(item):
            source = self.end(item, "from", "claims")
            return [source] if source is not None else []
        listed = [_as_str(value) for value in item["from"]]
        if len(listed) < 2:
            self.problem(
                item, "from", "a linked relation lists two or more claims (for one: `from: id`)"
            )
            return []
        if len(set(listed)) != len(listed):
            self.problem(item, "from", "a linked relation lists each premise once")
            return []
        sources = self.refs(item, "from", "claims")
        return sources if len(sources) == len(listed) else []

    def end(self, item: _Mapping, key: str, section: str) -> URIRef | None:
        if key not in item:
            self.problem(item, None, f"missing `{key}`")
            return None
        refs = self.refs(item, key, section)
        return refs[0] if refs else None

    def add_date(self, item: _Mapping, key: str, subject: URIRef, prop: URIRef) -> None:
        value = item.get(key)
        if value is None:
            return
        if isinstance(value, dt.date):
            self.graph.add((subject, prop, Literal(value.isoformat(), datatype=XSD.date)))
        elif isinstance(value, int) or re.fullmatch(r"\d{4}", str(value)):
            self.graph.add((subject, prop, Literal(str(value), datatype=XSD.gYear)))
        elif re.fullmatch(r"\d{4}-\d{2}", str(value)):
            self.graph.add((subject, prop, Literal(str(value), datatype=XSD.gYearMonth)))
        else:
            self.problem(
                item, key, f"`{key}` must be a date (YYYY-MM-DD, YYYY-MM or YYYY), not {value!r}"
            )


def _is_linked(item: Mapping[str, Any]) -> bool:
    return isinstance(item.get("from"), list)


def _relation_id(item: Mapping[str, Any]) -> str | None:
    explicit = _as_str(item.get("id"))
    if explicit or _is_linked(item):
        return explicit
    parts = [_as_str(item.get(k)) for k in ("from", "kind", "to")]
    return "--".join(p for p in parts if p) if all(parts) else None


def _node_id(iri: URIRef) -> str:
    return str(iri).rsplit("/", 1)[1]


def _as_str(value: Any) -> str | None:
    if value is None:
        return None
    return str(value).strip() or None


def _add_text(graph: Graph, subject: URIRef, prop: URIRef, value: Any) -> None:
    if value is not None and str(value).strip():
        graph.add((subject, prop, Literal(" ".join(str(value).split()))))


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def text_file(root: Path, name: str) -> Path | None:
    """The file `name` (relative to `root`) when it is a file inside `root`, else None."""
    # An uploaded map names its text too: an absolute path or `..` would let it read (and
    # quote into its anchors) any file the service can read, so only files in `root` count.
    base = Path(os.path.abspath(root))
    path = Path(os.path.abspath(base / name))
    if not path.is_relative_to(base):
        return None
    try:
        return path if path.is_file() else None
    except (OSError, ValueError):  # a name too long for the file system, a NUL byte
        return None


def read_text_body(path: Path) -> str:
    """The body of a text file (see `anchors.read_body`); ValueError says why it cannot be read."""
    try:
        return anchors.read_body(path)
    except UnicodeDecodeError as exc:
        raise ValueError(f"is not UTF-8 text (byte {exc.start})") from exc
    except OSError as exc:
        raise ValueError(f"cannot be read: {exc.strerror or exc}") from exc


def project_root_for(path: Path) -> Path:
    """The folder that a map's `text:` path is relative to: the one holding `data/`."""
    resolved = path.resolve()
    for parent in resolved.parents:
        if parent.name == "data":
            return parent.parent
    return resolved.parent


def compile_map(path: Path, root: Path | None = None) -> CompiledMap:
    """Compile a YAML map to RDF; raise AuthoringError listing every problem with its line."""
    return _Compiler(path, root or project_root_for(path)).compile()
