"""Project–talent matching in the browser: 楚天's contact posts a tech project; the science
bureau sees the ranked candidates with their matched terms and proposes one; the talent accepts
on a phone; the enterprise contact accepts, and the match is accepted by both sides."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.hashers import make_password
from playwright.sync_api import expect

from rencai.core.choices import Role
from rencai.core.demo import DEMO_PASSWORD
from rencai.core.models import Division, RoleAssignment, User
from rencai.core.tests.demo import load_demo
from rencai.projects.models import Expertise, Proposal
from rencai.talents.identity import make_ric
from rencai.talents.models import Talent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def test_science_bureau_proposes_a_match_that_both_sides_accept(page, live_server, login):
    # given the demo city, and a welding engineer with an account and an expertise profile
    load_demo(talents=0)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    account = User.objects.create(username="welder", password=make_password(DEMO_PASSWORD))
    RoleAssignment.objects.create(user=account, role=Role.TALENT)
    talent = Talent.objects.create(
        name="熊焊工",
        id_number=make_ric("421121", date(1986, 3, 2), 41),
        birth_date=date(1986, 3, 2),
        mobile="13972700041",
        county=Division.objects.get(code="421121"),
        major="材料成型及控制工程",
        user=account,
    )
    Expertise.objects.create(talent=talent, profile="钢结构焊接工艺评定，焊缝跟踪与焊接变形控制")

    # when 楚天's contact posts a project
    login("enterprise", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/tech-projects/new/")
    page.fill("#id_title", "机器人焊接变形控制")
    page.fill("#id_need", "焊接机器人焊接钢构件时变形大，需要焊缝跟踪和焊接变形控制方面的专家。")
    page.select_option("#id_field", value="smart_equipment")
    page.fill("#id_budget", "300000")
    page.click("#project-submit")
    expect(page.locator("#project-need")).to_contain_text("焊缝跟踪")
    project_url = page.url

    # and the science bureau proposes the talent the ranking puts first, for its matched terms
    page.context.clear_cookies()
    login("science", DEMO_PASSWORD)
    page.goto(project_url)
    row = page.locator(f"#candidate-{talent.pk}")
    expect(row.locator(".reasons")).to_contain_text("焊缝跟踪")
    row.locator("button.propose").click()
    expect(page.locator("#project-proposals")).to_contain_text("熊焊工")
    proposal = Proposal.objects.get(talent=talent)

    # then the talent accepts on the phone
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    login("welder", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/")
    panel = page.locator("#home-projects-talent")
    expect(panel).to_contain_text("机器人焊接变形控制")
    panel.locator(f"a[href='/match-proposals/{proposal.pk}/']").click()
    page.click("#proposal-accept")
    expect(page.locator("#proposal-talent-answer")).to_contain_text("已接受")

    # and the enterprise contact, who sees the name and the shared profile, accepts too
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    login("enterprise", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/")
    panel = page.locator("#home-projects-enterprise")
    expect(panel).to_contain_text("熊焊工")
    panel.locator(f"a[href='/match-proposals/{proposal.pk}/']").click()
    expect(page.locator("#proposal-profile")).to_contain_text("焊接变形控制")
    expect(page.locator("body")).not_to_contain_text(talent.id_number)
    page.click("#proposal-accept")
    expect(page.locator("#proposal-status")).to_have_text("双方已接受")

    proposal.refresh_from_db()
    assert proposal.status == "accepted"
    assert problems == []
