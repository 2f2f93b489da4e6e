"""Every role's home shows its work: a department officer's queue (overdue, due this week),
this year's budgets and what is left, and the latest payments; a clerk's home leads into the
window (the one way to find and register)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from .factories import Desk, make_master

pytestmark = pytest.mark.django_db


def test_a_department_officer_sees_the_queue_budgets_left_and_recent_payments(client):
    # given a ¥1,000,000 budget, one case paid (¥30,000) and one waiting
    desk = Desk()
    paid = desk.case_in("disbursed")
    waiting = desk.open(make_master())
    client.force_login(desk.housing_officer)

    # when the officer opens the home page
    with translation.override("zh-hans"):
        html = client.get(reverse("core:home")).content.decode()

    # then the budget says what is left, the payment is listed by its case number
    budgets = html[html.index('id="home-department-budgets"') :]
    assert "¥970,000.00" in budgets[: budgets.index("</section>")]
    payments = html[html.index('id="home-department-payments"') :]
    payments = payments[: payments.index("</section>")]
    assert paid.number in payments
    assert "¥30,000.00" in payments
    assert "本周到期" in html
    assert waiting.number not in payments


def test_a_clerks_home_leads_into_the_window_without_a_find_form_of_its_own(client):
    desk = Desk()
    client.force_login(desk.clerk)

    html = client.get(reverse("core:home")).content.decode()

    panel = html[html.index('id="home-window-clerk"') :]
    panel = panel[: panel.index("</section>")]
    assert reverse("desk:window") in panel
    assert "<form" not in panel
