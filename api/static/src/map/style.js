// The Cytoscape stylesheet: a shape and colour per kind, a line per relation, and the classes
// the page sets (selected, supporter/underminer direct or indirect, faded, match, anchored).

import { NODE_KINDS, RELATIONS, ROLES } from "./kinds.js";

const FONT = "system-ui, sans-serif";

/** One rule per node kind: shape, fill, border. */
function kindRules() {
  return Object.entries(NODE_KINDS).map(([kind, look]) => ({
    selector: `node.${kind}`,
    style: {
      shape: look.shape,
      "background-color": look.fill,
      "border-color": look.colour,
    },
  }));
}

/** One rule per relation: colour, line, arrow. */
function relationRules() {
  return Object.entries(RELATIONS).map(([relation, look]) => ({
    selector: `edge.${relation}`,
    style: {
      "line-color": look.colour,
      "line-style": look.line,
      "target-arrow-color": look.colour,
      "target-arrow-shape": look.arrow,
    },
  }));
}

/** The whole stylesheet, in the order Cytoscape applies it (later rules win). */
export function stylesheet() {
  return [
    {
      selector: "node",
      style: {
        label: "data(display)",
        "font-family": FONT,
        "font-size": 12,
        color: "#1a1a1a",
        "text-wrap": "wrap",
        "text-max-width": 160,
        "text-valign": "center",
        "text-halign": "center",
        width: 180,
        height: "data(height)",
        "border-width": 2,
        "background-opacity": 1,
        "transition-property": "opacity",
        "transition-duration": 150,
      },
    },
    ...kindRules(),
    { selector: "node.recommendation", style: { "border-width": 3, "font-weight": 600 } },
    { selector: "node.assumption", style: { "border-style": "dashed" } },
    { selector: "node.case, node.source", style: { width: 150, "text-max-width": 130, "font-size": 11 } },
    {
      selector: "node.junction",
      style: {
        shape: "ellipse",
        width: 12,
        height: 12,
        label: "",
        "background-color": RELATIONS.supports.colour,
        "border-width": 2,
        "border-color": "#ffffff",
      },
    },
    {
      selector: "edge",
      style: {
        width: 2,
        "curve-style": "bezier",
        "arrow-scale": 1.1,
        "target-arrow-shape": "triangle",
      },
    },
    ...relationRules(),
    { selector: "edge.into-junction", style: { "target-arrow-shape": "none" } },
    { selector: "edge.attachment", style: { width: 1.5 } },
    // The state the page sets.
    { selector: ".hidden", style: { display: "none" } },
    { selector: ".faded", style: { opacity: 0.14 } },
    { selector: ".unmatched", style: { opacity: 0.25 } },
    { selector: "node.match", style: { "underlay-color": "#ffd54f", "underlay-opacity": 0.9, "underlay-padding": 7 } },
    { selector: "node.anchored", style: { "underlay-color": "#1565c0", "underlay-opacity": 0.45, "underlay-padding": 8 } },
    { selector: "edge.anchored", style: { width: 5 } },
    {
      selector: "node.selected-node",
      style: { "border-width": 5, "border-color": ROLES.focus, "underlay-color": ROLES.focus, "underlay-opacity": 0.2, "underlay-padding": 8 },
    },
    { selector: "edge.selected-edge", style: { width: 6 } },
    {
      selector: "node.supporter",
      style: { "underlay-color": ROLES.supporter, "underlay-padding": 10, "underlay-opacity": 0.6, "border-width": 5, "border-color": ROLES.supporter },
    },
    {
      selector: "node.underminer",
      style: { "underlay-color": ROLES.underminer, "underlay-padding": 10, "underlay-opacity": 0.6, "border-width": 5, "border-color": ROLES.underminer },
    },
    { selector: "node.indirect", style: { "underlay-opacity": 0.2, "border-style": "dashed", "border-width": 4 } },
    { selector: "edge.on-path", style: { width: 3.5, opacity: 1 } },
    { selector: "edge.on-path.indirect", style: { width: 2.5 } },
  ];
}
