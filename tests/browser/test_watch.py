"""The browser tests' watcher fails a test for a fault of the product only: a request the
browser abandoned because the page navigated away is not one; every other failure is."""

from types import SimpleNamespace

import pytest

from .watch import Watcher

pytestmark = [pytest.mark.browser]


def _failed(url: str, failure: str):
    return SimpleNamespace(url=url, failure=failure)


def test_a_request_aborted_by_a_navigation_is_not_a_problem():
    watcher = Watcher()

    watcher.on_request_failed(_failed("http://t/static/rencai/favicon.svg", "net::ERR_ABORTED"))

    assert watcher.problems == []


@pytest.mark.parametrize(
    "failure", ["net::ERR_CONNECTION_REFUSED", "net::ERR_BLOCKED_BY_CLIENT", "net::ERR_FAILED"]
)
def test_any_other_failed_request_is_a_problem(failure):
    watcher = Watcher()

    watcher.on_request_failed(_failed("http://t/static/rencai/rencai.css", failure))

    assert watcher.problems == [f"failed: http://t/static/rencai/rencai.css {failure}"]


def test_a_missing_resource_is_a_problem_even_when_nothing_aborted():
    watcher = Watcher()
    request = SimpleNamespace(resource_type="image")

    watcher.on_response(SimpleNamespace(request=request, status=404, url="http://t/x.png"))

    assert watcher.problems == ["404 http://t/x.png"]
