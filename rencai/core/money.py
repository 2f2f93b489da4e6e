"""Money is integer fen in the database and Decimal yuan at the edges — never float."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

FEN_PER_YUAN = 100
# The largest amount any form, import or API takes: ¥999,999,999,999.99 (14 digits), far
# inside a bigint; a larger one is a typing error (an identity number in the amount column).
MAX_FEN = 10**14 - 1


class AmountTooLarge(ValueError):
    """More than MAX_FEN."""


def fen_to_yuan(fen: int) -> Decimal:
    return (Decimal(fen) / FEN_PER_YUAN).quantize(Decimal("0.01"))


def yuan_to_fen(yuan: Decimal | str | int) -> int:
    """Parse a yuan amount ("30000.00") to integer fen; refuses floats and sub-fen precision."""
    if isinstance(yuan, float):
        raise TypeError("money must not be a float")
    try:
        amount = Decimal(str(yuan))
    except InvalidOperation as exc:
        raise ValueError(f"not an amount: {yuan!r}") from exc
    if not amount.is_finite():
        raise ValueError(f"not an amount: {yuan!r}")
    fen = amount * FEN_PER_YUAN
    if fen != fen.to_integral_value():
        raise ValueError(f"more than two decimal places: {yuan!r}")
    if abs(fen) > MAX_FEN:
        raise AmountTooLarge(f"too large an amount: {yuan!r}")
    return int(fen.quantize(Decimal(1), rounding=ROUND_HALF_UP))
