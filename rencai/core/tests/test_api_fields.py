"""The API's shared fields: one YuanField for money, ids bounded to a bigint."""

from decimal import Decimal

import pytest
from rest_framework.exceptions import ValidationError

from rencai.core.api.fields import MAX_ID, IdField, YuanField, checked_id

pytestmark = pytest.mark.portable


@pytest.mark.parametrize(
    ("sent", "fen"),
    [
        ("30000.00", 3_000_000),
        ("30000", 3_000_000),
        (30000, 3_000_000),
        ("0.5", 50),
        (12.34, 1234),
        (Decimal("1.10"), 110),
    ],
)
def test_yuan_field_takes_yuan_and_gives_fen(sent, fen):
    assert YuanField().to_internal_value(sent) == fen


@pytest.mark.parametrize("sent", ["1.005", "abc", "", "NaN", "Infinity", "1e400", -1, True, None])
def test_yuan_field_refuses_what_is_not_an_amount(sent):
    with pytest.raises(ValidationError):
        YuanField().to_internal_value(sent)


def test_yuan_field_shows_two_decimals():
    assert YuanField().to_representation(3_000_000) == "30000.00"
    assert YuanField().to_representation(5) == "0.05"
    assert YuanField().to_representation(None) is None


@pytest.mark.parametrize("sent", [0, -1, MAX_ID + 1, float("inf"), "1e400", "x"])
def test_id_field_refuses_what_cannot_name_a_row(sent):
    with pytest.raises(ValidationError):
        IdField().run_validation(sent)


@pytest.mark.parametrize("sent", [0, MAX_ID + 1, 1e400, "x"])
def test_checked_id_is_none_for_what_cannot_name_a_row(sent):
    assert checked_id(sent) is None
