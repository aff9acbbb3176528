"""/docs (Swagger UI) and /redoc in Chromium, with every other host refused: they work offline."""

from __future__ import annotations

from browser_helpers import screenshot, serious_violations
from playwright.sync_api import Page, expect


def test_docs_lists_the_operations(page: Page, live_url: str) -> None:
    page.goto(f"{live_url}/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("argmap", timeout=15_000)
    operations = page.locator(".opblock-summary-path")
    expect(operations.filter(has_text="/sparql").first).to_be_visible()
    paths = set(operations.evaluate_all("(spans) => spans.map((s) => s.dataset.path)"))
    assert {"/sparql", "/maps", "/queries", "/recommendations"} <= paths, paths
    # An operation opens, with its parameters: the page is usable, not just drawn.
    page.locator("#operations-sparql-sparql_get_sparql_get .opblock-summary").click()
    expect(page.locator("#operations-sparql-sparql_get_sparql_get .parameters")).to_be_visible()
    screenshot(page, "docs")


def test_docs_has_no_serious_accessibility_violation(page: Page, live_url: str) -> None:
    page.goto(f"{live_url}/docs")
    expect(page.locator(".opblock-summary-path").first).to_be_visible(timeout=15_000)
    found = serious_violations(page)
    assert found == [], "\n".join(found)


def test_redoc_renders_the_title_and_operations(page: Page, live_url: str) -> None:
    page.goto(f"{live_url}/redoc")
    expect(page.locator("h1").first).to_contain_text("argmap", timeout=20_000)
    menu = page.locator("[role=menuitem], .menu-content label")
    expect(menu.filter(has_text="SPARQL query (GET)").first).to_be_attached()
    expect(page.get_by_text("The named-query catalogue, a page at a time").first).to_be_attached()
    screenshot(page, "redoc")
    found = serious_violations(page)
    assert found == [], "\n".join(found)
