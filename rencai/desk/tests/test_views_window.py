"""The window screen through the test client: find, register in the same flow, start and
approve, the receipt (HTML and PDF), and the refusals beside the grants."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from rencai.core.models import AuditEvent, Organisation, User
from rencai.core.tests.demo import load_demo
from rencai.core.tests.factories import make_county
from rencai.desk.choices import ApplicationState, Channel
from rencai.desk.models import Application
from rencai.desk.selectors import document_code
from rencai.desk.tests.factories import (
    Desk,
    add_step,
    make_clerk,
    make_desk_benefit,
    make_master,
    serve,
)
from rencai.policies.models import Benefit
from rencai.talents.identity import make_ric
from rencai.talents.models import Talent
from rencai.talents.tests.factories import make_degree

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


@pytest.fixture(autouse=True)
def _english(client):
    """Pages in English, so the assertions read the source strings."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


DEMO_DOCUMENTS = ["居民身份证", "学历学位证书", "购房合同（网签备案）", "购房发票", "本人银行卡"]


def _post_find(client, id_number: str, **extra):
    return client.post(reverse("desk:window"), {"id_number": id_number, **extra})


# --- find ---------------------------------------------------------------------------------


def test_clerk_finds_a_registered_talent_and_sees_the_benefit_with_amount_and_documents(client):
    # given a benefit with documents and a registered master's graduate
    desk = Desk(documents=["居民身份证", "学历学位证书"])
    client.force_login(desk.clerk)
    # when the clerk types the identity number
    response = _post_find(client, desk.talent.id_number)
    # then the talent is shown masked, with the benefit, its amount and its checklist
    html = response.content.decode()
    assert response.status_code == 200
    assert desk.talent.name in html
    assert desk.talent.id_number not in html
    assert desk.talent.id_number[:4] + "**********" + desk.talent.id_number[-4:] in html
    assert desk.benefit.name in html
    assert "¥30,000.00" in html
    assert "学历学位证书" in html
    assert f'value="{desk.benefit.pk}:all"' in html


def test_benefits_the_talent_cannot_have_are_one_line_each_with_the_reason_on_opening(client):
    # given a benefit for master's graduates and one for doctors only, and a master's graduate
    make_degree("doctorate")
    desk = Desk()
    doctors = make_desk_benefit(
        owning_department=desk.housing, rule={">=": [{"var": "degree"}, "doctorate"]}
    )
    client.force_login(desk.clerk)
    # when the clerk finds the talent
    html = _post_find(client, desk.talent.id_number).content.decode()
    # then the eligible benefit is open, the other a <details> line whose body says why not
    assert f'window-benefit outcome-eligible" id="benefit-{desk.benefit.code}"' in html
    closed = re.search(rf'<details [^>]*id="benefit-{doctors.code}">(.*?)</details>', html, re.S)
    assert closed is not None
    assert "<summary>" in closed.group(1)
    assert "window-go" not in closed.group(1)
    assert "conditions" in closed.group(1)  # the reasons list


