"""Validators for identifiers that organisations and people carry."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc
from stdnum.exceptions import ValidationError as StdnumError

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def validate_credit_code(value: str) -> None:
    """A unified social credit code (GB 32100): 18 characters with a check character."""
    if not value:
        return
    try:
        uscc.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _("Not a valid unified social credit code (18 characters, check character)."),
            code="invalid_credit_code",
        ) from exc


def normalise_mobile(value: str) -> str:
    value = re.sub(r"[\s-]", "", value or "")
    if value.startswith("+86"):
        value = value[3:]
    return value


def validate_mobile(value: str) -> None:
    """A mainland mobile number: 11 digits starting 13–19."""
    if not MOBILE_RE.match(normalise_mobile(value)):
        raise ValidationError(
            _("Enter an 11-digit mobile number starting with 1."), code="invalid_mobile"
        )
