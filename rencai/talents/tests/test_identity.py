from datetime import date

import pytest
from django.core.exceptions import ValidationError

from rencai.talents.choices import IdType, Sex
from rencai.talents.identity import make_ric, parse_id

pytestmark = pytest.mark.portable
TODAY = date(2026, 11, 28)


def test_valid_resident_number_gives_birth_date_and_sex():
    number = make_ric("421182", date(1994, 2, 28), 123)

    parsed = parse_id(IdType.RIC, number, today=TODAY)

    assert parsed.birth_date == date(1994, 2, 28)
    assert parsed.sex == Sex.MALE  # the 17th digit (3) is odd


def test_trailing_lower_case_x_is_stored_as_upper_case():
    body = "42112119900101009"  # its check digit is X
    parsed = parse_id(IdType.RIC, body + "x", today=TODAY)
    assert parsed.number == body + "X"


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("421182199402281230", "invalid_checksum"),
        ("42118219940228123", "invalid_id_number"),
        ("4211821994022812AB", "invalid_id_number"),
    ],
)
def test_bad_resident_numbers_are_refused_with_a_reason(number, code):
    with pytest.raises(ValidationError) as exc:
        parse_id(IdType.RIC, number, today=TODAY)
    assert exc.value.code == code


def test_future_birth_date_in_the_number_is_refused():
    number = make_ric("421121", date(2027, 1, 1), 1)
    with pytest.raises(ValidationError) as exc:
        parse_id(IdType.RIC, number, today=TODAY)
    assert exc.value.code == "future_birth_date"


def test_impossible_birth_date_is_refused():
    body = "42112119930230001"  # 30 February
    from stdnum.cn.ric import calc_check_digit

    with pytest.raises(ValidationError) as exc:
        parse_id(IdType.RIC, body + calc_check_digit(body + "0"), today=TODAY)
    assert exc.value.code == "invalid_birth_date"


def test_unknown_area_code_is_accepted():
    # An area code outside the known divisions is a warning elsewhere, never an error here.
    assert parse_id(IdType.RIC, make_ric("990000", date(1990, 1, 1), 5), today=TODAY)


def test_residence_permit_must_start_with_hk_macao_or_taiwan_code():
    assert parse_id(IdType.HK_MO_TW_RESIDENCE, make_ric("810000", date(1990, 5, 5), 7), today=TODAY)
    with pytest.raises(ValidationError):
        parse_id(IdType.HK_MO_TW_RESIDENCE, make_ric("421121", date(1990, 5, 5), 7), today=TODAY)


def test_passport_needs_letters_and_digits_only():
    assert parse_id(IdType.PASSPORT, "e12345678", today=TODAY).number == "E12345678"
    with pytest.raises(ValidationError):
        parse_id(IdType.PASSPORT, "E1234-5678", today=TODAY)


def test_the_standard_example_number_is_valid():
    # GB 11643's own example: the check digit covers all 17 digits before it.
    assert parse_id(IdType.RIC, "11010519491231002X", today=TODAY).birth_date == date(1949, 12, 31)
