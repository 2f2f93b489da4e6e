"""Money: yuan strings at the edges, integer fen inside, never floats."""

from decimal import Decimal

import pytest
from django.utils import translation

from rencai.core.money import (
    MAX_FEN,
    AmountTooLarge,
    fen_to_yuan,
    format_wanyuan,
    format_yuan,
    yuan_to_fen,
)


@pytest.mark.parametrize(
    ("yuan", "fen"),
    [("30000.00", 3_000_000), ("0.01", 1), (Decimal("12.5"), 1250), (7, 700)],
)
def test_yuan_to_fen_and_back(yuan, fen):
    assert yuan_to_fen(yuan) == fen
    assert fen_to_yuan(fen) == Decimal(str(yuan)).quantize(Decimal("0.01"))


@pytest.mark.parametrize("bad", ["abc", "1.001", "NaN", "Infinity", ""])
def test_not_an_amount_is_refused(bad):
    with pytest.raises(ValueError, match="not an amount|decimal places"):
        yuan_to_fen(bad)


def test_a_float_is_refused():
    with pytest.raises(TypeError):
        yuan_to_fen(0.1)


def test_the_largest_amount_is_fourteen_digits_and_an_identity_number_is_too_large():
    assert yuan_to_fen("999999999999.99") == MAX_FEN
    with pytest.raises(AmountTooLarge):
        yuan_to_fen("421182199001011234")


@pytest.mark.parametrize(
    ("fen", "shown"),
    [(100_000_000, "¥1,000,000.00"), (1, "¥0.01"), (0, "¥0.00"), (None, "")],
)
def test_money_is_shown_in_yuan_with_thousands_separators(fen, shown):
    assert format_yuan(fen) == shown


@pytest.mark.parametrize(
    ("fen", "chinese", "english"),
    [
        (1_660_000_000, "1,660万元", "¥16.6 million"),
        (16_600_000, "16.6万元", "¥0.17 million"),
        (500_000, "0.5万元", "¥0.01 million"),
        (123_456_789_00, "12,345.68万元", "¥123.46 million"),
    ],
)
def test_headline_figures_are_shown_in_wan_yuan_or_millions(fen, chinese, english):
    with translation.override("zh-hans"):
        assert format_wanyuan(fen) == chinese
    with translation.override("en"):
        assert format_wanyuan(fen) == english
    assert format_wanyuan(None) == ""