def test_an_incomplete_number_typed_so_far_does_not_search(client):
    desk = Desk()
    client.force_login(desk.clerk)
    searches = AuditEvent.objects.filter(action="talent.window_find").count()
    response = client.post(
        reverse("desk:window"),
        {"id_number": desk.talent.id_number[:10], "auto": "1"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 204
    assert AuditEvent.objects.filter(action="talent.window_find").count() == searches


def test_a_complete_number_looks_itself_up_as_an_htmx_fragment(client):
    desk = Desk()
    client.force_login(desk.clerk)
    response = client.post(
        reverse("desk:window"),
        {"id_number": desk.talent.id_number, "auto": "1"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="window-talent"' in html
    # the find box comes back empty, so the full number does not stay on the screen
    assert 'id="window-find" hx-swap-oob="true"' in html
    assert desk.talent.id_number not in html


def test_only_window_clerks_use_the_window(client):
    desk = Desk()
    client.force_login(desk.housing_officer)
    assert client.get(reverse("desk:window")).status_code == 403
    client.force_login(desk.clerk)
    assert client.get(reverse("desk:window")).status_code == 200


def test_a_not_found_number_offers_registration_prefilled_with_the_number(client):
    desk = Desk()
    client.force_login(desk.clerk)
    number = make_ric("421102", date(1997, 6, 1), 31)
    response = _post_find(client, number)
    html = response.content.decode()
    assert 'id="window-register"' in html
    assert f'value="{number}"' in html


# --- start and approve --------------------------------------------------------------------


def test_confirm_all_opens_ticks_accepts_and_approves_when_the_clerk_may(client):
    # given a benefit the window may approve, with conditions and documents
    desk = Desk(documents=["居民身份证", "学历学位证书"], to_confirm=["首次购房"])
    add_step(desk.benefit, desk.housing, order=1, clerk_may_approve=True)
    serve(desk.clerk, desk.talent)
    client.force_login(desk.clerk)
    # when the clerk presses "confirm all and approve"
    response = client.post(
        reverse("desk:window-start", args=[desk.talent.pk]),
        {"start": f"{desk.benefit.pk}:all", f"account-{desk.benefit.pk}": "6222020200112233445"},
    )
    # then the case is approved at the window and the receipt follows
    case = Application.objects.get(talent=desk.talent)
    assert response.status_code == 303
    assert response["Location"] == reverse("desk:receipt", args=[case.pk])
    assert case.state == ApplicationState.APPROVED
    assert case.channel == Channel.WINDOW
    assert case.confirmed == ["首次购房"]
    assert all(doc.seen_original for doc in case.documents.all())
    assert case.documents.count() == 2
    actions = set(
        AuditEvent.objects.filter(target_id=str(case.pk)).values_list("action", flat=True)
    )
    assert {"application.open", "application.accept", "application.approve"} <= actions


def test_a_clerk_cannot_approve_a_step_that_is_not_clerk_may_approve(client):
    # given a benefit whose only step is the department's
    desk = Desk()
    add_step(desk.benefit, desk.housing, order=1, clerk_may_approve=False)
    serve(desk.clerk, desk.talent)
    client.force_login(desk.clerk)
    # when the clerk presses the benefit's main button
    client.post(
        reverse("desk:window-start", args=[desk.talent.pk]),
        {"start": f"{desk.benefit.pk}:all"},
    )
    # then the case is accepted and waits for the department
    case = Application.objects.get(talent=desk.talent)
    assert case.state == ApplicationState.ACCEPTED
    # and posting "approve" directly is refused by the service
    response = client.post(
        reverse("desk:application-action", args=[case.pk, "approve"]), follow=True
    )
    case.refresh_from_db()
    assert case.state == ApplicationState.ACCEPTED
    assert "You may not do this to this case." in response.content.decode()
    # while the department officer may
    client.force_login(desk.housing_officer)
    client.post(reverse("desk:application-action", args=[case.pk, "approve"]))
    case.refresh_from_db()
    assert case.state == ApplicationState.APPROVED


def test_ticked_items_only_open_a_draft_until_every_condition_is_confirmed(client):
    desk = Desk(documents=["居民身份证", "学历学位证书"], to_confirm=["首次购房", "已网签"])
    serve(desk.clerk, desk.talent)
    client.force_login(desk.clerk)
    response = client.post(
        reverse("desk:window-start", args=[desk.talent.pk]),
        {
            "start": f"{desk.benefit.pk}:ticked",
            f"confirm-{desk.benefit.pk}": ["首次购房"],
            f"seen-{desk.benefit.pk}": [document_code("居民身份证")],
        },
    )
    case = Application.objects.get(talent=desk.talent)
    assert response["Location"] == reverse("desk:application-detail", args=[case.pk])
    assert case.state == ApplicationState.DRAFT
    assert [d.name for d in case.documents.filter(seen_original=True)] == ["居民身份证"]


def test_a_second_case_for_the_same_benefit_is_refused_with_the_existing_case_named(client):
    desk = Desk()
    first = desk.open()
    client.force_login(desk.clerk)
    response = client.post(
        reverse("desk:window-start", args=[desk.talent.pk]),
        {"start": f"{desk.benefit.pk}:all"},
    )
    assert Application.objects.filter(talent=desk.talent).count() == 1
    assert response["Location"] == reverse("desk:application-detail", args=[first.pk])
    page = client.get(response["Location"])
    assert any(first.number in str(m) for m in page.context["messages"])


def test_a_clerk_cannot_start_a_case_for_a_talent_not_being_served(client):
    desk = Desk()
    client.force_login(desk.clerk)  # no window visit today
    response = client.post(
        reverse("desk:window-start", args=[desk.talent.pk]),
        {"start": f"{desk.benefit.pk}:all"},
    )
    assert response.status_code == 404
    assert not Application.objects.exists()


def test_a_not_eligible_talent_gets_the_reasons_and_no_case(client):
    desk = Desk()
    bachelor = make_master(degree=make_degree("bachelor"))
    serve(desk.clerk, bachelor)
    client.force_login(desk.clerk)
    response = client.post(
        reverse("desk:window-start", args=[bachelor.pk]),
        {"start": f"{desk.benefit.pk}:all"},
        follow=True,
    )
    assert not Application.objects.exists()
    assert "Not eligible" in response.content.decode()


# --- register in the same flow ------------------------------------------------------------


def _walk_in(county, degree, **extra):
    return {
        "id_type": "ric",
        "id_number": make_ric("421102", date(1997, 6, 1), 41),
        "name": "王硕",
        "mobile": "13912345678",
        "county": county.pk,
        "degree": degree.pk,
        "arrival_date": (timezone.localdate() - timedelta(days=30)).isoformat(),
        **extra,
    }


def test_the_preview_shows_eligibility_for_the_person_being_registered(client):
    desk = Desk()
    client.force_login(desk.clerk)
    data = _walk_in(make_county(), make_degree("master"))
    response = client.post(reverse("desk:window-preview"), data)
    html = response.content.decode()
    assert desk.benefit.name in html
    assert f'value="{desk.benefit.pk}:all"' in html
    assert not Talent.objects.filter(name="王硕").exists()  # a preview writes nothing


def test_register_confirm_all_and_approve_in_one_press(client):
    desk = Desk()
    add_step(desk.benefit, desk.housing, order=1, clerk_may_approve=True)
    client.force_login(desk.clerk)
    data = _walk_in(make_county(), make_degree("master"), start=f"{desk.benefit.pk}:all")
    response = client.post(reverse("desk:window-register"), data)
    talent = Talent.objects.get(name="王硕")
    case = Application.objects.get(talent=talent)
    assert response["Location"] == reverse("desk:receipt", args=[case.pk])
    assert case.state == ApplicationState.APPROVED
    assert talent.registered_by == desk.clerk


def test_registration_errors_are_shown_next_to_the_fields_and_nothing_is_saved(client):
    desk = Desk()
    client.force_login(desk.clerk)
    data = _walk_in(make_county(), make_degree("master"), mobile="123")
    data["start"] = f"{desk.benefit.pk}:all"
    response = client.post(reverse("desk:window-register"), data)
    assert response.status_code == 200
    assert 'id="window-register"' in response.content.decode()
    assert response.context["walk_in_form"].errors["mobile"]
    assert not Talent.objects.filter(name="王硕").exists()


def test_the_registration_form_defaults_the_county_of_a_county_talent_station(client):
    county = make_county("421182", "武穴市")
    station = Organisation.objects.create(
        kind="service_point", division=county, name="武穴人才驿站", service_point_kind="window"
    )
    clerk = make_clerk(service_point=station)
    client.force_login(clerk)
    response = _post_find(client, make_ric("421182", date(1995, 1, 1), 7))
    assert response.context["walk_in_form"].initial["county"] == county.pk


# --- the receipt --------------------------------------------------------------------------


def test_receipt_pdf_has_masked_name_benefit_amount_and_case_number(client):
    desk = Desk()
    case = desk.case_in("approved")
    client.force_login(desk.clerk)
    response = client.get(reverse("desk:receipt-pdf", args=[case.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    masked = desk.talent.name[0] + "*" * (len(desk.talent.name) - 1)
    assert masked in text
    assert desk.talent.name not in text
    assert desk.benefit.name in text
    assert "¥30,000.00" in text
    assert case.number in text


def test_a_receipt_is_served_only_to_those_who_see_the_case(client):
    desk = Desk()
    case = desk.case_in("approved")
    other_clerk = make_clerk()
    client.force_login(other_clerk)
    assert client.get(reverse("desk:receipt", args=[case.pk])).status_code == 404
    assert client.get(reverse("desk:receipt-pdf", args=[case.pk])).status_code == 404
    client.force_login(desk.talent_user)
    assert client.get(reverse("desk:receipt", args=[case.pk])).status_code == 200


# --- the demo: a master's graduate at the city window -------------------------------------


@pytest.fixture
def demo():
    load_demo(talents=0)
    return User.objects.get(username="clerk")


def test_demo_walk_in_gets_the_home_purchase_subsidy_and_a_receipt(client, demo):
    # given the demo city and its clerk at the city service centre window
    subsidy = Benefit.objects.get(code="home_purchase_subsidy")
    master = make_degree("master")
    huangzhou = make_county("421102", "黄州区")
    client.force_login(demo)
    number = make_ric("421102", date(1998, 3, 14), 57)
    # when the clerk types the number (not found), registers and presses the subsidy's button
    found = _post_find(client, number)
    assert 'id="window-register"' in found.content.decode()
    arrived = (timezone.localdate() - timedelta(days=60)).isoformat()
    response = client.post(
        reverse("desk:window-register"),
        {
            "id_type": "ric",
            "id_number": number,
            "name": "李明远",
            "mobile": "13971234567",
            "county": huangzhou.pk,
            "degree": master.pk,
            "arrival_date": arrived,
            "start": f"{subsidy.pk}:all",
        },
    )
    # then the subsidy is approved on the spot for ¥30,000.00, and the receipt prints
    case = Application.objects.get(talent__name="李明远")
    assert response["Location"] == reverse("desk:receipt", args=[case.pk])
    assert case.state == ApplicationState.APPROVED
    assert case.amount_fen == 3_000_000
    assert sorted(d.name for d in case.documents.filter(seen_original=True)) == sorted(
        DEMO_DOCUMENTS
    )
    pdf = client.get(reverse("desk:receipt-pdf", args=[case.pk]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "李**" in text
    assert "购房补贴" in text
    assert "¥30,000.00" in text
    assert case.number in text


def test_register_only_leads_to_the_talent_being_served(client):
    desk = Desk()
    client.force_login(desk.clerk)
    data = _walk_in(make_county(), make_degree("master"), register="1")
    response = client.post(reverse("desk:window-register"), data)
    talent = Talent.objects.get(name="王硕")
    assert response["Location"] == reverse("desk:window-talent", args=[talent.pk])
    page = client.get(response["Location"])
    assert page.context["talent"] == talent
    assert not Application.objects.exists()


def test_without_javascript_check_eligibility_shows_the_list_and_saves_nothing(client):
    desk = Desk()
    client.force_login(desk.clerk)
    data = _walk_in(make_county(), make_degree("master"), check="1")
    response = client.post(reverse("desk:window-register"), data)
    assert [item.benefit for item in response.context["items"]] == [desk.benefit]
    assert not Talent.objects.filter(name="王硕").exists()


def test_only_clerks_register_through_the_window(client):
    desk = Desk()
    client.force_login(desk.housing_officer)
    data = _walk_in(make_county(), make_degree("master"), register="1")
    assert client.post(reverse("desk:window-register"), data).status_code == 403
    assert client.post(reverse("desk:window-preview"), data).status_code == 403
    assert not Talent.objects.filter(name="王硕").exists()
