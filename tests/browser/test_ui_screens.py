"""Every main screen renders cleanly in a real browser: no console errors, no CSP violations,
no broken static assets. Full-page screenshots go to var/screenshots/ for a human to look at.

A county officer walks through home, the list, a talent with a card, the register form and the
import page; a clerk finds a talent (by POST); anyone opens the public verification page; and
the error pages render in the same look.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.utils import timezone
from django.views.defaults import server_error
from playwright.sync_api import expect

from rencai.core.choices import OrganisationKind, Role
from rencai.core.tests.factories import make_county, make_organisation, make_user
from rencai.talents.choices import CardKind, CardStatus, Relation
from rencai.talents.identity import make_ric
from rencai.talents.models import FamilyMember, Tag
from rencai.talents.tests.factories import make_card, make_degree, make_talent, make_tier

from .watch import Watcher

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Rencai-browser-2022"
SHOTS = Path("var/screenshots")
DESKTOP = {"width": 1366, "height": 768}  # the office PCs
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": DESKTOP}


@pytest.fixture
def screens(page, live_server):
    """`screens.visit(path, name)` opens a page, waits, screenshots it, checks it was clean."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    watcher = Watcher().watch(page)

    class Screens:
        def check(self, name: str, *, expect_status: int = 200, phone: bool = False):
            page.wait_for_load_state("networkidle")
            self._shot(name)
            if phone:
                page.set_viewport_size(PHONE)
                self._shot(f"{name}-phone")
                page.set_viewport_size(DESKTOP)
            assert watcher.problems == [], f"{name}: {watcher.problems}"
            stylesheet = page.evaluate("getComputedStyle(document.body).fontFamily")
            assert "Noto Sans CJK SC" in stylesheet, f"{name}: rencai.css not applied"

        def visit(self, path: str, name: str, *, expect_status: int = 200, phone: bool = False):
            watcher.problems.clear()
            watcher.document_url = f"{live_server.url}{path}"
            response = page.goto(watcher.document_url)
            assert response.status == expect_status, f"{name}: {response.status}"
            self.check(name, phone=phone)

        def after_submit(self, name: str):
            """Check the page a form submission led to (watcher was cleared before the click)."""
            watcher.document_url = page.url
            self.check(name)

        def reset(self):
            watcher.problems.clear()

        def _shot(self, name: str):
            page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)

    return Screens()


@pytest.fixture
def town():
    """A county with a few realistic talents, one with cards and family; its officer; a clerk."""
    today = timezone.localdate()
    huangzhou = make_county("421102", "黄州区")
    macheng = make_county("421181", "麻城市")
    tier_a = make_tier("A", "A类（国内外顶尖人才）")
    tier_c = make_tier("C", "C类（地方高级人才）")
    doctor = make_degree("doctor", "博士研究生")
    master = make_degree("master", "硕士研究生")
    youth = Tag.objects.get_or_create(code="youth", defaults={"name": "青年人才"})[0]
    returnee = Tag.objects.get_or_create(code="overseas", defaults={"name": "海外归国"})[0]
    employer = make_organisation(kind=OrganisationKind.ENTERPRISE, name="黄冈某新材料有限公司")
    star = make_talent(
        county=huangzhou,
        name="陈晓明",
        id_number=make_ric("421102", date(1988, 4, 12), 31),
        mobile="13871234567",
        tier=tier_a,
        degree=doctor,
        school="华中科技大学",
        major="材料科学与工程",
        employer=employer,
        tags=[youth, returnee],
        arrival_date=date(2021, 9, 1),
    )
    FamilyMember.objects.create(
        talent=star, relation=Relation.CHILD, name="陈乐乐", birth_date=date(2016, 5, 20)
    )
    make_card(star, valid_from=today - timedelta(days=20), number="HG-GC-2024-000031")
    make_card(star, kind=CardKind.CHUCAI_CARD, valid_from=today + timedelta(days=10))
    revoked = make_card(
        star,
        valid_from=today - timedelta(days=800),
        valid_to=today - timedelta(days=400),
        status=CardStatus.REVOKED,
        revoke_reason="调离本市",
    )
    for n, name in enumerate(["李娜", "王强", "张敏", "刘洋"]):
        make_talent(county=huangzhou, name=name, tier=tier_c, degree=master, tags=[youth])
        make_talent(county=macheng, name=f"麻城{name}", degree=master if n % 2 else None)
    window = make_organisation(
        kind=OrganisationKind.SERVICE_POINT, name="黄冈市政务服务中心人才窗口"
    )
    make_user("huangzhou", role=Role.COUNTY_OFFICER, division=huangzhou, password=PASSWORD)
    make_user("clerk", role=Role.WINDOW_CLERK, organisation=window, password=PASSWORD)
    return {
        "star": star,
        "card": star.cards.get(number="HG-GC-2024-000031"),
        "revoked": revoked,
    }


