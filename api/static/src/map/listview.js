// The list view: every node of the map as text, grouped by kind, with what it bears on, for the
// keyboard and screen readers. Its buttons select a node as a click on the drawing does.

import { h, replace } from "./dom.js";
import { NODE_KINDS, VERBS } from "./kinds.js";

/** What a node bears on, as short sentences (undercuts name the support they attack). */
function bearings(cy, node) {
  const out = [];
  node.outgoers("edge").forEach((edge) => {
    const relation = edge.data("relation");
    let target = edge.target();
    if (target.hasClass("junction")) {
      if (relation === "undercuts") {
        const premises = target.incomers("edge.into-junction").sources().map((n) => n.data("label"));
        const conclusion = target.outgoers("node").first().data("label");
        out.push(`undercuts the support that “${premises.join("” and “")}” gives to: ${conclusion}`);
        return;
      }
      target = target.outgoers("node").first();
    }
    if (target.nonempty()) out.push(`${VERBS[relation] ?? relation}: ${target.data("label")}`);
  });
  return [...new Set(out)];
}

/** Renders the list into `container`; `select(id)` runs when a node's button is pressed. */
export function renderList(container, cy, select) {
  const sections = Object.entries(NODE_KINDS).map(([kind, look]) => {
    const nodes = cy.nodes(`.${kind}`).sort((a, b) => a.data("label").localeCompare(b.data("label")));
    if (!nodes.length) return null;
    const heading = `list-${kind}`;
    return h(
      "section",
      { class: "list-group", "aria-labelledby": heading, dataset: { kind } },
      h("h3", { id: heading }, `${look.name} `, h("span", { class: "count" }, `(${nodes.length})`)),
      h(
        "ul",
        { class: "node-list" },
        nodes.map((node) =>
          h(
            "li",
            { dataset: { node: node.id() } },
            h("button", { type: "button", class: `node-button kind-${kind}`, dataset: { node: node.id() }, onclick: () => select(node.id(), { from: "list" }) }, node.data("label")),
            (() => {
              const lines = bearings(cy, node);
              return lines.length ? h("ul", { class: "bearings" }, lines.map((line) => h("li", {}, line))) : null;
            })(),
          ),
        ),
      ),
    );
  });
  replace(container, sections);
}

/** Shows only the nodes the drawing shows (filters, focus) and, with a search, the matches. */
export function filterList(container, cy, matched, searching, selected) {
  for (const item of container.querySelectorAll("li[data-node]")) {
    const node = cy.getElementById(item.dataset.node);
    item.hidden = node.hasClass("hidden") || (searching && !matched.has(node.id()));
    const button = item.querySelector(":scope > button");
    if (selected === item.dataset.node) button.setAttribute("aria-current", "true");
    else button.removeAttribute("aria-current");
  }
  for (const group of container.querySelectorAll(".list-group")) {
    group.hidden = !group.querySelector(":scope li[data-node]:not([hidden])");
  }
}
