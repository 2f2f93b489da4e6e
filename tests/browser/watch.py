"""What counts as a fault of the product while a browser test looks at a page.

Console errors, uncaught exceptions, sub-resources answering 4xx/5xx, and requests that failed
— except a request the browser itself abandoned because the page navigated away
(`net::ERR_ABORTED`: a favicon or an image still loading when a link was followed or a form
submitted). That is how browsers work, not a fault, and on a busy machine it happens at
random. Every other failure (connection refused, blocked by CSP, a bad certificate…) still
counts, and so does a 4xx/5xx answer, which is a response, not an abort.
"""

from __future__ import annotations

from dataclasses import dataclass, field

NAVIGATION_ABORT = "net::ERR_ABORTED"


def is_navigation_abort(failure: str | None) -> bool:
    return (failure or "").strip() == NAVIGATION_ABORT


@dataclass
class Watcher:
    """Console errors, uncaught exceptions and failed sub-resources of the current page."""

    problems: list[str] = field(default_factory=list)
    document_url: str = ""

    def on_console(self, message):
        if message.type != "error":
            return
        # A 403/404 page is itself a failed load: Chromium reports it; that one is expected.
        location = (message.location or {}).get("url", "")
        if "Failed to load resource" in message.text and location == self.document_url:
            return
        self.problems.append(f"console: {message.text} ({location})")

    def on_page_error(self, error):
        self.problems.append(f"exception: {error}")

    def on_response(self, response):
        if response.request.resource_type == "document":
            return
        if response.status >= 400:
            self.problems.append(f"{response.status} {response.url}")

    def on_request_failed(self, request):
        if is_navigation_abort(request.failure):
            return
        self.problems.append(f"failed: {request.url} {request.failure}")

    def watch(self, page) -> Watcher:
        page.on("console", self.on_console)
        page.on("pageerror", self.on_page_error)
        page.on("response", self.on_response)
        page.on("requestfailed", self.on_request_failed)
        return self
