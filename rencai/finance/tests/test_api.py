"""The loans API: a loan from application to money through the actions, the schedule,
404 for another bank's loan, 403 for a step that is not the caller's, 409 out of order,
400 with reasons when the limits or the rule refuse."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from rencai.core import clock
from rencai.core.models import AuditEvent
from rencai.core.tests.factories import make_county
from rencai.finance.models import Loan

from .factories import Finance, make_bank

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def apply(fin, client, talent, **body):
    body = {
        "talent": talent.pk,
        "product": fin.individual.pk,
        "bank": fin.bank.pk,
        "amount": "150000.00",
        "term_months": 24,
        **body,
    }
    return client.post("/api/v1/loans/", body, format="json")


def test_a_loan_from_application_to_money_through_the_api():
    fin = Finance()
    talent = fin.talent()
    officer, bank, centre = (
        client_for(fin.county_officer),
        client_for(fin.officer),
        client_for(fin.reviewer),
    )

    with clock.at(date(2022, 9, 1)):
        created = apply(fin, officer, talent)
        assert created.status_code == 201, created.json()
        pk = created.json()["id"]
        assert created.json()["amount"] == "150000.00"
        assert "*" in created.json()["id_number"]
        for client, step, body in [
            (bank, "check-documents", {}),
            (centre, "approve-guarantee", {}),
            (bank, "approve", {}),
            (bank, "sign-contract", {"contract_date": "2022-09-01"}),
            (bank, "disburse", {"on": "2022-09-01"}),
        ]:
            response = client.post(f"/api/v1/loans/{pk}/{step}/", body, format="json")
            assert response.status_code == 200, (step, response.json())

    loan = bank.get(f"/api/v1/loans/{pk}/").json()
    assert loan["state"] == "disbursed"
    assert loan["lpr_bp"] == 365
    schedule = bank.get(f"/api/v1/loans/{pk}/schedule/").json()
    assert schedule[0]["end"] == "2022-09-20"
    assert schedule[0]["days"] == 19


def test_another_banks_loan_is_not_found():
    fin = Finance()
    loan = fin.apply(fin.talent())
    other = Finance()

    response = client_for(other.officer).get(f"/api/v1/loans/{loan.pk}/")

    assert response.status_code == 404
    assert client_for(other.officer).get("/api/v1/loans/").json()["count"] == 0


def test_the_guarantee_centre_may_not_approve_for_the_bank():
    fin = Finance()
    loan = fin.run(fin.apply(fin.talent()), to="guaranteed")

    response = client_for(fin.reviewer).post(f"/api/v1/loans/{loan.pk}/approve/", {})

    assert response.status_code == 403


def test_a_step_out_of_order_is_409():
    fin = Finance()
    loan = fin.apply(fin.talent())

    response = client_for(fin.officer).post(f"/api/v1/loans/{loan.pk}/disburse/", {})

    assert response.status_code == 409
    assert response.json()["code"] == "illegal_transition"


def test_an_amount_over_the_limit_is_400_with_its_code():
    fin = Finance()

    response = apply(fin, client_for(fin.county_officer), fin.talent(), amount="200000.01")

    assert response.status_code == 400
    assert response.json()["code"] == "over_limit"
    assert not Loan.objects.exists()


def test_banks_and_products_list_the_partners_and_their_terms():
    fin = Finance()
    make_bank()  # offers no product

    banks = client_for(fin.officer).get("/api/v1/banks/").json()
    products = client_for(fin.officer).get("/api/v1/loan-products/").json()

    assert [b["id"] for b in banks["results"]] == [fin.bank.pk]
    individual = next(p for p in products["results"] if p["id"] == fin.individual.pk)
    assert individual["max_amount"] == "200000.00"
    assert individual["settlement_day"] == 20


def test_a_bank_officer_reveals_the_identity_number_with_reveal_id_audited():
    fin = Finance()
    talent = fin.talent()
    loan = fin.apply(talent)

    masked = client_for(fin.officer).get(f"/api/v1/loans/{loan.pk}/").json()
    revealed = client_for(fin.officer).get(f"/api/v1/loans/{loan.pk}/?reveal=id").json()
    refused = client_for(fin.county_officer).get(f"/api/v1/loans/{loan.pk}/?reveal=id")

    assert "*" in masked["id_number"]
    assert revealed["id_number"] == talent.id_number
    assert refused.status_code == 403
    assert AuditEvent.objects.filter(action="loan.reveal").count() == 1


def test_a_missing_product_or_an_unseen_talent_answers_400_naming_the_field():
    fin = Finance()
    officer = client_for(fin.county_officer)

    missing = apply(fin, officer, fin.talent(), product=999_999)
    unseen = apply(fin, officer, Finance(county=make_county("421182", "武穴市")).talent())

    assert missing.status_code == 400
    assert list(missing.json()["fields"]) == ["product"]
    assert unseen.status_code == 400
    assert list(unseen.json()["fields"]) == ["talent"]
