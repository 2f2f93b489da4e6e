"""Serializer fields every app's API shares: ids, references to rows, and money.

- `IdField`: an id in a body or a query string — a positive integer that fits a bigint, so
  `1e400` or `9223372036854775808` answers 400 instead of overflowing the database driver.
- `RefField`: a reference to a row by id; a missing one is a 400 naming the field.
- `YuanField`: integer fen in the model, `"30000.00"` in JSON (a string with a pattern).
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from rencai.core.money import MAX_FEN, AmountTooLarge, fen_to_yuan, yuan_to_fen

MAX_ID = 2**63 - 1
YUAN_PATTERN = r"^-?\d{1,12}(\.\d{1,2})?$"


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdField(serializers.IntegerField):
    """A row's id: 1 … 2⁶³−1 (anything else cannot name a row)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


def checked_id(value) -> int | None:
    """`value` as an id, or None when it cannot be one (not an integer, out of range)."""
    if isinstance(value, bool):
        return None
    try:
        number = IdField().run_validation(value)
    except serializers.ValidationError:
        return None
    return number


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class RefField(serializers.PrimaryKeyRelatedField):
    """A row by id; a missing (or out-of-range) id is a field error, never a 404 or a 500."""

    default_error_messages = {
        "does_not_exist": _("Not found."),
        "incorrect_type": _("A whole number is required."),
    }

    def to_internal_value(self, data):
        if checked_id(data) is None:
            self.fail("does_not_exist" if isinstance(data, int) else "incorrect_type")
        return super().to_internal_value(data)


@extend_schema_field(
    {
        "type": "string",
        "pattern": YUAN_PATTERN,
        "example": "30000.00",
        "description": "Yuan with two decimals.",
    }
)
class YuanField(serializers.Field):
    """Money: integer fen in the model ↔ `"30000.00"` (yuan, two decimals) in JSON.

    Takes a string (or a JSON number, read back from its shortest repr) and gives the view
    integer fen; more than two decimal places, NaN or infinity is a field error.
    """

    default_error_messages = {
        "invalid": _("An amount in yuan is required, e.g. 30000.00."),
        "places": _("At most two decimal places."),
        "too_large": _("The amount is too large."),
        "negative": _("The amount must not be negative."),
    }

    def __init__(self, *, allow_negative: bool = False, **kwargs):
        self.allow_negative = allow_negative
        super().__init__(**kwargs)

    def to_representation(self, value):
        return None if value is None else f"{fen_to_yuan(value):.2f}"

    def to_internal_value(self, data) -> int:
        if isinstance(data, bool) or not isinstance(data, (str, int, Decimal, float)):
            self.fail("invalid")
        if isinstance(data, float):  # the shortest repr is what the client wrote
            data = repr(data)
        text = str(data).strip()
        if isinstance(data, str) and (len(text) > 20 or not text):
            self.fail("invalid")
        try:
            fen = yuan_to_fen(text)
        except AmountTooLarge:
            self.fail("too_large")
        except ValueError as exc:
            self.fail("places" if "decimal places" in str(exc) else "invalid")
        if fen < 0 and not self.allow_negative:
            self.fail("negative")
        if abs(fen) > MAX_FEN:
            self.fail("too_large")
        return fen
