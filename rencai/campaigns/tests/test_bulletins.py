"""Bulletins and assessments: numbered in order, once per week or half-month, immutable and
keeping the figures they were published with; the scoring against a hand-computed example;
Word and PDF files opened again."""

from __future__ import annotations

import io
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from docx import Document
from pypdf import PdfReader

from rencai.campaigns import selectors, services
from rencai.campaigns.models import Assessment, Bulletin, ReportedValue
from rencai.core import schedule
from rencai.core.choices import Role
from rencai.core.errors import Conflict, DomainError, PermissionDenied
from rencai.core.models import AuditEvent
from rencai.core.tests.factories import make_county, make_user

from .factories import make_action, make_campaign, make_indicator, make_unit

pytestmark = [pytest.mark.django_db]
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def plan():
    """1–30 September 2022 (a Thursday to a Friday); bulletins on Fridays."""
    tuanfeng, wuxue = make_county("421121", "团风县"), make_county("421182", "武穴市")
    campaign = make_campaign(
        date(2022, 9, 1),
        date(2022, 9, 30),
        scoring={"cap_permille": 1200, "missed_milestone_points": "2.0"},
    )
    action = make_action(campaign, name="政策宣传专项行动")
    t = make_indicator(
        make_unit(action, division=tuanfeng),
        target=300,
        weight=10,
        name="宣讲人次",
        milestones=[(date(2022, 9, 10), 150)],
    )
    w = make_indicator(make_unit(action, division=wuxue), target=300, weight=10, name="宣讲人次")
    return {"campaign": campaign, "t": t, "w": w, "tuanfeng": tuanfeng, "wuxue": wuxue}


def accept(indicator, value, day):
    ReportedValue.objects.create(
        indicator=indicator, value=value, as_of=day, note="台账", state="accepted"
    )


@pytest.mark.portable
def test_bulletins_are_numbered_in_order_once_a_week(plan):
    campaign = plan["campaign"]

    first = services.issue_bulletin(campaign, date(2022, 9, 2))
    second = services.issue_bulletin(campaign, date(2022, 9, 9))

    assert (first.number, first.period_start, first.period_end) == (
        1,
        date(2022, 9, 1),
        date(2022, 9, 2),
    )
    assert (second.number, second.period_start) == (2, date(2022, 9, 3))
    with pytest.raises(Conflict):
        services.issue_bulletin(campaign, date(2022, 9, 9))
    with pytest.raises(DomainError):
        services.issue_bulletin(campaign, date(2022, 9, 8))  # a Thursday


@pytest.mark.portable
def test_a_published_bulletin_keeps_its_figures_and_cannot_change(plan):
    accept(plan["t"], 60, date(2022, 9, 8))
    bulletin = services.issue_bulletin(plan["campaign"], date(2022, 9, 9))
    accept(plan["t"], 290, date(2022, 9, 9))  # a later report about the same week

    bulletin.refresh_from_db()
    row = bulletin.snapshot["actions"][0]["units"][0]["indicators"][0]
    assert row["value"] == 60
    with pytest.raises(PermissionError):
        bulletin.save()
    with pytest.raises(PermissionError):
        bulletin.delete()
    assert Bulletin.objects.count() == 1


@pytest.mark.portable
def test_only_the_task_force_issues_a_bulletin(plan):
    officer = make_user(role=Role.COUNTY_OFFICER, division=plan["tuanfeng"])

    with pytest.raises(PermissionDenied):
        services.issue_bulletin(plan["campaign"], date(2022, 9, 9), actor=officer)

    task_force = make_user(role=Role.TASK_FORCE)
    services.issue_bulletin(plan["campaign"], date(2022, 9, 9), actor=task_force)
    assert AuditEvent.objects.filter(action="campaigns.bulletin", actor=task_force).exists()


@pytest.mark.portable
def test_the_scores_match_a_hand_computed_example(plan):
    # On 15 September half the period has elapsed (15 of 30 days): 150 is expected of each.
    accept(plan["t"], 120, date(2022, 9, 14))  # 120/150 = 80% → 8.0 of 10; milestone missed
    accept(plan["w"], 240, date(2022, 9, 14))  # 240/150 = 160% → capped at 120% → 12.0

    assessment = services.issue_assessment(plan["campaign"], date(2022, 9, 15))

    rows = {r["name"]: r for r in assessment.rows}
    assert (rows["团风县"]["completion"], rows["团风县"]["deduction"]) == ("80.0", "2.0")
    assert rows["团风县"]["score"] == "78.0"
    assert rows["武穴市"]["score"] == "120.0"
    assert [r["name"] for r in assessment.rows] == ["武穴市", "团风县"]


