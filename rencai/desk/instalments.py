"""How many payments a case makes, and which are still to pay (reads shared by the
permissions, the selectors and the payment service)."""

from __future__ import annotations

from rencai.policies.choices import Periodicity
from rencai.policies.models import Benefit

from .models import Application


def instalments_of(benefit: Benefit) -> int:
    """How many payments a case of `benefit` makes: the months of a monthly benefit, else 1."""
    return (benefit.months or 1) if benefit.periodicity == Periodicity.MONTHLY else 1


def instalments_paid(application: Application) -> set[int]:
    return set(application.disbursements.values_list("instalment", flat=True))


def instalments_left(application: Application) -> list[int]:
    """The instalments not yet paid, in order (one-off: [1] until paid)."""
    if not application.amount_fen:
        return []
    paid = instalments_paid(application)
    total = instalments_of(application.benefit)
    return [n for n in range(1, total + 1) if n not in paid]
