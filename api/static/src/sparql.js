// The SPARQL editor at /sparql: YASGUI (@zazuko/yasgui, served from /static/vendor as the
// package ships it) over this service's own endpoint, with the named queries as examples.
//
// What is configured here, and why:
// - the endpoint is this origin's /sparql, and the endpoint picker offers only that one;
// - the vocabularies of the maps are known prefixes: YASR shortens result IRIs with them, and
//   YASQE's prefix autocompletion offers them (from a data: URL, never prefix.cc, and without
//   YASQE's bundled list, whose `am:` is another vocabulary's);
// - YASQE's class and property autocompletion is off: it asks lov.linkeddata.es, another host;
// - the table plugin links IRIs under https://w3id.org/argmap to this service's own pages
//   (LinkedTable below), so a result leads to the map node or ontology term here, not to w3id.org;
//   Such a link opens at the first click (followLinksFirst), which YASR's ellipsis would take;
// - controls YASGUI leaves unnamed get a name, its "+" tab button (inside the tablist, where
//   only tabs may be) gives way to one beside it, and a stylesheet (sparql.css) darkens the
//   colours below a 4.5:1 contrast: axe-core finds no serious violation on the page;
// - an error answer of the endpoint ({"detail": …}) is shown as its message, not as raw JSON;
// - every named query of /queries is an example (the list beside the editor), each with its
//   example parameters bound, and the first visit opens the recommendations of a map.
// YASGUI keeps the tabs in localStorage ("argmap-sparql"), so a later visit finds them again.

const Yasgui = /** @type {any} */ (window).Yasgui;

/** The IRI that the maps' and the ontology's identifiers start with. */
const ARGMAP = "https://w3id.org/argmap";

/** Prefixes every tab knows, beyond those a query declares. */
const PREFIXES = {
  am: `${ARGMAP}#`,
  rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
  rdfs: "http://www.w3.org/2000/01/rdf-schema#",
  owl: "http://www.w3.org/2002/07/owl#",
  xsd: "http://www.w3.org/2001/XMLSchema#",
  prov: "http://www.w3.org/ns/prov#",
  oa: "http://www.w3.org/ns/oa#",
  dcterms: "http://purl.org/dc/terms/",
};

/** The named query a first visit opens. */
const FIRST_EXAMPLE = "recommendations";

/** What a new tab holds: the prefixes and a question with readable answers. */
const NEW_TAB_QUERY = (prefixes) =>
  `${prologue(prefixes)}\n` +
  "SELECT ?recommendation ?label ?map WHERE {\n" +
  "  ?recommendation a am:Recommendation ; rdfs:label ?label ; am:inMap ?map .\n" +
  "}\nORDER BY ?map ?recommendation\nLIMIT 100\n";

/** PREFIX declarations for `prefixes`, aligned. */
function prologue(prefixes) {
  const width = Math.max(...Object.keys(prefixes).map((name) => name.length));
  return Object.entries(prefixes)
    .map(([name, iri]) => `PREFIX ${`${name}:`.padEnd(width + 1)} <${iri}>`)
    .join("\n");
}

/** The page of this service that an argmap IRI names, or null for any other IRI. */
export function localPage(iri) {
  if (iri === ARGMAP || iri.startsWith(`${ARGMAP}#`)) {
    return `/ontology${iri.slice(ARGMAP.length)}`; // a term of the ontology: its reference page
  }
  if (iri.startsWith(`${ARGMAP}/`)) {
    return iri.slice(ARGMAP.length); // /map/{map}/{node}: the path after the IRI's base
  }
  return null;
}

/** The prefixes declared by the PREFIX lines of a query. */
function declaredPrefixes(query) {
  const found = {};
  for (const match of query.matchAll(/^\s*PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>\s]*)>/gim)) {
    found[match[1] ?? ""] = match[2];
  }
  return found;
}

