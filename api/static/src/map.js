// The map page at /: a map picker, the chosen map drawn with Cytoscape.js, a side panel for the
// selection, the article with quotes marked, search, filters, focus, downloads, and a list view.
// The view's state lives in the URL (map/state.js).
//
// For tests and debugging the page exposes `window.argmap` = {cy, map, select(id), ready}:
// `ready` is true once the map is drawn; #panel[data-node] names what the panel shows once loaded.

import "./map/map.css";
import * as api from "./map/api.js";
import { attachmentsFromLabels, buildElements } from "./map/elements.js";
import { imageButtons, renderExportLinks } from "./map/exports.js";
import { applyView, filterControls } from "./map/filters.js";
import { createGraph, frameAnalysis, frameOverview, layout, minimap, reveal, zoomControls } from "./map/graph.js";
import { clearMarks, markAnalysis, markAnchored, markSelected } from "./map/highlight.js";
import { renderLegend } from "./map/legend.js";
import { filterList, renderList } from "./map/listview.js";
import { Panel } from "./map/panel.js";
import { Reading } from "./map/reading.js";
import { readState, saveState } from "./map/state.js";
import { h, replace } from "./map/dom.js";

const $ = (id) => document.getElementById(id);

let state = readState();
const view = { cy: null, map: null, reading: null, navigator: null, evaluations: null, token: 0 };
window.argmap = { cy: null, map: null, ready: false, select: (id) => select(id) };

const label = (id) => view.cy?.getElementById(id).data("label") ?? id;

const panel = new Panel($("panel"), $("panel-body"), {
  select: (id, options) => select(id, options),
  showText: (id) => view.reading?.mark(id, { reveal: true }),
  label,
  map: () => view.map?.id,
});

/** Lays the map out again; with nothing selected, frames the first view (graph.js frameOverview). */
async function relayout(cy) {
  await layout(cy);
  if (!state.node) frameOverview(cy);
}

function status(message) {
  $("map-status").textContent = message;
}

/** The grounded status and DF-QuAD strength of a claim, once the evaluations arrived. */
async function judged(id) {
  const [grounded, dfquad] = (await view.evaluations) ?? [];
  return {
    status: grounded?.status?.[id],
    strength: dfquad?.strength?.[id],
    base: dfquad?.base_weight?.[id],
  };
}

function loadEvaluations(map) {
  const one = (semantics) => api.evaluation(map, semantics).catch(() => null);
  return Promise.all([one("grounded"), one("df-quad")]);
}

/** Opens a map: fetches its elements, text and attachments, draws it, restores the state. */
async function openMap(id) {
  const token = ++view.token;
  window.argmap.ready = false;
  status("Loading the map…");
  const entry = view.maps.find((m) => m.id === id) ?? view.maps[0];
  if (!entry) {
    status("This service holds no map yet.");
    return;
  }
  view.map = entry;
  state.map = entry.id;
  $("map-picker").value = entry.id;
  $("map-title").textContent = entry.title;
  document.title = `${entry.title} · argmap`;
  const [doc, text, attachments] = await Promise.all([
    api.mapElements(entry.id),
    api.mapText(entry.id).catch(() => null),
    api.attachments(entry.id).catch(() => null),
  ]);
  if (token !== view.token) return;
  view.evaluations = loadEvaluations(entry.id);
  view.navigator?.destroy();
  view.cy?.destroy();
  const elements = buildElements(doc, attachments ?? attachmentsFromLabels(doc.elements.nodes));
  const cy = createGraph($("cy"), elements);
  view.cy = cy;
  cy.on("tap", "node, edge", (event) => {
    const target = event.target;
    const id = target.hasClass("junction") ? target.connectedEdges(".onward").id() : target.id();
    select(id);
  });
  cy.on("tap", (event) => {
    if (event.target === cy) select("");
  });
  applyView(cy, state);
  await relayout(cy);
  if (token !== view.token) return;
  view.navigator = minimap(cy, $("minimap"));
  view.reading = text?.body ? new Reading($("text"), text.body, text.anchors) : null;
  // The source's title, unless the text opens with it anyway.
  const title = text?.body && !text.body.trim().startsWith(entry.source_title ?? "") ? entry.source_title : "";
  $("reading-source").textContent = text?.body ? title : "This map names no text this service holds.";
  if (!text?.body) replace($("text"));
  view.reading?.onSelect(showPassage);
  renderList($("list"), cy, select);
  renderExportLinks($("export-links"), entry.id);
  const count = cy.nodes(":visible").not(".junction").length;
  $("cy").dataset.nodes = String(cy.nodes().not(".junction").length);
  status(`${count} nodes drawn. Choose a recommendation to see its reasons.`);
  window.argmap.cy = cy;
  window.argmap.map = entry.id;
  window.argmap.ready = true;
  await showSelection();
}

