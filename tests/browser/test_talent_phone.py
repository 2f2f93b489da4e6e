"""The talent's phone (390 × 844): every page a talent uses fits the screen — no sideways
scrolling — and each is kept as a screenshot (var/screenshots/phone-*.png): the home (a service
hub), messages, the policy pack, applying, the case list, a case's page, the card, "me", the
one-person file, the other apps' pages, and logging in with an SMS code. One test per page; the
page tests share one demo load and one log-in (the `city` fixture)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from rencai.core.demo import DEMO_PASSWORD
from rencai.core.notifications import notify
from rencai.core.sms import MemorySmsBackend
from rencai.core.tests.demo import load_demo
from rencai.desk.models import Application
from rencai.policies.models import Benefit
from rencai.talents.models import Talent
from rencai.talents.tests.factories import make_card

pytestmark = [pytest.mark.browser]
SHOTS = Path("var/screenshots")
PHONE = {"width": 390, "height": 844}


def _fits(page, name: str) -> None:
    """The page is no wider than the phone; its screenshot is kept."""
    page.wait_for_load_state()
    width = page.evaluate("document.documentElement.scrollWidth")
    page.screenshot(path=str(SHOTS / f"phone-{name}.png"), full_page=True)
    assert width <= PHONE["width"], f"{name}: {width}px wide on a {PHONE['width']}px phone"


def _pdf(path: Path) -> Path:
    from weasyprint import HTML

    path.write_bytes(HTML(string="<p>材料</p>").write_pdf())
    return path


@pytest.fixture
def phone(page):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(PHONE)
    return page


def _add_demo_talent_data() -> Talent:
    talent = Talent.objects.select_related("user").get(user__username="talent")
    if not talent.cards.exists():
        # A number far from the demo's own issues (the demo numbers its example talents' cards
        # from 000001 in the same year).
        make_card(talent, number=f"HG-{timezone.localdate().year}-990001")
    notify(
        user=talent.user,
        subject=talent,
        title="政策找人：您可能符合高层次人才购房补贴",
        body="根据您登记的学历和来黄时间，您可能符合购房补贴的条件，请在线申报。",
        link="/pack/",
    )
    return talent


@dataclass
class City:
    """The demo city, loaded once for the talent's page tests, and the talent's session."""

    talent: Talent
    session: str


@pytest.fixture(scope="module")
def city(django_db_setup, django_db_blocker, live_server):
    """One demo load and one log-in for every test below (each page its own test, so a failure
    names its page). Committed, so the live server sees it; the database is
    emptied at the end of the module, as a transactional test leaves it."""
    with django_db_blocker.unblock():
        load_demo(talents=0)
        talent = _add_demo_talent_data()
        client = Client()
        client.force_login(talent.user)
        yield City(talent, client.cookies[settings.SESSION_COOKIE_NAME].value)
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def _live_server_helper(request):
    """pytest-django's helper of the same name, except for the page tests of `city`: it makes
    every test that uses the live server transactional (the database emptied after each), which
    would take the module's demo with it. The settings the live server needs are kept."""
    if "live_server" not in request.fixturenames:
        yield
        return
    if "city" not in request.fixturenames:  # a test without the module's demo: as before
        request.getfixturevalue("transactional_db")
    live_server = request.getfixturevalue("live_server")
    live_server._live_server_modified_settings.enable()
    yield
    live_server._live_server_modified_settings.disable()


@pytest.fixture
def talent_phone(phone, live_server, city):
    """The phone, signed in as the demo talent (the module's session: no log-in per page)."""
    phone.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": city.session, "url": live_server.url}]
    )
    phone.base = live_server.url
    return phone


def _apply_online(page, tmp_path) -> Application:
    """The talent's case for the subsidy: applied for online through the form once."""
    subsidy = Benefit.objects.get(code="home_purchase_subsidy")
    found = Application.objects.filter(talent__user__username="talent", benefit=subsidy).first()
    if found:
        return found
    page.goto(f"{page.base}/my/apply/{subsidy.pk}/")
    form = page.locator("#apply-form")
    for checkbox in form.locator("input[type=checkbox]").all():
        checkbox.check()
    for index, upload in enumerate(form.locator("input[type=file]").all()):
        upload.set_input_files(str(_pdf(tmp_path / f"doc{index}.pdf")))
    form.locator("[name=payee_account]").fill("6222 0202 0011 2233 445")
    _fits(page, "apply")
    page.click("#apply-submit")
    expect(page).to_have_url(re.compile(r"/my/applications/\d+/$"))
    return Application.objects.get(talent__user__username="talent", benefit=subsidy)


def test_phone_home_is_a_service_hub(talent_phone):
    page = talent_phone
    page.goto(f"{page.base}/")
    expect(page.locator("#home-notifications")).to_contain_text("政策找人")
    expect(page.locator("#home-can-apply")).to_be_visible()
    expect(page.locator("#tabbar")).to_be_visible()
    expect(page.locator("#tabbar")).to_contain_text("可申报")
    expect(page.locator("#tabbar")).to_contain_text("办件进度")
    expect(page.locator(".mainnav")).to_be_hidden()
    _fits(page, "home")
    sections = page.locator("main section.card").evaluate_all("els => els.map(e => e.id)")
    assert sections.index("home-notifications") < sections.index("home-talent-pack")
    assert sections.index("home-talent-pack") < sections.index("home-talent-desk")


def test_phone_messages_and_one_opened(talent_phone):
    page = talent_phone
    page.goto(f"{page.base}/")
    page.click("#tabbar a[href='/messages/']")
    expect(page.locator("#notifications")).to_contain_text("政策找人")
    _fits(page, "notifications")
    page.click("#notifications a")
    expect(page.locator("#notification-link")).to_be_visible()
    _fits(page, "notification")


