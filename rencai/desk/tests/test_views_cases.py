"""Case pages, the queue, the report and the ledger through the test client: what each role
sees and may do, denials beside grants."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from rencai.core.choices import Role
from rencai.core.tests.factories import make_user
from rencai.desk import services
from rencai.desk.choices import ApplicationState
from rencai.desk.models import Disbursement
from rencai.desk.selectors import document_code
from rencai.desk.tests.factories import Desk, make_master, make_officer
from rencai.policies.tests.factories import make_department

pytestmark = [pytest.mark.django_db, pytest.mark.portable]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- scope --------------------------------------------------------------------------------


def test_an_officer_of_another_department_gets_404_on_a_case(client):
    desk = Desk()
    case = desk.open()
    client.force_login(make_officer(make_department("education")))
    assert client.get(reverse("desk:application-detail", args=[case.pk])).status_code == 404
    client.force_login(desk.housing_officer)
    assert client.get(reverse("desk:application-detail", args=[case.pk])).status_code == 200


def test_an_outsider_cannot_act_on_a_case(client):
    desk = Desk()
    case = desk.open()
    client.force_login(make_officer(make_department("education")))
    response = client.post(reverse("desk:application-action", args=[case.pk, "accept"]))
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.state == ApplicationState.SUBMITTED


def test_case_list_shows_only_the_cases_in_scope(client):
    desk = Desk()
    case = desk.open()
    client.force_login(desk.housing_officer)
    assert case in client.get(reverse("desk:application-list")).context["cases"]
    client.force_login(make_officer(make_department("education")))
    assert list(client.get(reverse("desk:application-list")).context["cases"]) == []


def test_case_list_filters_by_state(client):
    desk = Desk()
    case = desk.open()
    client.force_login(desk.housing_officer)
    submitted = client.get(reverse("desk:application-list"), {"state": "submitted"})
    approved = client.get(reverse("desk:application-list"), {"state": "approved"})
    assert list(submitted.context["cases"]) == [case]
    assert list(approved.context["cases"]) == []


def test_the_case_page_shows_masked_talent_history_and_the_actions_allowed(client):
    desk = Desk()
    case = desk.open()
    client.force_login(desk.housing_officer)
    response = client.get(reverse("desk:application-detail", args=[case.pk]))
    html = response.content.decode()
    assert desk.talent.id_number not in html
    assert desk.talent.mobile not in html
    assert [f["action"] for f in response.context["action_forms"]] == [
        "accept",
        "return",
        "reject",
    ]
    assert 'id="case-history"' in html


# --- actions ------------------------------------------------------------------------------


def test_officer_accepts_and_approves_through_the_page(client):
    desk = Desk()
    case = desk.open()
    client.force_login(desk.housing_officer)
    client.post(reverse("desk:application-action", args=[case.pk, "accept"]))
    response = client.post(
        reverse("desk:application-action", args=[case.pk, "approve"]), follow=True
    )
    case.refresh_from_db()
    assert case.state == ApplicationState.APPROVED
    assert "Approved." in _messages(response)


def test_reject_without_a_reason_is_refused_with_a_message(client):
    desk = Desk()
    case = desk.case_in("accepted")
    client.force_login(desk.housing_officer)
    response = client.post(
        reverse("desk:application-action", args=[case.pk, "reject"]), {"reason": ""}, follow=True
    )
    case.refresh_from_db()
    assert case.state == ApplicationState.ACCEPTED
    assert any("Give a reason" in m for m in _messages(response))


def test_the_same_form_posted_twice_acts_once(client):
    desk = Desk()
    case = desk.case_in("approved")
    client.force_login(desk.finance_officer)
    url = reverse("desk:application-action", args=[case.pk, "disburse"])
    data = {"idempotency_key": "k-1", "payee_account": "6222020200112233445"}
    client.post(url, data)
    client.post(url, data)
    assert Disbursement.objects.filter(application=case).count() == 1


def test_finance_records_the_payment_and_the_ledger_exports_it_masked(client):
    desk = Desk()
    case = desk.case_in("approved")
    client.force_login(desk.finance_officer)
    client.post(
        reverse("desk:application-action", args=[case.pk, "disburse"]),
        {"payee_account": "6222020200112233445"},
    )
    case.refresh_from_db()
    assert case.state == ApplicationState.DISBURSED
    page = client.get(reverse("desk:ledger"))
    assert "6222020200112233445" not in page.content.decode()
    assert "***************3445" in page.content.decode()
    export = client.get(reverse("desk:ledger-export"))
    workbook = load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[1][1] == case.pk
    assert rows[1][5] == 30000  # yuan, a number
    assert rows[1][6] == "***************3445"


def test_the_ledger_is_not_for_window_clerks(client):
    desk = Desk()
    client.force_login(desk.clerk)
    assert client.get(reverse("desk:ledger")).status_code == 403
    assert client.get(reverse("desk:ledger-export")).status_code == 403


# --- documents ----------------------------------------------------------------------------


def test_document_upload_then_download_only_by_those_who_see_the_case(client):
    desk = Desk(documents=["学历学位证书"])
    case = desk.open()
    code = document_code("学历学位证书")
    client.force_login(desk.clerk)
    client.post(
        reverse("desk:document-upload", args=[case.pk, code]),
        {"file": SimpleUploadedFile("degree.pdf", PDF, content_type="application/pdf")},
    )
    url = reverse("desk:document-download", args=[case.pk, code])
    # the clerk who opened the case downloads it
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    # an outsider gets 404, as for a missing file
    client.force_login(make_officer(make_department("education")))
    assert client.get(url).status_code == 404
    client.force_login(make_user(role=Role.TALENT))
    assert client.get(url).status_code == 404


def test_an_upload_that_is_not_what_its_name_says_is_refused(client):
    desk = Desk(documents=["学历学位证书"])
    case = desk.open()
    code = document_code("学历学位证书")
    client.force_login(desk.clerk)
    response = client.post(
        reverse("desk:document-upload", args=[case.pk, code]),
        {"file": SimpleUploadedFile("degree.pdf", b"MZ\x90\x00 not a pdf")},
        follow=True,
    )
    assert not case.documents.exclude(file="").exists()
    assert any("Only PDF, JPEG and PNG" in m for m in _messages(response))


def test_the_clerk_ticks_an_original_as_seen(client):
    desk = Desk(documents=["学历学位证书"])
    case = desk.open()
    code = document_code("学历学位证书")
    client.force_login(desk.clerk)
    client.post(reverse("desk:document-seen", args=[case.pk, code]), {"seen": "1"})
    assert case.documents.get(code=code).seen_original


# --- queue and report ---------------------------------------------------------------------


def test_the_queue_lists_open_cases_of_the_department(client):
    desk = Desk()
    case = desk.open()
    client.force_login(desk.housing_officer)
    response = client.get(reverse("desk:queue"))
    listed = [c for section in response.context["sections"] for c, _bulk in section["rows"]]
    assert listed == [case]


def test_the_queue_is_not_for_talents_or_clerks(client):
    desk = Desk()
    client.force_login(desk.talent_user)
    assert client.get(reverse("desk:queue")).status_code == 403
    client.force_login(desk.clerk)
    assert client.get(reverse("desk:queue")).status_code == 403


def test_bulk_approve_of_no_application_cases_shows_each_result(client):
    desk = Desk(no_application=True)
    talent = desk.talent
    entitlement_case = desk.open()
    services.accept_application(entitlement_case, actor=desk.clerk)
    client.force_login(desk.housing_officer)
    queue = client.get(reverse("desk:queue"))
    assert queue.context["any_bulk"]
    response = client.post(reverse("desk:queue"), {"cases": [entitlement_case.pk]})
    entitlement_case.refresh_from_db()
    assert entitlement_case.state == ApplicationState.APPROVED
    assert [r.ok for r in response.context["results"]] == [True]
    assert talent.applications.count() == 1


def test_the_report_shows_median_and_p90_per_benefit(client):
    desk = Desk()
    desk.case_in("approved")
    client.force_login(desk.housing_officer)
    response = client.get(reverse("desk:report"))
    rows = response.context["report"].by_benefit
    assert [row.label for row in rows] == [desk.benefit.name]
    assert rows[0].count == 1
    assert 'id="report-service-points"' in response.content.decode()


def test_the_report_is_refused_to_window_clerks(client):
    desk = Desk()
    client.force_login(desk.clerk)
    assert client.get(reverse("desk:report")).status_code == 403


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url_name", ["desk:application-list", "desk:queue", "desk:ledger"])
def test_list_pages_take_as_many_queries_for_five_cases_as_for_one(client, url_name):
    desk = Desk()
    desk.case_in("disbursed")
    desk.open(make_master())
    client.force_login(desk.finance_officer if url_name == "desk:ledger" else desk.housing_officer)
    url = reverse(url_name)
    few = _queries(client, url)
    for _ in range(3):
        desk.case_in("disbursed", talent=make_master())
        desk.open(make_master())
    assert _queries(client, url) == few