def test_county_officer_screens_render_cleanly(page, login, screens, town):
    star = town["star"]
    login("huangzhou", PASSWORD)
    screens.visit("/", "officer-home", phone=True)
    screens.visit("/talents/", "officer-talent-list", phone=True)
    screens.visit(f"/talents/{star.pk}/", "officer-talent-detail", phone=True)
    expect(page.locator("img.qr").first).to_be_visible()
    assert page.locator("img.qr").first.evaluate("img => img.naturalWidth") > 0
    page.emulate_media(media="print")  # the record on paper: no navigation, no buttons
    page.screenshot(path=str(SHOTS / "officer-talent-detail-print.png"), full_page=True)
    expect(page.locator("nav.mainnav")).to_be_hidden()
    expect(page.locator("#reveal")).to_be_hidden()
    page.emulate_media(media="screen")
    screens.visit("/talents/new/", "officer-talent-register")
    screens.reset()
    page.locator("#talent-form button[type=submit]").click()  # nothing filled in
    page.wait_for_load_state()
    expect(page.locator("#talent-form .has-error").first).to_be_visible()
    screens.after_submit("officer-talent-register-errors")
    screens.visit("/talents/import/", "officer-talent-import")
    screens.visit("/talents/find/", "officer-forbidden", expect_status=403)
    screens.visit("/talents/999999/", "officer-not-found", expect_status=404)


def test_clerk_finds_a_talent_at_the_window_and_the_number_stays_out_of_the_url(
    page, live_server, login, screens, town
):
    star = town["star"]
    login("clerk", PASSWORD)
    screens.visit("/", "clerk-home")
    # one way in: the home leads to the window, it does not repeat the find form
    expect(page.locator("#home-window-clerk [name=id_number]")).to_have_count(0)
    screens.reset()
    page.locator("#home-clerk-desk a.primary").click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/desk/window/"

    page.fill("#window-find [name=id_number]", star.id_number)
    expect(page.locator("#window-talent")).to_contain_text(star.name)
    assert star.id_number not in page.url
    screens.after_submit("clerk-window-found")

    screens.visit("/talents/find/", "clerk-find")
    page.fill("#window-find [name=id_number]", make_ric("421102", date(2000, 1, 1), 5))
    screens.reset()
    page.locator("#window-find button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("#matches .empty")).to_be_visible()
    screens.after_submit("clerk-find-nobody")


def test_public_verify_and_error_pages_render_cleanly(page, live_server, screens, town):
    card = town["card"]
    screens.visit(f"/v/{card.token}", "verify-valid", phone=True)
    expect(page.locator(".verify-status.valid")).to_be_visible()
    screens.visit(f"/v/{town['revoked'].token}", "verify-revoked")
    expect(page.locator(".verify-status.invalid")).to_be_visible()
    screens.visit("/v/not-a-real-token", "verify-unknown", expect_status=404)
    screens.visit("/accounts/login/", "login", phone=True)
    screens.visit("/no-such-page/", "error-404", expect_status=404)


def test_server_error_page_is_standalone_and_styled(page, live_server, screens, settings):
    # Django renders 500.html with an empty context: no request, user or database.
    settings.DEBUG = False
    body = server_error(RequestFactory().get("/")).content
    assert b"rencai.css" in body
    page.route(
        f"{live_server.url}/boom/",
        lambda route: route.fulfill(status=500, body=body, content_type="text/html"),
    )
    screens.visit("/boom/", "error-500", expect_status=500)
