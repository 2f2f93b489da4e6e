"""The case list behind the desk's ratio and median (issue 15): the cases decided in a period —
with a time target (the ratio's denominator, with its numerator said and linked) or all of them
(the median handling time said beside them)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from rencai.core import clock
from rencai.core.choices import Role
from rencai.core.tests.clients import page_client
from rencai.core.tests.factories import make_user
from rencai.desk.models import Application
from rencai.desk.tests.factories import Desk, make_master

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


@pytest.fixture
def decided():
    """Today: a case paid (decided in time), one rejected (decided late), one decided without a
    target, one still submitted."""
    desk = Desk()
    paid = desk.case_in("disbursed")
    late = desk.case_in("rejected", talent=make_master())
    untimed = desk.case_in("approved", talent=make_master())
    desk.case_in("submitted", talent=make_master())
    Application.objects.filter(pk=paid.pk).update(due_at=paid.decided_at + timedelta(days=1))
    Application.objects.filter(pk=late.pk).update(due_at=late.decided_at - timedelta(hours=1))
    Application.objects.filter(pk=untimed.pk).update(due_at=None)
    return paid, late, untimed


def _today() -> dict[str, str]:
    day = clock.today().isoformat()
    return {"decided_from": day, "decided_to": day}


def test_the_decided_cases_with_a_target_are_listed_with_how_many_were_in_time(decided):
    paid, late, _ = decided
    client = page_client(make_user(role=Role.TASK_FORCE), english=True)

    response = client.get(reverse("desk:application-list"), {"decision": "with_target", **_today()})

    assert {c.pk for c in response.context["cases"]} == {paid.pk, late.pk}
    assert response.context["summary"]["within"] == 1
    assert "1 of these 2 were decided within their time target." in response.content.decode()
    in_time = client.get(reverse("desk:application-list"), {"decision": "in_time", **_today()})
    assert [c.pk for c in in_time.context["cases"]] == [paid.pk]


def test_every_decided_case_of_the_period_is_listed_with_the_median_handling_time(decided):
    client = page_client(make_user(role=Role.TASK_FORCE), english=True)

    response = client.get(reverse("desk:application-list"), {"decision": "decided", **_today()})

    assert {c.pk for c in response.context["cases"]} == {c.pk for c in decided}
    days = sorted(
        Application.objects.filter(pk__in=[c.pk for c in decided]).values_list(
            "handling_working_days", flat=True
        )
    )
    assert response.context["summary"]["median"] == days[1]
    yesterday = (clock.today() - timedelta(days=1)).isoformat()
    before = client.get(
        reverse("desk:application-list"),
        {"decision": "decided", "decided_from": yesterday, "decided_to": yesterday},
    )
    assert list(before.context["cases"]) == []
