"""A master's graduate, not yet registered, gets the demo home-purchase subsidy approved at
the city window and a receipt printed — in no more clerk actions than docs/desk.md says.

Every `fill`, `select_option` and `click` of the clerk goes through `Actions`, which counts
it; signing in and opening the window screen happen before the talent sits down.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from rencai.core.demo import DEMO_PASSWORD
from rencai.core.models import Division
from rencai.core.tests.demo import load_demo
from rencai.desk.choices import ApplicationState
from rencai.desk.models import Application
from rencai.talents.identity import make_ric
from rencai.talents.models import Degree, Talent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCS = Path(__file__).resolve().parents[2] / "docs" / "desk.md"
SHOTS = Path("var/screenshots")
MAX_ACTIONS = 8


def documented_actions() -> int:
    match = re.search(r"<!-- window-actions: (\d+) -->", DOCS.read_text(encoding="utf-8"))
    assert match, "docs/desk.md lost its counted action list"
    return int(match.group(1))


@dataclass
class Actions:
    """The clerk's hands: each fill, selection and click is one action, and is logged."""

    page: object
    log: list[str] = field(default_factory=list)

    def fill(self, selector: str, value: str) -> None:
        self.page.fill(selector, value)
        self.log.append(f"type {selector}")

    def select(self, selector: str, value: str) -> None:
        self.page.select_option(selector, value)
        self.log.append(f"select {selector}")

    def click(self, selector: str) -> None:
        self.page.click(selector)
        self.log.append(f"click {selector}")

    @property
    def count(self) -> int:
        return len(self.log)


def test_walk_in_masters_graduate_gets_the_subsidy_and_a_receipt_in_8_actions(
    page, live_server, login, tmp_path
):
    # given the demo city, its clerk signed in at the city window, the window screen open
    load_demo(talents=0)
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    login("clerk", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/desk/window/")
    number = make_ric("421102", date(1998, 3, 14), 57)
    huangzhou = Division.objects.get(code="421102")
    master = Degree.objects.get(code="master")
    arrived = (timezone.localdate() - timedelta(days=75)).isoformat()
    act = Actions(page)

    # when the clerk serves the walk-in
    act.fill("#window-find [name=id_number]", number)  # looks itself up: not registered
    expect(page.locator("#window-register [name=id_number]")).to_have_value(number)
    act.fill("#window-register [name=name]", "李明远")
    act.fill("#window-register [name=mobile]", "13971234567")
    act.select("#window-register [name=county]", str(huangzhou.pk))
    act.select("#window-register [name=degree]", str(master.pk))
    act.fill("#window-register [name=arrival_date]", arrived)
    subsidy = page.locator("#benefit-home_purchase_subsidy")
    expect(subsidy).to_contain_text("¥30,000.00")
    expect(subsidy).to_contain_text("在黄冈市首次购房")
    expect(subsidy).to_contain_text("购房合同（网签备案）")
    page.screenshot(path=str(SHOTS / "window-register.png"), full_page=True)
    act.click("#go-home_purchase_subsidy")
    expect(page).to_have_url(re.compile(r"/desk/cases/\d+/receipt/$"))
    page.screenshot(path=str(SHOTS / "window-receipt.png"), full_page=True)
    with page.expect_download() as download_info:
        act.click("#receipt-pdf")
    pdf = tmp_path / "receipt.pdf"
    download_info.value.save_as(pdf)

    # then the subsidy is approved on the spot and the receipt says so
    case = Application.objects.get(talent__name="李明远")
    assert case.state == ApplicationState.APPROVED
    assert case.amount_fen == 3_000_000
    assert case.handling_seconds is not None
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert "李**" in text
    assert "购房补贴" in text
    assert "¥30,000.00" in text
    assert case.number.startswith("HG")  # the public case number, not the id
    assert case.number in text
    assert "承诺办结时间" in text
    assert "0713-" in text  # the service point's enquiry telephone
    # in no more actions than documented, and the documented number is the real one
    assert act.count <= MAX_ACTIONS, act.log
    assert act.count == documented_actions(), act.log
    assert problems == []


def test_a_registered_talent_is_served_in_3_actions(page, live_server, login, tmp_path):
    # given the demo talent 陈超 (a master's graduate, registered) at the window
    load_demo(talents=0)
    talent = Talent.objects.get(user__username="talent")
    SHOTS.mkdir(parents=True, exist_ok=True)
    login("clerk", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/desk/window/")
    act = Actions(page)
    # when the clerk types the number, approves and prints
    act.fill("#window-find [name=id_number]", talent.id_number)
    expect(page.locator("#window-talent")).to_contain_text(talent.name)
    expect(page.locator("#window-talent")).not_to_contain_text(talent.id_number)
    page.screenshot(path=str(SHOTS / "window-found.png"), full_page=True)
    act.click("#go-home_purchase_subsidy")
    with page.expect_download() as download_info:
        act.click("#receipt-pdf")
    download_info.value.save_as(tmp_path / "receipt.pdf")
    # then
    assert Application.objects.get(talent=talent).state == ApplicationState.APPROVED
    assert act.count == 3, act.log
