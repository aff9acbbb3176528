// What each kind of node and relation looks like: one table for the drawing, legend, filters
// and list. The claim colours are argmap's own (src/argmap/export/_style.py: KIND_COLOURS,
// KIND_FILLS, RELATION_COLOURS), so the page shows a map as every export does.

/** Node kinds in reading order: colour (border), fill, Cytoscape shape, a reader's name. */
export const NODE_KINDS = {
  recommendation: { colour: "#f28e2b", fill: "#fde3c6", shape: "round-rectangle", name: "Recommendation" },
  claim: { colour: "#4e79a7", fill: "#dce8f5", shape: "round-rectangle", name: "Claim" },
  evidence: { colour: "#59a14f", fill: "#dcefd9", shape: "cut-rectangle", name: "Evidence" },
  counterexample: { colour: "#e15759", fill: "#f8d6d7", shape: "concave-hexagon", name: "Counterexample" },
  assumption: { colour: "#b07aa1", fill: "#ede0ea", shape: "barrel", name: "Assumption" },
  case: { colour: "#00796b", fill: "#d5efeb", shape: "ellipse", name: "Case" },
  source: { colour: "#795548", fill: "#efe7e3", shape: "rhomboid", name: "Source" },
};

/** Relation kinds: colour, line style, arrow, a reader's name and what the edge says. */
export const RELATIONS = {
  supports: { colour: "#2e7d32", line: "solid", arrow: "triangle", name: "Supports" },
  rebuts: { colour: "#c62828", line: "solid", arrow: "tee", name: "Rebuts" },
  undercuts: { colour: "#c62828", line: "dashed", arrow: "tee", name: "Undercuts (a support)" },
  rephrases: { colour: "#757575", line: "dotted", arrow: "none", name: "Rephrases" },
  concerns: { colour: "#00796b", line: "dotted", arrow: "none", name: "Concerns a case" },
  cites: { colour: "#795548", line: "dotted", arrow: "none", name: "Cites a source" },
};

/** How a relation reads from premise to conclusion in a sentence. */
export const VERBS = {
  supports: "supports",
  rebuts: "rebuts",
  undercuts: "undercuts the support of",
  rephrases: "rephrases",
  concerns: "concerns",
  cites: "cites",
};

/** Colours of the selection: supporters and underminers of the chosen claim. */
export const ROLES = { supporter: "#1b5e20", underminer: "#b71c1c", focus: "#1f2937" };
