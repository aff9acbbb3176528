"""The map page at /, in Chromium: the drawing, a recommendation's reasons, quotes in the text,
passages to nodes, the state in the URL, the list view, a narrow screen and axe-core.

The page exposes `window.argmap` ({cy, map, ready, select}) and `#panel[data-node]` (what the
panel shows once loaded); the tests read the drawing through them and click like a reader.
"""

from __future__ import annotations

from typing import Any

import pytest
from browser_helpers import screenshot, serious_violations
from fastapi.testclient import TestClient
from playwright.sync_api import Page, expect

from argmap.api import assets

MAP = "gallagher-2022"
RECOMMENDATION = "idc-rec-iii"  # the committee's call to work with like-minded partners
READY = "() => window.argmap && window.argmap.ready"
HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"  # Chromium's


def open_map(page: Page, url: str, query: str = "") -> None:
    """Opens the map page and waits until the map is drawn."""
    page.goto(f"{url}/{query}")
    page.wait_for_function(READY)


def panel_shows(page: Page, node: str) -> None:
    """Waits until the side panel has loaded what it shows for `node`."""
    expect(page.locator("#panel")).to_have_attribute("data-node", node, timeout=20_000)


def xinjiang_vote(client: TestClient) -> dict[str, Any]:
    """The evidence about the Human Rights Council's vote on Xinjiang, found in the map's data."""
    nodes = client.get(f"/maps/{MAP}/export?format=cytoscape").json()["elements"]["nodes"]
    found = [
        n["data"]
        for n in nodes
        if n["data"]["kind"] == "evidence"
        and "Xinjiang" in n["data"]["label"]
        and "Human Rights Council" in n["data"]["label"]
    ]
    assert len(found) == 1, found
    return found[0]


def click_node(page: Page, node: str) -> None:
    """Clicks a node where Cytoscape draws it, with the mouse, after centring it in the view."""
    box = page.locator("#cy").bounding_box()
    assert box is not None
    position = page.evaluate(
        """(id) => { const cy = window.argmap.cy, node = cy.getElementById(id);
                     cy.zoom(1); cy.center(node); return node.renderedPosition(); }""",
        node,
    )
    page.mouse.click(box["x"] + position["x"], box["y"] + position["y"])


def test_a_program_still_gets_the_json_index(client: TestClient) -> None:
    """Accept: application/json, or no Accept, answers the entry points; both say Vary."""
    for headers in ({"Accept": "application/json"}, {"Accept": "*/*"}, {}):
        response = client.get("/", headers=headers)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/json")
        assert response.json()["sparql"] == "/sparql"
        assert "accept" in response.headers["vary"].lower()
    assert "/" in client.get("/openapi.json").json()["paths"]


