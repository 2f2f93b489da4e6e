"""The task force opens the 2022 talent month from its home page, sees a lagging county in red,
opens the bulletin of the week ending 9 September and downloads it as Word and PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import expect
from pypdf import PdfReader

from rencai.core.demo import DEMO_PASSWORD
from rencai.core.tests.demo import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("var/screenshots")


def test_task_force_sees_a_lagging_county_in_red(page, live_server, login):
    # given the demo city and its 2022 campaign (团风 reported half its publicity target)
    load_demo(talents=0)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1440, "height": 900})

    # when the task force opens the campaign from its home page
    login("taskforce", DEMO_PASSWORD)
    expect(page.locator("#home-campaign")).to_contain_text("2022年人才服务月")
    page.click("#home-campaign .section-head a")

    # then the publicity action shows 团风县 behind pace, in red, and 武穴市 on pace
    expect(page).to_have_url(re.compile(r"/campaigns/\d+/\?as_of=2022-09-30$"))
    publicity = page.locator("#action-1")
    expect(publicity.locator('tr[data-unit="团风县"] .badge.bad')).to_be_visible()
    expect(publicity.locator('tr[data-unit="武穴市"] .badge.ok')).to_be_visible()
    page.screenshot(path=str(SHOTS / "campaign-progress.png"), full_page=True)

    # and the indicator's page tells its reports
    publicity.locator('tr[data-unit="团风县"] a').first.click()
    expect(page.locator("#reports")).to_contain_text("宣讲活动台账")

    # when it opens the bulletin of the week ending 9 September (第3期)
    page.go_back()
    page.click(".campaign-tabs a[href$='/bulletins/']")
    page.click("#bulletins a:text('第3期')")
    expect(page.locator(".bulletin-number")).to_have_text("第3期")
    expect(page.locator("#bulletin-ranking")).to_be_visible()

    # then it downloads the bulletin as Word and as PDF, and both open again
    with page.expect_download() as word:
        page.click("#bulletin-docx")
    document = Document(word.value.path())
    assert "第3期" in "\n".join(p.text for p in document.paragraphs)
    with page.expect_download() as pdf:
        page.click("#bulletin-pdf")
    text = "".join(p.extract_text() for p in PdfReader(pdf.value.path()).pages)
    assert "第3期" in text
    assert "团风县" in text
