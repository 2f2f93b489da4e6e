"""The outreach notice log (issue 15): the records the "notices sent" figure counts — one per
talent told about one version of a subject — by the talent's county and the day sent, scoped
to the talents the user sees."""

from __future__ import annotations

import io
from datetime import date, datetime, time

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from rencai.core.choices import Role
from rencai.core.figures import Period, drilldown_url, registry
from rencai.core.models import AuditEvent
from rencai.core.tests.clients import page_client
from rencai.core.tests.factories import make_county, make_user
from rencai.policies.choices import OutreachTrigger, RunStatus
from rencai.policies.models import OutreachNotice, OutreachRun
from rencai.policies.subjects import BENEFIT_KIND
from rencai.talents.tests.factories import make_talent

pytestmark = [pytest.mark.django_db, pytest.mark.portable]

SEPTEMBER = Period(date(2022, 9, 1), date(2022, 9, 30))


def _notice(run, talent, day: date, version: int = 1) -> OutreachNotice:
    notice = OutreachNotice.objects.create(
        talent=talent, kind=BENEFIT_KIND, subject_id=1, subject_version=version, run=run
    )
    sent = timezone.make_aware(datetime.combine(day, time(9)))
    OutreachNotice.objects.filter(pk=notice.pk).update(created_at=sent)
    return notice


@pytest.fixture
def notices():
    """In 团风 two notices in September (one talent, two versions) and one in August; in 武穴
    one in September."""
    tuanfeng, wuxue = make_county("421121", "团风县"), make_county("421182", "武穴市")
    run = OutreachRun.objects.create(
        trigger=OutreachTrigger.SCHEDULE, status=RunStatus.DONE, evaluated_on=date(2022, 9, 1)
    )
    talent = make_talent(tuanfeng)
    first = _notice(run, talent, date(2022, 9, 2))
    second = _notice(run, talent, date(2022, 9, 25), version=2)
    _notice(run, make_talent(tuanfeng), date(2022, 8, 31))
    _notice(run, make_talent(wuxue), date(2022, 9, 10))
    return tuanfeng, wuxue, [second, first]


def test_the_figures_drill_down_lists_the_countys_notices_of_the_period(notices):
    tuanfeng, _, expected = notices
    url = drilldown_url(registry.get("policies.notices_sent"), county=tuanfeng.pk, period=SEPTEMBER)

    response = page_client(make_user(role=Role.TASK_FORCE)).get(url)

    assert response.status_code == 200
    assert [n.pk for n in response.context["page"].object_list] == [n.pk for n in expected]
    assert "2022年9月 · 团风县" in response.content.decode()


def test_a_county_officer_sees_only_the_notices_of_their_countys_talents(notices):
    tuanfeng, wuxue, _ = notices
    officer = make_user(role=Role.COUNTY_OFFICER, division=wuxue)

    response = page_client(officer).get(reverse("policies:notice-list"))

    assert response.status_code == 200
    assert {n.talent.county_id for n in response.context["page"].object_list} == {wuxue.pk}
    assert response.context["page"].paginator.count == 1


def test_the_notice_list_exports_every_notice_its_filters_keep_to_xlsx(notices):
    # given 团风's two September notices, its August one and 武穴's
    tuanfeng, _, expected = notices

    # when the task force exports 团风's notices of September
    response = page_client(make_user(role=Role.TASK_FORCE)).get(
        reverse("policies:notice-list"),
        {
            "county": tuanfeng.pk,
            "sent_from": "2022-09-01",
            "sent_to": "2022-09-30",
            "format": "xlsx",
        },
    )

    # then the workbook holds the header and both notices, newest first, and is audited
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("发送时间", "姓名", "县市区", "通知事项", "版本")
    assert [(row[0], row[1], row[2], row[4]) for row in rows[1:]] == [
        ("2022-09-25 09:00", expected[0].talent.name, "团风县", 2),
        ("2022-09-02 09:00", expected[1].talent.name, "团风县", 1),
    ]
    assert expected[0].talent.id_number not in str(rows)
    assert AuditEvent.objects.filter(action="outreach.notice_export").count() == 1
