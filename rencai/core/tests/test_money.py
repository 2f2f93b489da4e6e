"""Money: yuan strings at the edges, integer fen inside, never floats."""

from decimal import Decimal

import pytest

from rencai.core.money import MAX_FEN, AmountTooLarge, fen_to_yuan, yuan_to_fen


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
