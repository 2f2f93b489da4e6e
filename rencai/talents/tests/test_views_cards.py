"""The talent-card pages: issue, record, renew, revoke, the QR image and the public check."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from xml.etree import ElementTree

import pytest
import segno
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from rencai.core.choices import Role
from rencai.core.models import AuditEvent
from rencai.core.tests.clients import page_client
from rencai.core.tests.factories import make_county, make_user
from rencai.talents.choices import CardKind, CardStatus
from rencai.talents.models import TalentCard
from rencai.talents.services.cards import verification_url
from rencai.talents.services.registry import find_for_window
from rencai.talents.tests.factories import make_card, make_talent
from rencai.talents.views.cards import QR_OPTIONS, QR_SVG_OPTIONS, card_panel

pytestmark = [pytest.mark.django_db, pytest.mark.portable]

SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def english(settings):
    """Assert on the English source strings, whatever the catalogue holds."""
    settings.LANGUAGE_CODE = "en"
    settings.CARD_PREFIX = "HG"
    settings.PUBLIC_BASE_URL = "https://rencai.example.cn"


@pytest.fixture
def tuanfeng():
    return make_county("421121", "团风县")


@pytest.fixture
def wuxue():
    return make_county("421182", "武穴市")


@pytest.fixture
def officer(tuanfeng):
    return make_user(role=Role.COUNTY_OFFICER, division=tuanfeng)


@pytest.fixture
def talent(tuanfeng):
    return make_talent(county=tuanfeng, name="欧阳明华")


def panel_html(user, talent) -> str:
    """The cards panel as the talent detail page includes it."""
    request = RequestFactory().get(reverse("talents:detail", args=[talent.pk]))
    request.user = user
    return render_to_string(
        "talents/_cards.html",
        {"talent": talent, "cards": card_panel(user, talent)},
        request=request,
    )


def dates(days_from: int = 0, days_to: int = 365) -> dict[str, str]:
    today = timezone.localdate()
    return {
        "valid_from": (today + timedelta(days=days_from)).isoformat(),
        "valid_to": (today + timedelta(days=days_to)).isoformat(),
    }


# --- Issue -------------------------------------------------------------------------------------


def test_issue_form_defaults_to_three_years_from_today(client, officer, talent):
    response = page_client(officer).get(reverse("talents:card-issue", args=[talent.pk]))

    assert response.status_code == 200
    form = response.context["form"]
    today = timezone.localdate()
    assert form["valid_from"].initial == today
    assert form["valid_to"].initial.year == today.year + 3


def test_county_officer_issues_green_card_and_the_panel_shows_it(client, officer, talent):
    # Given a county officer on the issue page of a talent in their county
    client = page_client(officer)

    # When they submit the validity
    response = client.post(reverse("talents:card-issue", args=[talent.pk]), dates(days_to=3 * 365))

    # Then the card is issued with this year's first number and they go back to the talent
    assert response.status_code == 302
    assert response["Location"] == reverse("talents:detail", args=[talent.pk])
    card = TalentCard.objects.get(talent=talent)
    year = timezone.localdate().year
    assert card.number == f"HG-{year}-000001"
    assert card.kind == CardKind.GREEN_CARD
    assert card.issued_by == officer
    assert AuditEvent.objects.filter(action="card.issue", target_id=str(card.pk)).exists()
    html = panel_html(officer, talent)
    assert f"HG-{year}-000001" in html
    assert reverse("talents:card-qr", args=[card.pk]) in html
    assert f"https://rencai.example.cn/v/{card.token}" in html
    assert reverse("talents:card-renew", args=[card.pk]) in html
    assert reverse("talents:card-revoke", args=[card.pk]) in html
    # One active green card: no second issue button, but a Chucai card may still be recorded.
    assert reverse("talents:card-issue", args=[talent.pk]) not in html
    assert reverse("talents:card-record", args=[talent.pk]) in html


def test_issue_success_message_names_the_card_number(client, officer, talent):
    response = page_client(officer).post(reverse("talents:card-issue", args=[talent.pk]), dates())

    year = timezone.localdate().year
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert shown == [f"Green card HG-{year}-000001 issued."]


def test_second_green_card_is_refused_with_a_form_error(client, officer, talent):
    make_card(talent)

    response = page_client(officer).post(reverse("talents:card-issue", args=[talent.pk]), dates())

    assert response.status_code == 200
    assert "already holds an active card" in " ".join(response.context["form"].non_field_errors())
    assert TalentCard.objects.filter(talent=talent).count() == 1


def test_validity_ending_before_it_starts_is_a_field_error(client, officer, talent):
    today = timezone.localdate()
    response = page_client(officer).post(
        reverse("talents:card-issue", args=[talent.pk]),
        {"valid_from": today.isoformat(), "valid_to": (today - timedelta(days=1)).isoformat()},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["valid_to"]
    assert not TalentCard.objects.exists()


def test_tuanfeng_officer_issuing_for_wuxue_talent_gets_404_and_nothing_is_created(
    client, officer, wuxue
):
    theirs = make_talent(county=wuxue)
    client = page_client(officer)

    assert client.get(reverse("talents:card-issue", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("talents:card-issue", args=[theirs.pk]), dates()).status_code == 404
    assert client.post(reverse("talents:card-record", args=[theirs.pk]), dates()).status_code == 404
    assert not TalentCard.objects.exists()


def test_wuxue_officer_issues_for_wuxue_talent(client, wuxue):
    # The grant beside the denial above: same page, the talent's own county.
    theirs = make_talent(county=wuxue)
    wuxue_officer = make_user(role=Role.COUNTY_OFFICER, division=wuxue)

    response = page_client(wuxue_officer).post(
        reverse("talents:card-issue", args=[theirs.pk]), dates()
    )

    assert response.status_code == 302
    assert TalentCard.objects.filter(talent=theirs).count() == 1


def test_clerk_serving_the_talent_gets_403_and_nothing_is_created(client, talent):
    # Given a clerk who opened the talent at the window (so they see it)
    clerk = make_user(role=Role.WINDOW_CLERK)
    find_for_window(actor=clerk, id_number=talent.id_number)
    client = page_client(clerk)

    # When they try to issue or record a card, then they are refused
    assert client.get(reverse("talents:card-issue", args=[talent.pk])).status_code == 403
    assert client.post(reverse("talents:card-issue", args=[talent.pk]), dates()).status_code == 403
    assert client.post(reverse("talents:card-record", args=[talent.pk]), dates()).status_code == 403
    assert not TalentCard.objects.exists()
    # And the panel shows them no card buttons
    html = panel_html(clerk, talent)
    assert reverse("talents:card-issue", args=[talent.pk]) not in html
    assert reverse("talents:card-record", args=[talent.pk]) not in html


def test_clerk_not_serving_the_talent_gets_404(client, talent):
    clerk = make_user(role=Role.WINDOW_CLERK)

    response = page_client(clerk).get(reverse("talents:card-issue", args=[talent.pk]))

    assert response.status_code == 404


def test_anonymous_user_is_sent_to_log_in(client, talent):
    response = client.get(reverse("talents:card-issue", args=[talent.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


# --- Record a Chucai card ----------------------------------------------------------------------


def test_officer_records_a_chucai_card_with_its_level(client, officer, talent):
    response = page_client(officer).post(
        reverse("talents:card-record", args=[talent.pk]),
        {"number": " cc2023b0042 ", "level": "B", **dates()},
    )

    assert response.status_code == 302
    card = TalentCard.objects.get(talent=talent)
    assert (card.kind, card.level, card.number) == (CardKind.CHUCAI_CARD, "B", "CC2023B0042")
    html = panel_html(officer, talent)
    assert "CC2023B0042" in html
    assert "B card" in html
    assert reverse("talents:card-record", args=[talent.pk]) not in html


def test_chucai_card_without_a_level_is_a_form_error(client, officer, talent):
    response = page_client(officer).post(
        reverse("talents:card-record", args=[talent.pk]), {"number": "CC1", "level": "C", **dates()}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["level"]
    assert not TalentCard.objects.exists()


# --- Renew -------------------------------------------------------------------------------------


def test_renewal_keeps_the_number_and_supersedes_the_old_record(client, officer, talent):
    card = make_card(talent, number="HG-2024-000007")
    new_end = card.valid_to + timedelta(days=3 * 365)

    response = page_client(officer).post(
        reverse("talents:card-renew", args=[card.pk]), {"valid_to": new_end.isoformat()}
    )

    assert response.status_code == 302
    card.refresh_from_db()
    assert card.status == CardStatus.SUPERSEDED
    renewed = TalentCard.objects.active().get(talent=talent)
    assert renewed.number == "HG-2024-000007"
    assert renewed.valid_to == new_end
    # The old card's QR code still answers, for its renewal.
    verify = client.get(reverse("talents:card-verify", args=[card.token]))
    assert "verify-status valid" in verify.content.decode()
    html = panel_html(officer, talent)
    assert "Superseded by renewal" in html


def test_renewing_a_revoked_card_is_refused(client, officer, talent):
    card = make_card(talent, status=CardStatus.REVOKED)

    response = page_client(officer).post(
        reverse("talents:card-renew", args=[card.pk]),
        {"valid_to": (card.valid_to + timedelta(days=30)).isoformat()},
    )

    assert response.status_code == 302
    assert TalentCard.objects.filter(talent=talent).count() == 1


def test_clerk_serving_the_talent_cannot_renew_or_revoke(client, talent):
    card = make_card(talent)
    clerk = make_user(role=Role.WINDOW_CLERK)
    find_for_window(actor=clerk, id_number=talent.id_number)
    client = page_client(clerk)

    renew = client.post(reverse("talents:card-renew", args=[card.pk]), {"valid_to": "2040-01-01"})
    revoke = client.post(reverse("talents:card-revoke", args=[card.pk]), {"reason": "x"})

    assert (renew.status_code, revoke.status_code) == (403, 403)
    card.refresh_from_db()
    assert card.status == CardStatus.ACTIVE


def test_other_county_officer_cannot_renew_or_revoke(client, officer, wuxue):
    card = make_card(make_talent(county=wuxue))
    client = page_client(officer)

    assert client.get(reverse("talents:card-renew", args=[card.pk])).status_code == 404
    assert (
        client.post(reverse("talents:card-revoke", args=[card.pk]), {"reason": "x"}).status_code
        == 404
    )
    card.refresh_from_db()
    assert card.status == CardStatus.ACTIVE


# --- Revoke ------------------------------------------------------------------------------------


def test_revoke_without_a_reason_is_a_form_error_and_the_card_stays_active(client, officer, talent):
    card = make_card(talent)

    response = page_client(officer).post(
        reverse("talents:card-revoke", args=[card.pk]), {"reason": "   "}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    card.refresh_from_db()
    assert card.status == CardStatus.ACTIVE


def test_revoke_page_asks_first_and_does_not_revoke_on_get(client, officer, talent):
    card = make_card(talent)

    response = page_client(officer).get(reverse("talents:card-revoke", args=[card.pk]))

    assert response.status_code == 200
    card.refresh_from_db()
    assert card.status == CardStatus.ACTIVE


def test_revoked_card_shows_invalid_on_the_public_page(client, officer, talent):
    # Given an active card, valid today
    card = make_card(talent)
    assert "verify-status valid" in client.get(f"/v/{card.token}").content.decode()

    # When an officer revokes it with a reason
    response = page_client(officer).post(
        reverse("talents:card-revoke", args=[card.pk]), {"reason": "Left the city"}
    )

    # Then it is revoked, the reason kept, and a scan says invalid
    assert response.status_code == 302
    card.refresh_from_db()
    assert (card.status, card.revoke_reason) == (CardStatus.REVOKED, "Left the city")
    client.logout()
    page = client.get(reverse("talents:card-verify", args=[card.token])).content.decode()
    assert "verify-status invalid" in page
    assert "Invalid" in page
    html = panel_html(officer, talent)
    assert "Left the city" in html
    assert reverse("talents:card-qr", args=[card.pk]) not in html


# --- The public verification page ----------------------------------------------------------------


def test_verify_page_shows_what_matches_the_card_in_hand_and_nothing_more(client, talent):
    client.cookies["django_language"] = "zh-hans"
    card = make_card(talent, number="HG-2025-000123")

    response = client.get(reverse("talents:card-verify", args=[card.token]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "欧***" in page
    assert "黄冈人才绿卡" in page
    assert "verify-status valid" in page
    assert "HG-2025-***123" in page
    assert f"{card.valid_to.year}年{card.valid_to.month}月{card.valid_to.day}日" in page
    assert 'class="verify-issuer"' in page
    for secret in (talent.name, talent.id_number, talent.mobile, card.number):
        assert secret not in page


def test_each_check_shows_its_time_to_the_second_and_a_growing_number(client, talent):
    client.cookies["django_language"] = "zh-hans"
    card = make_card(talent)

    first = client.get(reverse("talents:card-verify", args=[card.token])).content.decode()
    second = client.get(reverse("talents:card-verify", args=[card.token])).content.decode()

    assert "第 1 次查验" in first
    assert "第 2 次查验" in second
    assert re.search(r"查验时间 \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}:\d{2}", second)


def test_every_check_is_audited_without_an_actor(client, talent):
    card = make_card(talent)

    client.get(reverse("talents:card-verify", args=[card.token]))

    event = AuditEvent.objects.get(action="card.check")
    assert event.actor is None
    assert event.target_id == str(card.pk)
    assert event.changes == {"result": "valid", "check_number": 1}


@pytest.mark.parametrize(
    ("status", "days", "word"),
    [
        (CardStatus.REVOKED, 0, "已注销"),
        (CardStatus.SUPERSEDED, 0, "已换发"),
        (CardStatus.ACTIVE, -1, "已过期"),
    ],
)
def test_an_invalid_card_says_why_in_one_word(client, talent, status, days, word):
    client.cookies["django_language"] = "zh-hans"
    today = timezone.localdate()
    card = make_card(
        talent,
        valid_from=today - timedelta(days=400),
        valid_to=today + timedelta(days=days) if days else today + timedelta(days=30),
        status=status,
    )

    page = client.get(reverse("talents:card-verify", args=[card.token])).content.decode()

    assert "verify-status invalid" in page
    assert f'id="verify-reason">{word}<' in page


def test_the_check_reads_in_english_on_switch(client, talent):
    card = make_card(talent)
    client.cookies["django_language"] = "en"

    page = client.get(reverse("talents:card-verify", args=[card.token])).content.decode()

    assert "check no. 1" in page
    assert "Valid to" in page


def test_verify_page_needs_no_login_and_is_not_cached_or_indexed(client, talent):
    card = make_card(talent)

    response = client.get(reverse("talents:card-verify", args=[card.token]))

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert response["X-Robots-Tag"] == "noindex"


def test_expired_card_shows_invalid(client, talent):
    today = timezone.localdate()
    card = make_card(
        talent, valid_from=today - timedelta(days=400), valid_to=today - timedelta(days=1)
    )

    page = client.get(reverse("talents:card-verify", args=[card.token])).content.decode()

    assert "verify-status invalid" in page


def test_unknown_token_is_a_404_page_saying_the_card_was_not_found(client):
    response = client.get(reverse("talents:card-verify", args=["x" * 32]))

    assert response.status_code == 404
    assert "Card not found" in response.content.decode()
    assert response["Cache-Control"] == "no-store"


def test_overlong_token_is_not_found(client):
    response = client.get(reverse("talents:card-verify", args=["y" * 500]))

    assert response.status_code == 404


# --- QR code -------------------------------------------------------------------------------------


def test_qr_code_is_segno_svg_of_the_verification_address(client, officer, talent):
    card = make_card(talent)

    response = page_client(officer).get(reverse("talents:card-qr", args=[card.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    root = ElementTree.fromstring(response.content)  # noqa: S314 (our own response)
    assert root.tag == f"{SVG_NS}svg"
    assert any(p.get("class") == "qrline" for p in root.iter(f"{SVG_NS}path"))
    expected = io.BytesIO()
    segno.make(verification_url(card), **QR_OPTIONS).save(expected, **QR_SVG_OPTIONS)
    assert response.content == expected.getvalue()
    assert verification_url(card) == f"https://rencai.example.cn/v/{card.token}"


def test_talent_sees_the_qr_code_of_their_own_card(client, talent):
    me = make_user(role=Role.TALENT)
    talent.user = me
    talent.save(update_fields=["user"])
    card = make_card(talent)

    response = page_client(me).get(reverse("talents:card-qr", args=[card.pk]))

    assert response.status_code == 200
    html = panel_html(me, talent)
    assert card.number in html
    assert reverse("talents:card-renew", args=[card.pk]) not in html


def test_anonymous_user_never_gets_the_qr_image(client, talent):
    card = make_card(talent)

    response = client.get(reverse("talents:card-qr", args=[card.pk]))

    assert response.status_code in (302, 404)
    assert b"<svg" not in response.content
    assert response.get("Content-Type", "") != "image/svg+xml"


def test_other_county_officer_gets_404_for_the_qr_image(client, officer, wuxue):
    card = make_card(make_talent(county=wuxue))

    response = page_client(officer).get(reverse("talents:card-qr", args=[card.pk]))

    assert response.status_code == 404
    assert b"<svg" not in response.content


# --- Importing Chucai cards from a workbook ------------------------------------------------------

IMPORT_HEADER = ["证件号码", "卡号", "级别", "有效期起", "有效期止"]


def workbook(path, rows, header=IMPORT_HEADER):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def run_import(path, actor):
    from django.core.management import call_command

    out, err = io.StringIO(), io.StringIO()
    call_command("import_chucai_cards", str(path), actor=actor.username, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_records_every_card_with_one_audit_event(tmp_path, officer, tuanfeng):
    # Given two talents of the officer's county and a workbook of their Chucai cards
    first, second = make_talent(county=tuanfeng), make_talent(county=tuanfeng)
    today = timezone.localdate()
    path = workbook(
        tmp_path / "cards.xlsx",
        [
            [first.id_number, "cc-a-1", "A", today, today + timedelta(days=700)],
            [second.id_number.lower(), "CC-B-2", "B卡", today.isoformat(), "2030/01/31"],
        ],
    )

    # When the officer imports it
    out, _ = run_import(path, officer)

    # Then both cards are recorded, with one audit event for the batch
    assert "2" in out
    cards = {c.talent_id: c for c in TalentCard.objects.all()}
    assert (cards[first.pk].number, cards[first.pk].level) == ("CC-A-1", "A")
    assert (cards[second.pk].level, str(cards[second.pk].valid_to)) == ("B", "2030-01-31")
    assert all(c.kind == CardKind.CHUCAI_CARD and c.issued_by == officer for c in cards.values())
    assert AuditEvent.objects.filter(action="card.import").count() == 1
    assert not AuditEvent.objects.filter(action="card.record").exists()


def test_import_with_a_bad_row_records_nothing_and_reports_every_row(
    tmp_path, officer, tuanfeng, wuxue
):
    from django.core.management.base import CommandError

    mine = make_talent(county=tuanfeng)
    theirs = make_talent(county=wuxue)
    held = make_talent(county=tuanfeng)
    make_card(held, kind=CardKind.CHUCAI_CARD, number="CC-OLD")
    today = timezone.localdate()
    year = today + timedelta(days=365)
    path = workbook(
        tmp_path / "cards.xlsx",
        [
            [mine.id_number, "CC-1", "A", today, year],  # fine on its own
            [theirs.id_number, "CC-2", "A", today, year],  # another county: not found
            [mine.id_number, "CC-3", "C", today, year],  # level C
            [held.id_number, "CC-4", "B", today, today - timedelta(days=1)],  # dates, held
        ],
    )

    with pytest.raises(CommandError) as exc:
        run_import(path, officer)

    assert "nothing was imported" in str(exc.value)
    assert list(TalentCard.objects.values_list("number", flat=True)) == ["CC-OLD"]
    assert not AuditEvent.objects.filter(action="card.import").exists()
    from rencai.talents.management.commands.import_chucai_cards import import_chucai_cards

    _, errors = import_chucai_cards(path, actor=officer)
    assert {(e.row, e.column) for e in errors} >= {(3, "证件号码"), (4, "级别"), (5, "有效期止")}
    assert any(e.row == 5 and "already holds" in e.message for e in errors)


def test_import_refuses_a_workbook_without_the_columns(tmp_path, officer):
    from django.core.management.base import CommandError

    path = workbook(tmp_path / "cards.xlsx", [["x"]], header=["姓名"])

    with pytest.raises(CommandError, match="证件号码"):
        run_import(path, officer)


def test_import_reports_a_huge_number_cell_as_a_row_error_and_records_nothing(
    tmp_path, officer, tuanfeng
):
    from rencai.core.tests import hostile_xlsx
    from rencai.talents.management.commands.import_chucai_cards import import_chucai_cards

    # Given a workbook whose document-number cell unpacks to 20 million characters
    talent = make_talent(county=tuanfeng)
    today = timezone.localdate()
    year = today + timedelta(days=365)
    content = hostile_xlsx.workbook_bytes(
        IMPORT_HEADER,
        [
            [hostile_xlsx.PLACEHOLDER, "CC-1", "A", today, year],
            [talent.id_number, "CC-" + "9" * 40, "A", today, year],
        ],
    )
    path = tmp_path / "cards.xlsx"
    path.write_bytes(hostile_xlsx.with_huge_cell(content, 20_000_000, fill="1"))

    # When it is imported
    with translation.override("en"):
        _, errors = import_chucai_cards(path, actor=officer)

    # Then both cells are row errors and no card is recorded
    assert [(e.row, e.column) for e in errors] == [(2, "证件号码"), (3, "卡号")]
    assert "at most 30 characters" in errors[0].message
    assert not TalentCard.objects.exists()


def test_import_refuses_random_bytes_with_a_clear_error(tmp_path, officer):
    from django.core.management.base import CommandError

    from rencai.core.tests import hostile_xlsx

    path = tmp_path / "cards.xlsx"
    path.write_bytes(hostile_xlsx.random_bytes())

    with translation.override("en"), pytest.raises(CommandError, match="not an xlsx"):
        run_import(path, officer)
