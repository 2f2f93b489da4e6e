"""The pages: the leader's home and pairing, the request list (filters, export), a request's
actions by the department and the talent's feedback, the talent's own page, the rates."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rencai.core import clock
from rencai.core.choices import Role
from rencai.core.tests.factories import make_county, make_user
from rencai.policies.tests.factories import make_department

from ..models import TalentRequest
from .factories import at, make_high_level, make_items, make_leader, make_pairing, make_request

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


@pytest.fixture
def leader_world():
    make_items(clock.today().year)
    leader = make_leader()
    talent_user = make_user(role=Role.TALENT)
    talent = make_high_level(user=talent_user)
    pairing = make_pairing(leader=leader, talent=talent, year=clock.today().year)
    return leader, talent_user, pairing


def test_the_leaders_home_shows_their_talents_and_what_is_due(client_as, leader_world):
    leader, _user, pairing = leader_world
    response = client_as(leader).get(reverse("core:home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="home-leader"' in body
    assert pairing.talent.name in body


def test_a_leader_ticks_logs_and_records_a_request_from_the_pairing_page(client_as, leader_world):
    leader, _user, pairing = leader_world
    client = client_as(leader)
    detail = reverse("engagement:pairing-detail", args=[pairing.pk])
    assert client.get(detail).status_code == 200
    item = make_items(pairing.year)[0]
    client.post(reverse("engagement:pairing-tick", args=[pairing.pk]), {"item": item.pk})
    client.post(
        reverse("engagement:pairing-log", args=[pairing.pk]),
        {"kind": "visit", "summary": "走访企业，座谈"},
    )
    housing = make_department("housing")
    response = client.post(
        reverse("engagement:pairing-request", args=[pairing.pk]),
        {"category": "housing", "title": "子女就近入学", "department": housing.pk},
    )
    assert response.status_code == 303
    assert pairing.ticks.count() == 1
    assert pairing.logs.count() == 1
    request = TalentRequest.objects.get()
    assert (request.channel, request.state, request.pairing_id) == (
        "leader",
        "assigned",
        pairing.pk,
    )


def test_the_department_works_and_the_talent_closes_a_request(client_as, leader_world):
    _leader, talent_user, pairing = leader_world
    housing = make_department("housing")
    request = make_request(pairing.talent, department=housing, when=clock.now())
    officer = client_as(Role.DEPARTMENT_OFFICER, organisation=housing)
    action = "engagement:request-action"
    officer.post(reverse(action, args=[request.pk, "respond"]), {})
    officer.post(reverse(action, args=[request.pk, "answer"]), {"answer": "已安排"})
    talent = client_as(talent_user)
    assert talent.get(reverse("engagement:my-requests")).status_code == 200
    talent.post(
        reverse(action, args=[request.pk, "feedback"]),
        {"satisfaction": "satisfied", "resolved": "yes"},
    )
    request.refresh_from_db()
    assert request.state == "closed"
    assert request.resolved is True


def test_the_request_list_filters_overdue_and_exports(client_as):
    housing = make_department("housing")
    late = make_request(department=housing, when=at(2022, 9, 5))
    client = client_as(Role.TASK_FORCE)
    response = client.get(reverse("engagement:request-list") + "?overdue=on")
    assert response.status_code == 200
    assert f"#{late.pk}" in response.content.decode()
    export = client.get(reverse("engagement:request-export"))
    assert export.status_code == 200
    assert export["Content-Disposition"].endswith('.xlsx"')
    assert client.get(reverse("engagement:pairing-export")).status_code == 200


def test_the_task_force_home_lists_overdue_requests(client_as):
    late = make_request(when=at(2022, 9, 5))
    body = client_as(Role.TASK_FORCE).get(reverse("core:home")).content.decode()
    assert 'id="home-overdue-requests"' in body
    assert late.title in body


def test_the_rates_page_shows_full_and_assessed_figures(client_as):
    client = client_as(Role.TASK_FORCE)
    response = client.get(reverse("engagement:rates") + "?start=2022-01-01&end=2022-12-31")
    assert response.status_code == 200
    assert 'id="rate-satisfaction_rate"' in response.content.decode()


def test_a_talent_raises_a_request_on_the_phone(client_as):
    user = make_user(role=Role.TALENT)
    make_high_level(user=user)
    response = client_as(user).post(
        reverse("engagement:my-requests"), {"category": "permit", "title": "居住证办理"}
    )
    assert response.status_code == 303
    assert TalentRequest.objects.get().state == "raised"


def test_the_department_home_lists_overdue_requests_first(client_as):
    housing = make_department("housing")
    fresh = make_request(department=housing, when=clock.now(), title="新诉求")
    late = make_request(department=housing, when=at(2022, 9, 5), title="超期诉求")
    body = client_as(Role.DEPARTMENT_OFFICER, organisation=housing).get(reverse("core:home"))
    text = body.content.decode()
    assert 'id="home-department-requests"' in text
    assert text.index(late.title) < text.index(fresh.title)


def test_a_county_officer_records_a_request_for_a_talent_of_their_county(client_as):
    county = make_county("421121", "团风县")
    talent = make_high_level(county=county)
    housing = make_department("housing")
    officer = client_as(Role.COUNTY_OFFICER, division=county)
    url = reverse("engagement:talent-request", args=[talent.pk])
    assert officer.get(url).status_code == 200

    response = officer.post(
        url, {"category": "housing", "title": "人才公寓申请", "department": housing.pk}
    )

    recorded = TalentRequest.objects.get()
    assert response.status_code == 303
    assert response["Location"] == reverse("engagement:request-detail", args=[recorded.pk])
    assert (recorded.talent, recorded.channel, recorded.state) == (talent, "officer", "assigned")


def test_the_talent_records_requests_on_their_own_page_not_the_officers(client_as):
    user = make_user(role=Role.TALENT)
    talent = make_high_level(user=user)
    url = reverse("engagement:talent-request", args=[talent.pk])
    assert client_as(user).get(url).status_code == 403


def test_the_contact_forms_summary_is_labelled_as_a_contacts_summary_not_a_policys(
    client_as, leader_world
):
    """ "Summary" is also a benefit's summary (政策要点): the contact log's has its own context."""
    leader, _user, pairing = leader_world
    body = client_as(leader).get(reverse("engagement:pairing-detail", args=[pairing.pk]))
    body = body.content.decode()
    assert "内容摘要" in body
    assert "政策要点" not in body
