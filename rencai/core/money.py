"""Money is integer fen in the database and Decimal yuan at the edges — never float.

Shown to people in one of two ways (templates: `|yuan` and `|wanyuan`):

- `format_yuan`: ¥1,000,000.00 — exact, with thousands separators (tables, receipts,
  refusals, notes). `yuan_digits` is the same without the sign, for sentences whose
  translation places the ¥ itself.
- `format_wanyuan`: a headline figure or prose, rounded to at most two decimals with
  trailing zeros dropped — in Chinese in 万元 (1,660万元, 16.6万元), in English in millions
  (¥16.6 million, ¥0.17 million).

The API and the xlsx files carry plain decimal yuan ("30000.00"), not these.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import get_language

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


def yuan_digits(fen: int) -> str:
    """1,000,000.00: the yuan with thousands separators and two decimals, no sign."""
    return f"{fen_to_yuan(int(fen)):,.2f}"


def format_yuan(fen: int | None) -> str:
    """¥1,000,000.00 ("" for no amount)."""
    if fen is None or fen == "":
        return ""
    return f"¥{yuan_digits(fen)}"


def _rounded(amount: Decimal) -> str:
    """At most two decimals (half up), trailing zeros dropped, thousands separated."""
    value = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text


def format_wanyuan(fen: int | None) -> str:
    """1,660万元 / 16.6万元 in Chinese; ¥16.6 million in English ("" for no amount)."""
    if fen is None or fen == "":
        return ""
    yuan = Decimal(int(fen)) / FEN_PER_YUAN
    if (get_language() or "zh-hans").startswith("zh"):
        return f"{_rounded(yuan / 10_000)}万元"
    return f"¥{_rounded(yuan / 1_000_000)} million"
