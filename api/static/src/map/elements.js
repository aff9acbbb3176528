// Cytoscape elements from the cytoscape export: case and source nodes added, and each support
// that an undercut attacks routed through a junction node that the undercut ends on.

import { NODE_KINDS } from "./kinds.js";

const WIDTH = 180;
const FONT = "12px system-ui, sans-serif";
const LINE = 15;
const MAX_LABEL = 120;

/** The node id of the junction standing for support `relation` on its edge. */
export const junctionId = (relation) => `junction:${relation}`;

/** A label short enough for a box (the whole label is in the panel and the list). */
export function shorten(label, max = MAX_LABEL) {
  if (label.length <= max) return label;
  const cut = label.slice(0, max);
  return `${cut.slice(0, cut.lastIndexOf(" ")) || cut}…`;
}

let measurer;

/** How tall a box must be for `text` wrapped at the node width, as Cytoscape wraps it. */
export function boxHeight(text, width = WIDTH - 20) {
  measurer ??= document.createElement("canvas").getContext("2d");
  measurer.font = FONT;
  let lines = 1;
  let line = "";
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (line && measurer.measureText(next).width > width) {
      lines += 1;
      line = word;
    } else {
      line = next;
    }
  }
  return lines * LINE + 18;
}

/** A claim's node, with its short label and the height that label needs. */
function claimNode(data) {
  const display = shorten(data.label);
  return {
    group: "nodes",
    data: { ...data, display, height: boxHeight(display), fill: NODE_KINDS[data.kind]?.fill },
    classes: data.kind,
  };
}

/** Case and source nodes, and their edges to the claims that concern or cite them. */
function attachmentElements(claims, attachments) {
  const taken = new Set(claims.map((n) => n.data.id));
  const nodes = new Map();
  const edges = new Map();
  for (const { claim, role, node, name } of attachments) {
    if (!taken.has(claim)) continue;
    const id = taken.has(node) ? `${role}:${node}` : node;
    if (!nodes.has(id)) {
      const display = shorten(name, 80);
      nodes.set(id, {
        group: "nodes",
        data: { id, label: name, display, kind: role, height: boxHeight(display, 140) },
        classes: role,
      });
    }
    const relation = role === "case" ? "concerns" : "cites";
    // Drawn from the case or source up to the claim, so they sit beneath what rests on them.
    const edgeId = `${relation}:${claim}:${id}`;
    edges.set(edgeId, {
      group: "edges",
      data: { id: edgeId, source: id, target: claim, relation, claim },
      classes: `${relation} attachment`,
    });
  }
  return [...nodes.values(), ...edges.values()];
}

/** The attachments known from the node data alone (labels), when the store gave no ids. */
export function attachmentsFromLabels(claims) {
  const found = [];
  for (const { data } of claims) {
    for (const name of data.cases ?? []) found.push({ claim: data.id, role: "case", node: `case:${name}`, name });
    for (const name of data.sources ?? []) found.push({ claim: data.id, role: "source", node: `source:${name}`, name });
  }
  return found;
}

/** Every element the page draws, from the export document and the claims' attachments. */
export function buildElements(doc, attachments) {
  const claims = doc.elements.nodes.map((n) => claimNode(n.data));
  const edges = doc.elements.edges.map((e) => ({ ...e.data, relation_id: e.data.relation_id ?? e.data.id }));
  const supports = new Set(edges.filter((e) => e.relation === "supports").map((e) => e.relation_id));
  const undercut = new Set(
    edges.filter((e) => e.relation === "undercuts" && supports.has(e.target_relation)).map((e) => e.target_relation),
  );
  const out = [...claims];
  const junctions = new Set();
  for (const edge of edges) {
    if (edge.relation === "undercuts" && undercut.has(edge.target_relation)) {
      // Drawn to the support it attacks; `conclusion` keeps the claim it counts against.
      out.push({
        group: "edges",
        data: { ...edge, target: junctionId(edge.target_relation), conclusion: edge.target },
        classes: "undercuts",
      });
    } else if (undercut.has(edge.relation_id)) {
      const junction = junctionId(edge.relation_id);
      if (!junctions.has(junction)) {
        junctions.add(junction);
        out.push({
          group: "nodes",
          data: { id: junction, kind: "junction", relation_id: edge.relation_id, label: "" },
          classes: "junction",
        });
        out.push({
          group: "edges",
          data: { ...edge, id: `${edge.relation_id}:onward`, source: junction },
          classes: `${edge.relation} onward`,
        });
      }
      out.push({ group: "edges", data: { ...edge, target: junction }, classes: `${edge.relation} into-junction` });
    } else {
      out.push({ group: "edges", data: edge, classes: edge.relation });
    }
  }
  return [...out, ...attachmentElements(claims, attachments)];
}
