from django.db import models
from django.utils.translation import gettext_lazy as _


class BorrowerKind(models.TextChoices):
    """Who borrows: the loan products' limits differ by kind."""

    INDIVIDUAL = "individual", _("Individual")
    PARTNERSHIP = "partnership", _("Partnership")
    SMALL_BUSINESS = "small_business", _("Small business")


# Kinds that borrow through an organisation (the loan names it).
ORGANISATION_KINDS = frozenset({BorrowerKind.PARTNERSHIP, BorrowerKind.SMALL_BUSINESS})


class Repayment(models.TextChoices):
    INTEREST_QUARTERLY_BULLET = (
        "interest_quarterly",
        _("Interest quarterly, principal at maturity"),
    )


class DayCount(models.TextChoices):
    ACTUAL_360 = "act_360", _("Actual days over a 360-day year")
    ACTUAL_365 = "act_365", _("Actual days over a 365-day year")


class Rounding(models.TextChoices):
    HALF_UP = "half_up", _("To the fen, halves up")
    DOWN = "down", _("To the fen, fractions dropped")


class Channel(models.TextChoices):
    SELF = "self", _("The talent online")
    WINDOW = "window", _("At a window")
    VISIT = "visit", _("An officer's visit")


class LoanState(models.TextChoices):
    APPLIED = "applied", _("Applied: documents to check")
    DOCUMENTS = "documents", _("Documents complete: guarantee review")
    GUARANTEED = "guaranteed", _("Guarantee approved: bank review")
    APPROVED = "approved", _("Approved: contract to sign")
    CONTRACTED = "contracted", _("Contract signed: to disburse")
    DISBURSED = "disbursed", _("Disbursed")
    REPAID = "repaid", _("Repaid")
    DEFAULTED = "defaulted", _("Defaulted: guarantee fund paid")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The states before money is lent, in order: the queue a bank officer works.
PIPELINE = (
    LoanState.APPLIED,
    LoanState.DOCUMENTS,
    LoanState.GUARANTEED,
    LoanState.APPROVED,
    LoanState.CONTRACTED,
)
OPEN_STATES = frozenset(PIPELINE)
LENT_STATES = frozenset({LoanState.DISBURSED, LoanState.REPAID, LoanState.DEFAULTED})
FINAL_STATES = frozenset(
    {LoanState.REPAID, LoanState.DEFAULTED, LoanState.REJECTED, LoanState.WITHDRAWN}
)


class EndReason(models.TextChoices):
    MATURED = "matured", _("Repaid at maturity")
    EARLY = "early", _("Repaid early")
    DEFAULT = "default", _("Default")
