"""The talent's phone (390 × 844): every page a talent uses fits the screen — no sideways
scrolling — and each is kept as a screenshot (var/screenshots/phone-*.png): the home (a service
hub), messages, the policy pack, applying, the case list, a case's page, the card, and logging
in with an SMS code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from rencai.core.demo import DEMO_PASSWORD
from rencai.core.notifications import notify
from rencai.core.sms import MemorySmsBackend
from rencai.desk.models import Application
from rencai.policies.models import Benefit
from rencai.talents.models import Talent
from rencai.talents.tests.factories import make_card

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
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


@pytest.fixture
def demo(db):
    call_command("load_demo", talents=0, no_progress=True, verbosity=0)
    talent = Talent.objects.select_related("user").get(user__username="talent")
    make_card(talent)
    notify(
        user=talent.user,
        subject=talent,
        title="政策找人：您可能符合高层次人才购房补贴",
        body="根据您登记的学历和来黄时间，您可能符合购房补贴的条件，请在线申报。",
        link="/pack/",
    )
    return talent


def test_the_talent_uses_every_page_on_a_phone(phone, live_server, login, demo, tmp_path):
    page = phone
    url = live_server.url
    subsidy = Benefit.objects.get(code="home_purchase_subsidy")
    login("talent", DEMO_PASSWORD)

    # the home: unread messages first, then what can be applied for, cases, the card
    page.goto(f"{url}/")
    expect(page.locator("#home-notifications")).to_contain_text("政策找人")
    expect(page.locator("#home-can-apply")).to_contain_text("购房补贴")
    expect(page.locator("#tabbar")).to_be_visible()
    expect(page.locator("#tabbar")).to_contain_text("可申报")
    expect(page.locator("#tabbar")).to_contain_text("办件进度")
    expect(page.locator(".mainnav")).to_be_hidden()
    _fits(page, "home")
    sections = page.locator("main section.card").evaluate_all("els => els.map(e => e.id)")
    assert sections.index("home-notifications") < sections.index("home-talent-pack")
    assert sections.index("home-talent-pack") < sections.index("home-talent-desk")

    # messages: the list, then one opened (read) with its link
    page.click("#tabbar a[href='/messages/']")
    expect(page.locator("#notifications")).to_contain_text("政策找人")
    _fits(page, "notifications")
    page.click("#notifications a")
    expect(page.locator("#notification-link")).to_be_visible()
    _fits(page, "notification")

    # the policy pack
    page.goto(f"{url}/pack/")
    expect(page.locator("#pack-home_purchase_subsidy")).to_be_visible()
    _fits(page, "policy-pack")

    # what can be applied for, then applying online for the subsidy
    page.click("#tabbar a[href='/my/apply/']")
    expect(page.locator("#apply-home_purchase_subsidy")).to_be_visible()
    _fits(page, "can-apply")
    page.click(f"#apply-home_purchase_subsidy a[href='/my/apply/{subsidy.pk}/']")
    form = page.locator("#apply-form")
    for checkbox in form.locator("input[type=checkbox]").all():
        checkbox.check()
    for index, upload in enumerate(form.locator("input[type=file]").all()):
        upload.set_input_files(str(_pdf(tmp_path / f"doc{index}.pdf")))
    form.locator("[name=payee_account]").fill("6222 0202 0011 2233 445")
    _fits(page, "apply")
    page.click("#apply-submit")
    expect(page).to_have_url(re.compile(r"/my/applications/\d+/$"))
    case = Application.objects.get(talent=demo, benefit=subsidy)

    # the case page: a timeline saying who acts next; withdrawing at the foot, folded away
    expect(page.locator("#case-timeline")).to_contain_text("受理")
    expect(page.locator("#case-next")).to_contain_text(str(case.department))
    expect(page.locator("#case-withdraw summary")).to_be_visible()
    expect(page.locator("#case-withdraw button[type=submit]")).to_be_hidden()
    _fits(page, "case")

    # my cases: a card per case, not a table cut off at the right
    page.click("#tabbar a[href='/my/applications/']")
    expect(page.locator("#my-cases")).to_contain_text("购房补贴")
    expect(page.locator("#my-cases thead")).not_to_be_in_viewport()
    _fits(page, "my-cases")

    # the card: number masked, valid to, QR to the check page
    page.goto(f"{url}/")
    card = demo.cards.get()
    panel = page.locator("#home-talent-card")
    expect(panel.locator("img.qr")).to_be_visible()
    expect(panel).not_to_contain_text(card.number)
    expect(panel).to_contain_text(card.number[-4:])
    panel.scroll_into_view_if_needed()
    panel.screenshot(path=str(SHOTS / "phone-card.png"))
    _fits(page, "home-after-applying")
    page.click("#home-talent-card a[href^='/v/']")
    _fits(page, "card-check")

    # "me": everything else the menu holds, and the other apps' lists fit as well
    page.click("#tabbar a[href='/me/']")
    expect(page.locator("#me-menu")).to_contain_text("我的政策礼包")
    _fits(page, "me")
    for path, name in (
        ("/loans/", "loans"),
        ("/medical/appointments/", "appointments"),
        ("/my/schooling/", "schooling"),
        ("/my/housing/", "housing"),
    ):
        page.goto(f"{url}{path}")
        _fits(page, name)


def test_the_talent_logs_in_with_an_sms_code_on_a_phone(phone, live_server, demo):
    page = phone
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
    phone, live_server, login, username
):
    # given the demo city, a member of staff on a phone
    call_command("load_demo", talents=0, no_progress=True, verbosity=0)
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
