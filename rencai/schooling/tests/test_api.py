"""The schooling API: the talent requests for a child, the office moves the case through its
transitions, the school records the enrolment; 404 out of scope, 409 illegal, 403 forbidden,
400 refused with the reasons."""

import pytest
from rest_framework.test import APIClient

from .factories import CONFIRM, Schooling

pytestmark = [pytest.mark.django_db, pytest.mark.portable]
BASE = "/api/v1/enrolments/"


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def world():
    return Schooling()


def test_a_case_from_request_to_enrolment(world):
    talent, (child,) = world.parent()
    officer = client_for(world.tuanfeng_officer)

    created = client_for(talent.user).post(
        BASE,
        {
            "child": child.pk,
            "stage": "primary",
            "preferred_schools": [world.tuanfeng_school.pk],
            "confirmed": [CONFIRM],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["preferred_schools"] == [
        {"id": world.tuanfeng_school.pk, "name": world.tuanfeng_school.name}
    ]

    assert officer.get(f"{BASE}{pk}/").json()["actions"] == ["review", "not_place"]
    assert officer.post(f"{BASE}{pk}/review/", {}, format="json").status_code == 200
    assigned = officer.post(
        f"{BASE}{pk}/assign/", {"school": world.tuanfeng_school.pk}, format="json"
    )
    assert assigned.json()["state"] == "assigned"
    enrolled = client_for(world.school_contact).post(f"{BASE}{pk}/enrol/", {}, format="json")
    assert enrolled.status_code == 200
    assert enrolled.json()["state"] == "enrolled"
    assert [e["to_state"] for e in enrolled.json()["events"]] == [
        "requested",
        "reviewed",
        "assigned",
        "enrolled",
    ]


def test_refusal_gives_the_reasons(world):
    talent, (child,) = world.parent(tier="E")

    response = client_for(talent.user).post(
        BASE, {"child": child.pk, "stage": "primary", "confirmed": [CONFIRM]}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "not_eligible"
    assert response.json()["fields"]["eligibility"]


def test_duplicate_request_is_409(world):
    talent, (child,) = world.parent()
    client = client_for(talent.user)
    body = {"child": child.pk, "stage": "primary", "confirmed": [CONFIRM]}

    assert client.post(BASE, body, format="json").status_code == 201
    again = client.post(BASE, body, format="json")

    assert again.status_code == 409
    assert again.json()["code"] == "duplicate_enrolment"


def test_another_county_officer_gets_404_and_illegal_transition_409(world):
    case = world.case_in("requested")
    url = f"{BASE}{case.pk}/"

    assert client_for(world.wuxue_officer).get(url).status_code == 404
    assert client_for(world.wuxue_officer).post(f"{url}review/", {}).status_code == 404
    illegal = client_for(world.tuanfeng_officer).post(f"{url}enrol/", {}, format="json")
    assert illegal.status_code == 409
    assert illegal.json()["code"] == "illegal_transition"


def test_talent_cannot_review_their_own_case(world):
    case = world.case_in("requested")

    response = client_for(case.talent.user).post(f"{BASE}{case.pk}/review/", {}, format="json")

    assert response.status_code == 403


def test_school_contact_lists_only_their_school(world):
    mine = world.case_in("assigned")
    world.case_in("requested")

    response = client_for(world.school_contact).get(BASE)

    assert [row["id"] for row in response.json()["results"]] == [mine.pk]


def test_not_placed_needs_a_reason(world):
    case = world.case_in("reviewed")
    client = client_for(world.tuanfeng_officer)

    assert client.post(f"{BASE}{case.pk}/not_place/", {}, format="json").status_code == 400
    done = client.post(f"{BASE}{case.pk}/not_place/", {"reason": "学位已满"}, format="json")

    assert done.json()["state"] == "not_placed"
    assert done.json()["reason"] == "学位已满"


def test_list_filters_overdue(world):
    from datetime import date

    from rencai.schooling.models import EnrolmentCase

    late = world.case_in("requested")
    world.case_in("requested")
    EnrolmentCase.objects.filter(pk=late.pk).update(due_on=date(2020, 1, 1))

    response = client_for(world.tuanfeng_officer).get(BASE, {"overdue": "true"})

    assert [row["id"] for row in response.json()["results"]] == [late.pk]


@pytest.mark.parametrize(
    "url", ["?county=9223372036854775808", "?school=9223372036854775808", "?state=nonsense"]
)
def test_a_filter_out_of_range_answers_400(world, url):
    response = client_for(world.tuanfeng_officer).get(f"{BASE}{url}")

    assert response.status_code == 400
    assert response.json()["fields"]


def test_an_unknown_school_answers_400_naming_the_field(world):
    case = world.case_in("reviewed")

    response = client_for(world.tuanfeng_officer).post(
        f"{BASE}{case.pk}/assign/", {"school": 999999}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["school"]
