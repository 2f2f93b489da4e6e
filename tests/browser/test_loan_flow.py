"""A start-up guarantee loan in the browser: a window clerk files the application for a
returnee entrepreneur she is serving; the bank officer finds it on his home queue, checks the
documents; the guarantee centre approves the guarantee; the bank officer approves, signs the
contract and lends the money, and the subsidy schedule appears on the loan."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from rencai.core.demo import DEMO_PASSWORD
from rencai.core.models import Division, Organisation, User
from rencai.core.tests.demo import load_demo
from rencai.finance.models import Loan
from rencai.talents.identity import make_ric
from rencai.talents.models import Tag, Talent, WindowVisit

SHOTS = Path("var/screenshots")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_clerk_files_a_loan_that_the_bank_officer_approves_and_disburses(
    page, live_server, login
):
    # given the demo city, and a returnee entrepreneur the city window's clerk is serving
    load_demo(talents=0)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    talent = Talent.objects.create(
        name="程返乡",
        id_number=make_ric("421102", date(1990, 6, 1), 31),
        birth_date=date(1990, 6, 1),
        mobile="13972700031",
        county=Division.objects.get(code="421102"),
    )
    talent.tags.set(Tag.objects.filter(code="returnee"))
    clerk = User.objects.get(username="clerk")
    WindowVisit.objects.create(
        service_point=Organisation.objects.get(code="city_window"), clerk=clerk, talent=talent
    )
    bank = Organisation.objects.get(code="hubei_bank")

    # when the clerk files the application
    login("clerk", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/loans/new/?talent={talent.pk}")
    expect(page.locator("#loan-borrower")).to_have_text("程返乡")
    page.select_option("#id_product", label="个人创业担保贷款")
    page.select_option("#id_bank", value=str(bank.pk))
    page.fill("#id_amount", "150000")
    page.fill("#id_term_months", "24")
    for box in page.locator("input[name=confirmed]").all():
        box.check()
    page.click("#loan-apply-submit")
    expect(page.locator("#loan-amount")).to_contain_text("150,000")
    loan = Loan.objects.get(talent=talent)

    # then the bank officer sees it on his home queue and checks the documents
    page.context.clear_cookies()
    login("bank", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/")
    queue = page.locator("#home-bank-queue")
    expect(queue).to_contain_text("程返乡")
    queue.locator(f"a[href='/loans/{loan.pk}/']").click()
    page.click("#loan-action-check_documents button")
    expect(page.locator("#loan-history")).to_contain_text("材料齐全")

    # the guarantee centre approves the guarantee
    page.context.clear_cookies()
    login("guarantee", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/loans/{loan.pk}/")
    page.click("#loan-action-approve_guarantee button")

    # and the bank officer approves, signs the contract and lends the money
    page.context.clear_cookies()
    login("bank", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/loans/{loan.pk}/")
    page.click("#loan-action-approve button")
    expect(page.locator("#loan-time-to-approval")).to_be_visible()
    page.click("#loan-action-sign_contract button")
    page.click("#loan-action-disburse button")
    expect(page.locator("#loan-schedule")).to_be_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SHOTS / "loan-detail-phone.png"), full_page=True)
    page.goto(f"{live_server.url}/")
    page.screenshot(path=str(SHOTS / "bank-home-phone.png"), full_page=True)

    loan.refresh_from_db()
    assert loan.state == "disbursed"
    assert loan.created_by == clerk
    assert loan.subsidy_slot == 1
    assert problems == []
