"""Linked Data: map and node IRIs, /ontology and /.well-known/void answer by Accept."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import httpx
import pytest
from fastapi.testclient import TestClient
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import VOID

from argmap import resources
from argmap.store import OxigraphStore
from argmap.vocab import AM, OA, map_graphs, map_iri, node_iri

MAP = "gallagher-2022"
NODE = node_iri(MAP, "cx-syria")
PATH = f"/map/{MAP}/cx-syria"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
RDF_FORMATS = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
}
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")


def parsed(response: httpx.Response, media_type: str) -> Graph:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media_type
    return Graph().parse(data=response.content, format=RDF_FORMATS[media_type])


def label_of(store: OxigraphStore, iri: URIRef) -> Literal:
    value = store.graph(map_iri(MAP)).value(iri, RDFS.label)
    assert isinstance(value, Literal)
    return value


def test_curl_gets_turtle_with_the_label_kind_and_relations(
    client: TestClient, built_store: OxigraphStore
) -> None:
    graph = parsed(client.get(PATH, headers={"Accept": "text/turtle"}), "text/turtle")
    assert (NODE, RDFS.label, label_of(built_store, NODE)) in graph
    assert (NODE, RDF.type, AM.Counterexample) in graph
    target = node_iri(MAP, "assumption-fixed-goals")
    assert (NODE, AM.rebuts, target) in graph
    assert (NODE, AM.supports, node_iri(MAP, "claim-fixed-goals-problem")) in graph
    # The reified relation whole, its rationale, and the label of the node at its other end.
    rebuttal = node_iri(MAP, "rel-syria-vs-fixed")
    assert (rebuttal, AM["from"], NODE) in graph
    assert graph.value(rebuttal, AM.rationale) is not None
    assert (target, RDFS.label, label_of(built_store, target)) in graph
    # The anchor and both selectors, with the words and their offsets.
    anchor = URIRef(f"{NODE}#anchor")
    assert (NODE, AM.hasAnchor, anchor) in graph
    quote, position = URIRef(f"{NODE}#quote"), URIRef(f"{NODE}#position")
    assert {quote, position} <= set(graph.objects(anchor, OA.hasSelector))
    assert "Assad to go" in str(graph.value(quote, OA.exact))
    assert graph.value(position, OA.start) is not None
    # Inferred (am:Premise) and evaluation (a verdict) graphs are described too.
    assert (NODE, RDF.type, AM.Premise) in graph
    assert any(graph.subjects(AM.evaluates, NODE))


def test_the_description_is_the_node_s_not_the_map_s(
    client: TestClient, built_store: OxigraphStore
) -> None:
    graph = parsed(client.get(PATH, headers={"Accept": "text/turtle"}), "text/turtle")
    whole = built_store.graph(map_iri(MAP))
    assert 50 < len(graph) < len(whole) / 5
    # A claim it has nothing to do with is not in it.
    assert (node_iri(MAP, "idc-rec-iii"), None, None) not in graph


@pytest.mark.parametrize("media_type", sorted(RDF_FORMATS))
def test_every_rdf_format_parses_to_the_same_graph(client: TestClient, media_type: str) -> None:
    response = client.get(PATH, headers={"Accept": media_type})
    graph = parsed(response, media_type)
    assert (NODE, RDF.type, AM.Counterexample) in graph
    assert "Accept" in response.headers["vary"]
    turtle = parsed(client.get(PATH, headers={"Accept": "text/turtle"}), "text/turtle")
    assert len(graph) == len(turtle)


def test_json_ld_is_compacted_with_argmap_s_context(client: TestClient) -> None:
    body = client.get(PATH, headers={"Accept": "application/ld+json"}).json()
    assert body["@context"]["am"] == str(AM)
    assert body["@context"]["node"] == f"{map_iri(MAP)}/"


class Page(HTMLParser):
    """What an accessibility reader and a test look for: lang, title, landmarks, headings, marks."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.tags: list[str] = []
        self.headings: list[int] = []
        self.marked: list[str] = []
        self.links: list[str] = []
        self.alternates: dict[str, str] = {}
        self._in_mark = False
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.lang = values.get("lang")
        if tag in {"h1", "h2", "h3", "h4"}:
            self.headings.append(int(tag[1]))
        if tag == "a" and values.get("href"):
            self.links.append(str(values["href"]))
        if tag == "link" and values.get("rel") == "alternate":
            self.alternates[str(values["type"])] = str(values["href"])
        self._in_mark = tag == "mark" or self._in_mark
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._in_mark = False
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_mark:
            self.marked.append(data)
        if self._in_title:
            self.title += data


