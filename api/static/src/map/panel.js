// The side panel: what is selected, with its quote, sources and evaluation; for an analysed
// claim, its supporters and underminers with their paths, each step's rationale and quote.

import { h, replace, titleCase } from "./dom.js";
import { NODE_KINDS, VERBS } from "./kinds.js";

const quoteOf = (text) => (text ? h("blockquote", { class: "quote" }, h("p", {}, `“${text.trim()}”`)) : null);

/** A small label naming a node's kind. */
function kindBadge(kind) {
  const look = NODE_KINDS[kind];
  return h("span", { class: `badge kind-${kind}` }, look ? look.name : titleCase(kind ?? "node"));
}

/** The sources of a node, linked when they have a URL. */
function sourceList(sources) {
  if (!sources?.length) return null;
  return h(
    "p",
    { class: "sources" },
    h("span", { class: "meta-label" }, "Sources: "),
    // A source's URL comes from the map's data, which an upload or an update may write: only
    // http(s) URLs become links, so a `javascript:` URL can never run on this page.
    sources.map((s, i) => [i ? "; " : "", /^https?:\/\//i.test(s.url ?? "") ? h("a", { href: s.url, rel: "noopener" }, s.title) : s.title ?? s]),
  );
}

/** The grounded status and DF-QuAD strength of a claim, when the evaluation gave them. */
function evaluationLine(judged) {
  if (!judged || (judged.status === undefined && judged.strength === undefined)) return null;
  const parts = [];
  if (judged.status) parts.push(h("span", { class: `status status-${judged.status}` }, `grounded: ${judged.status}`));
  if (judged.strength !== undefined) {
    const base = judged.base !== undefined ? ` (base ${judged.base.toFixed(2)})` : "";
    parts.push(h("span", { class: "strength" }, `DF-QuAD strength ${judged.strength.toFixed(2)}${base}`));
  }
  return h("p", { class: "evaluation" }, h("span", { class: "meta-label" }, "Evaluation: "), parts.map((p, i) => [i ? " · " : "", p]));
}

/** The side panel over its root element; `actions` select nodes and show quotes in the text. */
export class Panel {
  constructor(root, body, { select, showText, label, map }) {
    Object.assign(this, { root, body, select, showText, label, map });
  }

  /** Shows that `title` is being fetched. */
  loading(id) {
    this.root.setAttribute("aria-busy", "true");
    delete this.root.dataset.node;
    replace(this.body, h("p", { class: "hint" }, `Loading ${this.label(id)}…`));
  }

  /** Marks the panel loaded with `id` (tests and assistive tech wait on it). */
  done(id) {
    this.root.removeAttribute("aria-busy");
    this.root.dataset.node = id;
  }

  /** The empty panel with its hint. */
  empty() {
    this.root.removeAttribute("aria-busy");
    delete this.root.dataset.node;
    replace(
      this.body,
      h("p", { class: "hint" }, "Choose a recommendation on the map or in the list to see what supports and undermines it, and why. Select words in the article to find the nodes anchored there."),
    );
  }

  /** Title, kind, Linked Data link and quote of a node, then `extra`. */
  header(id, label, kind, quote, extra = []) {
    return [
      h("h3", { class: "selection-title" }, label),
      h("p", { class: "meta" }, kindBadge(kind), " ", h("a", { href: `/map/${this.map()}/${id}`, class: "ld-link" }, "Linked Data page")),
      quoteOf(quote),
      quote ? h("button", { type: "button", class: "small", onclick: () => this.showText(id) }, "Show in the article") : null,
      ...extra,
    ];
  }

  /** A claim: its quote, agents, sources, cases, relations and evaluation. */
  showClaim(details, judged, { analysable = true } = {}) {
    const relations = details.relations ?? [];
    replace(
      this.body,
      this.header(details.id, details.label, this.kindOf(details), details.anchor?.exact, [
        details.attributed_to?.length ? h("p", {}, h("span", { class: "meta-label" }, "Attributed to: "), details.attributed_to.map((a) => a.label).join("; ")) : null,
        details.cases?.length ? h("p", {}, h("span", { class: "meta-label" }, "Cases: "), details.cases.map((c) => c.label).join("; ")) : null,
        sourceList(details.sources),
        evaluationLine(judged),
        relations.length
          ? h("section", { "aria-labelledby": "rel-h" }, h("h4", { id: "rel-h" }, "Relations"), h("ul", { class: "relations" }, relations.map((r) => this.relationItem(r))))
          : null,
        analysable ? h("button", { type: "button", onclick: () => this.select(details.id, { analyse: true }) }, "Show what supports and undermines it") : null,
      ]),
    );
    this.done(details.id);
  }

  /** The most specific kind among a claim's classes. */
  kindOf(details) {
    const names = (details.kinds ?? []).map((k) => k.id.toLowerCase());
    return Object.keys(NODE_KINDS).find((k) => names.includes(k)) ?? details.kind ?? "claim";
  }

  /** One relation of a claim as a sentence with its rationale. */
  relationItem(relation) {
    const other = h("button", { type: "button", class: "link", onclick: () => this.select(relation.other.id) }, relation.other.label);
    const verb = VERBS[relation.kind] ?? relation.kind;
    const sentence = relation.direction === "in" ? [other, ` ${verb} this`] : [`This ${verb} `, other];
    return h("li", {}, h("p", {}, sentence), relation.rationale ? h("p", { class: "rationale" }, relation.rationale) : null);
  }

  /** A case or source: the claims that concern or cite it. */
  showAttachment(data, claims, quote) {
    replace(
      this.body,
      this.header(data.id, data.label, data.kind, quote, [
        h("h4", {}, data.kind === "case" ? "Claims about this case" : "Claims citing this source"),
        h("ul", { class: "relations" }, claims.map((c) => h("li", {}, h("button", { type: "button", class: "link", onclick: () => this.select(c.id) }, c.label)))),
      ]),
    );
    this.done(data.id);
  }

  /** A relation: from, to, rationale, scheme and quote. */
  showEdge(data) {
    const id = data.relation_id ?? data.id;
    const to = data.conclusion ?? data.target;
    const node = (nodeId) => h("button", { type: "button", class: "link", onclick: () => this.select(nodeId) }, this.label(nodeId));
    replace(
      this.body,
      h("h3", { class: "selection-title" }, titleCase(VERBS[data.relation] ?? data.relation)),
      h("p", {}, node(data.source), ` ${VERBS[data.relation] ?? data.relation} `, node(to)),
      data.rationale ? h("p", { class: "rationale" }, data.rationale) : null,
      data.scheme ? h("p", {}, h("span", { class: "meta-label" }, "Scheme: "), data.scheme) : null,
      quoteOf(data.text),
      data.text ? h("button", { type: "button", class: "small", onclick: () => this.showText(id) }, "Show in the article") : null,
    );
    this.done(id);
  }

  /** A recommendation (or any claim) with everything that supports and undermines it. */
  showAnalysis(analysis, judged, evaluations) {
    replace(
      this.body,
      this.header(analysis.id, analysis.label, analysis.kind, analysis.quote, [
        analysis.attributed_to?.length ? h("p", {}, h("span", { class: "meta-label" }, "Attributed to: "), analysis.attributed_to.map((a) => a.label ?? a).join("; ")) : null,
        sourceList(analysis.sources),
        evaluationLine(judged),
        this.side("supporters", "Supporters", analysis.supporters, analysis.counts?.supporters, evaluations),
        this.side("underminers", "Underminers", analysis.underminers, analysis.counts?.underminers, evaluations),
      ]),
    );
    this.done(analysis.id);
  }

  /** The supporters or underminers, one entry per claim with all its paths. */
  side(name, title, reasons, counts, evaluations) {
    const groups = new Map();
    for (const reason of reasons) {
      if (!groups.has(reason.id)) groups.set(reason.id, []);
      groups.get(reason.id).push(reason);
    }
    const heading = `${name}-heading`;
    const summary = counts ? ` (${counts.claims} claims, ${counts.paths} paths)` : "";
    return h(
      "section",
      { class: `side ${name}`, "aria-labelledby": heading },
      h("h4", { id: heading }, title, h("span", { class: "count" }, summary)),
      groups.size
        ? h("ul", { class: "reasons" }, [...groups.values()].map((paths) => this.reason(paths, name.slice(0, -1), evaluations)))
        : h("p", { class: "hint" }, `No ${name}.`),
    );
  }

  /** One claim that bears on the analysed one, folded to its label unless direct. */
  reason(paths, side, evaluations) {
    const first = paths[0];
    const depth = Math.min(...paths.map((p) => p.depth));
    const reach = depth === 1 ? "direct" : `indirect, ${depth} steps`;
    return h(
      "li",
      { class: `reason ${side} ${depth === 1 ? "direct" : "indirect"}`, dataset: { node: first.id } },
      h(
        "details",
        { open: depth === 1 },
        h("summary", {}, h("span", { class: "reach" }, reach), " ", kindBadge(first.kind), " ", h("span", { class: "reason-label" }, first.label)),
        h("div", { class: "reason-body" },
          paths.map((path, i) => h("div", { class: "path" }, paths.length > 1 ? h("p", { class: "meta-label" }, `Path ${i + 1} of ${paths.length}`) : null, h("ol", { class: "steps" }, path.steps.map((step) => this.step(step))))),
          sourceList(first.sources),
          evaluationLine(evaluations?.(first.id)),
          h("button", { type: "button", class: "small", onclick: () => this.select(first.id) }, "Select this claim"),
        ),
      ),
    );
  }

  /** One step of a path: who bears on whom, why, in which words. */
  step(step) {
    const via = step.undercut_support ? " (the support drawn for it)" : "";
    return h(
      "li",
      { class: `step ${step.relation}` },
      h("p", {}, h("strong", {}, this.label(step.from)), ` ${VERBS[step.relation] ?? step.relation}${via} `, h("strong", {}, this.label(step.to))),
      step.rationale ? h("p", { class: "rationale" }, step.rationale) : null,
      quoteOf(step.quote),
    );
  }

  /** The nodes anchored in a passage the reader selected. */
  showPassage(ids, text) {
    replace(
      this.body,
      h("h3", { class: "selection-title" }, "Nodes anchored in the passage"),
      quoteOf(text.length > 300 ? `${text.slice(0, 300)}…` : text),
      ids.length
        ? h("ul", { class: "relations passage-nodes" }, ids.map((id) => h("li", { dataset: { node: id } }, h("button", { type: "button", class: "link", onclick: () => this.select(id) }, this.label(id)))))
        : h("p", { class: "hint" }, "No node is anchored in these words."),
    );
    this.root.removeAttribute("aria-busy");
    this.root.dataset.node = "";
  }
}
