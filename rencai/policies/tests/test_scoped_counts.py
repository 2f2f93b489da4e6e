"""Counts come only from the talents the actor may see (ROLES.md): a county officer's
simulation and rule counts cover their county; the task force's the whole city; a window
clerk, who does not browse, gets no counts."""

import pytest
from rest_framework.test import APIClient

from rencai.core.choices import Role
from rencai.core.tests.factories import make_county, make_talent, make_user
from rencai.policies import services

from .factories import make_benefit

pytestmark = [pytest.mark.django_db, pytest.mark.portable]

WUXUE_RULE = {"==": [{"var": "county"}, "421182"]}


@pytest.fixture
def two_counties():
    tuanfeng, wuxue = make_county("421121", "团风县"), make_county("421182", "武穴市")
    for _ in range(2):
        make_talent(county=tuanfeng)
    for _ in range(3):
        make_talent(county=wuxue)
    benefit = make_benefit()
    services.update_draft(benefit, actor=None, fields={"rule": WUXUE_RULE})
    return tuanfeng, wuxue, benefit


def _simulate(user, benefit):
    client = APIClient()
    client.force_authenticate(user)
    return client.post(
        f"/api/v1/benefits/{benefit.pk}/simulate/", {"rule": WUXUE_RULE}, format="json"
    )


def test_county_officer_simulation_counts_only_their_county(two_counties):
    tuanfeng, wuxue, benefit = two_counties
    tuanfeng_officer = make_user(role=Role.COUNTY_OFFICER, division=tuanfeng)
    wuxue_officer = make_user(role=Role.COUNTY_OFFICER, division=wuxue)

    theirs = _simulate(tuanfeng_officer, benefit).json()
    own = _simulate(wuxue_officer, benefit).json()

    assert (theirs["total"]["talents"], theirs["total"]["draft"]) == (2, 0)
    assert {row["county_code"] for row in theirs["rows"]} == {"421121"}
    assert (own["total"]["talents"], own["total"]["draft"]) == (3, 3)


def test_task_force_simulation_counts_the_whole_city(two_counties):
    _tuanfeng, _wuxue, benefit = two_counties

    body = _simulate(make_user(role=Role.TASK_FORCE), benefit).json()

    assert (body["total"]["talents"], body["total"]["draft"]) == (5, 3)


def test_window_clerk_gets_no_simulation(two_counties):
    _tuanfeng, _wuxue, benefit = two_counties
    clerk = make_user(role=Role.WINDOW_CLERK)

    assert _simulate(clerk, benefit).status_code == 403
    assert _simulate(make_user(role=Role.TASK_FORCE), benefit).status_code == 200


def test_simulation_page_counts_only_the_county_officers_talents(client, two_counties):
    tuanfeng, _wuxue, benefit = two_counties
    client.force_login(make_user(role=Role.COUNTY_OFFICER, division=tuanfeng))

    response = client.get(f"/benefits/{benefit.pk}/simulate/")

    assert response.context["simulation"].total.talents == 2
    assert response.context["simulation"].total.gained == 0
    assert "武穴市" not in response.content.decode()


def test_rule_count_covers_only_the_talents_the_officer_sees(client, two_counties):
    tuanfeng, wuxue, _benefit = two_counties
    rule = '{"==": [{"var": "county"}, "421182"]}'

    client.force_login(make_user(role=Role.COUNTY_OFFICER, division=tuanfeng))
    theirs = client.post("/benefits/rule-count/", {"rule": rule})
    client.force_login(make_user(role=Role.COUNTY_OFFICER, division=wuxue))
    own = client.post("/benefits/rule-count/", {"rule": rule})

    assert theirs.context["count"].selected == 0
    assert theirs.context["count"].total == 2
    assert own.context["count"].selected == 3


def test_window_clerk_gets_no_rule_count(client, two_counties):
    rule = '{"==": [{"var": "county"}, "421182"]}'
    client.force_login(make_user(role=Role.WINDOW_CLERK))
    denied = client.post("/benefits/rule-count/", {"rule": rule})
    client.force_login(make_user(role=Role.TASK_FORCE))
    allowed = client.post("/benefits/rule-count/", {"rule": rule})

    assert denied.status_code == 403
    assert allowed.context["count"].selected == 3