def page_of(response: httpx.Response) -> Page:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    page = Page()
    page.feed(response.text)
    return page


def test_a_browser_gets_a_page_with_the_quote_marked_in_its_paragraph(
    client: TestClient, built_store: OxigraphStore
) -> None:
    response = client.get(PATH, headers={"Accept": BROWSER})
    page = page_of(response)
    assert "Accept" in response.headers["vary"]
    label = str(label_of(built_store, NODE))
    assert label in page.title
    assert response.text.count(label.replace("'", "&#x27;")) >= 2  # the heading too
    exact = built_store.graph(map_iri(MAP)).value(URIRef(f"{NODE}#quote"), OA.exact)
    assert ["".join(page.marked)] == [str(exact)]
    # In context: the words before it in the same paragraph of the article are on the page.
    # ... as plain text: the article's Markdown links are reduced to their words.
    # (Quotes, the node's and its relations', stay exactly as the article has them.)
    assert "Second, as Jason Ralph explains, <mark>" in response.text
    assert page.lang == "en" and {"main", "nav"} <= set(page.tags)
    assert page.headings[0] == 1 and all(
        b - a <= 1 for a, b in zip(page.headings, page.headings[1:], strict=False)
    )
    # Links onward: the nodes at the other end of its relations, the map, the JSON, the data.
    assert f"/map/{MAP}/assumption-fixed-goals" in page.links
    assert f"/map/{MAP}/gallagher" in page.links  # attributed to
    assert f"/map/{MAP}" in page.links
    assert f"/claims/{MAP}/cx-syria" in page.links
    assert f"/?map={MAP}&node=cx-syria" in page.links  # the map page, with the node selected
    assert set(page.alternates) == set(RDF_FORMATS)
    for media_type, href in page.alternates.items():
        parsed(client.get(href), media_type)


def test_every_link_of_a_node_page_leads_somewhere(client: TestClient) -> None:
    page = page_of(client.get(PATH, headers={"Accept": BROWSER}))
    for href in {link.split("#")[0] for link in page.links}:
        assert client.get(href).status_code == 200, href


def test_the_page_escapes_what_it_shows() -> None:
    from argmap.api.linked_data import templates, view

    hostile = "<script>alert(1)</script>"
    page = view.NodePage(
        iri="https://w3id.org/argmap/map/m/n",
        map_id="m",
        node_id="n",
        label=hostile,
        kinds=("Claim",),
        is_claim=True,
        quote=view.Quote(hostile, before="<b>", after="&", in_context=True),
        attributed_to=(view.Link("x", hostile, '/"onmouseover="x'),),
        sources=(),
        cases=(),
        relations=(),
        verdicts=(),
        statements=(view.Statement("rdfs:label", hostile),),
        map=view.Link("https://w3id.org/argmap/map/m", hostile, "/map/m"),
    )
    html = templates.node_html(page, {})
    assert "<script>" not in html and "<b>" not in html
    assert 'href="/&quot;onmouseover=&quot;x"' in html


