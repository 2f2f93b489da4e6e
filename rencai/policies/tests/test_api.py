"""The policies API: catalogue reads and edits, rule errors with paths, entitlements scoped."""

import pytest
from django.utils import timezone

from rencai.core.choices import Role
from rencai.core.tests.clients import api_client
from rencai.core.tests.factories import make_county, make_user
from rencai.policies import services
from rencai.policies.models import Entitlement
from rencai.talents.tests.factories import make_degree, make_talent

from .factories import DEGREE_TABLE, make_benefit, make_department, make_policy

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.portable,
]


def test_benefits_list_shows_the_version_in_force_and_the_draft():
    benefit = make_benefit(amount=DEGREE_TABLE)
    services.update_draft(benefit, actor=None, fields={"note": "next"})
    body = api_client(make_user(role=Role.COUNTY_OFFICER)).get("/api/v1/benefits/").json()
    row = next(r for r in body["results"] if r["id"] == benefit.pk)
    assert row["current_version"]["number"] == 1
    assert row["current_version"]["amount"] == DEGREE_TABLE
    assert row["draft"]["number"] == 2


def test_patching_a_bad_rule_answers_400_with_the_path_in_fields_rule():
    benefit = make_benefit()
    response = api_client(make_user(role=Role.TASK_FORCE)).patch(
        f"/api/v1/benefits/{benefit.pk}/",
        {"rule": {"and": [{"<=": [{"var": "age"}, 35]}, {">=": [{"var": "salary"}, 1]}]}},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert any("$.and[1].>=[0].var" in m for m in body["fields"]["rule"])


def test_patch_then_publish_makes_version_two():
    make_degree("doctorate")
    benefit = make_benefit()
    client = api_client(make_user(role=Role.TASK_FORCE))
    rule = {"and": [{">=": [{"var": "degree"}, "doctorate"]}]}
    patched = client.patch(f"/api/v1/benefits/{benefit.pk}/", {"rule": rule}, format="json")
    assert patched.status_code == 200
    assert patched.json()["draft"]["rule"] == rule
    today = timezone.localdate().isoformat()
    published = client.post(
        f"/api/v1/benefits/{benefit.pk}/publish/", {"effective_from": today}, format="json"
    )
    assert published.status_code == 200
    assert (published.json()["number"], published.json()["status"]) == (2, "published")


def test_county_officer_reads_but_cannot_patch_a_benefit():
    benefit = make_benefit()
    client = api_client(make_user(role=Role.COUNTY_OFFICER))
    assert client.get(f"/api/v1/benefits/{benefit.pk}/").status_code == 200
    response = client.patch(f"/api/v1/benefits/{benefit.pk}/", {"name": "x"}, format="json")
    assert response.status_code == 403


def test_department_officer_creates_a_benefit_with_its_draft():
    housing = make_department("housing")
    policy = make_policy()
    make_degree("master")
    client = api_client(make_user(role=Role.DEPARTMENT_OFFICER, organisation=housing))
    response = client.post(
        "/api/v1/benefits/",
        {
            "policy": policy.pk,
            "code": "rent_subsidy",
            "name": "租房补贴",
            "owning_department": housing.pk,
            "rule": {">=": [{"var": "degree"}, "master"]},
            "amount": {"kind": "fixed", "yuan": "500.00"},
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["draft"]["amount"] == {"kind": "fixed", "yuan": "500.00"}


def test_policies_are_created_by_the_task_force_only():
    data = {
        "title": "新政策",
        "issuing_body": "黄冈市人民政府",
        "category": "housing",
        "effective_from": "2022-08-23",
    }
    assert (
        api_client(make_user(role=Role.TASK_FORCE)).post("/api/v1/policies/", data).status_code
        == 201
    )
    officer = make_user(role=Role.COUNTY_OFFICER)
    assert api_client(officer).post("/api/v1/policies/", data).status_code == 403


def test_recording_twice_answers_409():
    county = make_county()
    officer = make_user(role=Role.COUNTY_OFFICER, division=county)
    talent = make_talent(county=county)
    benefit = make_benefit()
    client = api_client(officer)
    data = {"talent": talent.pk, "benefit": benefit.pk, "state": "paid", "amount": "30000.00"}
    first = client.post("/api/v1/entitlements/", data, format="json")
    assert first.status_code == 201
    assert first.json()["amount"] == "30000.00"
    second = client.post("/api/v1/entitlements/", data, format="json")
    assert second.status_code == 409
    assert second.json()["code"] == "entitlement_exists"


def test_recording_for_an_invisible_talent_answers_400_naming_the_talent_as_for_a_missing_one():
    talent = make_talent(county=make_county("421182", "武穴市"))
    officer = make_user(role=Role.COUNTY_OFFICER, division=make_county("421121", "团风县"))
    response = api_client(officer).post(
        "/api/v1/entitlements/", {"talent": talent.pk, "benefit": make_benefit().pk}
    )
    missing = api_client(officer).post(
        "/api/v1/entitlements/", {"talent": talent.pk + 1000, "benefit": make_benefit().pk}
    )
    assert response.status_code == missing.status_code == 400
    assert response.json()["fields"] == missing.json()["fields"]
    assert list(response.json()["fields"]) == ["talent"]


def test_tuanfeng_officer_does_not_see_wuxue_entitlements():
    # given one entitlement in each county
    tuanfeng, wuxue = make_county("421121", "团风县"), make_county("421182", "武穴市")
    benefit = make_benefit()
    mine = services.record_entitlement(make_talent(county=tuanfeng), benefit, actor=None)
    theirs = services.record_entitlement(make_talent(county=wuxue), benefit, actor=None)
    client = api_client(make_user(role=Role.COUNTY_OFFICER, division=tuanfeng))
    # when the 团风 officer lists and fetches entitlements
    ids = [row["id"] for row in client.get("/api/v1/entitlements/").json()["results"]]
    # then only 团风's show, and 武穴's answers 404
    assert ids == [mine.pk]
    assert client.get(f"/api/v1/entitlements/{theirs.pk}/").status_code == 404
    assert (
        api_client(make_user(role=Role.TASK_FORCE)).get("/api/v1/entitlements/").json()["count"]
        == 2
    )


def test_transition_through_the_api():
    benefit = make_benefit()
    entitlement = services.record_entitlement(make_talent(), benefit, actor=None)
    client = api_client(make_user(role=Role.TASK_FORCE))
    url = f"/api/v1/entitlements/{entitlement.pk}/transition/"
    assert client.post(url, {"state": "paid"}).status_code == 400
    assert client.post(url, {"state": "granted"}).json()["state"] == "granted"
    assert Entitlement.objects.get().state == "granted"


def test_the_schema_generates():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert "/api/v1/benefits/{id}/publish/" in schema["paths"]
    assert "/api/v1/entitlements/" in schema["paths"]
