"""The lists the engagement figures drill down to: the contact logs (and the policy packs
among them), the five-ones items done, and the requests with a feedback in a period with a
rate's outcome — each filtered by the talent's county and the day, scoped to the reader."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from rencai.core.choices import Role
from rencai.core.models import AuditEvent
from rencai.core.tests.factories import make_county
from rencai.policies.tests.factories import make_department
from tests.i18n_check import assert_translated

from .. import services
from .factories import (
    at,
    feedback,
    make_high_level,
    make_items,
    make_pairing,
    make_request,
    work_through,
)

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


def _log(pairing, kind: str, day: date):
    return services.log_contact(pairing, actor=None, kind=kind, summary="走访", happened_on=day)


@pytest.fixture
def two_counties():
    tuanfeng, wuxue = make_county("421121", "团风县"), make_county("421182", "武穴市")
    here = make_pairing(talent=make_high_level(county=tuanfeng), year=2022)
    there = make_pairing(talent=make_high_level(county=wuxue), year=2022)
    return tuanfeng, here, there


def test_the_contact_list_shows_the_countys_contacts_of_the_period(client_as, two_counties):
    tuanfeng, here, there = two_counties
    _log(here, "visit", date(2022, 9, 6))
    _log(here, "policy_pack", date(2022, 9, 20))
    _log(here, "call", date(2022, 8, 31))  # the month before
    _log(there, "visit", date(2022, 9, 6))  # another county
    client = client_as(Role.TASK_FORCE)
    query = f"?county={tuanfeng.pk}&date_from=2022-09-01&date_to=2022-09-30"

    contacts = client.get(reverse("engagement:contact-list") + query)
    packs = client.get(reverse("engagement:pack-list") + query)

    assert contacts.context["page_obj"].paginator.count == 2
    assert packs.context["page_obj"].paginator.count == 1
    assert_translated(contacts.content.decode())
    export = client.get(reverse("engagement:contact-export") + query + "&kind=policy_pack")
    assert export.status_code == 200
    assert AuditEvent.objects.get(action="contact.export").changes["rows"] == 1


def test_a_contact_leader_lists_only_their_own_pairings_contacts(client_as, two_counties):
    _tuanfeng, here, there = two_counties
    _log(here, "visit", date(2022, 9, 6))
    _log(there, "visit", date(2022, 9, 6))
    response = client_as(here.leader).get(reverse("engagement:contact-list"))
    assert response.context["page_obj"].paginator.count == 1


def test_the_five_ones_list_shows_the_items_done_in_the_county_and_period(client_as, two_counties):
    tuanfeng, here, there = two_counties
    first, second = make_items(2022)[:2]
    services.tick_five_ones(here, first, actor=None, done_on=date(2022, 9, 6))
    services.tick_five_ones(here, second, actor=None, done_on=date(2022, 10, 1))
    services.tick_five_ones(there, first, actor=None, done_on=date(2022, 9, 6))
    client = client_as(Role.TASK_FORCE)
    query = f"?county={tuanfeng.pk}&date_from=2022-09-01&date_to=2022-09-30"

    response = client.get(reverse("engagement:tick-list") + query)

    assert response.context["page_obj"].paginator.count == 1
    assert_translated(response.content.decode())
    assert client.get(reverse("engagement:tick-export") + query).status_code == 200
    assert client_as(Role.WINDOW_CLERK).get(reverse("engagement:tick-list")).status_code == 403


def test_the_request_list_shows_a_periods_feedback_and_a_rates_outcome(client_as):
    housing = make_department("housing")
    county = make_county("421121", "团风县")
    pleased, unhappy, later = (
        make_request(make_high_level(county=county), department=housing) for _ in range(3)
    )
    for request, satisfaction, when in (
        (pleased, "satisfied", at(2022, 9, 20)),
        (unhappy, "not_satisfied", at(2022, 9, 21)),
        (later, "satisfied", at(2022, 10, 10)),  # the month after
    ):
        work_through(request, responded=at(2022, 9, 6), answered=at(2022, 9, 8))
        feedback(request, when, satisfaction)
    url = reverse("engagement:request-list")
    client = client_as(Role.TASK_FORCE)
    query = f"?county={county.pk}&feedback_from=2022-09-01&feedback_to=2022-09-30"

    every = client.get(url + query)
    satisfied = client.get(url + query + "&outcome=satisfied")

    assert every.context["page_obj"].paginator.count == 2
    assert satisfied.context["page_obj"].paginator.count == 1
    assert_translated(satisfied.content.decode())