/** Shows what the state selects: marks on the graph, the quote in the text, the panel. */
async function showSelection({ analyse = false, focusPanel = false } = {}) {
  const { cy } = view;
  if (!cy) return;
  const token = ++view.selectionToken;
  const matched = applyView(cy, state);
  clearMarks(cy);
  const id = state.node;
  const element = id ? cy.getElementById(id) : null;
  filterList($("list"), cy, matched, Boolean(state.q.trim()), id);
  $("search-count").textContent = state.q.trim() ? `${matched.size} found` : "";
  $("focus-depth").disabled = !element?.nonempty();
  if (!element || element.empty()) {
    panel.empty();
    view.reading?.clear();
    return;
  }
  markSelected(cy, id);
  view.reading?.mark(id);
  panel.loading(id);
  const data = element.data();
  try {
    if (element.isEdge()) {
      panel.showEdge(data);
    } else if (data.kind === "case" || data.kind === "source") {
      const claims = element.outgoers("node").map((n) => ({ id: n.id(), label: n.data("label") }));
      const anchor = view.reading?.anchors.find((a) => a.node === id);
      panel.showAttachment(data, claims, anchor?.exact);
    } else if (data.kind === "recommendation" || analyse) {
      const [analysis, judgement] = await Promise.all([api.analysis(view.map.id, id), judged(id)]);
      const [grounded, dfquad] = (await view.evaluations) ?? [];
      if (token !== view.selectionToken) return;
      markAnalysis(cy, analysis);
      frameAnalysis(cy, analysis);
      panel.showAnalysis(analysis, judgement, (other) => ({
        status: grounded?.status?.[other],
        strength: dfquad?.strength?.[other],
      }));
    } else {
      reveal(cy, element);
      const [details, judgement] = await Promise.all([api.claim(view.map.id, id), judged(id)]);
      if (token !== view.selectionToken) return;
      panel.showClaim(details, judgement);
    }
  } catch (error) {
    if (token !== view.selectionToken) return;
    replace($("panel-body"), h("p", { class: "error" }, `Could not load ${label(id)}: ${error.message}`));
  }
  if (state.depth) await layout(cy);
  if (focusPanel) $("panel").focus();
}
view.selectionToken = 0;

/** Selects a node or relation by id ("" clears): recorded in the URL, then shown. */
function select(id, { analyse = false, from = "map" } = {}) {
  if (id !== state.node) {
    state.node = id;
    if (!id) state.depth = 0;
    $("focus-depth").value = state.depth ? String(state.depth) : "";
    saveState(state);
  }
  return showSelection({ analyse, focusPanel: from === "list" });
}

function showPassage(ids, [from, to]) {
  const { cy } = view;
  clearMarks(cy);
  markAnchored(cy, ids);
  panel.showPassage(ids, view.reading.body.slice(from, to));
}

function setView(which) {
  state.view = which;
  const list = which === "list";
  $("map-view").hidden = list;
  $("list-view").hidden = !list;
  $("view-map").setAttribute("aria-pressed", String(!list));
  $("view-list").setAttribute("aria-pressed", String(list));
  if (!list && view.cy) {
    view.cy.resize();
    if (state.node) view.cy.fit(view.cy.elements(":visible"), 24);
    else frameOverview(view.cy);
  }
}

function wireControls(filters) {
  $("map-picker").addEventListener("change", (event) => {
    state = { ...readState(""), map: event.target.value, view: state.view };
    saveState(state);
    filters.set(state);
    $("search").value = "";
    openMap(state.map);
  });
  $("search").addEventListener("input", (event) => {
    state.q = event.target.value;
    saveState(state, { replace: true });
    showSelection();
  });
  $("toolbar").addEventListener("submit", (event) => event.preventDefault());
  $("focus-depth").addEventListener("change", async (event) => {
    state.depth = Number.parseInt(event.target.value, 10) || 0;
    saveState(state);
    await showSelection();
    if (!state.depth && view.cy) await relayout(view.cy);
  });
  $("view-map").addEventListener("click", () => {
    setView("map");
    saveState(state);
  });
  $("view-list").addEventListener("click", () => {
    setView("list");
    saveState(state);
  });
  zoomControls(() => view.cy, { zoomIn: $("zoom-in"), zoomOut: $("zoom-out"), fit: $("zoom-fit") });
  imageButtons(() => view.cy, () => view.map?.id, { png: $("download-png"), svg: $("download-svg") });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && state.node && !event.target.closest?.("input, select")) select("");
  });
  window.addEventListener("popstate", () => {
    const previous = state.map;
    state = readState();
    filters.set(state);
    $("search").value = state.q;
    $("focus-depth").value = state.depth ? String(state.depth) : "";
    setView(state.view);
    if (state.map && state.map !== previous) openMap(state.map);
    else showSelection().then(() => (!state.depth && view.cy ? relayout(view.cy) : null));
  });
}

async function start() {
  renderLegend($("legend"));
  // Open under a wide drawing; folded on a narrow screen, where it would push the map away.
  $("legend-box").open = window.matchMedia("(min-width: 901px)").matches;
  const filters = filterControls($("kind-filters"), $("relation-filters"), state, (hide, hiderel) => {
    state.hide = hide;
    state.hiderel = hiderel;
    saveState(state);
    showSelection();
  });
  $("search").value = state.q;
  $("focus-depth").value = state.depth ? String(state.depth) : "";
  setView(state.view);
  wireControls(filters);
  try {
    view.maps = await api.listMaps();
  } catch (error) {
    status(`Could not list the maps: ${error.message}`);
    return;
  }
  const picker = $("map-picker");
  replace(picker, view.maps.map((m) => h("option", { value: m.id }, m.title)));
  picker.disabled = false;
  await openMap(state.map || view.maps[0]?.id);
}

start();
