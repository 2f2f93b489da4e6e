"""A county officer (武穴市) opens the dashboard from the demo's start to today, follows the
outreach tile to the notice list (a list added for the drill-downs), finds its filters said and
as many notices as the tile, downloads them as xlsx (as many rows again), then opens a talent
of the list and records a request for them through the talent page's 登记诉求 link.

The period runs to today: the demo's outreach tells the talents of its events when the events'
runs are carried out, after the demo's dated transactions (see the stop notes)."""

from __future__ import annotations

import io
import re
from datetime import date

import openpyxl
import pytest
from playwright.sync_api import expect

from rencai.core import clock
from rencai.core.demo import DEMO_PASSWORD
from rencai.core.models import Division
from rencai.core.tests.demo import load_demo
from rencai.policies.views.outreach import PAGE_SIZE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_county_officer_follows_a_tile_to_its_list_exports_it_and_records_a_request(
    page, live_server, login
):
    # given the demo city as of 30 September 2022
    load_demo(talents=300, as_of=date(2022, 9, 30))

    # when 武穴市's officer opens the dashboard of their county from 1 August 2022 to today
    login("wuxue", DEMO_PASSWORD)
    wuxue = Division.objects.get(code="421182")
    period = f"period=custom&date_from=2022-08-01&date_to={clock.today():%Y-%m-%d}"
    page.goto(f"{live_server.url}/dashboard/?{period}&county={wuxue.pk}")
    tile = page.locator('.stat[data-figure="policies.notices_sent"]')
    count = int(re.sub(r"\D", "", tile.locator(".stat-value").inner_text()))
    assert count > 0

    # and follows the outreach tile
    tile.locator("a").click()

    # then the notice list says its filters (the period and the county) and lists that many
    expect(page).to_have_url(re.compile(r"/outreach/notices/\?.*sent_from=2022-08-01"))
    filters = page.locator("#active-filters")
    expect(filters).to_contain_text("2022年8月1日")
    expect(filters).to_contain_text("武穴市")
    rows = page.locator("#notice-list tbody tr")
    expect(rows).to_have_count(min(count, PAGE_SIZE))

    # when the officer downloads the list
    with page.expect_download() as download:
        page.click("#notices-export")

    # then the workbook holds every notice of the tile, under its header
    assert download.value.suggested_filename.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    assert sheet.max_row - 1 == count
    assert all(row[2] == "武穴市" for row in sheet.iter_rows(min_row=2, values_only=True))

    # when the officer opens a talent of the list and follows 登记诉求
    rows.first.locator("td a").first.click()
    page.click("#record-request")
    expect(page.locator("h1")).to_have_text("登记诉求")
    page.select_option("#id_category", index=1)
    page.fill("#id_title", "希望协调子女入学")
    page.click("#talent-request-form button[type=submit]")

    # then the request is recorded and opens on its own page
    expect(page).to_have_url(re.compile(r"/engagement/requests/\d+/"))
    expect(page.locator("h1")).to_contain_text("希望协调子女入学")
