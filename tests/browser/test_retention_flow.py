"""A county officer records a talent's departure from the talent page, then reads the
retention page: both pass axe-core (WCAG 2.1 AA) and the zh-Hans check; screenshots of the
retention page at 1440 and 390 px are kept in var/screenshots/retention/."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from rencai.core.choices import Role
from rencai.core.tests.factories import make_county, make_user
from rencai.talents.models import DepartureReason, TalentMove
from rencai.talents.tests.factories import make_talent

from .test_main_pages import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Rencai-browser-2022"
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots" / "retention"


def test_a_county_officer_records_a_departure_and_reads_the_retention_page(
    page, live_server, login
):
    tuanfeng = make_county("421121", "团风县")
    make_user("tuanfeng", role=Role.COUNTY_OFFICER, division=tuanfeng, password=PASSWORD)
    talent = make_talent(tuanfeng, name="李明", arrival_date=date(2018, 3, 1))
    for year in (2016, 2018, 2019):
        make_talent(tuanfeng, arrival_date=date(year, 6, 1))
    reason = DepartureReason.objects.get(code="job_transfer")

    login("tuanfeng", PASSWORD)
    page.goto(f"{live_server.url}/talents/{talent.pk}/")
    page.locator("#move-departure").click()
    assert violations(page) == []
    page.fill("[name=moved_on]", "2020-05-01")
    page.select_option("[name=reason]", str(reason.pk))
    page.locator("main form[method=post] button[type=submit]").first.click()
    page.wait_for_load_state()
    expect(page.locator("#moves")).to_contain_text("工作调动")
    assert TalentMove.objects.filter(talent=talent).count() == 1

    page.goto(f"{live_server.url}/dashboard/retention/")
    expect(page.locator("#retention-cohorts")).to_contain_text("2018")
    assert violations(page) == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "retention-1440.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SHOTS / "retention-390.png"), full_page=True)
    page.goto(f"{live_server.url}/talents/moves/")
    expect(page.locator("#move-list")).to_contain_text("李明")
    assert violations(page) == []