def test_a_map_iri_lists_its_nodes_by_kind(client: TestClient, built_store: OxigraphStore) -> None:
    response = client.get(f"/map/{MAP}", headers={"Accept": BROWSER})
    page = page_of(response)
    assert "Recommendation" in response.text and "Counterexample" in response.text
    assert PATH in page.links
    assert f"/maps/{MAP}/export?format=trig" in page.links
    graph = parsed(client.get(f"/map/{MAP}", headers={"Accept": "text/turtle"}), "text/turtle")
    whole = built_store.graph(map_iri(MAP))
    assert (NODE, AM.inMap, map_iri(MAP)) in graph
    assert (NODE, RDF.type, AM.Counterexample) in graph
    assert (map_iri(MAP), RDFS.label, whole.value(map_iri(MAP), RDFS.label)) in graph
    assert len(graph) < len(whole)  # a table of contents, not the map


def test_unknown_maps_and_nodes_are_404_and_nothing_acceptable_406(client: TestClient) -> None:
    for path in (f"/map/{MAP}/no-such-node", "/map/no-such-map", "/map/no-such-map/cx-syria"):
        for accept in ("text/turtle", BROWSER):
            response = client.get(path, headers={"Accept": accept})
            assert response.status_code == 404, path
            assert "detail" in response.json()
    response = client.get(PATH, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "text/turtle" in response.json()["detail"]
    assert client.get(f"{PATH}?format=png").status_code == 422


def test_the_ontology_negotiates(client: TestClient) -> None:
    page = client.get("/ontology", headers={"Accept": BROWSER})
    assert page.headers["content-type"].startswith("text/html")
    assert "Accept" in page.headers["vary"]
    shipped = Graph().parse(resources.ontology_file())
    for media_type in RDF_FORMATS:
        response = client.get("/ontology", headers={"Accept": media_type})
        assert "Accept" in response.headers["vary"]
        assert len(parsed(response, media_type)) == len(shipped)
    assert client.get("/ontology.ttl").headers["content-type"].startswith("text/turtle")
    assert client.get("/ontology", headers={"Accept": "image/png"}).status_code == 406


def test_void_describes_the_store_and_each_map(
    client: TestClient, built_store: OxigraphStore
) -> None:
    response = client.get("/.well-known/void")
    graph = parsed(response, "text/turtle")
    (dataset,) = [d for d in graph.subjects(VOID.sparqlEndpoint, None)]
    assert str(graph.value(dataset, VOID.sparqlEndpoint)).endswith("/sparql")
    assert str(graph.value(dataset, VOID.uriSpace)) == "https://w3id.org/argmap/map/"
    total = sum(1 for _ in built_store.raw().quads_for_pattern(None, None, None, None))
    assert int(graph.value(dataset, VOID.triples)) == total  # type: ignore[arg-type]
    assert graph.value(dataset, VOID.vocabulary) is not None
    assert graph.value(dataset, VOID.exampleResource) is not None
    assert graph.value(dataset, URIRef("http://purl.org/dc/terms/license")) is not None
    subsets = {graph.value(s, SD.name): s for s in graph.objects(dataset, VOID.subset)}
    subset = subsets[map_iri(MAP)]
    # The subset is what its dumps hold: the map's graph, its inferences and its evaluation.
    held = sum(len(built_store.graph(name)) for name in map_graphs(MAP))
    assert held > len(built_store.graph(map_iri(MAP)))
    assert int(graph.value(subset, VOID.triples)) == held  # type: ignore[arg-type]
    dumps = {str(d) for d in graph.objects(subset, VOID.dataDump)}
    assert any(d.endswith(f"/maps/{MAP}/export?format=nquads") for d in dumps)
    for dump in dumps:
        assert client.get(dump).status_code == 200
    as_json = client.get("/.well-known/void", headers={"Accept": "application/ld+json"})
    assert len(parsed(as_json, "application/ld+json")) == len(graph)
    assert json.loads(as_json.text)
    assert client.get("/.well-known/void", headers={"Accept": "text/html"}).status_code == 406
