// The service's JSON the page reads: maps, their elements, text, analyses and evaluations.

/** GET a JSON document of the service; throws with the path and status when it fails. */
export async function getJSON(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`${path} answered HTTP ${response.status}`);
  return response.json();
}

/** Every map the service holds (following the pages of /maps). */
export async function listMaps() {
  const maps = [];
  let next = "/maps?limit=100&offset=0";
  while (next) {
    const page = await getJSON(next);
    maps.push(...page.items);
    next = page.next;
  }
  return maps;
}

const enc = encodeURIComponent;

/** The map drawn as Cytoscape.js elements (the cytoscape export). */
export const mapElements = (map) => getJSON(`/maps/${enc(map)}/export?format=cytoscape`);

/** The article the map analyses, with the anchor of every node in it. */
export const mapText = (map) => getJSON(`/maps/${enc(map)}/text`);

/** The supporters and underminers of a claim, through chains of reasons. */
export const analysis = (map, node) => getJSON(`/recommendations/${enc(map)}/${enc(node)}`);

/** One node's quote, agents, sources, cases and relations. */
export const claim = (map, node) => getJSON(`/claims/${enc(map)}/${enc(node)}`);

/** A semantics over the map: status (extension semantics) or strength (gradual) per claim. */
export const evaluation = (map, semantics) =>
  getJSON(`/maps/${enc(map)}/evaluation?semantics=${enc(semantics)}`);

/** The URL of an export of the map in a format of export.FORMATS. */
export const exportUrl = (map, format) => `/maps/${enc(map)}/export?format=${enc(format)}`;

/** The cases and sources each claim of the map concerns or cites: [{claim, role, node, name}]. */
export async function attachments(map) {
  // The named query binds the map itself (never spliced into SPARQL text); pages are followed.
  const rows = [];
  let url = `/queries/claim-attachments?map=${enc(map)}&limit=1000`;
  while (url) {
    const page = await getJSON(url);
    rows.push(...page.items);
    url = page.next;
  }
  return rows.map((row) => ({
    claim: localId(row.claim),
    role: row.role,
    node: localId(row.node),
    name: row.name,
  }));
}

/** The node id of a map node's IRI (its last path segment). */
export const localId = (iri) => iri.slice(iri.lastIndexOf("/") + 1);
