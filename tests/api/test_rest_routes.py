"""/queries, /maps, /recommendations, /claims, /healthz and the OpenAPI document."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from api_helpers import settings
from fastapi.testclient import TestClient
from rdflib import Graph

from argmap import analysis, export, queries
from argmap.api.main import create_app
from argmap.store import OxigraphStore
from argmap.vocab import node_iri

MAP = "gallagher-2022"
REC = "idc-rec-iii"
NAMES = sorted(queries.catalogue())


def test_healthz(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "store": "embedded"}


def test_healthz_is_503_until_the_store_is_open() -> None:
    app = create_app(settings())  # no store given: the lifespan would open it
    response = TestClient(app).get("/healthz")  # without `with`, the lifespan has not run
    assert response.status_code == 503
    assert response.headers["retry-after"]


def test_the_app_opens_the_store_its_settings_name(
    tmp_path: Path, built_store: OxigraphStore
) -> None:
    path = tmp_path / "store"
    on_disk = OxigraphStore(path)
    on_disk.replace_graphs({g: built_store.graph(g) for g in built_store.graph_names()})
    on_disk.close()
    with TestClient(create_app(settings(store=path))) as client:
        assert client.get("/healthz").status_code == 200
        assert [m["id"] for m in client.get("/maps").json()["items"]] == [MAP]
    OxigraphStore(path).close()  # the app released the store when it stopped


# -- the named-query catalogue ----------------------------------------------------------------------


def test_queries_lists_the_catalogue(client: TestClient) -> None:
    page = client.get("/queries").json()
    entries = page["items"]
    assert [e["name"] for e in entries] == list(queries.catalogue())
    assert page["total"] == len(entries) and page["next"] is None
    underminers = next(e for e in entries if e["name"] == "underminers-of")
    assert underminers["summary"] and underminers["path"] == "/queries/underminers-of"
    assert underminers["params"][0]["name"] == "claim"
    assert underminers["params"][0]["type"] == "iri"
    assert "underminer" in underminers["variables"]


def test_openapi_has_one_documented_operation_per_named_query(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for name in NAMES:
        query = queries.get(name)
        operation = spec["paths"][f"/queries/{name}"]["get"]
        assert operation["summary"] == query.summary
        assert operation["operationId"] == f"query_{name.replace('-', '_')}"
        documented = {p["name"]: p for p in operation.get("parameters", [])}
        assert set(documented) == {p.name for p in query.params} | {"limit", "offset"}
        for param in query.params:
            assert documented[param.name]["required"] is param.required
            assert documented[param.name]["examples"]["catalogue"]["value"] == param.example
            schema = documented[param.name]["schema"]
            types = {s.get("type") for s in schema.get("anyOf", [schema])}
            assert ("integer" if param.type == "integer" else "string") in types
        assert "text/csv" in operation["responses"]["200"]["content"]


@pytest.mark.parametrize("name", NAMES)
def test_every_named_query_answers_its_example(
    client: TestClient, built_store: OxigraphStore, name: str
) -> None:
    query = queries.get(name)
    example = {p.name: p.example for p in query.params if p.example is not None}
    response = client.get(f"/queries/{name}", params=example)
    assert response.status_code == 200
    whole = queries.run(built_store, name, example).as_python()
    body = response.json()
    assert body["items"] == whole[: queries.DEFAULT_LIMIT]
    assert body["total"] == len(whole) == int(response.headers["x-total-count"])


def test_a_named_query_answers_csv(client: TestClient, built_store: OxigraphStore) -> None:
    claim = str(node_iri(MAP, REC))
    response = client.get(
        "/queries/underminers-of", params={"claim": claim}, headers={"Accept": "text/csv"}
    )
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    table = queries.run(built_store, "underminers-of", {"claim": claim})
    assert [r["underminer"] for r in rows] == [str(v) for v in table.values("underminer")]
    assert client.get("/queries/maps", headers={"Accept": "image/png"}).status_code == 406


def test_bad_parameters_are_422(client: TestClient) -> None:
    missing = client.get("/queries/underminers-of")
    assert missing.status_code == 422
    not_an_iri = client.get("/queries/underminers-of", params={"claim": "not an iri"})
    assert not_an_iri.status_code == 422
    wrong_map = client.get("/queries/map-summary", params={"map": "https://example.org/x"})
    assert wrong_map.status_code == 422
    assert "map" in str(wrong_map.json()["detail"])


def test_a_map_or_node_the_store_lacks_is_404_not_an_empty_table(client: TestClient) -> None:
    base = "https://w3id.org/argmap/map/gallagher-2022"
    node = client.get("/queries/underminers-of", params={"claim": f"{base}/no-such-node"})
    assert node.status_code == 404
    assert "no node 'no-such-node' in the map 'gallagher-2022'" in node.json()["detail"]
    absent = client.get("/queries/map-summary", params={"map": "no-such-map"})
    assert absent.status_code == 404 and "gallagher-2022" in absent.json()["detail"]
    outside = client.get("/queries/claims-about-case", params={"case": "https://example.org/x"})
    assert outside.status_code == 200  # an IRI outside the maps names no node to check


def test_an_unknown_query_is_404_naming_the_catalogue(client: TestClient) -> None:
    response = client.get("/queries/no-such-question")
    assert response.status_code == 404
    assert "underminers-of" in response.json()["detail"]


# -- maps -----------------------------------------------------------------------------------------------


def test_maps_and_one_map(client: TestClient) -> None:
    maps = client.get("/maps").json()["items"]
    assert [m["id"] for m in maps] == [MAP]
    assert maps[0]["claims"] > 20 and maps[0]["relations"] > 20
    detail = client.get(f"/maps/{MAP}").json()
    assert detail["title"] == maps[0]["title"]
    counts = {c["label"]: c["count"] for c in detail["counts"]}
    assert counts["Recommendation"] == len(detail["recommendations"]) > 0
    assert {"class", "label", "count"} <= set(detail["counts"][0])
    rec = next(r for r in detail["recommendations"] if r["id"] == REC)
    assert rec["analysis"] == f"/recommendations/{MAP}/{REC}"


def test_an_unknown_map_is_404_and_a_bad_id_422(client: TestClient) -> None:
    response = client.get("/maps/no-such-map")
    assert response.status_code == 404
    assert MAP in response.json()["detail"]
    assert client.get("/maps/Not_An_Id").status_code == 422


def test_export_serves_a_file_with_a_name(client: TestClient, built_store: OxigraphStore) -> None:
    response = client.get(f"/maps/{MAP}/export", params={"format": "turtle"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    assert response.headers["content-disposition"] == f'attachment; filename="{MAP}.ttl"'
    assert len(Graph().parse(data=response.text, format="turtle")) > 100
    graphml = client.get(
        f"/maps/{MAP}/export", params={"format": "graphml", "focus": REC, "depth": 1}
    )
    assert graphml.headers["content-type"].startswith(export.FORMATS["graphml"].media_type)
    assert graphml.headers["content-disposition"] == f'attachment; filename="{MAP}-{REC}-1.graphml"'
    assert "<graphml" in graphml.text


def test_export_errors(client: TestClient) -> None:
    assert client.get(f"/maps/{MAP}/export", params={"format": "pdf"}).status_code == 422
    assert client.get("/maps/no-such-map/export", params={"format": "turtle"}).status_code == 404
    response = client.get(f"/maps/{MAP}/export", params={"format": "dot", "focus": "no-such-claim"})
    assert response.status_code == 404


# -- recommendations and claims -----------------------------------------------------------------------


def test_recommendations_of_all_maps(client: TestClient, built_store: OxigraphStore) -> None:
    body = client.get("/recommendations").json()
    expected = [a.model_dump(mode="json", by_alias=True) for a in analysis.analyse_map(built_store)]
    assert [a["id"] for a in body["items"]] == [a["id"] for a in expected]
    assert body["items"] == expected and body["total"] == len(expected)


def test_one_recommendation_with_anchor_sources_and_reasons(
    client: TestClient, built_store: OxigraphStore
) -> None:
    body = client.get(f"/recommendations/{MAP}/{REC}").json()
    assert body == analysis.analyse_node(built_store, MAP, REC).model_dump(
        mode="json", by_alias=True
    )
    assert body["anchor"]["exact"] and body["anchor"]["start"] < body["anchor"]["end"]
    assert body["sources"] and body["underminers"]
    shallow = client.get(f"/recommendations/{MAP}/{REC}", params={"max_depth": 1}).json()
    assert all(r["depth"] == 1 for r in shallow["underminers"] + shallow["supporters"])
    assert len(shallow["underminers"]) <= len(body["underminers"])


def test_recommendation_errors(client: TestClient) -> None:
    assert client.get(f"/recommendations/{MAP}/no-such-claim").status_code == 404
    assert client.get(f"/recommendations/no-such-map/{REC}").status_code == 404
    assert client.get(f"/recommendations/{MAP}/{REC}", params={"max_depth": 0}).status_code == 422
    assert client.get("/recommendations", params={"max_depth": 21}).status_code == 422


def test_a_claim_with_quote_agents_sources_cases_and_relations(client: TestClient) -> None:
    body = client.get(f"/claims/{MAP}/cx-syria").json()
    assert body["label"] and body["iri"] == str(node_iri(MAP, "cx-syria"))
    assert {k["id"] for k in body["kinds"]} >= {"Claim", "Counterexample"}
    assert body["anchor"]["exact"] and body["anchor"]["start"] < body["anchor"]["end"]
    assert [c["id"] for c in body["cases"]] == ["case-syria"]
    assert body["attributed_to"][0]["label"]
    assert body["relations"] and all(
        r["kind"] in {"supports", "rebuts", "undercuts"} for r in body["relations"]
    )
    assert all(r["direction"] in {"in", "out"} for r in body["relations"])
    rec = client.get(f"/claims/{MAP}/{REC}").json()
    assert rec["sources"] and rec["sources"][0]["title"]


def test_claim_errors(client: TestClient) -> None:
    assert client.get(f"/claims/{MAP}/no-such-claim").status_code == 404
    assert client.get(f"/claims/no-such-map/{REC}").status_code == 404
    assert client.get(f"/claims/{MAP}/bad%20id").status_code == 422


def test_docs_page(client: TestClient) -> None:
    response = client.get("/docs")
    assert response.status_code == 200 and "swagger" in response.text.lower()


# -- pages of every list ------------------------------------------------------------------------

CORPUS = Path(__file__).parent.parent / "fixtures" / "corpus" / "data" / "maps"
LISTS = ["/maps", "/queries", "/queries/claims", "/queries/sources-across-maps", "/recommendations"]


@pytest.fixture(scope="module")
def corpus_client() -> TestClient:
    """The service over the synthetic corpus of three maps (SPARQL rules only, no HermiT)."""
    from argmap import build as builder

    store = OxigraphStore()
    builder.build(store, builder.authored_maps(CORPUS), reason=False, write_compiled=False)
    return TestClient(create_app(settings(), store))


def walk(client: TestClient, path: str, limit: int) -> tuple[list[object], int]:
    """Every item of a list, following `next` page by page; and the total each page gave."""
    items: list[object] = []
    totals = set()
    url: str | None = f"{path}?limit={limit}"
    while url is not None:
        response = client.get(url)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["limit"] == limit and len(body["items"]) <= limit
        totals.add(body["total"])
        assert response.headers["x-total-count"] == str(body["total"])
        if body["next"]:
            assert f'<{body["next"]}>; rel="next"' in response.headers["link"]
        else:
            assert 'rel="next"' not in response.headers.get("link", "")
        items += body["items"]
        url = body["next"]
    (total,) = totals
    return items, total


@pytest.mark.parametrize("path", LISTS)
def test_every_list_pages_to_the_whole_list(corpus_client: TestClient, path: str) -> None:
    whole = corpus_client.get(path, params={"limit": 1000}).json()
    assert whole["offset"] == 0 and whole["next"] is None
    for limit in (1, 2, 7):
        items, total = walk(corpus_client, path, limit)
        assert items == whole["items"] and total == whole["total"] == len(items)


def test_maps_page_matches_the_maps_query(corpus_client: TestClient) -> None:
    body = corpus_client.get("/maps", params={"limit": 2, "offset": 1}).json()
    assert [m["id"] for m in body["items"]] == ["corpus-beta", "corpus-gamma"]
    assert body["total"] == 3 and body["next"] is None
    rows = corpus_client.get("/queries/maps").json()["items"]
    assert [(m["claims"], m["relations"]) for m in body["items"]] == [
        (r["claims"], r["relations"]) for r in rows[1:]
    ]
    first = corpus_client.get("/maps", params={"limit": 1})
    assert first.json()["next"] == "/maps?limit=1&offset=1"
    assert first.headers["link"] == '</maps?limit=1&offset=1>; rel="next"'
    last = corpus_client.get("/maps", params={"limit": 1, "offset": 2})
    assert last.headers["link"] == '</maps?limit=1&offset=1>; rel="prev"'


def test_a_page_past_the_end_is_empty_with_the_total(corpus_client: TestClient) -> None:
    body = corpus_client.get("/queries/claims", params={"offset": 500}).json()
    assert body["items"] == [] and body["total"] > 0 and body["next"] is None


def test_a_next_link_keeps_the_query_s_parameters(corpus_client: TestClient) -> None:
    agent = "https://w3id.org/argmap/map/corpus-beta/a-example"
    response = corpus_client.get("/queries/claims-by-agent", params={"agent": agent, "limit": 1})
    body = response.json()
    assert body["total"] == 4 and len(body["items"]) == 1
    following = corpus_client.get(body["next"]).json()
    assert following["offset"] == 1 and following["items"][0]["agent"] == agent
    assert following["items"] != body["items"]


def test_a_csv_page_carries_its_total_in_the_headers(corpus_client: TestClient) -> None:
    response = corpus_client.get(
        "/queries/sources-across-maps",
        params={"limit": 2, "offset": 2},
        headers={"Accept": "text/csv"},
    )
    rows = list(csv.DictReader(io.StringIO(response.text)))
    whole = corpus_client.get("/queries/sources-across-maps").json()
    assert [r["source"] for r in rows] == [r["source"] for r in whole["items"][2:4]]
    assert response.headers["x-total-count"] == str(whole["total"])
    assert 'rel="next"' in response.headers["link"] and 'rel="prev"' in response.headers["link"]


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize(
    ("param", "value"),
    [("limit", "0"), ("limit", "1001"), ("limit", "ten"), ("offset", "-1"), ("offset", "1.5")],
)
def test_a_bad_limit_or_offset_is_422_naming_it(
    corpus_client: TestClient, path: str, param: str, value: str
) -> None:
    response = corpus_client.get(path, params={param: value})
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["query", param] and error["msg"]


def test_the_openapi_documents_the_page_parameters(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in LISTS:
        parameters = {p["name"]: p for p in spec["paths"][path]["get"]["parameters"]}
        assert parameters["limit"]["schema"]["maximum"] == queries.MAX_LIMIT
        assert parameters["limit"]["schema"]["default"] == queries.DEFAULT_LIMIT
        assert parameters["offset"]["schema"]["minimum"] == 0
