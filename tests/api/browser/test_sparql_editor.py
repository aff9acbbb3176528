"""The SPARQL editor at /sparql in Chromium: YASGUI over this endpoint, the named queries, results."""

from __future__ import annotations

from browser_helpers import Watch, screenshot, serious_violations
from playwright.sync_api import Locator, Page, expect

from argmap import queries

MAP = "gallagher-2022"
RECOMMENDATIONS = 8  # of gallagher-2022: the count tests/api/test_rest_routes.py also relies on

# One line, its prefixes undeclared: the editor adds the PREFIX lines itself as am: and rdfs:
# are typed (the page's preloaded prefixes), and no newline meets an open autocompletion list.
TYPED_QUERY = (
    "SELECT ?recommendation ?kind ?label WHERE { ?recommendation a am:Recommendation ; "
    "am:inMap <https://w3id.org/argmap/map/gallagher-2022> ; rdfs:label ?label . "
    "BIND(am:Recommendation AS ?kind) } ORDER BY ?recommendation"
)


def open_editor(page: Page, live_url: str) -> None:
    """Open /sparql as a browser does and wait until sparql.js has built the editor."""
    page.goto(f"{live_url}/sparql")
    expect(page.locator("#yasgui[data-ready=true]")).to_be_attached(timeout=15_000)


def replace_query(page: Page, text: str) -> None:
    """Type a query into the active tab's editor, key by key, in place of what it holds."""
    page.locator(".tabPanel.active .CodeMirror").click()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def result_rows(page: Page) -> Locator:
    """The rows of the active tab's results table."""
    return page.locator(".tabPanel.active .yasr .dataTable tbody tr")


def test_the_editor_has_the_endpoint_and_every_named_query(page: Page, live_url: str) -> None:
    open_editor(page, live_url)
    expect(page).to_have_title("argmap · SPARQL editor")
    endpoint = page.locator(".tabPanel.active .controlbar input.autocomplete")
    expect(endpoint).to_have_value(f"{live_url}/sparql")
    catalogue = queries.catalogue()
    examples = page.locator("#examples button.example")
    expect(examples).to_have_count(len(catalogue))
    shown = examples.evaluate_all("(buttons) => buttons.map((b) => b.dataset.query)")
    assert shown == list(catalogue)
    expect(page.locator("#examples-count")).to_have_text(f"{len(catalogue)} named queries")
    # The first visit opens the recommendations, named by their summary, with the example bound.
    summary = catalogue["recommendations"].summary
    expect(page.get_by_role("tab", selected=True)).to_have_accessible_name(summary)
    query = page.evaluate("() => window.argmapYasgui.getTab().getQuery()")
    assert f"VALUES (?map) {{ (<https://w3id.org/argmap/map/{MAP}>) }}" in query


def test_a_typed_query_shows_its_rows_linked_to_this_service(page: Page, live_url: str) -> None:
    open_editor(page, live_url)
    replace_query(page, TYPED_QUERY)
    query = page.evaluate("() => window.argmapYasgui.getTab().getQuery()")
    assert "PREFIX am: <https://w3id.org/argmap#>" in query, query
    assert "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>" in query, query
    page.keyboard.press("Control+Enter")
    rows = result_rows(page)
    expect(rows).to_have_count(RECOMMENDATIONS, timeout=15_000)
    links = page.locator(".tabPanel.active .yasr .dataTable tbody a.iri")
    hrefs = links.evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")
    nodes = [h for h in hrefs if h.startswith(f"/map/{MAP}/")]
    assert len(nodes) == RECOMMENDATIONS, hrefs
    # The ontology's terms lead to its reference page, shortened by the am: prefix.
    kinds = [h for h in hrefs if h == "/ontology#Recommendation"]
    assert len(kinds) == RECOMMENDATIONS, hrefs
    assert not [h for h in hrefs if "w3id.org" in h], hrefs
    expect(links.filter(has_text="am:Recommendation")).to_have_count(RECOMMENDATIONS)
    # The link keeps the identifier itself in its title.
    expect(links.first).to_have_attribute("title", f"https://w3id.org/argmap{nodes[0]}")
    screenshot(page, "sparql-editor-results")
    # Following one leads to the node's page on this service (any status of 400 or more fails).
    # By the keyboard: YASR's ellipsis clips the link, so its middle is not where a click lands.
    links.first.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_url}{nodes[0]}")


def test_an_example_opens_in_its_own_tab_and_runs(page: Page, live_url: str) -> None:
    open_editor(page, live_url)
    entry = queries.catalogue()["underminers-of"]
    page.locator("#examples button[data-query='underminers-of']").click()
    expect(page.get_by_role("tab", selected=True)).to_have_accessible_name(entry.summary)
    expect(page.get_by_role("tab")).to_have_count(2)
    page.locator(".tabPanel.active .yasqe_queryButton").click()
    expect(result_rows(page).first).to_be_visible(timeout=15_000)
    # Choosing it again selects that tab instead of opening another.
    page.locator("#examples button[data-query='underminers-of']").click()
    expect(page.get_by_role("tab")).to_have_count(2)


def test_a_syntax_error_shows_the_endpoint_message(page: Page, live_url: str, watch: Watch) -> None:
    watch.expected_statuses.add(400)  # the endpoint's answer to the broken query
    open_editor(page, live_url)
    replace_query(page, "SELECT * WHERE { ?s ?p }")
    page.keyboard.press("Control+Enter")
    error = page.locator(".tabPanel.active .argmap-error")
    expect(error).to_be_visible(timeout=15_000)
    expect(error).to_contain_text("SPARQL syntax error")
    expect(error).to_contain_text("The endpoint refused the query")


def test_the_editor_has_no_serious_accessibility_violation(page: Page, live_url: str) -> None:
    open_editor(page, live_url)
    page.locator(".tabPanel.active .yasqe_queryButton").click()
    expect(result_rows(page)).to_have_count(RECOMMENDATIONS, timeout=15_000)
    found = serious_violations(page)
    assert found == [], "\n".join(found)
