"""What schemathesis found: hostile input answers 400 with fields, never 500; lists answer the
page the schema promises; a body naming a missing row names the field."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from rencai.core.choices import Role
from rencai.core.jsonlimits import MAX_JSON_DEPTH, nesting_depth
from rencai.core.tests.factories import make_talent, make_user
from rencai.desk.tests.factories import Desk, serve
from rencai.policies.tests.factories import make_benefit

pytestmark = [pytest.mark.django_db, pytest.mark.portable]

DEEP = "[" * 100_000 + "]" * 100_000


def api(user=None) -> APIClient:
    client = APIClient()
    client.force_authenticate(user or make_user(role=Role.CITY_ADMIN))
    return client


def test_nesting_depth_skips_brackets_inside_strings():
    assert nesting_depth('{"a": ["[[[", {"b": "}}}"}]}') == 3
    assert nesting_depth("[]") == 1
    assert nesting_depth("42") == 0


def test_json_nested_100000_deep_answers_400_not_500():
    response = api().post("/api/v1/entitlements/", DEEP, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_json_nested_just_within_the_limit_is_parsed():
    body = "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH
    response = api().post("/api/v1/entitlements/", body, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"  # a list is not an entitlement, but it parsed


def test_rule_editor_refuses_a_rule_nested_too_deep_with_a_form_error(client):
    benefit = make_benefit()
    client.force_login(make_user(role=Role.TASK_FORCE))

    response = client.post(
        reverse("policies:benefit-draft", args=[benefit.pk]),
        {"rule": DEEP, "effective_from": "2030-01-01"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["rule"]


def test_an_id_of_1e400_answers_400_naming_the_field():
    body = '{"talent": 1, "benefit": 1e400}'

    response = api().post("/api/v1/entitlements/", body, content_type="application/json")

    assert response.status_code == 400
    assert "benefit" in response.json()["fields"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/cards/?talent=9223372036854775808",
        "/api/v1/entitlements/?talent=9223372036854775808",
        "/api/v1/talents/?employer=9223372036854775808",
        "/api/v1/applications/?benefit=9223372036854775808",
        "/api/v1/budgets/?year=9223372036854775808",
    ],
)
def test_an_id_of_2_to_the_63_in_a_list_filter_answers_400(url):
    response = api().get(url)

    assert response.status_code == 400
    assert response.json()["fields"]


def test_a_huge_department_in_the_queue_filter_answers_400():
    officer = Desk().housing_officer

    response = api(officer).get("/api/v1/applications/queue/?department=2480634531707238744064")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["department"]


def test_an_entitlement_for_a_benefit_that_does_not_exist_answers_400_naming_the_benefit():
    talent = make_talent()

    response = api().post(
        "/api/v1/entitlements/", {"talent": talent.pk, "benefit": 999_999}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["benefit"]


def test_a_case_for_a_benefit_that_does_not_exist_answers_400_naming_the_benefit():
    desk = Desk()
    serve(desk.clerk, desk.talent)
    body = {"talent": desk.talent.pk, "benefit": 999_999, "payee_account": "6222020200112233445"}

    response = api(desk.clerk).post("/api/v1/applications/", body, format="json")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["benefit"]


def test_a_benefits_versions_answer_a_page():
    benefit = make_benefit()

    body = api().get(f"/api/v1/benefits/{benefit.pk}/versions/").json()

    assert body["count"] == 1
    assert body["results"][0]["number"] == 1


def test_a_case_checklist_answers_a_page():
    desk = Desk(documents=["购房合同"])
    case = desk.open()

    body = api(desk.clerk).get(f"/api/v1/applications/{case.pk}/documents/").json()

    assert body["count"] == 1
    assert body["results"][0]["name"] == "购房合同"


def test_a_page_past_the_end_answers_404_in_the_error_format():
    response = api().get("/api/v1/divisions/?page=0")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
