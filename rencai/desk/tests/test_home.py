"""Every role's home shows its work: a department officer's queue (overdue, due this week),
this year's budgets and what is left, and the latest payments; a clerk's home leads into the
window (the one way to find and register)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from .factories import Desk, clerk_point, make_clerk, make_master, open_case

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


def test_a_clerks_home_lists_the_cases_they_opened_still_open_and_no_one_elses(client):
    # given two cases the clerk opened (one waiting, one decided) and one another clerk opened
    desk = Desk()
    waiting = desk.open(make_master())
    decided = desk.case_in("approved", make_master())
    other_clerk = make_clerk(clerk_point(desk.clerk))
    theirs = open_case(other_clerk, make_master(), desk.benefit)
    client.force_login(desk.clerk)

    # when the clerk opens their home
    with translation.override("zh-hans"):
        html = client.get(reverse("core:home")).content.decode()

    # then their waiting case is listed with its due date; the decided one and the other
    # clerk's are not, and the way into the window is still the one entry
    panel = html[html.index('id="home-window-clerk"') :]
    panel = panel[: panel.index("</section>")]
    assert f'data-case="{waiting.pk}"' in panel
    assert f'data-case="{decided.pk}"' not in panel
    assert f'data-case="{theirs.pk}"' not in panel
    assert "我受理的在办件" in panel
    assert "<form" not in panel
