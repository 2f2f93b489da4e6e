"""The visits' figures honour the dashboard's department filter (issue 15): a visit belongs
to the department responsible for the benefit its slot is booked under. Counted here in SQL
over visits the services made; the appointment list filters by that department too."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from rencai.core import figures
from rencai.core.choices import Role
from rencai.core.figures import Period
from rencai.core.tests.clients import page_client
from rencai.core.tests.factories import make_user
from rencai.medical import services
from rencai.policies.tests.factories import make_department

from .factories import make_card_holder, make_green_channel, make_hospital, make_slot

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


def _by_department() -> dict[int, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT b.owning_department_id, COUNT(*) FROM medical_appointment a "
            "JOIN medical_slot s ON s.id = a.slot_id "
            "JOIN policies_benefit b ON b.id = s.benefit_id "
            "WHERE a.status = 'fulfilled' GROUP BY b.owning_department_id"
        )
        return dict(cursor.fetchall())


def test_visits_completed_break_down_by_the_benefits_department(mid_morning):
    hospital = make_hospital()
    health = make_green_channel()
    education = make_department("education")
    schooling_checkup = make_green_channel(name="子女入学体检", owning_department=education)
    visits = [
        services.book_appointment(make_slot(hospital, benefit), actor=t.user, talent=t)
        for benefit, t in [
            (health, make_card_holder()),
            (health, make_card_holder()),
            (schooling_checkup, make_card_holder()),
        ]
    ]
    mid_morning.shift(timedelta(days=1))
    for visit in visits:
        for step in ("check_in", "accompany", "complete"):
            services.run_step(visit, step, actor=hospital.liaison)
    expected = _by_department()
    today = timezone.localdate()
    task_force = make_user(role=Role.TASK_FORCE)

    result = figures.compute(
        "medical.visits_completed",
        task_force,
        period=Period(today - timedelta(days=5), today),
        breakdown="department",
    )

    assert {row.key: row.value.value for row in result.rows} == expected
    assert expected[education.pk] == 1
    assert expected[health.owning_department_id] == 2
    listed = page_client(task_force).get(
        reverse("medical:appointment-list"), {"department": education.pk}
    )
    assert [a.pk for a in listed.context["page"].object_list] == [visits[2].pk]
