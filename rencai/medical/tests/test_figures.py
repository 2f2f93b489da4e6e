"""The medical figures, each against a count written here over records the services made —
never by calling the figure to check itself."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from rencai.core import figures
from rencai.core.choices import Role
from rencai.core.figures import Period
from rencai.core.tests.factories import make_county, make_user
from rencai.medical import services

from .factories import make_card_holder, make_hospital, make_slot

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


def _sql(query: str, *params) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchone()


@pytest.fixture
def channel(mid_morning):
    """Two hospitals; three visits completed, one missed, one still booked; two records."""
    one, two = make_hospital(), make_hospital()
    hongan = make_county("421122", "红安县")
    talents = [make_card_holder(), make_card_holder(), make_card_holder(hongan)]
    visits = [
        services.book_appointment(make_slot(h), actor=t.user, talent=t)
        for h, t in [(one, talents[0]), (one, talents[1]), (two, talents[2]), (two, talents[0])]
    ]
    later = services.book_appointment(
        make_slot(one, day=timezone.localdate() + timedelta(days=5)),
        actor=talents[1].user,
        talent=talents[1],
    )
    mid_morning.shift(timedelta(days=1))
    for visit in visits[:3]:
        for step in ("check_in", "accompany", "complete"):
            services.run_step(visit, step, actor=visit.hospital.liaison)
    services.record_no_show(visits[3], actor=two.liaison)
    services.open_health_record(talents[0], one, actor=one.liaison)
    services.open_health_record(talents[2], two, actor=two.liaison)
    return {"hospitals": (one, two), "talents": talents, "later": later}


def period():
    today = timezone.localdate()
    return Period(today - timedelta(days=30), today + timedelta(days=30))


def test_visits_completed_counts_fulfilled_appointments(channel):
    (expected,) = _sql("SELECT COUNT(*) FROM medical_appointment WHERE status = 'fulfilled'")

    result = figures.compute(
        "medical.visits_completed", make_user(role=Role.TASK_FORCE), period=period()
    )

    assert result.total.value == expected == 3


def test_visits_completed_by_hospital_and_for_the_liaison(channel):
    one, _two = channel["hospitals"]
    (expected,) = _sql(
        "SELECT COUNT(*) FROM medical_appointment WHERE status = 'fulfilled' AND hospital_id = %s",
        one.pk,
    )

    result = figures.compute(
        "medical.visits_completed",
        make_user(role=Role.TASK_FORCE),
        period=period(),
        breakdown="hospital",
    )
    mine = figures.compute("medical.visits_completed", one.liaison, period=period())

    assert {row.key: row.value.value for row in result.rows}[one.pk] == expected == 2
    assert mine.total.value == expected


def test_health_records_opened_counts_records_by_county(channel):
    hongan = make_county("421122", "红安县")
    (expected,) = _sql(
        "SELECT COUNT(*) FROM medical_healthrecord r JOIN talents_talent t ON t.id = r.talent_id "
        "WHERE t.county_id = %s",
        hongan.pk,
    )

    result = figures.compute(
        "medical.health_records_opened",
        make_user(role=Role.TASK_FORCE),
        period=period(),
        counties=[hongan.pk],
    )

    assert result.total.value == expected == 1


def test_no_show_rate_is_missed_over_ended_visits(channel):
    (missed, ended) = _sql(
        "SELECT SUM(CASE WHEN status = 'noshow' THEN 1 ELSE 0 END), COUNT(*) "
        "FROM medical_appointment WHERE status IN ('fulfilled', 'noshow')"
    )

    result = figures.compute(
        "medical.no_show_rate", make_user(role=Role.TASK_FORCE), period=period()
    )

    assert (result.total.numerator, result.total.denominator) == (missed, ended) == (1, 4)
