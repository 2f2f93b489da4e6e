"""Every campaign file that leaves the platform is audited: a unit's plan, a report's
evidence, a bulletin as Word or PDF — who took which, in which format; a refused or missing
file leaves no event."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rencai.campaigns import services
from rencai.core.choices import Role
from rencai.core.models import AuditEvent
from rencai.core.tests.factories import make_county

from .factories import make_action, make_campaign, make_indicator, make_unit
from .test_uploads import PNG, real_docx, upload_plan

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


@pytest.fixture
def unit():
    tuanfeng = make_county("421121", "团风县")
    campaign = make_campaign(date(2022, 9, 1), date(2022, 9, 30))
    return make_unit(make_action(campaign), division=tuanfeng)


@pytest.fixture
def officer(client_as, unit):
    return client_as(Role.COUNTY_OFFICER, division=unit.division)


def downloads(action: str):
    return AuditEvent.objects.filter(action=action)


def test_downloading_a_units_plan_is_audited_with_who_and_which_file(officer, unit):
    upload_plan(officer, unit, "方案.docx", real_docx())
    unit.refresh_from_db()

    response = officer.get(f"/campaigns/units/{unit.pk}/plan/file/")

    assert response.status_code == 200
    event = downloads("campaigns.plan_download").get()
    assert event.actor == officer.user
    assert event.target_id == str(unit.pk)
    assert event.changes == {"file": unit.plan.name}


def test_downloading_a_reports_evidence_is_audited(officer, unit):
    indicator = make_indicator(unit, target=10)
    officer.post(
        f"/campaigns/indicators/{indicator.pk}/report/",
        {
            "value": 3,
            "as_of": "2022-09-05",
            "note": "台账",
            "evidence": SimpleUploadedFile("现场.png", PNG, content_type="image/png"),
        },
    )
    report = indicator.reports.get()

    officer.get(f"/campaigns/reports/{report.pk}/evidence/")

    event = downloads("campaigns.evidence_download").get()
    assert (event.actor, event.target_id) == (officer.user, str(report.pk))


def test_each_bulletin_download_is_audited_with_its_format(client_as, unit):
    bulletin = services.issue_bulletin(unit.action.campaign, date(2022, 9, 9))
    task_force = client_as(Role.TASK_FORCE)

    task_force.get(f"/campaigns/bulletins/{bulletin.pk}/bulletin.docx")
    task_force.get(f"/campaigns/bulletins/{bulletin.pk}/bulletin.docx")

    events = downloads("campaigns.bulletin_download")
    assert [e.changes for e in events.order_by("pk")] == [{"format": "docx"}, {"format": "docx"}]
    assert {e.actor for e in events} == {task_force.user}
    assert {e.target_id for e in events} == {str(bulletin.pk)}


def test_no_file_or_no_access_leaves_no_download_event(client_as, officer, unit):
    other = client_as(Role.COUNTY_OFFICER, division=make_county("421182", "武穴市"))

    missing = officer.get(f"/campaigns/units/{unit.pk}/plan/file/")
    upload_plan(officer, unit, "方案.docx", real_docx())
    refused = other.get(f"/campaigns/units/{unit.pk}/plan/file/")

    assert (missing.status_code, refused.status_code) == (404, 404)
    assert not downloads("campaigns.plan_download").exists()


def test_behind_nginx_the_checked_download_is_sent_by_nginx_and_still_audited(
    officer, unit, settings
):
    upload_plan(officer, unit, "方案.docx", real_docx())
    unit.refresh_from_db()
    settings.UPLOADS_X_ACCEL_PREFIX = "/protected-media/"

    response = officer.get(f"/campaigns/units/{unit.pk}/plan/file/")

    assert response["X-Accel-Redirect"] == f"/protected-media/{unit.plan.name}"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content == b""
    assert downloads("campaigns.plan_download").count() == 1
