"""The API: a request's whole life through /api/v1/requests/ and its actions; pairings and
contact logs; references to rows the caller may not see are 400s naming the field."""

from __future__ import annotations

import pytest

from rencai.core.choices import Role
from rencai.core.tests.factories import make_user
from rencai.policies.tests.factories import make_department

from .factories import make_high_level, make_items, make_leader, make_pairing

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


def test_a_request_goes_from_the_leader_to_the_department_and_back_to_the_talent(api_as):
    leader = make_leader()
    talent_user = make_user(role=Role.TALENT)
    pairing = make_pairing(leader=leader, talent=make_high_level(user=talent_user))
    housing = make_department("housing")
    created = api_as(leader).post(
        "/api/v1/requests/",
        {
            "talent": pairing.talent_id,
            "category": "housing",
            "title": "人才公寓",
            "department": housing.pk,
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["state"] == "assigned"
    officer = api_as(Role.DEPARTMENT_OFFICER, organisation=housing)
    assert officer.post(f"/api/v1/requests/{pk}/respond/", {}, format="json").status_code == 200
    answered = officer.post(f"/api/v1/requests/{pk}/answer/", {"answer": "已安排"}, format="json")
    assert answered.json()["state"] == "answered"
    # The department cannot give the talent's feedback.
    body = {"satisfaction": "not_satisfied", "resolved": False, "comment": "还未入住"}
    assert officer.post(f"/api/v1/requests/{pk}/feedback/", body, format="json").status_code == 403
    reopened = api_as(talent_user).post(f"/api/v1/requests/{pk}/feedback/", body, format="json")
    assert reopened.json()["state"] == "reopened"
    assert officer.post(f"/api/v1/requests/{pk}/respond/", {}, format="json").status_code == 409


def test_a_leader_cannot_raise_a_request_for_a_talent_they_do_not_see(api_as):
    stranger = make_high_level()
    response = api_as(make_leader()).post(
        "/api/v1/requests/",
        {"talent": stranger.pk, "category": "housing", "title": "住房"},
        format="json",
    )
    assert response.status_code == 400
    assert "talent" in response.json()["fields"]


def test_pairings_and_logs_through_the_api(api_as):
    make_items(2022)
    leader = make_leader()
    talent = make_high_level()
    task_force = api_as(Role.TASK_FORCE)
    made = task_force.post(
        "/api/v1/contact-pairings/",
        {"leader": leader.pk, "talent": talent.pk, "year": 2022},
        format="json",
    )
    assert made.status_code == 201, made.content
    pairing_id = made.json()["id"]
    client = api_as(leader)
    log = client.post(
        "/api/v1/contact-logs/",
        {"pairing": pairing_id, "kind": "policy_pack", "summary": "送政策礼包"},
        format="json",
    )
    assert log.status_code == 201
    ticked = client.post(
        f"/api/v1/contact-pairings/{pairing_id}/tick/", {"item": "policy_pack"}, format="json"
    )
    assert [t["item"] for t in ticked.json()["ticks"]] == ["policy_pack"]
    other = api_as(make_leader())
    assert other.get(f"/api/v1/contact-pairings/{pairing_id}/").status_code == 404
    assert other.get("/api/v1/contact-logs/").json()["count"] == 0