/** Every entry of the named-query catalogue, following its pages. */
async function catalogue() {
  const entries = [];
  let next = "/queries?limit=100";
  while (next) {
    const response = await fetch(next, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(`GET ${next} answered ${response.status}`);
    const page = await response.json();
    entries.push(...page.items);
    next = page.next;
  }
  return entries;
}

/** YASR's table, with argmap's IRIs linked to this service's pages. */
function linkedTable(Table) {
  return class LinkedTable extends Table {
    /** A cell's IRI as a link: shortened by a prefix when one fits, as YASR writes it. */
    getUriLinkFromBinding(binding, prefixes) {
      const iri = binding.value;
      const prefix = Object.entries(prefixes ?? {}).find(([, base]) => iri.startsWith(base));
      const link = document.createElement("a");
      link.className = "iri";
      link.textContent = prefix ? `${prefix[0]}:${iri.slice(prefix[1].length)}` : iri;
      const local = localPage(iri);
      if (local) {
        link.href = local;
        link.title = iri; // the identifier itself, which the link no longer shows
      } else if (/^https?:/i.test(iri)) {
        link.href = iri;
        link.target = "_blank";
        link.rel = "noopener noreferrer";
      } else {
        return link.textContent.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`); // urn:, mailto:…
      }
      const html = link.outerHTML;
      return prefix || this.persistentConfig.compact ? html : `&lt;${html}&gt;`;
    }
  };
}

/** The endpoint's own error message, for an answer like {"detail": "SPARQL syntax error: …"}. */
async function endpointError(error) {
  let detail;
  try {
    detail = JSON.parse(error.text ?? "").detail;
  } catch {
    return undefined; // not the endpoint's JSON: YASR shows it as it is
  }
  if (typeof detail !== "string") return undefined;
  const box = document.createElement("div");
  box.className = "argmap-error";
  box.setAttribute("role", "alert");
  const heading = document.createElement("p");
  heading.className = "argmap-error-status";
  // YASQE passes a refused query on as an Error, its status lost: the message says what matters.
  heading.textContent = error.status
    ? `The endpoint refused the query (HTTP ${error.status})`
    : "The endpoint refused the query";
  const message = document.createElement("pre");
  message.textContent = detail;
  box.append(heading, message);
  return box;
}

/** Configure YASGUI's defaults: this endpoint, these prefixes, nothing from another host. */
function configure(prefixes) {
  Yasgui.Yasr.registerPlugin("table", linkedTable(Yasgui.Yasr.plugins.table));
  Yasgui.Yasr.defaults.errorRenderers = [endpointError];
  // Set on the defaults, not passed in the config: YASGUI merges arrays index by index.
  Yasgui.Yasqe.defaults.autocompleters = ["variables", "prefixes"];
  // A tab passes its own (unset) height over the config's, so the default is the one read.
  Yasgui.Yasqe.defaults.editorHeight = "15rem";
  const endpoint = new URL("/sparql", window.location.href).href;
  return {
    persistenceId: "argmap-sparql",
    autoAddOnInit: false,
    tabName: "Query",
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: () => [{ endpoint }] },
    requestConfig: {
      endpoint,
      method: "POST",
      acceptHeaderSelect: "application/sparql-results+json",
      acceptHeaderGraph: "text/turtle",
    },
    yasqe: {
      value: NEW_TAB_QUERY(PREFIXES),
      // CodeMirror's contenteditable input sits inside the scrolling region and carries the
      // label, where its default hidden textarea leaves both unlabelled and out of reach.
      inputStyle: "contenteditable",
      screenReaderLabel: "SPARQL query",
      prefixCcApi: `data:application/json,${encodeURIComponent(JSON.stringify(prefixes))}`,
    },
    yasr: { prefixes, defaultPlugin: "table" },
  };
}

/** Names for the controls YASGUI draws without one (axe-core: label, select-name). */
const UNNAMED = [
  [".controlbar input.autocomplete", "SPARQL endpoint"],
  [".tableSizer", "Rows per page"],
  [".yasr_header select", "Result view"],
];

/** Give YASGUI's unnamed controls a name, now and whenever it draws more of them. */
function nameControls(root) {
  const name = () => {
    for (const [selector, label] of UNNAMED) {
      for (const control of root.querySelectorAll(`${selector}:not([aria-label])`)) {
        control.setAttribute("aria-label", label);
      }
    }
  };
  name();
  new MutationObserver(name).observe(root, { childList: true, subtree: true });
}

/**
 * Let a link in a results cell be followed at the first click or Enter: YASR's ellipsis turns
 * that first click on a clipped cell into "expand the cell" and cancels the link.
 */
function followLinksFirst(root) {
  root.addEventListener(
    "click",
    (event) => {
      if (event.target instanceof Element && event.target.closest(".yasr a.iri")) {
        event.stopPropagation(); // the cell's handler never sees it; the link still opens
      }
    },
    true,
  );
}

/**
 * A "new tab" button beside the tab list, for YASGUI's own: that one sits inside the tablist,
 * where only tabs may be (axe-core: aria-required-children), so the stylesheet hides it.
 */
function addNewTabButton(yasgui) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "argmap-new-tab";
  button.textContent = "+ New tab";
  button.addEventListener("click", () => yasgui.addTab(true));
  yasgui.rootEl.querySelector(".tabsList").after(button);
}

/** Open a named query's example in a tab of its own (or the one it is already in). */
function openExample(yasgui, entry) {
  const config = { name: entry.summary, yasqe: { value: entry.sparql } };
  return yasgui.addTab(true, config, { avoidDuplicateTabs: true });
}

/** The list of examples beside the editor: one button per named query. */
function listExamples(yasgui, entries) {
  const list = document.getElementById("examples");
  list.replaceChildren(
    ...entries.map((entry) => {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "example";
      button.dataset.query = entry.name;
      const summary = document.createElement("span");
      summary.className = "example-summary";
      summary.textContent = entry.summary;
      const name = document.createElement("code");
      name.textContent = entry.name;
      button.append(summary, name);
      button.addEventListener("click", () => openExample(yasgui, entry));
      item.append(button);
      return item;
    }),
  );
  document.getElementById("examples-count").textContent = `${entries.length} named queries`;
}

/** Build the editor once the catalogue is in. */
async function start() {
  const status = document.getElementById("examples-count");
  let entries = [];
  try {
    entries = await catalogue();
  } catch (error) {
    status.textContent = `The named queries could not be loaded: ${error.message}`;
  }
  const prefixes = { ...PREFIXES };
  for (const entry of entries) {
    for (const [name, iri] of Object.entries(declaredPrefixes(entry.sparql))) {
      prefixes[name] ??= iri;
    }
  }
  const root = document.getElementById("yasgui");
  const yasgui = new Yasgui(root, configure(prefixes));
  nameControls(root);
  followLinksFirst(root);
  addNewTabButton(yasgui);
  if (entries.length) listExamples(yasgui, entries);
  if (Object.keys(yasgui._tabs).length === 0) {
    // The first visit: nothing persisted yet, so open the example most people want first.
    const first = entries.find((entry) => entry.name === FIRST_EXAMPLE);
    if (first) openExample(yasgui, first);
    else yasgui.addTab(true);
  }
  root.dataset.ready = "true"; // the browser tests wait for this
  /** @type {any} */ (window).argmapYasgui = yasgui; // for the console, and the tests
}

start();
