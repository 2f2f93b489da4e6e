"""Outreach's figure against a count written here over notices the outreach service made."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from rencai.core import figures
from rencai.core.choices import Role
from rencai.core.figures import Period
from rencai.core.tests.factories import make_county, make_degree, make_talent, make_user
from rencai.policies.choices import OutreachTrigger
from rencai.policies.services.outreach import queue_run, run_outreach

from .factories import make_benefit

pytestmark = [pytest.mark.django_db, pytest.mark.portable]

TODAY = timezone.localdate()


def born(age: int) -> date:
    return TODAY.replace(year=TODAY.year - age) - timedelta(days=10)


def test_notices_sent_counts_one_per_talent_and_version_in_the_county():
    tuanfeng, wuxue = make_county("421121", "团风县"), make_county("421182", "武穴市")
    master = make_degree("master")
    benefit = make_benefit()  # master or higher, age ≤ 40
    for county in (tuanfeng, wuxue, wuxue):
        make_talent(county=county, degree=master, birth_date=born(30))
    make_talent(county=wuxue, birth_date=born(30))  # no degree: not told
    for _ in range(2):  # a second run tells nobody twice
        run_outreach(queue_run(actor=None, trigger=OutreachTrigger.MANUAL, benefit=benefit).pk)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM policies_outreachnotice n "
            "JOIN talents_talent t ON t.id = n.talent_id WHERE t.county_id = %s",
            [wuxue.pk],
        )
        (expected,) = cursor.fetchone()

    officer = make_user(role=Role.COUNTY_OFFICER, division=wuxue)
    total = figures.compute("policies.notices_sent", officer, period=Period(TODAY, TODAY)).total

    assert total.value == expected == 2
