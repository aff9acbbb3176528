// What is shown: kinds and relations filtered out, the neighbourhood of the selected node to a
// depth, and the nodes whose label or quote matches the search.

import { h } from "./dom.js";
import { NODE_KINDS, RELATIONS } from "./kinds.js";

/** Whether a node's label or quote contains every word of the query (case and accents aside). */
export function matches(data, query) {
  const fold = (text) => (text ?? "").normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  const haystack = `${fold(data.label)} ${fold(data.text)}`;
  return fold(query).split(/\s+/).filter(Boolean).every((word) => haystack.includes(word));
}

/** The nodes within `depth` steps of `node` (junctions are passed through, not counted). */
export function neighbourhood(node, depth) {
  let reached = node;
  let frontier = node;
  for (let step = 0; step < depth; step += 1) {
    let next = frontier.neighborhood().nodes().difference(reached);
    const through = next.filter(".junction");
    next = next.union(through.neighborhood().nodes()).difference(reached);
    reached = reached.union(next);
    frontier = next;
  }
  return reached;
}

/** Applies the filters, focus and search to the graph; returns the ids of the matching nodes. */
export function applyView(cy, state) {
  const query = state.q.trim();
  const matched = new Set();
  cy.batch(() => {
    cy.elements().removeClass("hidden match unmatched");
    const focus = state.node && state.depth ? cy.getElementById(state.node) : null;
    const near = focus?.nonempty() && focus.isNode() ? neighbourhood(focus, state.depth) : null;
    cy.nodes().forEach((node) => {
      const kind = node.data("kind");
      const hidden =
        state.hide.has(kind) ||
        (kind === "junction" && state.hiderel.has("supports")) ||
        (near && !near.contains(node));
      if (hidden) node.addClass("hidden");
    });
    cy.edges().forEach((edge) => {
      if (state.hiderel.has(edge.data("relation"))) edge.addClass("hidden");
    });
    if (query) {
      cy.nodes().forEach((node) => {
        if (node.hasClass("junction")) return;
        if (matches(node.data(), query)) {
          node.addClass("match");
          if (!node.hasClass("hidden")) matched.add(node.id());
        } else {
          node.addClass("unmatched");
        }
      });
      cy.edges().addClass("unmatched");
    }
  });
  return matched;
}

/** The kind and relation checkboxes; `onChange(hide, hiderel)` when one is toggled. */
export function filterControls(kindBox, relationBox, state, onChange) {
  const boxes = (fieldset, table, hidden, name) =>
    Object.entries(table).map(([value, look]) => {
      const input = h("input", { type: "checkbox", name, value, checked: !hidden.has(value) });
      fieldset.append(h("label", { class: "check" }, input, " ", look.name));
      return input;
    });
  const kinds = boxes(kindBox, NODE_KINDS, state.hide, "kind");
  const relations = boxes(relationBox, RELATIONS, state.hiderel, "relation");
  const read = (inputs) => new Set(inputs.filter((i) => !i.checked).map((i) => i.value));
  for (const input of [...kinds, ...relations]) {
    input.addEventListener("change", () => onChange(read(kinds), read(relations)));
  }
  return {
    /** Sets the boxes from a state (after back or forward). */
    set(next) {
      for (const input of kinds) input.checked = !next.hide.has(input.value);
      for (const input of relations) input.checked = !next.hiderel.has(input.value);
    },
  };
}
