"""Every role's main pages in a real browser: an automated WCAG 2.1 AA check (axe-core,
bundled by axe-playwright-python, no network) and screenshots at 1440 × 900 and 390 × 844
kept as test artifacts in var/screenshots/main/ (CI keeps var/): every role's home and every
menu page, one browser context per role (one sign-in, no re-login per page). The desktop shot
is the whole page, the phone's its first screen (a whole page at 390 px is tall and slow to
encode, and the suite is near CI's 20-minute limit).

The world is the permission matrix's (one object of each kind inside each role's scope); each
role's home and every entry of its menu are visited (and pass the zh-Hans check of the `page`
fixture on the way).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client, override_settings

from tests.permissions.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots" / "main"
DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
# Only violations are reported in full: by default axe-core also reports every passing and
# inapplicable check with a selector for each node it looked at (most of its time on a big page,
# and a large answer to carry back); the violations found are the same either way.
WCAG_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
# The roles this file visits; test_main_pages_more.py visits the others (two files, so that
# the test workers share the visits).
ROLES = ["city_admin", "task_force", "county_officer", "department_officer", "window_clerk"]
NAV = re.compile(r'<nav class="mainnav".*?</nav>', re.S)
HREF = re.compile(r'href="(/[^"#?]*)"')


def violations(page) -> list[str]:
    results = Axe().run(page, options=WCAG_AA)
    return [
        f"{v['id']} ({v['impact']}): {len(v['nodes'])}× e.g. {v['nodes'][0]['target']}"
        for v in results.response["violations"]
    ]


def sign_in(context, user, live_server) -> None:
    """Put a session of `user` into the browser (no password form: the world's users have none)."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )


def main_pages(page, live_server) -> list[str]:
    """The home and the pages of its menu (not the admin's or the API's), each once; the home
    is left open in the browser."""
    page.goto(f"{live_server.url}/")
    nav = NAV.search(page.content())
    urls = dict.fromkeys(["/", *(HREF.findall(nav.group(0)) if nav else [])])
    return [u for u in urls if not u.startswith(("/admin/", "/api/"))]


def test_every_roles_main_pages_pass_wcag_aa_and_are_photographed(page, live_server, tmp_path):
    check_roles(ROLES, page, live_server, tmp_path)


def check_roles(roles, page, live_server, tmp_path) -> None:
    """Visit each role's home and menu pages: axe-core on every one, a screenshot of each at
    both widths (one navigation per page: the phone's shot is the same page resized, and the
    home, open already for its menu, is not loaded again)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    with override_settings(MEDIA_ROOT=tmp_path):
        world = build_world()
    faults: dict[str, list[str]] = {}
    for role in roles:
        page.context.clear_cookies()
        sign_in(page.context, world.users[role], live_server)
        page.set_viewport_size(DESKTOP)
        for url in main_pages(page, live_server):
            if url != "/":
                page.set_viewport_size(DESKTOP)
                page.goto(f"{live_server.url}{url}")
            name = f"{role}{url.rstrip('/').replace('/', '-') or '-home'}"
            page.screenshot(path=str(SHOTS / f"{name}-1440.png"), full_page=True)
            found = violations(page)
            if found:
                faults[f"{role} {url}"] = found
            page.set_viewport_size(PHONE)
            page.screenshot(path=str(SHOTS / f"{name}-390.png"))  # the phone's first screen
    print(f"screenshots in {SHOTS}")
    assert faults == {}


def test_the_public_pages_pass_wcag_aa(page, live_server):
    for url in ["/accounts/login/", "/handbook/", "/no-such-page/"]:
        page.goto(f"{live_server.url}{url}")
        assert violations(page) == [], url
