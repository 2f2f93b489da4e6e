"""Browser tests: Playwright drives Debian's Chromium against Django's live server.

Playwright's own browser download is unreachable here, so the launch points at
/usr/bin/chromium with the flags that keep it off the network.
"""

import os

import pytest

from tests.i18n_check import watch_page

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


@pytest.fixture
def page(page):
    """Every page a browser test loads in Chinese passes the zh-Hans check (tests/i18n_check)."""
    untranslated = watch_page(page)
    yield page
    assert untranslated == [], f"pages with untranslated strings: {untranslated}"


@pytest.fixture
def login(page, live_server):
    """Log in through the real form as `username` with `password`."""

    def _login(username: str, password: str):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_load_state()

    return _login
