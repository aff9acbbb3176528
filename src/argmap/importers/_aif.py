"""Read an AIF map (AIFdb JSON, or OVA3's xAIF with its `AIF` wrapper) into the argmap model.

The argument layer maps one to one onto the ontology's AIF alignment:

- an I-node is an `am:Claim` labelled with its text (whitespace tidied);
- an RA-node is an `am:Support` from its premises to its conclusion; an RA with several
  premises is a linked argument, one Support with an `am:from` for each premise;
- a CA-node is an `am:Attack`: a rebuttal when it points at an I-node, an undercut when it
  points at an RA-node (one undercut per Support made from that RA);
- an MA-node is an `am:Rephrase` (restatement → original), a PA-node an `am:Preference`
  (preferred → dispreferred);
- an S-node's scheme (`scheme`, else its `text` when that is more than the node type) is kept
  as `am:scheme`, unless it is AIF's "Default Inference" (Conflict, Rephrase, Preference),
  which names no scheme.

The dialogue layer is kept where the model has a place for it: every L-node (a locution, the
words as spoken) becomes a `prov:Entity` attributed (`prov:wasAttributedTo`) to its speaker, an
`am:Person` from the `locutions` / `participants` lists, and a claim that a locution asserts
(L → YA → I) is `prov:wasDerivedFrom` it. YA and TA nodes themselves, and what the model cannot
hold (e.g. a conflict aimed at a conflict), are set aside and counted in the report.

Node ids become `aif-<nodeID>`. A file written by argmap's AIF export also carries each node's
argmap id, claim kind and rationale (`argmapID`, `argmapKind`, `rationale`): they are used, so
that export → import keeps ids, kinds and rationales (a counterexample becomes a plain claim,
since AIF holds no case; quotes are set aside, since there is no text to anchor them in).

A file that is not AIF, an edge to a node that is not there, an
unknown node type, or an S-node without premise or conclusion is refused with
ImportFormatError naming the node or edge.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from argmap.errors import ImportFormatError
from argmap.pipeline import ParsedMap
from argmap.vocab import AM, CLAIM_KIND, MAP_ID, PREFIXES, map_iri, node_iri

from ._aif_schema import ARGUMENT_TYPES, DIALOGUE_TYPES
from ._complete import complete
from ._rename import slug

_ALL_TYPES = ", ".join(sorted(ARGUMENT_TYPES | DIALOGUE_TYPES))
_ARGMAP_KEYS = ("argmapID", "argmapKind", "quote", "rationale")
# AIF's names for "no particular scheme": not worth an am:scheme.
_DEFAULT_SCHEMES = {
    "RA": ("Default Inference",),
    "CA": ("Default Conflict",),
    "MA": ("Default Rephrase",),
    "PA": ("Default Preference",),
}
_WHAT = {"RA": "conclusion", "CA": "attacked node", "MA": "original", "PA": "dispreferred node"}
_FROM = {"RA": "premise", "CA": "attacker", "MA": "restatement", "PA": "preferred node"}


@dataclass
class _Node:
    aif_id: str
    type: str
    text: str
    scheme: str | None
    node_id: str = ""
    argmap: dict[str, str] = field(default_factory=dict)  # argmapID, argmapKind, rationale...
    sources: list[_Node] = field(default_factory=list)  # argument-layer nodes with an edge in
    targets: list[_Node] = field(default_factory=list)  # argument-layer nodes an edge goes to
    dialogue_in: list[_Node] = field(default_factory=list)
    dialogue_out: list[_Node] = field(default_factory=list)


def load_json(data: str | bytes, name: str = "<input>") -> Any:
    """Parse JSON text; a syntax error becomes ImportFormatError with its line and column."""
    try:
        document = json.loads(data)
    except json.JSONDecodeError as exc:
        raise ImportFormatError(
            f"{name} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from exc
    except UnicodeDecodeError as exc:
        raise ImportFormatError(f"{name} is not UTF-8 text: {exc}") from exc
    except RecursionError as exc:
        raise ImportFormatError(f"{name} nests its JSON arrays and objects too deeply") from exc
    except ValueError as exc:
        if "integer string conversion" in str(exc):  # Python's guard against huge integers
            raise ImportFormatError(
                f"{name} holds a number of more than {sys.get_int_max_str_digits()} digits"
            ) from exc
        raise ImportFormatError(f"{name} cannot be read as JSON: {exc}") from exc
    where = _lone_surrogate(document)
    if where is not None:
        # JSON may escape half a UTF-16 pair ("\ud800"): not a character, and no store holds it.
        raise ImportFormatError(
            f"{name}: the string at {where} holds a lone surrogate escape, which is not a character"
        )
    return document


def _lone_surrogate(document: Any) -> str | None:
    """The JSON path of the first string (key or value) holding a lone surrogate, if any."""
    # Iterative, since a document may nest as deeply as the JSON parser allows.
    stack: list[tuple[str, Any]] = [("$", document)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                return path
        elif isinstance(value, dict):
            for key, item in value.items():
                if _SURROGATE.search(key):
                    return path
                stack.append((f"{path}.{key}", item))
        elif isinstance(value, list):
            stack.extend((f"{path}[{index}]", item) for index, item in enumerate(value))
    return None


_SURROGATE = re.compile("[\ud800-\udfff]")


def read_aif(
    data: str | bytes | Mapping[str, Any], map_id: str, *, name: str = "<input>"
) -> ParsedMap:
    """The argmap graph of an AIFdb or xAIF document (text or parsed JSON), as map `map_id`."""
    if not MAP_ID.match(map_id):
        raise ImportFormatError(f"bad map id {map_id!r}: use lowercase letters, digits and hyphens")
    document = load_json(data, name) if isinstance(data, (str, bytes)) else data
    reader = _Reader(map_id, name)
    reader.read(document)
    done = complete(reader.graph, map_id)
    return ParsedMap(
        map_id,
        done.graph,
        set_aside=reader.set_aside,
        kept=reader.kept,
        notes=reader.notes,
        problems=done.problems,
    )


class _Reader:
    def __init__(self, map_id: str, name: str) -> None:
        self.map_id = map_id
        self.name = name
        self.graph = Graph()
        for prefix, iri in PREFIXES.items():
            self.graph.bind(prefix, iri)
        self.nodes: dict[str, _Node] = {}
        self.supports: dict[str, list[URIRef]] = {}  # RA aif id -> its Support nodes
        self.set_aside: Counter[str] = Counter()
        self.kept: Counter[str] = Counter()
        self.notes: list[str] = []

    # -- reading the JSON ---------------------------------------------------------------------

    def read(self, document: Any) -> None:
        flavour, body = self.unwrap(document)
        self.read_nodes(body.get("nodes"))
        self.read_edges(body.get("edges"))
        self.add_map(flavour)
        for node in self.nodes.values():
            if node.type == "I":
                self.add_claim(node)
        for kind in ("RA", "CA", "MA", "PA"):
            for node in self.nodes.values():
                if node.type == kind:
                    self.add_scheme_node(node)
        self.add_dialogue(body.get("locutions"), body.get("participants"))
        if self.set_aside["quotes"]:
            self.notes.append(
                f"set aside {self.set_aside['quotes']} quote(s) of argmap's AIF export: an "
                "imported map has no source text to anchor them in"
            )

    def unwrap(self, document: Any) -> tuple[str, Mapping[str, Any]]:
        if isinstance(document, Mapping) and "AIF" in document:
            body = document["AIF"]
            if not isinstance(body, Mapping):
                raise ImportFormatError(
                    f"{self.name}: `AIF` must be an object with nodes and edges"
                )
            text = document.get("text")
            if text:
                self.set_aside["analysed text"] += 1
                self.notes.append(
                    "set aside the analysed text of the OVA file: an imported map has no "
                    "source text to anchor claims in"
                )
            if document.get("OVA"):
                self.set_aside["OVA layout"] += 1
                self.notes.append("set aside OVA's drawing of the map (node positions)")
            return "OVA3/xAIF JSON", body
        if isinstance(document, Mapping) and "nodes" in document:
            return "AIFdb JSON", document
        raise ImportFormatError(
            f"{self.name} is not AIF: expected an object with `nodes` and `edges` (AIFdb) "
            "or with an `AIF` object (OVA3/xAIF)"
        )

    def read_nodes(self, raw: Any) -> None:
        if not isinstance(raw, list):
            raise ImportFormatError(f"{self.name}: `nodes` must be a list")
        used_ids: dict[str, str] = {}
        for index, entry in enumerate(raw, start=1):
            if not isinstance(entry, Mapping) or entry.get("nodeID") in (None, ""):
                raise ImportFormatError(f"{self.name}: entry {index} of `nodes` has no nodeID")
            aif_id = str(entry["nodeID"])
            node_type = entry.get("type")
            if aif_id in self.nodes:
                raise ImportFormatError(f"{self.name}: node {aif_id} appears twice in `nodes`")
            if not isinstance(node_type, str) or node_type not in ARGUMENT_TYPES | DIALOGUE_TYPES:
                raise ImportFormatError(
                    f"{self.name}: node {aif_id} has the unknown type {node_type!r} "
                    f"(AIF node types: {_ALL_TYPES})"
                )
            text = entry.get("text")
            scheme = entry.get("scheme")
            node = _Node(
                aif_id,
                node_type,
                " ".join(str(text).split()) if text is not None else "",
                str(scheme).strip() if isinstance(scheme, str) and scheme.strip() else None,
                argmap={k: str(entry[k]).strip() for k in _ARGMAP_KEYS if entry.get(k)},
            )
            self.nodes[aif_id] = node
        # Ids an argmap export carries are kept, so that a round trip keeps them; others
        # become aif-<nodeID>.
        for node in self.nodes.values():
            wanted = node.argmap.get("argmapID", "")
            if MAP_ID.match(wanted) and wanted != "text" and wanted not in used_ids:
                node.node_id = self.unique_id(wanted, used_ids, node.aif_id)
        for node in self.nodes.values():
            if not node.node_id:
                wanted = f"aif-{slug(node.aif_id) or 'node'}"
                node.node_id = self.unique_id(wanted, used_ids, node.aif_id)

    def unique_id(self, wanted: str, used: dict[str, str], aif_id: str) -> str:
        # Two AIF ids may differ only in case or punctuation; keep both, distinctly.
        candidate, n = wanted, 1
        while candidate in used:
            n += 1
            candidate = f"{wanted}-{n}"
        used[candidate] = aif_id
        return candidate

    def read_edges(self, raw: Any) -> None:
        if not isinstance(raw, list):
            raise ImportFormatError(f"{self.name}: `edges` must be a list")
        for index, entry in enumerate(raw, start=1):
            label = f"entry {index} of `edges`"
            if isinstance(entry, Mapping) and entry.get("edgeID") not in (None, ""):
                label = f"edge {entry['edgeID']}"
            if not isinstance(entry, Mapping) or "fromID" not in entry or "toID" not in entry:
                raise ImportFormatError(f"{self.name}: {label} needs fromID and toID")
            ends = []
            for key, verb in (("fromID", "comes from"), ("toID", "goes to")):
                node = self.nodes.get(str(entry[key]))
                if node is None:
                    raise ImportFormatError(
                        f"{self.name}: {label} {verb} node {entry[key]}, which is not in `nodes`"
                    )
                ends.append(node)
            source, target = ends
            if source.type == "I" and target.type == "I":
                raise ImportFormatError(
                    f"{self.name}: {label} links I-node {source.aif_id} straight to I-node "
                    f"{target.aif_id}; AIF relates claims through an RA, CA, MA or PA node"
                )
            if source.type in ARGUMENT_TYPES and target.type in ARGUMENT_TYPES:
                source.targets.append(target)
                target.sources.append(source)
            else:
                source.dialogue_out.append(target)
                target.dialogue_in.append(source)

    # -- writing the graph --------------------------------------------------------------------

    def iri(self, node: _Node) -> URIRef:
        return node_iri(self.map_id, node.node_id)

    def member(self, subject: URIRef, node_id: str, *classes: URIRef) -> None:
        for cls in classes:
            self.graph.add((subject, RDF.type, cls))
        self.graph.add((subject, AM.inMap, map_iri(self.map_id)))
        self.graph.add((subject, DCTERMS.identifier, Literal(node_id)))

    def add_map(self, flavour: str) -> None:
        m = map_iri(self.map_id)
        title = f"{PurePath(self.name).stem} ({flavour})"
        self.graph.add((m, RDF.type, AM.ArgumentMap))
        self.graph.add((m, DCTERMS.identifier, Literal(self.map_id)))
        self.graph.add((m, RDFS.label, Literal(title)))
        self.graph.add((m, DCTERMS.title, Literal(title)))
        self.graph.add(
            (m, DCTERMS.description, Literal(f"Imported from {self.name}, an {flavour} file."))
        )

    def add_claim(self, node: _Node) -> None:
        if not node.text:
            raise ImportFormatError(f"{self.name}: I-node {node.aif_id} has no text")
        subject = self.iri(node)
        self.member(subject, node.node_id, self.claim_class(node))
        self.graph.add((subject, RDFS.label, Literal(node.text)))
        self.set_aside_quote(node)

    def claim_class(self, node: _Node) -> URIRef:
        kind = node.argmap.get("argmapKind")
        if kind == "counterexample":
            # The shapes want a counterexample's case, and AIF has no place for one.
            self.aside(
                "counterexample kinds",
                f"the kind `counterexample` of {node.node_id}: AIF carries no case, "
                "so it is imported as a plain claim",
            )
            return AM.Claim
        return CLAIM_KIND[kind].cls if isinstance(kind, str) and kind in CLAIM_KIND else AM.Claim

    def set_aside_quote(self, node: _Node) -> None:
        if "quote" in node.argmap:
            # An imported map has no source text for an anchor to point into.
            self.set_aside["quotes"] += 1

    def add_scheme_node(self, node: _Node) -> None:
        if not node.targets:
            raise ImportFormatError(
                f"{self.name}: {node.type}-node {node.aif_id} has no {_WHAT[node.type]} "
                "(no edge leads from it to another argument node)"
            )
        if len(node.targets) > 1:
            found = ", ".join(t.aif_id for t in node.targets)
            raise ImportFormatError(
                f"{self.name}: {node.type}-node {node.aif_id} has {len(node.targets)} "
                f"{_WHAT[node.type]}s ({found}); an AIF {node.type}-node has one"
            )
        if not node.sources:
            raise ImportFormatError(
                f"{self.name}: {node.type}-node {node.aif_id} has no {_FROM[node.type]} "
                "(no edge leads into it from another argument node)"
            )
        target = node.targets[0]
        # An S-node leading into this one (a CA undercutting an RA) is read from its own side.
        sources = [s for s in node.sources if s.type == "I"]
        if not sources:
            self.aside(
                f"{node.type} nodes",
                f"{node.type}-node {node.aif_id}: only S-nodes lead into it, and argmap "
                "relations start at claims",
            )
            return
        if node.type == "CA" and target.type == "RA":
            ends = self.supports.get(target.aif_id, [])
            if not ends:
                self.aside(
                    "CA nodes", f"CA-node {node.aif_id}: the RA-node it attacks was set aside"
                )
                return
            self.relate(node, sources, ends, "undercuts", [AM.Attack, AM.Undercut])
            return
        if target.type != "I":
            self.aside(
                f"{node.type} nodes",
                f"{node.type}-node {node.aif_id} points at {target.type}-node {target.aif_id}; "
                f"argmap holds this relation only between claims",
            )
            return
        kinds = {
            "RA": ("supports", [AM.Support]),
            "CA": ("rebuts", [AM.Attack, AM.Rebuttal]),
            "MA": ("rephrases", [AM.Rephrase]),
            "PA": ("is preferred to", [AM.Preference]),
        }
        verb, classes = kinds[node.type]
        made = self.relate(node, sources, [self.iri(target)], verb, classes)
        if node.type == "RA":
            self.supports[node.aif_id] = made

    def relate(
        self,
        node: _Node,
        sources: list[_Node],
        targets: list[URIRef],
        verb: str,
        classes: list[URIRef],
    ) -> list[URIRef]:
        made = []
        # Several I-nodes into one S-node are one linked reason: one relation, several am:from.
        premises = " + ".join(source.node_id for source in sources)
        for target in targets:
            parts = [node.node_id]
            if len(targets) > 1:
                parts.append(str(target).rsplit("/", 1)[1].removeprefix("aif-"))
            relation_id = "-".join(parts)
            subject = node_iri(self.map_id, relation_id)
            self.member(subject, relation_id, *classes)
            for source in sources:
                self.graph.add((subject, AM["from"], self.iri(source)))
            self.graph.add((subject, AM.to, target))
            target_id = str(target).rsplit("/", 1)[1]
            self.graph.add((subject, RDFS.label, Literal(f"{premises} {verb} {target_id}")))
            scheme = node.scheme or (node.text if node.text not in ("", node.type) else None)
            if scheme and scheme not in _DEFAULT_SCHEMES.get(node.type, ()):
                self.graph.add((subject, AM.scheme, Literal(scheme)))
            if node.argmap.get("rationale"):
                self.graph.add((subject, AM.rationale, Literal(node.argmap["rationale"])))
            made.append(subject)
        self.set_aside_quote(node)
        return made

    def aside(self, kind: str, why: str) -> None:
        self.set_aside[kind] += 1
        self.notes.append(f"set aside {why}")

    def add_dialogue(self, locutions: Any, participants: Any) -> None:
        names: dict[str, str] = {}
        for entry in participants if isinstance(participants, list) else []:
            if isinstance(entry, Mapping) and entry.get("participantID") is not None:
                parts = [str(entry.get(k) or "").strip() for k in ("firstname", "surname")]
                if " ".join(p for p in parts if p):
                    names[str(entry["participantID"])] = " ".join(p for p in parts if p)
        speakers: dict[str, str] = {}
        for entry in locutions if isinstance(locutions, list) else []:
            if isinstance(entry, Mapping) and entry.get("personID") not in (None, ""):
                speakers.setdefault(str(entry.get("nodeID")), str(entry["personID"]))
        by_type: Counter[str] = Counter(n.type for n in self.nodes.values())
        for node in self.nodes.values():
            if node.type == "L":
                self.add_locution(node, speakers.get(node.aif_id), names)
        # A claim asserted in the dialogue: L --> YA --> I.
        for node in self.nodes.values():
            if node.type != "YA":
                continue
            spoken = [n for n in node.dialogue_in if n.type == "L"]
            for claim in (n for n in node.dialogue_out if n.type == "I"):
                for locution in spoken:
                    self.graph.add((self.iri(claim), PROV.wasDerivedFrom, self.iri(locution)))
        if by_type["L"]:
            self.kept["L nodes"] = by_type["L"]
            self.notes.append(
                f"kept {by_type['L']} L-node(s) as provenance: prov:Entity with the words "
                "spoken and the speaker; claims they assert are prov:wasDerivedFrom them"
            )
        aside = {t: by_type[t] for t in ("YA", "TA") if by_type[t]}
        for node_type, n in aside.items():
            self.set_aside[f"{node_type} nodes"] += n
        if aside:
            self.notes.append(
                "set aside the dialogue structure: "
                + ", ".join(f"{n} {t}-node(s)" for t, n in aside.items())
            )

    def add_locution(self, node: _Node, person: str | None, names: dict[str, str]) -> None:
        subject = self.iri(node)
        self.member(subject, node.node_id, PROV.Entity)
        if node.text:
            self.graph.add((subject, RDFS.label, Literal(node.text)))
        if person is None:
            return
        agent_id = f"aif-person-{slug(person) or 'unknown'}"
        agent = node_iri(self.map_id, agent_id)
        if (agent, RDF.type, AM.Person) not in self.graph:
            self.member(agent, agent_id, AM.Person)
            label = names.get(person, f"AIF participant {person}")
            self.graph.add((agent, RDFS.label, Literal(label)))
            self.kept["speakers"] += 1
        self.graph.add((subject, PROV.wasAttributedTo, agent))


def default_map_id(file_name: str) -> str:
    """The id an AIF file is imported under unless one is given: `aif-<file stem>`.

    >>> default_map_id("data/gallagher-2022.aif.json")
    'aif-gallagher-2022'
    """
    path = PurePath(file_name)
    while path.suffix.lower() in (".json", ".aif", ".xaif"):
        path = path.with_suffix("")
    return f"aif-{slug(path.name) or 'map'}"
