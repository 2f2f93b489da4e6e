"""The demo's cases are opened and decided through the desk's own services."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from rencai.core.models import AuditEvent
from rencai.core.tests.demo import demo_fixture
from rencai.desk.choices import ApplicationState
from rencai.desk.models import Application, Disbursement

# PostgreSQL only: the demo's numbers do not depend on the database, and the whole demo's load
# on SQLite (`make run`) is tested by rencai/core/tests/test_demo_empty.py (CI's time).
pytestmark = [pytest.mark.django_db]


demo = demo_fixture(talents=300, batch_size=300)


def test_demo_cases_reach_every_stage_through_the_services(demo):
    states = set(Application.objects.values_list("state", flat=True))
    cases = Application.objects.count()

    assert {ApplicationState.SUBMITTED, ApplicationState.APPROVED} <= states
    assert ApplicationState.DISBURSED in states
    assert AuditEvent.objects.filter(action="application.open").count() == cases
    assert Disbursement.objects.count() == Application.objects.filter(state="disbursed").count()
    assert not Application.objects.filter(talent__user__isnull=False).exists()


def test_window_decisions_took_minutes_measured_from_the_visit(demo):
    at_window = Application.objects.filter(
        benefit__code="home_purchase_subsidy", decided_at__isnull=False
    ).select_related("benefit")

    assert at_window.exists()
    for case in at_window:
        assert 120 <= case.handling_seconds < 340
        assert case.handling_seconds == int((case.decided_at - case.opened_at).total_seconds())
        assert case.due_at == case.opened_at + timedelta(minutes=case.benefit.time_target)


def test_loading_the_demo_cases_again_opens_nothing(demo):
    before = Application.objects.count()
    out = StringIO()

    call_command("load_demo_cases", stdout=out)

    assert Application.objects.count() == before
    assert "nothing to do" in out.getvalue()
