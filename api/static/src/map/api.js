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

const ATTACHMENTS = `PREFIX am: <https://w3id.org/argmap#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?claim ?role ?node ?name WHERE {
  ?claim am:inMap ?map .
  { ?claim am:concernsCase ?node . BIND("case" AS ?role) }
  UNION { ?claim am:hasSource ?node . BIND("source" AS ?role) }
  ?node rdfs:label ?name .
}`;

/** The cases and sources each claim of the map concerns or cites: [{claim, role, node, name}]. */
export async function attachments(mapIri) {
  const query = `${ATTACHMENTS.replace("?claim am:inMap ?map", `?claim am:inMap <${mapIri}>`)}`;
  const response = await fetch("/sparql", {
    method: "POST",
    headers: {
      Accept: "application/sparql-results+json",
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({ query }),
  });
  if (!response.ok) throw new Error(`/sparql answered HTTP ${response.status}`);
  const results = await response.json();
  return results.results.bindings.map((row) => ({
    claim: localId(row.claim.value),
    role: row.role.value,
    node: localId(row.node.value),
    name: row.name.value,
  }));
}

/** The node id of a map node's IRI (its last path segment). */
export const localId = (iri) => iri.slice(iri.lastIndexOf("/") + 1);
