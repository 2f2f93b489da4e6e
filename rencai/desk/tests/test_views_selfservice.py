"""Self-service through the test client: a talent applies online with uploads, follows the
case, sees the decision and payment, withdraws before a decision; never anyone else's case."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rencai.core.choices import Role
from rencai.core.tests.factories import make_user
from rencai.desk import services
from rencai.desk.choices import ApplicationState, Channel
from rencai.desk.models import Application
from rencai.desk.selectors import document_code
from rencai.desk.tests.factories import Desk, make_master, make_talent_user

pytestmark = [pytest.mark.django_db, pytest.mark.portable]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
DOCUMENTS = ["居民身份证", "学历学位证书"]


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _files(**overrides):
    files = {
        f"doc_{document_code('居民身份证')}": SimpleUploadedFile("id.png", PNG),
        f"doc_{document_code('学历学位证书')}": SimpleUploadedFile("degree.pdf", PDF),
    }
    files.update(overrides)
    return files


def _apply(client, desk, **data):
    return client.post(
        reverse("desk:my-apply-benefit", args=[desk.benefit.pk]),
        {"confirm_0": "on", "payee_account": "6222020200112233445", **_files(), **data},
    )


def test_the_apply_page_lists_what_the_talent_can_apply_for(client):
    desk = Desk(documents=DOCUMENTS)
    client.force_login(desk.talent_user)
    response = client.get(reverse("desk:my-apply"))
    assert [item.benefit for item in response.context["items"]] == [desk.benefit]


def test_a_talent_applies_online_with_uploads_and_the_case_is_submitted(client):
    desk = Desk(documents=DOCUMENTS, to_confirm=["首次购房"])
    client.force_login(desk.talent_user)
    response = _apply(client, desk)
    case = Application.objects.get(talent=desk.talent)
    assert response.status_code == 303
    assert response["Location"] == reverse("desk:my-application-detail", args=[case.pk])
    assert case.state == ApplicationState.SUBMITTED
    assert case.channel == Channel.ONLINE
    assert case.confirmed == ["首次购房"]
    assert sorted(d.content_type for d in case.documents.all()) == ["application/pdf", "image/png"]


def test_an_unconfirmed_condition_or_a_bad_file_keeps_the_form_and_opens_nothing(client):
    desk = Desk(documents=DOCUMENTS, to_confirm=["首次购房"])
    client.force_login(desk.talent_user)
    unconfirmed = _apply(client, desk, confirm_0="")
    bad = _apply(
        client,
        desk,
        **{f"doc_{document_code('学历学位证书')}": SimpleUploadedFile("degree.pdf", b"text")},
    )
    assert unconfirmed.status_code == 200
    assert unconfirmed.context["form"].errors["confirm_0"]
    assert bad.context["form"].errors[f"doc_{document_code('学历学位证书')}"]
    assert not Application.objects.exists()


def test_the_talent_follows_the_decision_and_the_payment(client):
    desk = Desk(documents=DOCUMENTS)
    client.force_login(desk.talent_user)
    _apply(client, desk)
    case = Application.objects.get(talent=desk.talent)
    services.accept_application(case, actor=desk.housing_officer)
    services.approve_application(case, actor=desk.housing_officer)
    services.disburse(case, actor=desk.finance_officer)
    response = client.get(reverse("desk:my-application-detail", args=[case.pk]))
    html = response.content.decode()
    assert 'id="my-decision"' in html
    assert "¥30,000.00" in html
    assert len(response.context["payments"]) == 1
    assert "***************3445" in html
    assert "6222020200112233445" not in html


def test_the_talent_withdraws_before_a_decision_but_not_after(client):
    desk = Desk()
    case = desk.open()
    client.force_login(desk.talent_user)
    page = client.get(reverse("desk:my-application-detail", args=[case.pk]))
    # withdrawing is offered, but at the foot of the page behind a confirmation, not as the
    # page's main action
    assert page.context["action_forms"] == []
    assert page.context["withdraw_form"]["action"] == "withdraw"
    html = page.content.decode()
    assert html.index('id="case-withdraw"') > html.index('id="case-history"')
    assert "<details>" in html[html.index('id="case-withdraw"') :]
    client.post(reverse("desk:application-action", args=[case.pk, "withdraw"]))
    case.refresh_from_db()
    assert case.state == ApplicationState.WITHDRAWN
    decided = desk.case_in("approved", talent=make_master())
    decided.talent.user = make_user(role=Role.TALENT)
    decided.talent.save(update_fields=["user"])
    client.force_login(decided.talent.user)
    client.post(reverse("desk:application-action", args=[decided.pk, "withdraw"]))
    decided.refresh_from_db()
    assert decided.state == ApplicationState.APPROVED


def test_a_talent_cannot_see_another_talents_case(client):
    desk = Desk()
    case = desk.open()
    other = make_master()
    other_user = make_talent_user(other)
    client.force_login(other_user)
    assert client.get(reverse("desk:my-application-detail", args=[case.pk])).status_code == 404
    assert client.get(reverse("desk:application-detail", args=[case.pk])).status_code == 404
    assert client.get(reverse("desk:receipt", args=[case.pk])).status_code == 404
    assert list(client.get(reverse("desk:my-applications")).context["cases"]) == []
    client.force_login(desk.talent_user)
    assert client.get(reverse("desk:my-application-detail", args=[case.pk])).status_code == 200


def test_the_case_link_in_notifications_takes_a_talent_to_their_own_page(client):
    desk = Desk()
    case = desk.open()
    client.force_login(desk.talent_user)
    response = client.get(reverse("desk:application-detail", args=[case.pk]))
    assert response.status_code == 303
    assert response["Location"] == reverse("desk:my-application-detail", args=[case.pk])


def test_a_user_without_a_talent_record_has_no_self_service(client):
    client.force_login(make_user(role=Role.TALENT))
    assert client.get(reverse("desk:my-applications")).status_code == 404
