"""Children's schooling: the demo talent, on a phone, asks follow-up for a child's primary
school place; the city's education officer reviews the case, assigns a school and records the
enrolment."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from rencai.core.demo import DEMO_PASSWORD
from rencai.core.models import Organisation
from rencai.core.tests.demo import load_demo
from rencai.schooling.models import EnrolmentCase
from rencai.talents.choices import Relation
from rencai.talents.models import FamilyMember, Talent, Tier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("var/screenshots")
PHONE = {"width": 390, "height": 844}


def test_education_officer_takes_a_child_from_request_to_enrolment(
    page, live_server, login, context
):
    # given the demo city, and its demo talent 陈超 — tier B, with a son of primary age
    load_demo(talents=0)
    SHOTS.mkdir(parents=True, exist_ok=True)
    talent = Talent.objects.get(user__username="talent")
    talent.tier = Tier.objects.get(code="B")
    talent.save(update_fields=["tier"])
    son = FamilyMember.objects.create(
        talent=talent, relation=Relation.CHILD, name="陈小宇", birth_date=date(2019, 3, 8)
    )
    school = Organisation.objects.get(name="黄州区实验小学")
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)

    # when the talent, on a phone, requests follow-up for the son
    page.set_viewport_size(PHONE)
    login("talent", DEMO_PASSWORD)
    page.click("#home-talent-schooling a[href='/my/schooling/']")
    form = page.locator("#schooling-request form")
    form.locator("[name=child]").select_option(str(son.pk))
    form.locator("[name=stage]").select_option("primary")
    form.locator(f"[name=preferred_schools][value='{school.pk}']").check()
    for box in form.locator("[name=confirmed]").all():
        box.check()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(SHOTS / "schooling-request-phone.png"), full_page=True)
    page.click("#schooling-submit")

    # then the case is requested, routed to the city's education bureau
    expect(page).to_have_url(re.compile(r"/schooling/cases/\d+/$"))
    case = EnrolmentCase.objects.get(child=son)
    assert case.state == "requested"
    assert case.education_office.name == "黄冈市教育局"

    # when the education officer signs in on a desktop and opens the case from their home
    context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    login("education", DEMO_PASSWORD)
    expect(page.locator("#home-schooling")).to_be_visible()
    page.goto(f"{live_server.url}/schooling/cases/")
    page.click(f"#enrolments a[href='/schooling/cases/{case.pk}/']")
    page.click(".action-review button")
    page.locator(".action-assign [name=school]").select_option(str(school.pk))
    page.click(".action-assign button")
    page.click(".action-enrol button")

    # then the child is enrolled at the school, and the talent's entitlement is granted
    expect(page.locator("#case-school")).to_contain_text("黄州区实验小学")
    page.screenshot(path=str(SHOTS / "schooling-enrolled.png"), full_page=True)
    case.refresh_from_db()
    assert case.state == "enrolled"
    assert case.entitlement.state == "granted"
    assert [e.to_state for e in case.events.all()] == [
        "requested",
        "reviewed",
        "assigned",
        "enrolled",
    ]
    assert problems == []
