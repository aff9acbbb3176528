"""/maps/{map_id}/text: the article's body and the anchors, which must point at their words."""

from __future__ import annotations

from fastapi.testclient import TestClient

from testdata import GALLAGHER_TEXT


def test_the_body_is_the_article_and_every_anchor_points_at_its_words(client: TestClient) -> None:
    answer = client.get("/maps/gallagher-2022/text")
    assert answer.status_code == 200
    text = answer.json()
    assert text["iri"] == "https://w3id.org/argmap/map/gallagher-2022/text"
    assert text["format"] == "text/markdown"
    body = text["body"]
    assert "like-minded" in body and body in GALLAGHER_TEXT.read_text(encoding="utf-8")
    anchors = text["anchors"]
    assert len(anchors) > 40
    for span in anchors:
        assert body[span["start"] : span["end"]] == span["exact"], span["node"]
    starts = [span["start"] for span in anchors]
    assert starts == sorted(starts)
    syria = [span for span in anchors if span["node"] == "cx-syria"]
    assert len(syria) == 1 and "Assad to go" in syria[0]["exact"]


def test_an_unknown_map_is_404(client: TestClient) -> None:
    answer = client.get("/maps/no-such-map/text")
    assert answer.status_code == 404
    assert "no-such-map" in answer.text
