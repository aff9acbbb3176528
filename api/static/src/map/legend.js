// The legend: a small drawing of each node shape and edge line, from the same table as the map.

import { NODE_KINDS, RELATIONS, ROLES } from "./kinds.js";

const SVG = "http://www.w3.org/2000/svg";

const SHAPES = {
  "round-rectangle": '<rect x="2" y="3" width="26" height="14" rx="4"/>',
  "cut-rectangle": '<path d="M6 3h18l4 4v6l-4 4H6l-4-4V7z"/>',
  "concave-hexagon": '<path d="M2 3h26l-4 7 4 7H2l4-7z"/>',
  barrel: '<path d="M4 3h22q3 7 0 14H4q-3-7 0-14z"/>',
  ellipse: '<ellipse cx="15" cy="10" rx="13" ry="7"/>',
  rhomboid: '<path d="M7 3h21l-5 14H2z"/>',
};

/** A legend entry: a small SVG drawing and its label. */
function svg(markup, label) {
  const wrapper = document.createElement("span");
  wrapper.className = "swatch";
  wrapper.innerHTML = `<svg xmlns="${SVG}" width="30" height="20" viewBox="0 0 30 20" aria-hidden="true" focusable="false">${markup}</svg>`;
  const item = document.createElement("li");
  item.append(wrapper, document.createTextNode(label));
  return item;
}

/** The legend entry of a node kind. */
function nodeItem(look, dashed) {
  const style = `fill="${look.fill}" stroke="${look.colour}" stroke-width="2"${dashed ? ' stroke-dasharray="3 2"' : ""}`;
  return svg(SHAPES[look.shape].replace("/>", ` ${style}/>`), look.name);
}

/** The legend entry of a relation. */
function edgeItem(look) {
  const dash = { solid: "", dashed: ' stroke-dasharray="5 3"', dotted: ' stroke-dasharray="1.5 2.5"' }[look.line];
  const head =
    look.arrow === "triangle"
      ? `<path d="M22 5l7 5-7 5z" fill="${look.colour}"/>`
      : look.arrow === "tee"
        ? `<path d="M27 4v12" stroke="${look.colour}" stroke-width="3"/>`
        : "";
  return svg(`<path d="M1 10h${look.arrow === "none" ? 28 : 23}" stroke="${look.colour}" stroke-width="2"${dash}/>${head}`, look.name);
}

/** The legend entry of a role in a selection. */
function roleItem(colour, label, dashed) {
  return svg(
    `<rect x="3" y="4" width="24" height="12" rx="3" fill="#fff" stroke="${colour}" stroke-width="3"${dashed ? ' stroke-dasharray="3 2" opacity=".6"' : ""}/>`,
    label,
  );
}

/** Fills the legend element: kinds, relations, and what a selection shows. */
export function renderLegend(container) {
  const list = (title, items) => {
    const group = document.createElement("div");
    group.className = "legend-group";
    const heading = document.createElement("p");
    heading.className = "legend-title";
    heading.textContent = title;
    const ul = document.createElement("ul");
    ul.append(...items);
    group.append(heading, ul);
    return group;
  };
  container.replaceChildren(
    list("Nodes", Object.entries(NODE_KINDS).map(([kind, look]) => nodeItem(look, kind === "assumption"))),
    list("Relations", [
      ...Object.entries(RELATIONS).map(([, look]) => edgeItem(look)),
      svg(`<circle cx="15" cy="10" r="5" fill="${RELATIONS.supports.colour}" stroke="#fff" stroke-width="2"/>`, "A support an undercut attacks"),
    ]),
    list("Selection", [
      roleItem(ROLES.supporter, "Supporter, direct", false),
      roleItem(ROLES.supporter, "Supporter, through a chain", true),
      roleItem(ROLES.underminer, "Underminer, direct", false),
      roleItem(ROLES.underminer, "Underminer, through a chain", true),
    ]),
  );
}
