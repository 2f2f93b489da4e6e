"""Finance's error codes: stable strings the API returns beside a Chinese message."""

from django.db import models

from rencai.core.errors import DomainError


class LoanError(models.TextChoices):
    NOT_ELIGIBLE = "not_eligible"
    UNCONFIRMED = "unconfirmed"
    OVER_LIMIT = "over_limit"
    TERM_TOO_LONG = "term_too_long"
    SUBSIDY_LIMIT = "subsidy_limit"
    BANK_NOT_PARTNER = "bank_not_partner"
    PRODUCT_INACTIVE = "product_inactive"
    ORGANISATION_REQUIRED = "organisation_required"
    ORGANISATION_NOT_ALLOWED = "organisation_not_allowed"
    RATE_OVER_CAP = "rate_over_cap"
    NO_LPR = "no_lpr"
    BAD_DATE = "bad_date"
    BAD_AMOUNT = "bad_amount"
    REASON_REQUIRED = "reason_required"


class LoanRefused(DomainError):
    """An application or a step refused, with reasons a person can act on."""

    status = 400
