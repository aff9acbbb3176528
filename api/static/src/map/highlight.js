// Marks on the drawing: the selected element, the supporters and underminers of an analysed
// claim (direct strong, indirect lighter and dashed, the rest faded), the nodes of a passage.

const MARKS = "selected-node selected-edge supporter underminer direct indirect on-path faded anchored";

/** Removes every mark the page set on the graph. */
export function clearMarks(cy) {
  cy.elements().removeClass(MARKS);
}

/** Marks the selected node or edge. */
export function markSelected(cy, id) {
  const element = cy.getElementById(id);
  if (element.nonempty()) element.addClass(element.isNode() ? "selected-node" : "selected-edge");
}

/** Each claim's role in an analysis: the side and depth of its shortest path. */
export function roles(analysis) {
  const found = new Map();
  for (const [side, reasons] of [["supporter", analysis.supporters], ["underminer", analysis.underminers]]) {
    for (const reason of reasons) {
      const known = found.get(reason.id);
      if (!known || reason.depth < known.depth) found.set(reason.id, { side, depth: reason.depth });
    }
  }
  return found;
}

/** Highlights the supporters and underminers of an analysed claim and the relations between. */
export function markAnalysis(cy, analysis) {
  const relations = new Map();
  for (const reason of [...analysis.supporters, ...analysis.underminers]) {
    for (const step of reason.steps) {
      const direct = reason.depth === 1 || relations.get(step.relation_id) === "direct";
      for (const id of [step.relation_id, step.undercut_support]) if (id) relations.set(id, direct ? "direct" : "indirect");
    }
  }
  cy.batch(() => {
    cy.elements().addClass("faded");
    cy.getElementById(analysis.id).removeClass("faded").addClass("selected-node");
    for (const [id, { side, depth }] of roles(analysis)) {
      cy.getElementById(id).removeClass("faded").addClass(`${side} ${depth === 1 ? "direct" : "indirect"}`);
    }
    cy.elements().forEach((element) => {
      const reach = relations.get(element.data("relation_id"));
      if (!reach || element.hasClass("attachment")) return;
      element.removeClass("faded").addClass(element.isEdge() ? `on-path ${reach}` : "");
    });
  });
}

/** Marks the nodes and relations anchored in a passage of the text. */
export function markAnchored(cy, ids) {
  const wanted = new Set(ids);
  cy.batch(() => {
    cy.elements().forEach((element) => {
      const data = element.data();
      if (wanted.has(data.id) || wanted.has(data.relation_id)) element.addClass("anchored");
    });
  });
}