@pytest.mark.portable
def test_an_adjustment_needs_a_reason_and_reranks_without_touching_the_published_rows(plan):
    accept(plan["t"], 120, date(2022, 9, 14))
    accept(plan["w"], 150, date(2022, 9, 14))
    assessment = services.issue_assessment(plan["campaign"], date(2022, 9, 15))
    task_force = make_user(role=Role.TASK_FORCE)

    with pytest.raises(DomainError):
        services.adjust_score(task_force, assessment, plan["t"].unit, points=5, reason=" ")
    services.adjust_score(
        task_force, assessment, plan["t"].unit, points=Decimal("25.0"), reason="暴雨停工补偿"
    )

    table = selectors.assessment_table(assessment)
    assert [(r["name"], str(r["final"]), r["final_rank"]) for r in table] == [
        ("团风县", "103.0", 1),
        ("武穴市", "100.0", 2),
    ]
    assert Assessment.objects.get().rows == assessment.rows
    assert AuditEvent.objects.filter(action="campaigns.adjustment").count() == 1


@pytest.mark.portable
def test_an_assessment_covers_a_calendar_half_month(plan):
    with pytest.raises(DomainError):
        services.issue_assessment(plan["campaign"], date(2022, 9, 14))
    second = services.issue_assessment(plan["campaign"], date(2022, 9, 30))
    assert (second.period_start, second.period_end) == (date(2022, 9, 16), date(2022, 9, 30))


def test_the_schedule_issues_the_weeks_bulletin_once(plan):
    now = datetime.combine(date(2022, 9, 9), time(19), tzinfo=SHANGHAI)

    first = schedule.run_due(now, names=["campaigns.supervision"])
    second = schedule.run_due(now, names=["campaigns.supervision"])

    assert [o.status for o in first] == ["done"]
    assert second == []
    assert list(Bulletin.objects.values_list("number", "period_end")) == [(1, date(2022, 9, 9))]


def test_a_scheduler_down_on_friday_evening_issues_fridays_bulletin_on_saturday_morning(plan):
    # given no scheduler ran at Friday's 18:00; the first one runs on Saturday at 09:00
    saturday_morning = datetime.combine(date(2022, 9, 10), time(9), tzinfo=SHANGHAI)

    outcomes = schedule.run_due(saturday_morning, names=["campaigns.supervision"])

    # then it catches up Friday's slot, and issues Friday's bulletin, once
    assert [(o.slot, o.status) for o in outcomes] == [("2022-09-09", "done")]
    assert list(Bulletin.objects.values_list("number", "period_end")) == [(1, date(2022, 9, 9))]
    assert schedule.run_due(saturday_morning, names=["campaigns.supervision"]) == []


def test_the_schedule_on_the_15th_assesses_the_half_month(plan):
    now = datetime.combine(date(2022, 9, 15), time(19), tzinfo=SHANGHAI)

    schedule.run_due(now, names=["campaigns.supervision"])

    assert list(Assessment.objects.values_list("period_start", "period_end")) == [
        (date(2022, 9, 1), date(2022, 9, 15))
    ]


def test_the_bulletin_downloads_as_word_and_pdf_that_open_again(client_as, plan):
    accept(plan["t"], 60, date(2022, 9, 8))
    bulletin = services.issue_bulletin(plan["campaign"], date(2022, 9, 9))
    client = client_as(Role.TASK_FORCE)

    docx = client.get(f"/campaigns/bulletins/{bulletin.pk}/bulletin.docx")
    pdf = client.get(f"/campaigns/bulletins/{bulletin.pk}/bulletin.pdf")

    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    cells = [
        c.text for t in Document(io.BytesIO(docx.content)).tables for r in t.rows for c in r.cells
    ]
    assert "第1期" in text
    assert "团风县" in cells
    assert "宣讲人次" in cells
    reader = PdfReader(io.BytesIO(pdf.content))
    pdf_text = "".join(page.extract_text() for page in reader.pages)
    assert "第1期" in pdf_text
    assert "团风县" in pdf_text
    fonts = {
        str(f["/BaseFont"])
        for page in reader.pages
        for f in (page["/Resources"].get("/Font") or {}).values()
    }
    assert any("CJK" in name or "Noto" in name for name in fonts)
