"""On a phone (390×844) the demo talent applies for a talent apartment, sees their place,
accepts the apartment the bureau offers, ticks the move-in checklist and is moved in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from rencai.core.demo import DEMO_PASSWORD
from rencai.core.models import User
from rencai.core.tests.demo import load_demo
from rencai.housing import services
from rencai.housing.choices import TenancyState, UnitState
from rencai.housing.models import HousingApplication, Tenancy, Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("var/screenshots")
PHONE = {"width": 390, "height": 844}


def _fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_talent_applies_for_an_apartment_on_a_phone_and_moves_in(page, live_server, login):
    # given the demo city: its 162 apartments, and 陈超, a master's graduate of 黄州区
    load_demo(talents=0)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(PHONE)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)

    # when the talent signs in and applies from their home page
    login("talent", DEMO_PASSWORD)
    page.click("#home-talent-housing a[href='/my/housing/apply/']")
    expect(page.locator("#apartment-eligibility")).to_be_visible()
    form = page.locator("#apartment-apply")
    form.locator("[name=household_size]").fill("2")
    form.locator("[name=confirm]").check()
    assert _fits_the_phone(page)
    page.screenshot(path=str(SHOTS / "housing-apply-phone.png"), full_page=True)
    form.locator("button").click()

    # then they are on the waiting list and see their place and why
    expect(page).to_have_url(re.compile(r"/my/housing/$"))
    application = HousingApplication.objects.get(talent__user__username="talent")
    expect(page.locator("#my-housing-application")).to_contain_text(str(application))
    expect(page.locator("#my-housing-application .place-position")).to_be_visible()

    # when the housing bureau closes a round and offers an apartment
    officer = User.objects.get(username="housing")
    round_ = services.close_round(
        services.open_round(application.county, actor=officer), actor=officer
    )
    unit = (
        Unit.objects.filter(building__county=application.county, state=UnitState.READY)
        .order_by("rooms", "pk")
        .first()
    )
    services.allocate_unit(unit, round_=round_, actor=officer)

    # and the talent accepts it on the phone
    page.goto(f"{live_server.url}/my/housing/")
    expect(page.locator("#my-offer")).to_contain_text(str(unit))
    assert _fits_the_phone(page)
    page.screenshot(path=str(SHOTS / "housing-offer-phone.png"), full_page=True)
    page.click("#accept-offer")

    # and ticks every item of the move-in checklist
    expect(page.locator("#my-tenancy")).to_be_visible()
    for checkbox in page.locator("#move-in input[type=checkbox]").all():
        checkbox.check()
    page.locator("#move-in button").click()

    # then the tenancy is active, the apartment occupied, and the talent moved in
    expect(page.locator("#my-tenancy")).to_contain_text(str(unit))
    tenancy = Tenancy.objects.get(talent__user__username="talent")
    assert tenancy.state == TenancyState.ACTIVE
    assert tenancy.moved_in_on is not None
    unit.refresh_from_db()
    assert unit.state == UnitState.OCCUPIED
    assert _fits_the_phone(page)
    page.screenshot(path=str(SHOTS / "housing-moved-in-phone.png"), full_page=True)
    assert problems == []
