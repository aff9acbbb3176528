// The view's state in the URL query (map, node, edge, q, hide, hiderel, depth, view), so a link
// restores it: pushState for a new selection, replaceState while typing, popstate to go back.

const LISTS = ["hide", "hiderel"];
const FIELDS = ["map", "node", "edge", "q", "depth", "view", ...LISTS];

/** The state a URL describes (missing fields are empty; hide and hiderel are sets). */
export function readState(search = window.location.search) {
  const params = new URLSearchParams(search);
  const state = {};
  for (const field of FIELDS) state[field] = params.get(field) ?? "";
  for (const field of LISTS) state[field] = new Set(state[field].split(",").filter(Boolean));
  state.depth = Number.parseInt(state.depth, 10) || 0;
  state.view = state.view === "list" ? "list" : "map";
  return state;
}

/** The query string of a state (empty fields left out, so the plain page is just "/"). */
export function writeState(state) {
  const params = new URLSearchParams();
  for (const field of FIELDS) {
    let value = state[field];
    if (LISTS.includes(field)) value = [...value].sort().join(",");
    if (field === "depth" && !value) value = "";
    if (field === "view" && value === "map") value = "";
    if (value) params.set(field, String(value));
  }
  const query = params.toString();
  return query ? `?${query}` : window.location.pathname;
}

/** Records the state in the history: a new entry, or in place (`replace`) for small steps. */
export function saveState(state, { replace = false } = {}) {
  const url = writeState(state);
  if (url === window.location.search || (url === window.location.pathname && !window.location.search)) return;
  if (replace) window.history.replaceState(null, "", url);
  else window.history.pushState(null, "", url);
}