def test_phone_policy_pack(talent_phone):
    page = talent_phone
    page.goto(f"{page.base}/pack/")
    expect(page.locator("#pack-home_purchase_subsidy")).to_be_visible()
    _fits(page, "policy-pack")


def test_phone_can_apply(talent_phone):
    page = talent_phone
    page.goto(f"{page.base}/")
    page.click("#tabbar a[href='/my/apply/']")
    expect(page.locator("#apply-home_purchase_subsidy")).to_be_visible()
    _fits(page, "can-apply")


def test_phone_applying_online_opens_the_case_page(talent_phone, tmp_path):
    page = talent_phone
    case = _apply_online(page, tmp_path)

    # the case page: a timeline saying who acts next; withdrawing at the foot, folded away
    page.goto(f"{page.base}/my/applications/{case.pk}/")
    expect(page.locator("#case-timeline")).to_contain_text("受理")
    expect(page.locator("#case-next")).to_contain_text(str(case.department))
    expect(page.locator("#case-withdraw summary")).to_be_visible()
    expect(page.locator("#case-withdraw button[type=submit]")).to_be_hidden()
    _fits(page, "case")


def test_phone_my_cases_are_cards(talent_phone, tmp_path):
    page = talent_phone
    _apply_online(page, tmp_path)
    page.goto(f"{page.base}/")
    page.click("#tabbar a[href='/my/applications/']")
    expect(page.locator("#my-cases")).to_contain_text("购房补贴")
    expect(page.locator("#my-cases thead")).not_to_be_in_viewport()
    _fits(page, "my-cases")


def test_phone_card_and_its_check_page(talent_phone, city):
    page = talent_phone
    page.goto(f"{page.base}/")
    card = city.talent.cards.get()
    panel = page.locator("#home-talent-card")
    expect(panel.locator("img.qr")).to_be_visible()
    expect(panel).not_to_contain_text(card.number)
    expect(panel).to_contain_text(card.number[-4:])
    panel.scroll_into_view_if_needed()
    panel.screenshot(path=str(SHOTS / "phone-card.png"))
    page.click("#home-talent-card a[href^='/v/']")
    _fits(page, "card-check")


def test_phone_me_lists_the_rest_of_the_menu(talent_phone):
    page = talent_phone
    page.goto(f"{page.base}/")
    page.click("#tabbar a[href='/me/']")
    expect(page.locator("#me-menu")).to_contain_text("我的政策礼包")
    expect(page.locator("#me-menu")).to_contain_text("我的档案")
    _fits(page, "me")


def test_phone_my_file(talent_phone):
    page = talent_phone
    page.goto(f"{page.base}/me/file/")
    expect(page.locator("h1")).to_contain_text("我的档案")
    expect(page.locator("#file-entries")).to_contain_text("登记")
    _fits(page, "my-file")


def test_phone_my_file_pages_newer_and_older(talent_phone, monkeypatch):
    from rencai.talents.views import file as file_views

    monkeypatch.setattr(file_views, "PAGE_SIZE", 2)  # the live server runs in this process
    page = talent_phone
    page.goto(f"{page.base}/me/file/")
    page.click("#file-pages a[rel=next]")
    expect(page.locator("#file-pages")).to_contain_text("第 2 页")
    expect(page.locator("#file-pages a[rel=prev]")).to_contain_text("较新")
    expect(page.locator("#file-entries li")).to_have_count(2)
    _fits(page, "my-file-page-2")


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/loans/", "loans"),
        ("/medical/appointments/", "appointments"),
        ("/my/schooling/", "schooling"),
        ("/my/housing/", "housing"),
    ],
)
def test_phone_other_apps_pages_fit(talent_phone, path, name):
    page = talent_phone
    page.goto(f"{page.base}{path}")
    _fits(page, name)


def test_the_talent_logs_in_with_an_sms_code_on_a_phone(phone, live_server, city):
    page = phone
    demo = city.talent
    MemorySmsBackend.outbox.clear()

    # the log-in page offers the SMS code beside the password
    page.goto(f"{live_server.url}/accounts/login/")
    _fits(page, "login")
    page.click("#login-by-sms")
    page.fill("input[name=mobile]", demo.mobile)
    page.click("#login-sms-send")
    expect(page.locator("input[name=code]")).to_be_visible()
    _fits(page, "login-sms")

    # the code sent to the talent's mobile logs them in
    mobile, text = MemorySmsBackend.outbox[-1]
    assert mobile == demo.mobile
    code = re.search(r"\d{6}", text).group(0)
    page.fill("input[name=code]", code)
    page.click("#login-sms-submit")
    expect(page.locator("#home-notifications")).to_be_visible()
    _fits(page, "home-after-sms-login")
    MemorySmsBackend.outbox.clear()


@pytest.mark.parametrize("username", ["taskforce", "clerk", "housing"])
def test_staff_keep_their_whole_menu_in_one_scrolling_row_on_a_phone(
    phone, live_server, login, city, username
):
    # given the demo city, a member of staff on a phone
    page = phone
    login(username, DEMO_PASSWORD)

    # then their home fits, the menu is there (no bottom bar), and its last entry can be reached
    page.goto(f"{live_server.url}/")
    expect(page.locator(".mainnav")).to_be_visible()
    expect(page.locator("#tabbar")).to_have_count(0)
    _fits(page, f"staff-{username}")
    last = page.locator(".mainnav li").last.locator("a")
    last.scroll_into_view_if_needed()
    expect(last).to_be_in_viewport()
