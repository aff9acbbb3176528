// The drawing: Cytoscape with the ELK layered layout (support flows up to the recommendations),
// zoom and fit controls, and the navigator minimap.

import cytoscape from "cytoscape";
import elk from "cytoscape-elk";
import navigator from "cytoscape-navigator";
import svg from "cytoscape-svg";
import { stylesheet } from "./style.js";

cytoscape.use(elk);
cytoscape.use(svg);
navigator(cytoscape);

// Measured on the Gallagher map (63 nodes) in Chromium, cy.elements().boundingBox(): 4,670 × 1,720
// px with model order and NETWORK_SIMPLEX; 2,660 × 1,480 px with the options below. Wrapping
// (elk.layered.wrapping.*) and elk.aspectRatio change nothing here: the width comes from wide
// layers, not from many of them.
const LAYOUT = {
  name: "elk",
  fit: true,
  padding: 24,
  animate: false,
  nodeDimensionsIncludeLabels: false,
  // The recommendations alone in the top layer, one row a first view can frame (LAST_SEPARATE, with
  // NETWORK_SIMPLEX: 2,740 px wide against 3,710 px when each sits where its chains put it).
  nodeLayoutOptions: (node) =>
    node.hasClass("recommendation") ? { "elk.layered.layering.layerConstraint": "LAST_SEPARATE" } : {},
  elk: {
    algorithm: "layered",
    // Premises below what they bear on: supports point up to the recommendations at the top.
    "elk.direction": "UP",
    "elk.layered.spacing.nodeNodeBetweenLayers": 56,
    "elk.spacing.nodeNode": 16,
    "elk.layered.crossingMinimization.strategy": "LAYER_SWEEP",
    // About as narrow as NETWORK_SIMPLEX overall (Brandes-Köpf: 4,640 px), but it packs the
    // recommendations' row to 1,600 px (NETWORK_SIMPLEX: 2,240 px), so the row fits at 0.5 zoom.
    "elk.layered.nodePlacement.strategy": "LINEAR_SEGMENTS",
    "elk.layered.nodePlacement.linearSegments.deflectionDampening": 0.1,
    // Keeping the input order costs width (4,670 px against 3,800 px without it).
    "elk.layered.considerModelOrder.strategy": "NONE",
  },
};

// The least zoom at which a first view's 12 px labels read (6 px on screen): below it the whole
// map is a picture, not a text; 0.5 is also about the most the recommendations' row fits at 1280 px.
export const LEGIBLE = 0.5;
const MOST = 1; // a small map is not blown up past its natural size

/** A Cytoscape instance over `elements` in `container` (not laid out yet). */
export function createGraph(container, elements) {
  return cytoscape({
    container,
    elements,
    style: stylesheet(),
    minZoom: 0.1,
    maxZoom: 3,
    boxSelectionEnabled: false,
    autoungrabify: false,
    selectionType: "single",
  });
}

/** Lays out the visible elements with ELK layered; resolves when the layout stopped. */
export async function layout(cy) {
  const run = cy.elements(":visible").layout(LAYOUT);
  const stopped = run.promiseOn("layoutstop");
  run.run();
  await stopped;
  cy.fit(cy.elements(":visible"), LAYOUT.padding);
}

/**
 * The first view, no node selected: the whole map when it reads at LEGIBLE zoom or more, else the
 * recommendations (the top layer) with their direct reasons, else the recommendations' row alone
 * at the top of the view, its reasons below it. Never below LEGIBLE: where even the row is too
 * wide (a narrow screen) the view starts at its left end. The Fit button still shows everything,
 * and the minimap where the view is.
 */
export function frameOverview(cy, padding = LAYOUT.padding) {
  const shown = cy.elements(":visible");
  const fits = (elements, margin) => {
    cy.fit(elements, margin);
    if (cy.zoom() > MOST) cy.zoom({ level: MOST, position: middle(elements) });
    return cy.zoom() >= LEGIBLE;
  };
  if (shown.empty() || fits(shown, padding)) return;
  const tops = cy.nodes(".recommendation:visible");
  const row = tops.nonempty() ? tops : shown.nodes();
  const near = row.union(row.incomers(":visible"));
  if (fits(near, padding)) {
    belowTools(cy, near);
    return;
  }
  const margin = 12;
  const wide = !fits(row, margin);
  if (wide) cy.zoom(LEGIBLE);
  const box = row.boundingBox();
  const zoom = cy.zoom();
  cy.pan({ x: wide ? margin - box.x1 * zoom : cy.pan().x, y: TOOLS - box.y1 * zoom });
}

// The height the status line and the zoom buttons take over the top of the canvas.
const TOOLS = 56;

/** Moves `elements` down from under the buttons, as far as the view has room below them. */
function belowTools(cy, elements) {
  const box = elements.renderedBoundingBox();
  const down = Math.min(TOOLS - box.y1, cy.height() - 12 - box.y2);
  if (down > 0) cy.panBy({ x: 0, y: down });
}

function middle(elements) {
  const box = elements.boundingBox();
  return { x: (box.x1 + box.x2) / 2, y: (box.y1 + box.y2) / 2 };
}

/** The minimap in `container`, or null when the map is small enough to see whole. */
export function minimap(cy, container, threshold = 30) {
  container.hidden = cy.nodes().length < threshold;
  if (container.hidden) return null;
  return cy.navigator({ container: `#${container.id}`, viewLiveFramerate: 0, rerenderDelay: 200 });
}

/** Wires the zoom and fit buttons to the graph `getGraph()` returns (the map shown now). */
export function zoomControls(getGraph, { zoomIn, zoomOut, fit }) {
  const step = (factor) => {
    const cy = getGraph();
    cy?.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  };
  zoomIn.addEventListener("click", () => step(1.25));
  zoomOut.addEventListener("click", () => step(0.8));
  fit.addEventListener("click", () => getGraph()?.fit(getGraph().elements(":visible"), 24));
}

/** Pans to `elements` when they are not all in the view (the zoom stays). */
export function reveal(cy, elements) {
  const view = cy.extent();
  const box = elements.boundingBox();
  if (box.x1 < view.x1 || box.x2 > view.x2 || box.y1 < view.y1 || box.y2 > view.y2) {
    cy.center(elements);
  }
}

/** Frames an analysed claim with its nearer reasons, close enough to read when it can. */
export function frameAnalysis(cy, analysis, readable = 0.4) {
  const around = (depth) =>
    cy.getElementById(analysis.id).union(
      cy.collection([...analysis.supporters, ...analysis.underminers].filter((r) => r.depth <= depth).map((r) => cy.getElementById(r.id))),
    ).filter(":visible");
  for (const depth of [3, 2, 1]) {
    cy.fit(around(depth), 40);
    belowTools(cy, around(depth));
    if (cy.zoom() >= readable) return;
  }
}
