"""The desk API: a case from the window to the ledger, idempotency keys, errors (404 out of
scope, 409 illegal transition or duplicate, 403 forbidden, 400 not eligible), documents,
the queue, the report, budgets and the schema."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from rencai.core.choices import Role
from rencai.core.tests.clients import api_client
from rencai.core.tests.factories import make_user
from rencai.desk.choices import ApplicationState
from rencai.desk.models import Application, Disbursement
from rencai.desk.selectors import document_code
from rencai.talents.tests.factories import make_degree

from .factories import YEAR, Desk, make_master, serve

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.portable,
]
A = ApplicationState
BASE = "/api/v1/applications/"
PDF = b"%PDF-1.4\n%%EOF\n"


def create(desk, client, talent=None, key=None, **body):
    talent = talent or desk.talent
    body = {
        "talent": talent.pk,
        "benefit": desk.benefit.pk,
        "payee_account": "6222020200112233445",
        **body,
    }
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(BASE, body, format="json", **headers)


def test_a_case_from_the_window_to_the_ledger():
    desk = Desk()
    serve(desk.clerk, desk.talent)
    clerk, officer, finance = (
        api_client(desk.clerk),
        api_client(desk.housing_officer),
        api_client(desk.finance_officer),
    )

    opened = create(desk, clerk)
    assert opened.status_code == 201, opened.json()
    case = opened.json()
    assert case["state"] == "submitted"
    assert case["amount"] == "30000.00"
    assert case["payee_account"] == "***************3445"
    assert case["talent"]["id_number"].count("*") == 10
    assert case["allowed_actions"] == ["accept", "return", "withdraw"]
    url = f"{BASE}{case['id']}/"

    assert clerk.post(f"{url}accept/", {}, format="json").json()["state"] == "accepted"
    approved = officer.post(f"{url}approve/", {"note": "符合条件"}, format="json")
    assert approved.status_code == 200, approved.json()
    assert approved.json()["decision_explanation"]["status"] == "eligible"
    paid = finance.post(f"{url}disburse/", {"instalment": 1}, format="json")
    assert paid.status_code == 200, paid.json()
    assert paid.json()["disbursements"][0]["amount"] == "30000.00"
    closed = officer.post(f"{url}close/", {}, format="json")
    assert closed.json()["state"] == "closed"
    assert [e["to_state"] for e in closed.json()["events"]] == [
        "submitted",
        "accepted",
        "approved",
        "disbursed",
        "closed",
    ]

    ledger = finance.get("/api/v1/disbursements/")
    assert ledger.json()["count"] == 1
    assert ledger.json()["results"][0]["payee_account"] == "***************3445"
    export = finance.get("/api/v1/disbursements/export/")
    assert export.status_code == 200
    workbook = load_workbook(__import__("io").BytesIO(b"".join(export.streaming_content)))
    assert workbook.active.max_row == 3


def test_the_same_idempotency_key_gives_the_same_case_and_body():
    desk = Desk()
    serve(desk.clerk, desk.talent)
    clerk = api_client(desk.clerk)

    first = create(desk, clerk, key="abc-1")
    again = create(desk, clerk, key="abc-1")

    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert Application.objects.count() == 1


def test_a_second_submission_without_a_key_is_a_conflict_naming_the_case():
    desk = Desk()
    serve(desk.clerk, desk.talent)
    clerk = api_client(desk.clerk)
    first = create(desk, clerk).json()

    second = create(desk, clerk)

    assert second.status_code == 409
    assert second.json()["code"] == "duplicate_application"
    assert first["number"] in second.json()["message"]


def test_not_eligible_answers_400_with_the_reasons():
    desk = Desk()
    bachelor = make_master(degree=make_degree("bachelor"))
    serve(desk.clerk, bachelor)

    response = create(desk, api_client(desk.clerk), talent=bachelor)

    assert response.status_code == 400
    assert response.json()["code"] == "not_eligible"
    assert response.json()["fields"]["eligibility"]


def test_an_illegal_transition_answers_409_illegal_transition():
    desk = Desk()
    case = desk.case_in(A.SUBMITTED)
    response = api_client(desk.housing_officer).post(f"{BASE}{case.pk}/approve/", {}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "illegal_transition"


def test_a_forbidden_transition_answers_403_and_an_unseen_case_404():
    desk = Desk()
    case = desk.case_in(A.ACCEPTED)
    finance = api_client(desk.finance_officer)  # sees the case (it pays), may not decide
    stranger = api_client(make_user(role=Role.BANK_OFFICER))

    assert finance.post(f"{BASE}{case.pk}/approve/", {}, format="json").status_code == 403
    assert stranger.post(f"{BASE}{case.pk}/approve/", {}, format="json").status_code == 404
    assert stranger.get(f"{BASE}{case.pk}/").status_code == 404
    assert api_client(desk.clerk).get(f"{BASE}999999/").status_code == 404


def test_return_and_reject_need_a_reason():
    desk = Desk()
    case = desk.case_in(A.ACCEPTED)
    officer = api_client(desk.housing_officer)
    response = officer.post(f"{BASE}{case.pk}/return/", {}, format="json")
    assert response.status_code == 400
    assert "reason" in response.json()["fields"]
    returned = officer.post(f"{BASE}{case.pk}/return/", {"reason": "缺发票"}, format="json")
    assert returned.json()["state"] == "returned"
    resubmitted = api_client(desk.talent_user).post(f"{BASE}{case.pk}/resubmit/", {}, format="json")
    assert resubmitted.json()["state"] == "submitted"


def test_a_retried_payment_with_the_same_key_pays_once():
    desk = Desk()
    case = desk.case_in(A.APPROVED)
    finance = api_client(desk.finance_officer)
    headers = {"HTTP_IDEMPOTENCY_KEY": "pay-77"}

    first = finance.post(f"{BASE}{case.pk}/disburse/", {}, format="json", **headers)
    again = finance.post(f"{BASE}{case.pk}/disburse/", {}, format="json", **headers)
    other = finance.post(f"{BASE}{case.pk}/disburse/", {}, format="json")

    assert (first.status_code, again.status_code) == (200, 200)
    assert first.json() == again.json()
    assert other.status_code == 409
    assert other.json()["code"] == "already_paid"
    assert Disbursement.objects.count() == 1


def test_list_filters_and_scope():
    desk = Desk()
    desk.case_in(A.SUBMITTED)
    desk.case_in(A.APPROVED, talent=make_master())
    officer = api_client(desk.housing_officer)

    assert officer.get(BASE).json()["count"] == 2
    assert officer.get(BASE, {"state": "approved"}).json()["count"] == 1
    assert officer.get(BASE, {"benefit": desk.benefit.pk, "channel": "window"}).json()["count"] == 2
    assert officer.get(BASE, {"overdue": "true"}).json()["count"] == 0
    assert officer.get(BASE, {"state": "nonsense"}).status_code == 400
    assert api_client(desk.talent_user).get(BASE).json()["count"] == 1
    assert api_client(make_user(role=Role.HOSPITAL_LIAISON)).get(BASE).json()["count"] == 0


def test_documents_upload_list_and_download():
    desk = Desk(documents=["购房合同"])
    case = desk.case_in(A.SUBMITTED)
    code = document_code("购房合同")
    clerk = api_client(desk.clerk)

    bad = clerk.post(
        f"{BASE}{case.pk}/documents/",
        {"code": code, "file": SimpleUploadedFile("合同.pdf", b"MZ\x90\x00 not a pdf")},
        format="multipart",
    )
    assert bad.status_code == 400
    assert bad.json()["code"] == "invalid_document"
    good = clerk.post(
        f"{BASE}{case.pk}/documents/",
        {"code": code, "file": SimpleUploadedFile("合同.pdf", PDF)},
        format="multipart",
    )
    assert good.status_code == 201
    assert good.json()["results"][0]["uploaded"] is True

    download = api_client(desk.housing_officer).get(f"{BASE}{case.pk}/documents/{code}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    stranger = api_client(make_user(role=Role.BANK_OFFICER))
    assert stranger.get(f"{BASE}{case.pk}/documents/{code}/").status_code == 404

    seen = clerk.post(f"{BASE}{case.pk}/document-seen/", {"code": code}, format="json")
    assert seen.json()["results"][0]["seen_original"] is True


def test_open_outreach_cases_and_bulk_approve():
    desk = Desk(no_application=True)
    from rencai.policies import services as policy_services

    for _ in range(2):
        policy_services.record_entitlement(
            make_master(), desk.benefit, actor=None, source="outreach"
        )
    officer = api_client(desk.housing_officer)

    opened = officer.post(f"{BASE}open-outreach/", {"benefit": desk.benefit.pk}, format="json")
    assert opened.status_code == 201
    ids = [case["id"] for case in opened.json()]
    results = officer.post(f"{BASE}bulk-approve/", {"applications": ids}, format="json")

    assert results.status_code == 200
    assert [r["ok"] for r in results.json()] == [True, True]
    missing = officer.post(f"{BASE}bulk-approve/", {"applications": [999999]}, format="json")
    assert missing.status_code == 400
    assert list(missing.json()["fields"]) == ["applications"]


def test_queue_report_and_budgets():
    desk = Desk()
    desk.case_in(A.ACCEPTED)
    officer = api_client(desk.housing_officer)

    queue = officer.get(f"{BASE}queue/")
    assert queue.status_code == 200
    assert sum(len(queue.json()[k]) for k in ("overdue", "due_soon", "later", "no_target")) == 1
    report = officer.get(f"{BASE}handling-report/")
    assert report.status_code == 200
    assert api_client(desk.clerk).get(f"{BASE}handling-report/").status_code == 403

    finance = api_client(desk.finance_officer)
    budgets = finance.get("/api/v1/budgets/", {"year": YEAR}).json()
    assert budgets["results"][0]["remaining"] == "1000000.00"
    changed = finance.post(
        "/api/v1/budgets/",
        {"benefit": desk.benefit.pk, "year": YEAR, "amount": "2000000.00"},
        format="json",
    )
    assert changed.status_code == 200
    assert changed.json()["amount"] == "2000000.00"
    refused = officer.post(
        "/api/v1/budgets/",
        {"benefit": desk.benefit.pk, "year": YEAR, "amount": "1.00"},
        format="json",
    )
    assert refused.status_code == 403


def test_the_schema_describes_the_desk_api():
    desk = Desk()
    response = api_client(desk.clerk).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/applications/",
        "/api/v1/applications/{id}/approve/",
        "/api/v1/applications/{id}/return/",
        "/api/v1/applications/{id}/documents/{code}/",
        "/api/v1/disbursements/export/",
    ):
        assert path in paths


def test_the_schema_names_the_desk_enums_without_warnings(tmp_path):
    from django.core.management import call_command
    from drf_spectacular.drainage import GENERATOR_STATS

    GENERATOR_STATS.reset()
    out = tmp_path / "schema.yaml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))

    text = out.read_text()
    assert "/api/v1/applications/{id}/disburse/:" in text
    for name in ("ApplicationStateEnum:", "ChannelEnum:", "EntitlementStateEnum:"):
        assert name in text


def test_the_case_api_names_staff_to_officers_and_to_no_talent():
    # given an approved case (a clerk opened it, housing decided it)
    desk = Desk()
    case = desk.case_in("approved")

    # when the talent and the deciding officer read it
    mine = api_client(desk.talent_user).get(f"/api/v1/applications/{case.pk}/").json()
    theirs = api_client(desk.housing_officer).get(f"/api/v1/applications/{case.pk}/").json()

    # then the officer sees who acted, the talent sees only what happened
    assert theirs["clerk"]["id"] == desk.clerk.pk
    assert any(e["actor"] for e in theirs["events"])
    assert mine["clerk"] is None
    assert [e["actor"] for e in mine["events"]] == [None] * len(theirs["events"])
    assert all(a["decided_by"] is None for a in mine["approvals"])
    assert str(desk.clerk) not in str(mine)
    assert str(desk.housing_officer) not in str(mine)
