"""Fixtures of the browser tests: Debian's Chromium driven by Playwright, over the live service.

Every page a test opens is watched (browser_helpers.Watch): a JavaScript error, a console error,
a failed request or an answer of 400 or more fails the test, and so does any request to a host
other than the service's own, which is refused, so a page that needs the internet fails here.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser_helpers import CHROMIUM, Watch
from playwright.sync_api import Browser, Page, sync_playwright

from argmap.api import assets


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Chromium (the Debian package, not a browser Playwright downloads)."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"no Chromium at {CHROMIUM}: install the Debian package chromium (.ci/run does)"
        )
    if not assets.built():
        pytest.fail(assets.NOT_BUILT)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield chromium
        chromium.close()


@pytest.fixture
def watch(live_url: str) -> Watch:
    """The problems seen on the test's page, checked when the test ends."""
    return Watch(live_url)


@pytest.fixture
def page(browser: Browser, watch: Watch) -> Iterator[Page]:
    """A fresh page at 1280×800; the test fails if anything in `watch` went wrong on it."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.route("**/*", watch.route)
    page = context.new_page()
    page.on("console", watch.console)
    page.on("pageerror", watch.page_error)
    page.on("requestfailed", watch.request_failed)
    page.on("response", watch.response)
    yield page
    context.close()
    assert not watch.problems, "\n".join(watch.problems)
