"""/maps/{map_id}/evaluation and /ontology."""

from __future__ import annotations

from fastapi.testclient import TestClient
from rdflib import Graph

from argmap import resources


def test_evaluation_under_each_semantics(client: TestClient) -> None:
    for name in ("grounded", "complete", "preferred", "stable"):
        response = client.get("/maps/gallagher-2022/evaluation", params={"semantics": name})
        assert response.status_code == 200, response.text
        body = response.json()
        claims = client.get("/queries/claims", params={"map": "gallagher-2022"}).json()["total"]
        assert body["semantics"] == name and len(body["status"]) == claims
        assert body["status"]["idc-rec-iii"] == "rejected"
        assert body["status"]["rec-work-beyond-like-minded"] in (
            "accepted",
            "sceptically-accepted",
        )
        assert body["explanations"]["idc-rec-iii"]["status"] == "rejected"
    for name in ("h-categorizer", "df-quad", "quadratic-energy"):
        body = client.get(
            "/maps/gallagher-2022/evaluation", params={"semantics": name, "bipolar": "true"}
        ).json()
        assert body["reading"] == "bipolar" and "extensions" not in body
        assert 0 <= body["strength"]["idc-rec-iii"] <= 1
        assert body["explanations"]["idc-rec-iii"]["contributions"]


def test_evaluation_errors(client: TestClient) -> None:
    assert client.get("/maps/nope/evaluation").status_code == 404
    bad = client.get("/maps/gallagher-2022/evaluation", params={"semantics": "naive"})
    assert bad.status_code == 422


def test_ontology_reference_and_turtle(client: TestClient) -> None:
    page = client.get("/ontology")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "Recommendation" in page.text and "Counterexample" in page.text
    turtle = client.get("/ontology.ttl")
    assert turtle.headers["content-type"].startswith("text/turtle")
    served = Graph().parse(data=turtle.text, format="turtle")
    assert len(served) == len(Graph().parse(resources.ontology_file()))


def test_the_root_lists_the_entry_points(client: TestClient) -> None:
    body = client.get("/").json()
    assert body["sparql"] == "/sparql" and body["docs"] == "/docs"
    for path in (body["docs"], body["maps"], body["ontology"], body["health"]):
        assert client.get(path).status_code == 200, path


def test_sparql_refuses_service_clauses(client: TestClient) -> None:
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 400
    assert "SERVICE" in response.text
