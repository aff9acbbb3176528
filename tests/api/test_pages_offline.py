"""The pages' HTML over HTTP: /docs, /redoc and the SPARQL editor load their assets from /static only."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from argmap.api import assets

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
ASSET = re.compile(r"""<(?:script|link|img)\b[^>]*?\b(?:src|href)=["']([^"']+)["']""", re.I)


@pytest.fixture(autouse=True)
def _built() -> None:
    if not assets.built():
        pytest.fail(assets.NOT_BUILT)


def asset_urls(html: str) -> list[str]:
    """The URLs of the scripts, stylesheets, icons and images a page loads."""
    return ASSET.findall(html)


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_the_api_docs_load_only_from_static(client: TestClient, path: str) -> None:
    response = client.get(path, headers={"Accept": BROWSER})
    assert response.status_code == 200
    html = response.text
    assert '<html lang="en">' in html
    urls = asset_urls(html)
    assert urls, html
    assert not re.search(r"https?://", " ".join(urls)), urls
    assert not re.search(r"fonts\.googleapis|cdn\.jsdelivr|fastapi\.tiangolo", html)
    for url in urls:
        assert url.startswith(("/static/", "data:")), url
        if url.startswith("/static/"):
            assert client.get(url).status_code == 200, url
    assert "/openapi.json" in html


def test_the_oauth2_redirect_of_swagger_ui_is_served(client: TestClient) -> None:
    assert client.get("/docs/oauth2-redirect").status_code == 200


def test_the_docs_pages_are_not_operations(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert not {"/docs", "/redoc", "/docs/oauth2-redirect"} & set(paths)


def test_a_browser_at_sparql_gets_the_editor(client: TestClient) -> None:
    response = client.get("/sparql", headers={"Accept": BROWSER})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    urls = asset_urls(response.text)
    assert "/static/vendor/yasgui.min.js" in urls and "/static/sparql.js" in urls
    for url in urls:
        assert url.startswith(("/static/", "data:")), url
        if url.startswith("/static/"):
            assert client.get(url).status_code == 200, url
    # Without JavaScript, a plain form still asks the endpoint.
    assert '<form id="form" method="get" action="/sparql">' in response.text


def test_a_browser_with_a_query_still_gets_results(client: TestClient) -> None:
    query = "ASK { ?s a <https://w3id.org/argmap#Recommendation> }"
    response = client.get("/sparql", params={"query": query}, headers={"Accept": BROWSER})
    assert response.status_code == 200
    # A browser's Accept prefers XML to anything else the endpoint offers: SPARQL XML, then.
    assert response.headers["content-type"].startswith("application/sparql-results+xml")
    assert "<boolean>true</boolean>" in response.text


def test_every_named_query_example_runs_at_the_endpoint(client: TestClient) -> None:
    entries = client.get("/queries", params={"limit": 100}).json()["items"]
    for entry in entries:
        response = client.post(
            "/sparql",
            data={"query": entry["sparql"]},
            headers={"Accept": "application/sparql-results+json"},
        )
        assert response.status_code == 200, (entry["name"], response.text[:300])
        rows = response.json()["results"]["bindings"]
        # Each example asks about something in the map, so it has an answer; those across
        # maps find nothing shared in a store of one map.
        assert rows or "corpus" in entry["tags"], entry["name"]
    recommendations = next(e for e in entries if e["name"] == "recommendations")
    bound = "VALUES (?map) { (<https://w3id.org/argmap/map/gallagher-2022>) }"
    assert bound in recommendations["sparql"]


@pytest.mark.parametrize(
    ("path", "still_answers"),
    [("/", "/docs"), ("/sparql", "/sparql?query="), ("/docs", "/openapi.json"), ("/redoc", "")],
)
def test_before_the_build_a_browser_is_told_what_to_run(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, path: str, still_answers: str
) -> None:
    monkeypatch.setattr(assets, "built", lambda: False)
    response = client.get(path, headers={"Accept": BROWSER})
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("text/html")
    assert "make setup" in response.text and '<html lang="en">' in response.text
    assert still_answers in response.text
    # A program is not affected: the index and the service description answer unbuilt too.
    program = {"/": "application/json", "/sparql": "text/turtle"}.get(path)
    if program is not None:
        assert client.get(path, headers={"Accept": program}).status_code == 200
