"""No page breaks the content security policy: every role's home, the dashboard and a few of
its menu pages, in a real browser, under the production policy (`SECURE_CSP`: scripts from
our origin or with the request's nonce, styles from our origin only). A violation — an inline
style, a script without the nonce, a foreign source — fails the test with where it happened.

Violations are collected two ways: the `securitypolicyviolation` events of each document
(an init script keeps them in `window.__csp`) and the browser's console errors "Refused to …".
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import override_settings

from tests.permissions.world import build_world

from .test_main_pages import main_pages, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COLLECT = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`
    + ` at ${e.sourceFile || e.documentURI}:${e.lineNumber}`);
});
"""
MENU_PAGES = 3  # besides the home and the dashboard


def pages_of(page, live_server) -> list[str]:
    urls = main_pages(page, live_server)
    return list(dict.fromkeys(["/", "/dashboard/", *urls[1 : 1 + MENU_PAGES]]))


def test_no_page_of_any_role_violates_the_production_csp(page, live_server, tmp_path):
    assert "'unsafe-inline'" not in str(settings.SECURE_CSP)
    refused: list[str] = []
    page.on(
        "console",
        lambda m: (
            refused.append(f"{page.url}: {m.text}")
            if m.type == "error" and "Refused to" in m.text
            else None
        ),
    )
    page.add_init_script(COLLECT)
    # The watch works: an inline script added by hand is refused and seen.
    page.goto(f"{live_server.url}/accounts/login/")
    page.evaluate(
        "const s = document.createElement('script'); s.textContent = '1';"
        " document.head.appendChild(s);"
    )
    page.wait_for_function("window.__csp.length > 0", timeout=5000)
    refused.clear()
    with override_settings(MEDIA_ROOT=tmp_path):
        world = build_world()
    violations: dict[str, list[str]] = {}
    visited = 0
    for role, user in world.users.items():
        page.context.clear_cookies()
        sign_in(page.context, user, live_server)
        for url in pages_of(page, live_server):
            response = page.goto(f"{live_server.url}{url}")
            assert response is not None
            policy = response.headers.get("content-security-policy", "")
            assert "script-src 'self' 'nonce-" in policy, (role, url, policy)
            page.wait_for_load_state("load")
            found = page.evaluate("window.__csp || []")
            if found:
                violations[f"{role} {url}"] = found
            visited += 1
    assert visited >= 2 * len(world.users)
    assert violations == {}
    assert refused == []
