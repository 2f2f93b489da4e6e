"""Leader contact: the contact leader logs a five-ones visit to their paired expert and records
the expert's request; the housing bureau takes it up and answers it; the talent confirms on a
phone that it is resolved, which closes it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from rencai.core import clock
from rencai.core.demo import DEMO_PASSWORD
from rencai.core.models import Organisation, User
from rencai.core.tests.demo import load_demo
from rencai.engagement import services
from rencai.engagement.models import TalentRequest
from rencai.talents.models import Talent, Tier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("var/screenshots")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def test_a_leaders_visit_and_request_resolved_by_a_department_and_confirmed_by_the_talent(
    page, live_server, login, context
):
    # given the demo city; its talent 陈超, high-level, paired this year with the demo leader
    load_demo(talents=0)
    SHOTS.mkdir(parents=True, exist_ok=True)
    talent = Talent.objects.get(user__username="talent")
    talent.tier = Tier.objects.get(code="B")
    talent.save(update_fields=["tier"])
    year = clock.today().year
    services.define_five_ones(
        year, [("visit", "一次走访慰问"), ("letter", "一封慰问信")], actor=None
    )
    pairing = services.pair_leader(
        User.objects.get(username="leader"), talent, actor=None, year=year
    )
    housing = Organisation.objects.get(code="housing", division__code="421100")
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)

    # when the leader opens the talent from their home, ticks the visit, logs it and records
    # the request the talent raised
    page.set_viewport_size(DESKTOP)
    login("leader", DEMO_PASSWORD)
    expect(page.locator("#home-leader")).to_be_visible()
    page.click(f"#home-leader-talents a[href='/engagement/pairings/{pairing.pk}/']")
    page.locator("#tick-form [name=item]").select_option(label="一次走访慰问")
    page.click("#tick-submit")
    page.locator("#log-form [name=kind]").select_option("visit")
    page.fill("#log-form [name=summary]", "走访企业，座谈交流，了解住房需求")
    page.click("#log-submit")
    expect(page.locator("#five-ones")).to_contain_text("✓ 一次走访慰问")
    form = page.locator("#request-form")
    form.locator("[name=category]").select_option("housing")
    form.locator("[name=title]").fill("申请人才公寓")
    form.locator("[name=department]").select_option(str(housing.pk))
    page.click("#request-submit")

    # then the request is assigned to the housing bureau
    expect(page).to_have_url(re.compile(r"/engagement/requests/\d+/$"))
    request = TalentRequest.objects.get(talent=talent)
    assert (request.state, request.channel, request.department_id) == (
        "assigned",
        "leader",
        housing.pk,
    )

    # when the housing officer takes it up from their home and answers it
    context.clear_cookies()
    login("housing", DEMO_PASSWORD)
    expect(page.locator("#home-department-requests")).to_be_visible()
    page.click(f"#home-department-requests a[href='/engagement/requests/{request.pk}/']")
    page.click(".action-respond button")
    page.fill(".action-answer [name=answer]", "已为您安排黄州区人才公寓一套，可随时入住")
    page.click(".action-answer button")
    expect(page.locator("#request-answer")).to_contain_text("人才公寓")

    # when the talent, on a phone, confirms the answer resolved it
    context.clear_cookies()
    page.set_viewport_size(PHONE)
    login("talent", DEMO_PASSWORD)
    page.click(f"#home-my-requests a[href='/engagement/requests/{request.pk}/']")
    page.locator(".action-feedback [name=satisfaction]").select_option("satisfied")
    page.locator(".action-feedback [name=resolved]").select_option("yes")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(SHOTS / "engagement-feedback-phone.png"), full_page=True)
    page.click(".action-feedback button")

    # then the request is closed, satisfied and resolved, with its whole history
    expect(page.locator("#request-feedback")).to_contain_text("满意")
    request.refresh_from_db()
    assert (request.state, request.satisfaction, request.resolved) == ("closed", "satisfied", True)
    assert [e.to_state for e in request.events.all()] == [
        "assigned",
        "in_progress",
        "answered",
        "closed",
    ]
    assert pairing.logs.filter(kind="visit").count() == 1
    assert problems == []
