"""A walk-in is registered at the window, gets a green card from the county, and it verifies."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from rencai.core.choices import OrganisationKind, Role
from rencai.core.tests.factories import make_county, make_organisation, make_user
from rencai.talents.identity import make_ric
from rencai.talents.models import Talent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Rencai-browser-2022"


def submit(page):
    """The main form's submit button (the header's language and log-out forms are not it)."""
    page.locator("main form[method=post] button[type=submit]").first.click()
    page.wait_for_load_state()


def test_clerk_registers_county_issues_green_card_and_card_verifies(page, live_server, login):
    huangzhou = make_county("421102", "黄州区")
    window = make_organisation(
        kind=OrganisationKind.SERVICE_POINT, name="黄冈市政务服务中心人才服务窗口"
    )
    make_user("clerk", role=Role.WINDOW_CLERK, organisation=window, password=PASSWORD)
    make_user("huangzhou", role=Role.COUNTY_OFFICER, division=huangzhou, password=PASSWORD)
    id_number = make_ric("421102", date(1996, 3, 1), 11)

    # The clerk registers a walk-in with the essentials only.
    login("clerk", PASSWORD)
    page.goto(f"{live_server.url}/talents/new/")
    page.fill("#talent-form [name=name]", "陈超")
    page.fill("#talent-form [name=id_number]", id_number)
    page.fill("#talent-form [name=mobile]", "13871234567")
    page.select_option("#talent-form [name=county]", str(huangzhou.pk))
    submit(page)
    talent = Talent.objects.get(id_number=id_number)
    expect(page).to_have_url(re.compile(rf"/talents/{talent.pk}/$"))
    expect(page.locator("main")).to_contain_text("陈超")
    expect(page.locator("main")).not_to_contain_text(id_number)  # masked by default
    page.locator("header form[action$='/logout/'] button").click()

    # The county officer issues a green card from the talent's page.
    login("huangzhou", PASSWORD)
    page.goto(f"{live_server.url}/talents/{talent.pk}/")
    page.locator(f"a[href$='/talents/{talent.pk}/cards/issue/']").click()
    submit(page)
    card = talent.cards.get()
    expect(page.locator("main")).to_contain_text(card.number)

    # Anyone who scans the QR code sees a valid card and a masked name, nothing more.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/v/{card.token}")
    verify = page.locator("main")
    expect(verify).to_contain_text("陈*")
    expect(verify).not_to_contain_text("陈超")
    expect(verify).not_to_contain_text(card.number)
    expect(page.locator(".verify-status.valid")).to_be_visible()
    page.screenshot(path="var/screenshots/card-verify.png", full_page=True)
