"""Helpers of the browser tests: what a page did wrong, screenshots, axe-core (fixtures: conftest.py)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import ConsoleMessage, Page, Request, Response, Route

CHROMIUM = Path(os.environ.get("ARGMAP_CHROMIUM", "/usr/bin/chromium"))
ROOT = Path(__file__).resolve().parents[3]
SCREENSHOTS = Path(os.environ.get("ARGMAP_SCREENSHOTS", ROOT / ".argmap" / "screenshots"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
LOAD_FAILURE = re.compile(r"Failed to load resource: the server responded with a status of (\d+)")


class Watch:
    """What went wrong on a page: script errors, console errors, failed or refused requests."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.problems: list[str] = []
        # Answers a test provokes on purpose (a query with a syntax error) are not problems.
        self.expected_statuses: set[int] = set()

    def console(self, message: ConsoleMessage) -> None:
        """A console error is a problem (warnings and logs are not)."""
        if message.type == "error" and not self._expected_load_failure(message.text):
            self.problems.append(f"console error: {message.text} at {message.location}")

    def _expected_load_failure(self, text: str) -> bool:
        # Chromium also logs each answer of 400 or more as a console error: the same answer
        # that response() judges, so a status the test expects is no problem here either.
        match = LOAD_FAILURE.match(text)
        return match is not None and int(match[1]) in self.expected_statuses

    def page_error(self, error: object) -> None:
        """An uncaught exception in the page."""
        self.problems.append(f"uncaught: {error}")

    def request_failed(self, request: Request) -> None:
        """A request that got no answer."""
        self.problems.append(f"request failed: {request.method} {request.url} ({request.failure})")

    def response(self, response: Response) -> None:
        """An answer of 400 or more, unless the test said it expects that status."""
        if response.status >= 400 and response.status not in self.expected_statuses:
            self.problems.append(
                f"HTTP {response.status}: {response.request.method} {response.url}"
            )

    def route(self, route: Route) -> None:
        """Let requests to the service through; refuse any other host (no internet here)."""
        parts = urlsplit(route.request.url)
        if parts.scheme in ("data", "blob") or f"{parts.scheme}://{parts.netloc}" == self.origin:
            route.continue_()
        else:
            self.problems.append(f"request to another host: {route.request.url}")
            route.abort()


def screenshot(page: Page, name: str) -> Path:
    """Save what the page shows as .argmap/screenshots/<name>.png (ARGMAP_SCREENSHOTS moves it)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


def serious_violations(page: Page) -> list[str]:
    """What axe-core (from npm) finds on the page with a serious or critical impact."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run(document)).violations")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(n["target"]) for n in v["nodes"][:5])
        for v in found
        if v["impact"] in ("serious", "critical")
    ]
