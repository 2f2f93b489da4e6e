"""Refusals found in review: each is a clear 4xx, never a 500 and never a silent grant."""

import pytest

from rencai.core.choices import Role
from rencai.core.errors import Conflict, PermissionDenied
from rencai.core.tests.clients import api_client
from rencai.core.tests.factories import make_user
from rencai.desk import services
from rencai.desk.choices import Channel
from rencai.desk.selectors import document_code
from rencai.policies.services.entitlements import transition_entitlement

from .factories import Desk, make_department, make_officer

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


def test_a_talent_cannot_record_their_own_original_as_seen():
    desk = Desk(documents=["购房合同"])
    case = services.open_application(
        desk.talent, desk.benefit, actor=desk.talent_user, channel=Channel.ONLINE
    )
    code = document_code("购房合同")

    with pytest.raises(PermissionDenied):
        services.mark_document_seen(case, actor=desk.talent_user, code=code)
    response = api_client(desk.talent_user).post(
        f"/api/v1/applications/{case.pk}/document-seen/", {"code": code}, format="json"
    )

    assert response.status_code == 403
    assert services.mark_document_seen(case, actor=desk.housing_officer, code=code).seen_original


def test_the_case_api_shows_sex_to_the_cases_department_not_to_another():
    # ROLES.md: a department officer may see full numbers for their cases (on reveal), so
    # also birth date and sex; an officer of another department does not see the case at all.
    desk = Desk(rule={"in": [{"var": "sex"}, ["M", "F"]]})
    desk.talent.sex = "M"
    desk.talent.save(update_fields=["sex"])
    case = desk.open()

    shown = api_client(desk.housing_officer).get(f"/api/v1/applications/{case.pk}/").json()
    stranger = api_client(make_officer(make_department("hrss"))).get(
        f"/api/v1/applications/{case.pk}/"
    )

    sex = [c for c in shown["explanation"]["conditions"] if c["fact"] == "sex"][0]
    assert sex["raw"] == "M"
    assert stranger.status_code == 404


def test_non_ascii_digits_in_ids_are_ignored_not_a_server_error(client):
    desk = Desk()
    client.force_login(desk.housing_officer)

    assert client.get("/desk/queue/", {"department": "²"}).status_code == 200
    assert client.post("/desk/queue/", {"cases": ["²"]}).status_code in (200, 303)
    client.force_login(desk.clerk)
    start = client.post(f"/desk/window/talents/{desk.talent.pk}/start/", {"start": "²:all"})
    assert start.status_code == 404


def test_an_entitlement_withdrawn_outside_the_desk_makes_approval_a_conflict():
    desk = Desk()
    case = desk.case_in("accepted")
    transition_entitlement(case.entitlement, actor=None, to_state="withdrawn")

    with pytest.raises(Conflict) as refused:
        services.approve_application(case, actor=desk.housing_officer)

    assert refused.value.code == "entitlement_changed"


def test_the_queue_api_is_for_officers_only():
    desk = Desk()

    assert api_client(desk.talent_user).get("/api/v1/applications/queue/").status_code == 403
    assert (
        api_client(make_user(role=Role.BANK_OFFICER)).get("/api/v1/applications/queue/").status_code
        == 403
    )
    assert api_client(desk.housing_officer).get("/api/v1/applications/queue/").status_code == 200


def test_a_monthly_payment_through_the_api_names_its_instalment_or_sends_a_key():
    desk = Desk(amount={"kind": "fixed", "yuan": "1000.00"}, periodicity="monthly", months=3)
    case = desk.case_in("approved")
    finance = api_client(desk.finance_officer)
    url = f"/api/v1/applications/{case.pk}/disburse/"

    refused = finance.post(url, {}, format="json")
    first = finance.post(url, {"instalment": 1}, format="json")
    again = finance.post(url, {"instalment": 1}, format="json")

    assert refused.status_code == 400
    assert refused.json()["code"] == "instalment_required"
    assert first.status_code == 200
    assert again.status_code == 409
    assert case.disbursements.count() == 1
