"""A talent finds where to go on their phone (390 × 844): the service-point directory, filtered
by county and by what they need, as cards that fit the screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from rencai.core.demo import DEMO_PASSWORD
from rencai.core.models import Division
from rencai.core.tests.demo import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("var/screenshots")
PHONE = {"width": 390, "height": 844}


def _fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_talent_finds_a_service_point_by_county_and_need_on_a_phone(page, live_server, login):
    # given the demo city, its service points each with a directory entry
    load_demo(talents=0, no_cases=True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(PHONE)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    wuxue = Division.objects.get(code="421182")

    # when the talent opens the directory on their phone
    login("talent", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/service-points/")
    cards = page.locator("#service-points > li")
    expect(cards.first).to_be_visible()
    assert cards.count() >= 6
    assert _fits_the_phone(page)
    page.screenshot(path=str(SHOTS / "service-points-phone.png"), full_page=True)

    # and filters by their county and by what they need
    page.select_option("#service-point-filters [name=county]", str(wuxue.pk))
    page.select_option("#service-point-filters [name=need]", "企业招聘对接")
    page.click("#service-point-filters button[type=submit]")

    # then only 武穴's talent station is left, with its address, hours and a telephone to call
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("武穴市人才驿站")
    expect(cards.first).to_contain_text("示例")
    expect(cards.first.locator("a[href^='tel:']")).to_be_visible()
    assert _fits_the_phone(page)
    page.screenshot(path=str(SHOTS / "service-points-filtered-phone.png"), full_page=True)
    assert problems == []