def test_a_browser_gets_the_page_or_what_to_run(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A browser's Accept gets the map page; before `make setup`, a 503 that names it."""
    response = client.get("/", headers={"Accept": HTML})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert 'src="/static/map.js"' in response.text
    monkeypatch.setattr(assets, "built", lambda: False)
    response = client.get("/", headers={"Accept": HTML})
    assert response.status_code == 503
    assert "make setup" in response.text


def test_the_map_is_drawn(page: Page, live_url: str, client: TestClient) -> None:
    """Every claim, case and source is a node; each undercut ends on the support it attacks."""
    counts = {c["label"]: c["count"] for c in client.get(f"/maps/{MAP}").json()["counts"]}
    open_map(page, live_url)
    drawn = page.evaluate(
        """() => { const cy = window.argmap.cy, kinds = {};
                   cy.nodes().forEach(n => { const k = n.data('kind'); kinds[k] = (kinds[k] || 0) + 1; });
                   const undercuts = cy.edges('.undercuts');
                   return { kinds, undercuts: undercuts.length,
                            onJunctions: undercuts.filter(e => e.target().hasClass('junction')).length,
                            drawn: cy.nodes(':visible').length }; }"""
    )
    kinds = drawn["kinds"]
    claims = sum(v for k, v in kinds.items() if k not in ("case", "source", "junction"))
    assert claims == counts["Claim"]
    assert kinds["recommendation"] == counts["Recommendation"]
    assert kinds["case"] == counts["Case"]
    assert kinds["source"] == counts["Source"]
    # One edge per premise of an undercut; every one ends on its support's junction.
    assert drawn["undercuts"] >= counts["Undercut"] > 0
    assert drawn["onJunctions"] == drawn["undercuts"]
    assert page.locator("#cy").get_attribute("data-nodes") == str(
        counts["Claim"] + counts["Case"] + counts["Source"]
    )
    expect(page.locator("#legend")).to_contain_text("Counterexample")
    expect(page.locator("#legend")).to_contain_text("Undercuts")
    expect(page.locator("#export-links a")).to_have_count(3)
    for kind in ("png", "svg"):
        with page.expect_download() as download:
            page.get_by_role("button", name=kind.upper()).click()
        assert download.value.suggested_filename == f"{MAP}.{kind}"
        assert download.value.path().stat().st_size > 10_000


def test_the_first_view_reads(page: Page, live_url: str) -> None:
    """At 1280×800, nothing selected: every recommendation in view, at a zoom its text reads.

    The threshold is graph.js LEGIBLE (0.5: the 12 px labels drawn at 6 px); below it the first
    view frames the recommendations' row rather than the whole map. Fit still shows everything.
    """
    open_map(page, live_url)
    view = page.evaluate(
        """() => { const cy = window.argmap.cy, inside = [];
                   cy.nodes('.recommendation').forEach(n => { const b = n.renderedBoundingBox();
                     inside.push(b.x1 >= 0 && b.y1 >= 0 && b.x2 <= cy.width() && b.y2 <= cy.height()); });
                   return { zoom: cy.zoom(), inside }; }"""
    )
    assert view["zoom"] >= 0.5
    assert len(view["inside"]) == 8
    assert all(view["inside"])
    screenshot(page, "map-first-view")
    page.get_by_role("button", name="Fit").click()
    everything = page.evaluate(
        """() => { const cy = window.argmap.cy, b = cy.elements().renderedBoundingBox();
                   return b.x1 >= -1 && b.y1 >= -1 && b.x2 <= cy.width() + 1 && b.y2 <= cy.height() + 1; }"""
    )
    assert everything


def test_clicking_the_recommendation_shows_its_reasons(
    page: Page, live_url: str, client: TestClient
) -> None:
    """A click on idc-rec-iii marks its reasons and lists the Xinjiang vote among them."""
    vote = xinjiang_vote(client)
    grounded = client.get(f"/maps/{MAP}/evaluation?semantics=grounded").json()["status"]
    open_map(page, live_url)
    click_node(page, RECOMMENDATION)
    panel_shows(page, RECOMMENDATION)
    reason = page.locator(f'#panel li.reason[data-node="{vote["id"]}"]')
    expect(reason).to_contain_text(vote["label"])
    expect(reason).to_have_class("reason underminer indirect")
    verdict = page.locator("#panel-body > p.evaluation")  # the recommendation's own
    expect(verdict).to_contain_text(f"grounded: {grounded[RECOMMENDATION]}")
    expect(verdict).to_contain_text("DF-QuAD strength")
    classes = page.evaluate(
        """(vote) => { const cy = window.argmap.cy, c = id => cy.getElementById(id).classes();
                       return { vote: c(vote), supporter: c('idc-uk-pioneer'),
                                unrelated: c('rec-work-beyond-like-minded') }; }""",
        vote["id"],
    )
    assert {"underminer", "indirect"} <= set(classes["vote"])
    assert {"supporter", "direct"} <= set(classes["supporter"])
    assert "faded" not in classes["vote"]
    assert "node=idc-rec-iii" in page.url
    screenshot(page, "map-recommendation-panel")


def test_the_list_view_selects_as_the_canvas_does(
    page: Page, live_url: str, client: TestClient
) -> None:
    """From the list, by keyboard: the same panel, focus moved to it; axe finds nothing serious."""
    vote = xinjiang_vote(client)
    open_map(page, live_url)
    page.get_by_role("button", name="List").click()
    expect(page.locator("#list-view")).to_be_visible()
    assert "view=list" in page.url
    button = page.locator(f'#list button[data-node="{RECOMMENDATION}"]')
    button.focus()
    page.keyboard.press("Enter")
    panel_shows(page, RECOMMENDATION)
    expect(page.locator(f'#panel li.reason[data-node="{vote["id"]}"]')).to_contain_text(
        vote["label"]
    )
    expect(page.locator("#panel")).to_be_focused()
    expect(button).to_have_attribute("aria-current", "true")
    assert serious_violations(page) == []


def test_a_nodes_quote_is_marked_in_the_text(page: Page, live_url: str, client: TestClient) -> None:
    """Clicking a claim marks its exact words in the article and scrolls them into view."""
    quote = client.get(f"/claims/{MAP}/cx-syria").json()["anchor"]["exact"]
    open_map(page, live_url)
    click_node(page, "cx-syria")
    panel_shows(page, "cx-syria")
    marks = page.locator('#text mark[data-node="cx-syria"]')
    expect(marks).to_have_count(1)
    assert marks.first.text_content() == quote
    expect(marks.first).to_be_in_viewport()
    screenshot(page, "map-quote-in-text")


def test_a_selected_passage_shows_its_nodes(page: Page, live_url: str, client: TestClient) -> None:
    """Selecting the sentence on the vote lists and marks every node anchored in it."""
    text = client.get(f"/maps/{MAP}/text").json()
    sentence = "On October 6 2022, the United Nations Human Rights Council held a vote"
    start = text["body"].index(sentence)  # Python indexes code points, as the anchors count
    end = start + len(sentence)
    expected = {a["node"] for a in text["anchors"] if a["start"] < end and a["end"] > start}
    assert {"src-hrc-xinjiang-vote", "case-xinjiang"} <= expected
    open_map(page, live_url)
    # The selection a mouse drag makes, through the Selection API, then the mouse let go.
    page.evaluate(
        """(sentence) => {
             const walker = document.createTreeWalker(document.getElementById('text'), NodeFilter.SHOW_TEXT);
             while (walker.nextNode()) {
               const at = walker.currentNode.data.indexOf(sentence);
               if (at < 0) continue;
               const range = document.createRange();
               range.setStart(walker.currentNode, at);
               range.setEnd(walker.currentNode, at + sentence.length);
               getSelection().removeAllRanges(); getSelection().addRange(range);
               return;
             }
             throw new Error('sentence not in the reading pane');
           }""",
        sentence,
    )
    page.locator("#text").dispatch_event("mouseup")
    listed = page.locator("#panel .passage-nodes li[data-node]")
    expect(listed).to_have_count(len(expected))
    assert {listed.nth(i).get_attribute("data-node") for i in range(len(expected))} == expected
    anchored = page.evaluate(
        "() => window.argmap.cy.elements('.anchored').map(e => e.data('relation_id') || e.id())"
    )
    assert {"src-hrc-xinjiang-vote", "case-xinjiang"} <= set(anchored)


def test_the_state_is_in_the_url(page: Page, live_url: str) -> None:
    """A link with a selection, search, filter and depth opens that view; back restores it."""
    open_map(page, live_url, f"?map={MAP}&node={RECOMMENDATION}&q=xinjiang&hide=source&depth=2")
    panel_shows(page, RECOMMENDATION)
    expect(page.locator("#search")).to_have_value("xinjiang")
    expect(page.locator("#focus-depth")).to_have_value("2")
    expect(page.locator('#kind-filters input[value="source"]')).not_to_be_checked()
    view = page.evaluate(
        """() => { const cy = window.argmap.cy;
                   return { sources: cy.nodes('.source:visible').length,
                            matches: cy.nodes('.match').length,
                            shown: cy.nodes(':visible').length, all: cy.nodes().length }; }"""
    )
    assert view["sources"] == 0
    assert view["matches"] > 0
    assert view["shown"] < view["all"]
    page.get_by_role("button", name="List").click()
    # Within two steps of the recommendation, and its label matches the search.
    page.locator('#list button[data-node="claim-as-many-against"]').click()
    panel_shows(page, "claim-as-many-against")
    assert "node=claim-as-many-against" in page.url
    page.go_back()
    panel_shows(page, RECOMMENDATION)
    page.reload()
    page.wait_for_function(READY)
    panel_shows(page, RECOMMENDATION)
    expect(page.locator("#list-view")).to_be_visible()


def test_a_narrow_screen_stacks_the_panels(page: Page, live_url: str) -> None:
    """At 390×844 the map, panel and text stack with no sideways scrolling."""
    page.set_viewport_size({"width": 390, "height": 844})
    open_map(page, live_url, f"?node={RECOMMENDATION}")
    panel_shows(page, RECOMMENDATION)
    layout = page.evaluate(
        """() => { const box = id => document.getElementById(id).getBoundingClientRect();
                   return { width: document.documentElement.scrollWidth, scrolled: window.scrollY,
                            map: box('map-view'),
                            panel: box('panel'), reading: box('reading') }; }"""
    )
    assert layout["width"] <= 390
    assert layout["scrolled"] == 0  # marking the quote does not carry the reader off the map
    assert layout["panel"]["top"] >= layout["map"]["bottom"] - 1
    assert layout["reading"]["top"] >= layout["panel"]["bottom"] - 1
    assert layout["map"]["height"] > 300
    screenshot(page, "map-narrow")


def test_axe_finds_nothing_serious_on_the_map(page: Page, live_url: str) -> None:
    """The map page, with a recommendation selected and its quote marked, passes axe-core."""
    open_map(page, live_url, f"?node={RECOMMENDATION}")
    panel_shows(page, RECOMMENDATION)
    assert serious_violations(page) == []
