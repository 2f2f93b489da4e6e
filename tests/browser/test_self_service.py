"""The demo talent signs in, sees their policy pack, applies online for the home-purchase
subsidy with uploads, follows the case, and sees the decision and the payment."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from rencai.core.demo import DEMO_PASSWORD
from rencai.core.models import User
from rencai.core.tests.demo import load_demo
from rencai.desk.choices import ApplicationState, Channel
from rencai.desk.models import Application
from rencai.policies.models import Benefit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("var/screenshots")


def _pdf(path: Path, text: str) -> Path:
    """A small real PDF, made the way the receipts are."""
    from weasyprint import HTML

    path.write_bytes(HTML(string=f"<p>{text}</p>").write_pdf())
    return path


def test_talent_applies_online_and_follows_the_case_to_payment(page, live_server, login, tmp_path):
    # given the demo city and its demo talent 陈超, a master's graduate who arrived this year
    load_demo(talents=0)
    SHOTS.mkdir(parents=True, exist_ok=True)
    subsidy = Benefit.objects.get(code="home_purchase_subsidy")
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)

    # when the talent signs in and opens their policy pack
    login("talent", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/pack/")
    expect(page.locator("#pack-home_purchase_subsidy")).to_contain_text("¥30,000.00")

    # and applies online: confirms both conditions, uploads the five documents
    page.goto(f"{live_server.url}/")
    page.click("#home-talent-desk a[href='/my/apply/']")
    page.click(f"#apply-home_purchase_subsidy a[href='/my/apply/{subsidy.pk}/']")
    form = page.locator("#apply-form")
    for checkbox in form.locator("input[type=checkbox]").all():
        checkbox.check()
    for index, upload in enumerate(form.locator("input[type=file]").all()):
        upload.set_input_files(str(_pdf(tmp_path / f"doc{index}.pdf", f"材料 {index}")))
    form.locator("[name=payee_account]").fill("6222 0202 0011 2233 445")
    page.screenshot(path=str(SHOTS / "self-service-apply.png"), full_page=True)
    page.click("#apply-submit")

    # then the case is submitted, online, with every document
    expect(page).to_have_url(re.compile(r"/my/applications/\d+/$"))
    case = Application.objects.get(talent__user__username="talent")
    assert case.state == ApplicationState.SUBMITTED
    assert case.channel == Channel.ONLINE
    assert case.documents.exclude(file="").count() == len(subsidy.documents)
    expect(page.locator("#case-facts")).to_contain_text("¥30,000.00")

    # when the housing department accepts and approves it on the case page
    housing_name = User.objects.get(username="housing").display_name
    page.context.clear_cookies()
    login("housing", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/desk/queue/")
    page.screenshot(path=str(SHOTS / "desk-queue.png"), full_page=True)
    page.click(f"#queue-form a[href='/desk/cases/{case.pk}/']")
    page.click("form.action-accept button[type=submit]")
    expect(page.locator(".flash.success")).to_be_visible()
    page.click("form.action-approve button[type=submit]")
    expect(page.locator("#case-steps")).to_contain_text(housing_name)
    page.screenshot(path=str(SHOTS / "desk-case-approved.png"), full_page=True)
    case.refresh_from_db()
    assert case.state == ApplicationState.APPROVED
    page.goto(f"{live_server.url}/desk/report/")
    expect(page.locator("#report-benefits")).to_contain_text("购房补贴")
    page.screenshot(path=str(SHOTS / "desk-report.png"), full_page=True)

    # and finance (the demo's 市财政局 officer) records the payment, and exports the ledger
    page.context.clear_cookies()
    login("finance", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/desk/cases/{case.pk}/")
    page.click("form.action-disburse button[type=submit]")
    expect(page.locator("#case-payments")).to_contain_text("¥30,000.00")
    page.goto(f"{live_server.url}/desk/disbursements/")
    expect(page.locator("#ledger")).to_contain_text("***************3445")
    page.screenshot(path=str(SHOTS / "desk-ledger.png"), full_page=True)
    with page.expect_download() as download_info:
        page.click("#ledger-export")
    assert download_info.value.suggested_filename.endswith(".xlsx")

    # then the talent sees the decision and the payment, the account masked
    page.context.clear_cookies()
    login("talent", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/my/applications/")
    page.click(f"#my-cases a[href='/my/applications/{case.pk}/']")
    expect(page.locator("#my-decision")).to_contain_text("¥30,000.00")
    payments = page.locator("#case-payments")
    expect(payments).to_contain_text("¥30,000.00")
    expect(payments).to_contain_text("3445")
    expect(payments).not_to_contain_text("6222020200112233445")
    expect(page.locator("#case-history")).to_contain_text("¥30,000.00")
    page.screenshot(path=str(SHOTS / "self-service-paid.png"), full_page=True)
    assert problems == []
