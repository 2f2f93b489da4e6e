"""The desk works on the services' clock: work done inside `clock.at(t)` happens at t."""

from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from rencai.core import clock
from rencai.core.models import AuditEvent
from rencai.desk import services
from rencai.desk.models import Application, ApplicationEvent, Disbursement
from rencai.desk.timing import due_at_for

from .factories import YEAR, Desk, serve

pytestmark = [pytest.mark.django_db, pytest.mark.portable]

SHANGHAI = ZoneInfo("Asia/Shanghai")
VISIT = datetime(YEAR, 3, 2, 9, 30, tzinfo=SHANGHAI)


def test_a_case_opened_and_decided_at_past_times_carries_them_everywhere():
    desk = Desk()
    with clock.at(VISIT):
        serve(desk.clerk, desk.talent)
    with clock.at(VISIT + timedelta(minutes=1)):
        case = services.open_application(desk.talent, desk.benefit, actor=desk.clerk)
    with clock.at(VISIT + timedelta(minutes=2)):
        case = services.accept_application(case, actor=desk.clerk)
    with clock.at(VISIT + timedelta(days=2)):
        case = services.approve_application(case, actor=desk.housing_officer)

    case.refresh_from_db()
    assert case.opened_at == VISIT
    assert case.created_at == case.submitted_at == VISIT + timedelta(minutes=1)
    assert case.decided_at == VISIT + timedelta(days=2)
    assert case.due_at == due_at_for(desk.benefit, VISIT)
    assert case.handling_seconds == 2 * 86400
    opened = AuditEvent.objects.get(action="application.open", target_id=str(case.pk))
    assert opened.created_at == VISIT + timedelta(minutes=1)
    history = ApplicationEvent.objects.filter(application=case).order_by("id")
    assert history.first().created_at == VISIT + timedelta(minutes=1)
    assert history.last().created_at == VISIT + timedelta(days=2)


def test_a_payment_recorded_at_a_past_time_is_paid_on_that_day():
    desk = Desk()
    case = desk.case_in("approved")

    with clock.at(VISIT + timedelta(days=5)):
        services.disburse(case, actor=desk.finance_officer)

    payment = Disbursement.objects.get(application=case)
    assert payment.paid_on == (VISIT + timedelta(days=5)).date()
    assert payment.created_at == VISIT + timedelta(days=5)


def test_demo_cases_are_served_at_their_past_dates_not_at_the_load_time():
    loaded_at = clock.now()

    call_command(
        "load_demo",
        talents=300,
        batch_size=300,
        no_progress=True,
        as_of=date(2022, 9, 30),
        stdout=StringIO(),
        stderr=StringIO(),
    )

    cases = Application.objects.all()
    assert cases.count() >= 20
    window = datetime(2022, 8, 23, tzinfo=SHANGHAI), datetime(2022, 9, 30, 18, tzinfo=SHANGHAI)
    events = AuditEvent.objects.filter(action__startswith="application.")
    assert events.count() >= cases.count()
    for moment in events.values_list("created_at", flat=True):
        assert window[0] <= moment <= window[1] < loaded_at
    for moment in ApplicationEvent.objects.values_list("created_at", flat=True):
        assert window[0] <= moment <= window[1]
    for case in cases.exclude(decided_at=None):
        assert case.opened_at <= case.decided_at <= window[1]
    assert all(d.paid_on <= window[1].date() for d in Disbursement.objects.all())
