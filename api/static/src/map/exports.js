// Leaving with the map: PNG and SVG of the drawing, and the GraphML, AIF and Turtle exports.

import { exportUrl } from "./api.js";
import { h, replace } from "./dom.js";

const FORMATS = [
  ["graphml", "GraphML", "for yEd, Gephi and Cytoscape"],
  ["aif", "AIF", "Argument Interchange Format (JSON)"],
  ["turtle", "Turtle", "the RDF of the map"],
];

/** Hands `blob` to the browser as a download named `name`. */
function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = h("a", { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The links to the map's exports. */
export function renderExportLinks(list, map) {
  replace(
    list,
    FORMATS.map(([format, name, what]) =>
      h("li", {}, h("a", { href: exportUrl(map, format), download: `${map}.${format === "turtle" ? "ttl" : format === "aif" ? "aif.json" : format}` }, name), h("span", { class: "what" }, ` ${what}`)),
    ),
  );
}

/** Wires the PNG and SVG buttons: the whole drawing as it is shown (marks included). */
export function imageButtons(getGraph, getMap, { png, svg }) {
  png.addEventListener("click", () => {
    const cy = getGraph();
    if (cy) save(cy.png({ output: "blob", full: true, scale: 2, bg: "#ffffff" }), `${getMap()}.png`);
  });
  svg.addEventListener("click", () => {
    const cy = getGraph();
    if (cy) save(new Blob([cy.svg({ full: true, bg: "#ffffff" })], { type: "image/svg+xml" }), `${getMap()}.svg`);
  });
}
