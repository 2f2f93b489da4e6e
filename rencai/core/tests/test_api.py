"""The core API: token and session sign-in, the error format, divisions and organisations."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from stdnum.cn import uscc

from rencai.core.choices import DivisionLevel, OrganisationKind, Role
from rencai.core.models import AuditEvent, Organisation
from rencai.core.tests.factories import make_city, make_county, make_organisation, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.portable]

PASSWORD = "correct-horse-battery-42"


def credit_code(body: str = "91421100MA4F00001") -> str:
    """A unified social credit code with its correct check character."""
    return body + uscc.calc_check_digit(body)


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def assert_error_format(body: dict) -> None:
    assert set(body) == {"code", "message", "fields"}
    assert isinstance(body["code"], str)
    assert body["message"]
    assert isinstance(body["fields"], dict)


# --- signing in -----------------------------------------------------------------------------


def test_token_for_username_and_password_then_the_token_authenticates():
    user = make_user(username="officer", role=Role.COUNTY_OFFICER, password=PASSWORD)
    client = APIClient()

    response = client.post(
        "/api/v1/auth/token/", {"username": "officer", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 200
    token = response.json()["token"]
    assert Token.objects.get(user=user).key == token
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/divisions/").status_code == 200


def test_wrong_password_answers_400_in_our_error_format_and_issues_no_token():
    make_user(username="officer", role=Role.COUNTY_OFFICER, password=PASSWORD)

    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "officer", "password": "wrong"}, format="json"
    )

    assert response.status_code == 400
    body = response.json()
    assert_error_format(body)
    assert body["code"] == "invalid"
    assert "non_field_errors" in body["fields"]
    assert not Token.objects.exists()


def test_missing_password_answers_a_field_error():
    response = APIClient().post("/api/v1/auth/token/", {"username": "x"}, format="json")

    assert response.status_code == 400
    assert "password" in response.json()["fields"]


def test_repeated_wrong_passwords_lock_the_account_even_for_the_right_one():
    make_user(username="officer", role=Role.COUNTY_OFFICER, password=PASSWORD)
    client = APIClient()
    for _ in range(5):
        client.post(
            "/api/v1/auth/token/", {"username": "officer", "password": "wrong"}, format="json"
        )

    response = client.post(
        "/api/v1/auth/token/", {"username": "officer", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 403
    assert response.json()["code"] == "account_locked"
    assert not Token.objects.exists()


def test_unauthenticated_request_answers_401_in_our_error_format():
    response = APIClient().get("/api/v1/divisions/")

    assert response.status_code == 401
    body = response.json()
    assert_error_format(body)
    assert body["code"] == "not_authenticated"


def test_bad_token_answers_401_in_our_error_format():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    response = client.get("/api/v1/divisions/")

    assert response.status_code == 401
    assert_error_format(response.json())


def test_session_of_a_signed_in_user_authenticates_the_api(client):
    client.force_login(make_user(role=Role.TASK_FORCE))

    response = client.get("/api/v1/divisions/")

    assert response.status_code == 200


# --- divisions ------------------------------------------------------------------------------


def test_divisions_are_listed_for_any_signed_in_user_and_filter_by_level():
    make_county("421121", "团风县")
    make_county("421182", "武穴市")
    talent_user = make_user(role=Role.TALENT)

    everything = api_as(talent_user).get("/api/v1/divisions/").json()
    counties = api_as(talent_user).get("/api/v1/divisions/", {"level": "county"}).json()

    assert everything["count"] == 3
    assert [d["code"] for d in counties["results"]] == ["421121", "421182"]
    assert counties["results"][0]["parent"]["code"] == "421100"


def test_division_filter_with_an_unknown_level_answers_400_with_the_field():
    response = api_as(make_user()).get("/api/v1/divisions/", {"level": "province"})

    assert response.status_code == 400
    assert "level" in response.json()["fields"]


def test_missing_division_answers_404_in_our_error_format():
    response = api_as(make_user()).get("/api/v1/divisions/999999/")

    assert response.status_code == 404
    body = response.json()
    assert_error_format(body)
    assert body["code"] == "not_found"


# --- organisations --------------------------------------------------------------------------


def test_organisations_filter_by_kind_division_code_and_name():
    wuxue = make_county("421182", "武穴市")
    hospital = make_organisation(OrganisationKind.HOSPITAL, wuxue, name="武穴市第一人民医院")
    make_organisation(OrganisationKind.HOSPITAL, make_city(), name="黄冈市中心医院")
    make_organisation(OrganisationKind.BANK, wuxue, name="武穴农商银行")
    client = api_as(make_user(role=Role.COUNTY_OFFICER))

    response = client.get(
        "/api/v1/organisations/", {"kind": "hospital", "division": "421182", "q": "人民"}
    )

    assert response.status_code == 200
    body = response.json()
    assert [o["id"] for o in body["results"]] == [hospital.pk]
    assert body["results"][0]["division"] == {"id": wuxue.pk, "code": "421182", "name": "武穴市"}


def test_city_admin_creates_an_organisation_and_the_creation_is_audited():
    make_city()
    admin = make_user(role=Role.CITY_ADMIN)
    payload = {
        "name": "黄冈市住房和城乡建设局",
        "kind": "department",
        "division": "421100",
        "code": "housing",
        "credit_code": credit_code(),
    }

    response = api_as(admin).post("/api/v1/organisations/", payload, format="json")

    assert response.status_code == 201
    created = Organisation.objects.get(pk=response.json()["id"])
    assert created.code == "housing"
    event = AuditEvent.objects.get(action="organisation.create")
    assert event.actor == admin
    assert event.target_id == str(created.pk)


def test_county_officer_may_read_but_not_create_organisations():
    make_city()
    officer = make_user(role=Role.COUNTY_OFFICER)
    payload = {"name": "某局", "kind": "department", "division": "421100"}

    read = api_as(officer).get("/api/v1/organisations/")
    write = api_as(officer).post("/api/v1/organisations/", payload, format="json")

    assert read.status_code == 200
    assert write.status_code == 403
    assert write.json()["code"] == "permission_denied"
    assert not Organisation.objects.filter(name="某局").exists()


def test_wrong_credit_code_check_character_answers_400_on_the_field_and_writes_nothing():
    make_city()
    good = credit_code()
    wrong = good[:-1] + ("0" if good[-1] != "0" else "1")
    payload = {"name": "某企业", "kind": "enterprise", "division": "421100", "credit_code": wrong}

    response = api_as(make_user()).post("/api/v1/organisations/", payload, format="json")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["credit_code"]
    assert not Organisation.objects.filter(name="某企业").exists()


def test_duplicate_credit_code_answers_400_on_the_field():
    make_organisation(OrganisationKind.ENTERPRISE, credit_code=credit_code())
    payload = {
        "name": "另一家企业",
        "kind": "enterprise",
        "division": "421100",
        "credit_code": credit_code(),
    }

    response = api_as(make_user()).post("/api/v1/organisations/", payload, format="json")

    assert response.status_code == 400
    assert "credit_code" in response.json()["fields"]
    assert Organisation.objects.filter(credit_code=credit_code()).count() == 1


def test_only_a_service_point_has_a_service_point_kind():
    make_city()
    payload = {
        "name": "某局",
        "kind": "department",
        "division": "421100",
        "service_point_kind": "window",
    }

    response = api_as(make_user()).post("/api/v1/organisations/", payload, format="json")

    assert response.status_code == 400
    assert "service_point_kind" in response.json()["fields"]


def test_unknown_division_code_answers_400_on_the_field():
    payload = {"name": "某局", "kind": "department", "division": "999999"}

    response = api_as(make_user()).post("/api/v1/organisations/", payload, format="json")

    assert response.status_code == 400
    assert "division" in response.json()["fields"]


def test_city_admin_renames_an_organisation_and_the_audit_lists_the_change():
    organisation = make_organisation(name="旧名称")
    admin = make_user(role=Role.CITY_ADMIN)

    response = api_as(admin).patch(
        f"/api/v1/organisations/{organisation.pk}/", {"name": "新名称"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["name"] == "新名称"
    event = AuditEvent.objects.get(action="organisation.update")
    assert event.changes == {"name": ["旧名称", "新名称"]}


def test_task_force_may_not_edit_organisations():
    organisation = make_organisation(name="旧名称")

    response = api_as(make_user(role=Role.TASK_FORCE)).patch(
        f"/api/v1/organisations/{organisation.pk}/", {"name": "新名称"}, format="json"
    )

    assert response.status_code == 403
    organisation.refresh_from_db()
    assert organisation.name == "旧名称"


def test_page_size_is_capped_at_200():
    city = make_city()
    Organisation.objects.bulk_create(
        Organisation(name=f"企业{n:03d}", kind=OrganisationKind.ENTERPRISE, division=city)
        for n in range(205)
    )

    body = api_as(make_user()).get("/api/v1/organisations/", {"page_size": 500}).json()

    assert body["count"] == 205
    assert len(body["results"]) == 200
    assert body["next"] is not None


def test_divisions_list_shape_is_paginated():
    make_county()

    body = api_as(make_user()).get("/api/v1/divisions/", {"level": DivisionLevel.CITY}).json()

    assert set(body) == {"count", "next", "previous", "results"}
    assert body["results"][0]["level"] == "city"


def test_unknown_api_address_answers_json_404(client):
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
