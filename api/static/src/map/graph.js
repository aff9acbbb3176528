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

const LAYOUT = {
  name: "elk",
  fit: true,
  padding: 24,
  animate: false,
  nodeDimensionsIncludeLabels: false,
  elk: {
    algorithm: "layered",
    // Premises below what they bear on: supports point up to the recommendations at the top.
    "elk.direction": "UP",
    "elk.layered.spacing.nodeNodeBetweenLayers": 70,
    "elk.spacing.nodeNode": 28,
    "elk.layered.crossingMinimization.strategy": "LAYER_SWEEP",
    // Narrower than Brandes-Köpf here (the Gallagher map: 3,800 px against 5,100 px wide).
    "elk.layered.nodePlacement.strategy": "NETWORK_SIMPLEX",
    "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
  },
};

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
    if (cy.zoom() >= readable) return;
  }
}
