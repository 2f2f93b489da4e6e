import json
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from rencai.core import city
from rencai.core.choices import Role
from rencai.core.errors import Conflict, NotFound, PermissionDenied
from rencai.core.models import AuditEvent
from rencai.core.tests.factories import make_county, make_user
from rencai.talents.choices import CardKind, CardStatus
from rencai.talents.models import TalentCard
from rencai.talents.services.cards import (
    issue_green_card,
    mask_name,
    record_chucai_card,
    renew_card,
    revoke_card,
    verification_url,
    verify_card,
)
from rencai.talents.tests.factories import make_talent

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


@pytest.fixture
def county():
    return make_county("421121", "团风县")


@pytest.fixture
def officer(county):
    return make_user(role=Role.COUNTY_OFFICER, division=county)


def a_year():
    today = timezone.localdate()
    return {"valid_from": today, "valid_to": today + timedelta(days=365)}


@override_settings(CARD_PREFIX="HG")
def test_green_cards_are_numbered_per_year_in_sequence(county, officer):
    year = timezone.localdate().year
    first = issue_green_card(make_talent(county=county), actor=officer, **a_year())
    second = issue_green_card(make_talent(county=county), actor=officer, **a_year())

    assert first.number == f"HG-{year}-000001"
    assert second.number == f"HG-{year}-000002"
    assert AuditEvent.objects.filter(action="card.issue").count() == 2


@override_settings(RENCAI_CITY="xiaogan", CARD_PREFIX="")
def test_the_card_takes_its_prefix_and_name_from_the_configured_citys_data(county, officer):
    year = timezone.localdate().year

    card = issue_green_card(make_talent(county=county), actor=officer, **a_year())

    assert card.number == f"XG-{year}-000001"  # core/data/xiaogan/city.json
    assert verify_card(card.token).kind_label == "孝感人才卡（示例）"


def test_the_provinces_card_and_its_issuer_are_named_by_the_citys_data(county, officer, tmp_path):
    # given a city whose province card is another province's (city.json's province_card)
    data = json.loads((city.DATA_ROOT / "xiaogan" / "city.json").read_text(encoding="utf-8"))
    data["province_card"] = {"name": "示例省人才卡", "issuer": "示例省人才办"}
    (tmp_path / "city.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    talent = make_talent(county=county)

    with override_settings(RENCAI_CITY_DATA=str(tmp_path)):
        card = record_chucai_card(talent, actor=officer, number="SL0001", level="A", **a_year())
        check = verify_card(card.token)

    # then the card and its check name that province's card and issuer
    assert card.kind == CardKind.CHUCAI_CARD
    assert check.kind_label == "示例省人才卡"
    assert check.issuer == "示例省人才办"


def test_hubeis_card_is_the_chucai_card_of_the_provincial_talent_office(county, officer):
    card = record_chucai_card(
        make_talent(county=county), actor=officer, number="CC1", level="B", **a_year()
    )

    assert card.get_kind_display() == "楚才卡"  # core/data/huanggang/city.json
    assert verify_card(card.token).issuer == "湖北省人才办"


@override_settings(RENCAI_CITY="xiaogan", CARD_PREFIX="QA")
def test_the_card_prefix_setting_overrides_the_citys(county, officer):
    card = issue_green_card(make_talent(county=county), actor=officer, **a_year())

    assert card.number.startswith("QA-")


def test_one_active_card_per_kind(county, officer):
    talent = make_talent(county=county)
    issue_green_card(talent, actor=officer, **a_year())

    with pytest.raises(Conflict):
        issue_green_card(talent, actor=officer, **a_year())
    # A Chucai card is another kind: allowed beside the green card.
    record_chucai_card(talent, actor=officer, number="CC2022A0001", level="A", **a_year())
    assert TalentCard.objects.active().filter(talent=talent).count() == 2


def test_database_refuses_a_second_active_card_even_without_the_service(county):
    from django.db import IntegrityError, transaction

    from rencai.talents.tests.factories import make_card

    talent = make_talent(county=county)
    make_card(talent)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_card(talent)


def test_county_officer_cannot_issue_to_other_county_talent(officer):
    other = make_talent(county=make_county("421182", "武穴市"))
    with pytest.raises(NotFound):
        issue_green_card(other, actor=officer, **a_year())
    assert not TalentCard.objects.exists()


def test_clerk_serving_a_talent_still_cannot_issue_cards(county):
    from rencai.talents.services.registry import find_for_window

    talent = make_talent(county=county)
    clerk = make_user(role=Role.WINDOW_CLERK)
    find_for_window(actor=clerk, id_number=talent.id_number)
    with pytest.raises(PermissionDenied):
        issue_green_card(talent, actor=clerk, **a_year())


def test_validity_end_before_start_is_refused(county, officer):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        issue_green_card(
            make_talent(county=county),
            actor=officer,
            valid_from=today,
            valid_to=today - timedelta(days=1),
        )
    assert "valid_to" in exc.value.message_dict


def test_chucai_card_needs_level_a_or_b(county, officer):
    with pytest.raises(ValidationError) as exc:
        record_chucai_card(
            make_talent(county=county), actor=officer, number="X1", level="C", **a_year()
        )
    assert "level" in exc.value.message_dict


def test_renewal_keeps_the_number_and_supersedes_the_old_record(county, officer):
    card = issue_green_card(make_talent(county=county), actor=officer, **a_year())
    new_end = card.valid_to + timedelta(days=3 * 365)

    renewed = renew_card(card, actor=officer, valid_to=new_end)

    card.refresh_from_db()
    assert renewed.number == card.number
    assert card.status == CardStatus.SUPERSEDED
    assert renewed.renewed_from == card
    assert renewed.valid_to == new_end
    # The old QR code answers for the renewed card.
    assert verify_card(card.token).valid


def test_revocation_needs_a_reason_and_makes_the_card_invalid(county, officer):
    card = issue_green_card(make_talent(county=county, name="陈超"), actor=officer, **a_year())
    with pytest.raises(ValidationError):
        revoke_card(card, actor=officer, reason="  ")

    revoke_card(card, actor=officer, reason="人才已调离")

    result = verify_card(card.token)
    assert result.found
    assert not result.valid
    assert result.masked_name == "陈*"
    with pytest.raises(Conflict):
        revoke_card(card, actor=officer, reason="again")


def test_verification_shows_only_masked_name_kind_and_validity(county, officer):
    card = issue_green_card(make_talent(county=county, name="欧阳晓明"), actor=officer, **a_year())

    result = verify_card(card.token)

    assert result.found
    assert result.valid
    assert result.masked_name == "欧***"
    assert result.kind_label == "黄冈人才绿卡"  # the city's name for its card (city.json)
    assert not verify_card("not-a-token").found


def test_expired_card_is_not_valid(county):
    from rencai.talents.tests.factories import make_card

    card = make_card(
        make_talent(county=county), valid_from=date(2020, 1, 1), valid_to=date(2022, 12, 31)
    )
    assert not verify_card(card.token).valid


@override_settings(PUBLIC_BASE_URL="https://rencai.example.gov.cn")
def test_qr_code_encodes_public_base_url_and_token(county, officer):
    card = issue_green_card(make_talent(county=county), actor=officer, **a_year())
    assert verification_url(card) == f"https://rencai.example.gov.cn/v/{card.token}"
    assert len(card.token) >= 32


def test_mask_name_shows_the_first_character_only():
    assert mask_name("陈超") == "陈*"
    assert mask_name("李") == "李*"
