"""A county officer (武穴市) opens the dashboard, filters to September 2022, clicks a bar of the
applications-by-benefit chart and lands on the case list of that benefit, their county and
that month. The dashboard passes axe-core (WCAG 2.1 AA) and is photographed at 1440 × 900 and
390 × 844 (var/screenshots/dashboard-*.png, kept by CI as test artifacts)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from playwright.sync_api import expect

from rencai.core.demo import DEMO_PASSWORD
from rencai.core.tests.demo import load_demo

from .test_main_pages import WCAG_AA

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}


def test_county_officer_drills_from_a_chart_to_the_matching_cases(page, live_server, login):
    # given the demo city as of 30 September 2022 (its cases opened in the weeks before)
    load_demo(talents=300, as_of=date(2022, 9, 30))
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(DESKTOP)

    # when 武穴市's officer opens the dashboard from the menu and filters to September 2022
    login("wuxue", DEMO_PASSWORD)
    page.click(".mainnav a[href='/dashboard/']")
    expect(page.locator("h1")).to_have_text("统计看板")
    page.select_option("#id_period", "month")
    page.fill("#id_month", "2022-09")
    page.click("#dashboard-filters button[type=submit]")
    expect(page.locator("#dashboard-period")).to_contain_text("2022年9月1日")

    # then the page passes axe-core and is photographed at both widths
    results = Axe().run(page, options=WCAG_AA)
    assert [v["id"] for v in results.response["violations"]] == []
    page.screenshot(path=str(SHOTS / "dashboard-1440.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(SHOTS / "dashboard-390.png"), full_page=True)
    page.set_viewport_size(DESKTOP)

    # when the officer clicks the first bar of "applications by benefit"
    chart = page.locator("#chart-desk-cases-opened-benefit")
    first = chart.locator("tbody tr").first
    benefit = first.locator("th").inner_text()
    count = int(re.sub(r"\D", "", first.locator("td").inner_text()))
    assert count > 0
    chart.locator("svg a").first.click()

    # then the case list opens with that benefit, the month, and exactly those cases
    expect(page).to_have_url(re.compile(r"/desk/cases/\?.*opened_from=2022-09-01"))
    assert "opened_to=2022-09-30" in page.url
    expect(page.locator("#id_benefit option:checked")).to_have_text(benefit)
    rows = page.locator("#cases tbody tr")
    expect(rows).to_have_count(count)
