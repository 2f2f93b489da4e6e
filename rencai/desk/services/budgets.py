"""Budgets: each benefit's yearly budget, held by its paying department, in fen.

Final approval commits the case's whole amount (one-off: the amount; monthly: amount × months)
to the budget of the decision's year, under a row lock; a payment moves its amount from
committed to spent; closing a case releases what was committed and not paid. Approval that
would exceed what remains is refused with the figures — and the database's CHECK (amount ≥
committed + spent) stands behind the Python check.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rencai.core import audit, clock
from rencai.core.errors import Conflict, PermissionDenied
from rencai.core.money import format_yuan
from rencai.policies.models import Benefit

from .. import permissions
from ..errors import DeskError
from ..instalments import instalments_of
from ..models import Application, Budget


@dataclass(frozen=True)
class BudgetFigures:
    year: int
    amount_fen: int
    committed_fen: int
    spent_fen: int

    @property
    def remaining_fen(self) -> int:
        return self.amount_fen - self.committed_fen - self.spent_fen


def figures(budget: Budget) -> BudgetFigures:
    return BudgetFigures(budget.year, budget.amount_fen, budget.committed_fen, budget.spent_fen)


def total_fen(application: Application) -> int:
    """What the case costs in all: the amount, times the months of a monthly benefit."""
    return (application.amount_fen or 0) * instalments_of(application.benefit)


def decision_year(application: Application) -> int:
    return timezone.localtime(application.decided_at or clock.now()).year


def _locked(benefit: Benefit, year: int) -> Budget | None:
    return Budget.objects.select_for_update().filter(benefit=benefit, year=year).first()


def commit(application: Application, amount_fen: int, *, year: int) -> Budget | None:
    """Commit `amount_fen` for the case, or refuse with the figures (inside the approval)."""
    if amount_fen <= 0:
        return None
    budget = _locked(application.benefit, year)
    if budget is None:
        raise Conflict(
            _("No budget is set for %(benefit)s in %(year)s.")
            % {"benefit": application.benefit.name, "year": year},
            code=DeskError.NO_BUDGET,
        )
    if amount_fen > budget.remaining_fen:
        message = _(
            "Approval would exceed the %(year)s budget: %(remaining)s remaining, %(needed)s needed."
        ) % {
            "year": year,
            "remaining": format_yuan(budget.remaining_fen),
            "needed": format_yuan(amount_fen),
        }
        raise Conflict(message, code=DeskError.BUDGET_EXCEEDED, fields={"budget": [message]})
    budget.committed_fen += amount_fen
    budget.save(update_fields=["committed_fen"])
    return budget


def spend(application: Application, amount_fen: int) -> Budget | None:
    """A payment: committed → spent, on the budget the case was committed to."""
    budget = _locked(application.benefit, decision_year(application))
    if budget is None:
        return None
    moved = min(amount_fen, budget.committed_fen)
    budget.committed_fen -= moved
    budget.spent_fen += amount_fen
    budget.save(update_fields=["committed_fen", "spent_fen"])
    return budget


def release_unpaid(application: Application) -> int:
    """On closing: give back what was committed for the case and not paid. Returns fen."""
    paid = application.disbursements.aggregate(total=Sum("amount_fen"))["total"] or 0
    unpaid = max(0, total_fen(application) - paid)
    if unpaid == 0:
        return 0
    budget = _locked(application.benefit, decision_year(application))
    if budget is None:
        return 0
    released = min(unpaid, budget.committed_fen)
    budget.committed_fen -= released
    budget.save(update_fields=["committed_fen"])
    return released


# --- setting and reading budgets -----------------------------------------------------------


def set_budget(benefit: Benefit, *, actor, year: int, amount_fen: int) -> Budget:
    """Create or change a benefit's budget for a year; never below what is committed and spent."""
    if not permissions.can_set_budget(actor, benefit):
        raise PermissionDenied(gettext_lazy("You may not set this benefit's budget."))
    if amount_fen < 0:
        raise ValidationError({"amount": [gettext_lazy("The amount cannot be negative.")]})
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": [gettext_lazy("Enter a year between 2000 and 2100.")]})
    with transaction.atomic():
        budget = Budget.objects.select_for_update().filter(benefit=benefit, year=year).first()
        before = {"amount_fen": budget.amount_fen if budget else None}
        if budget is None:
            budget = Budget(
                benefit=benefit,
                year=year,
                department_id=permissions.paying_department_id(benefit),
                amount_fen=amount_fen,
            )
        elif amount_fen < budget.committed_fen + budget.spent_fen:
            used = budget.committed_fen + budget.spent_fen
            raise ValidationError(
                {
                    "amount": [
                        _("The budget cannot be less than what is committed and spent (%(used)s).")
                        % {"used": format_yuan(used)}
                    ]
                }
            )
        budget.amount_fen = amount_fen
        try:
            with transaction.atomic():
                budget.save()
        except IntegrityError as exc:
            raise Conflict(gettext_lazy("This budget was changed meanwhile; try again.")) from exc
        audit.record(
            actor,
            "budget.set",
            budget,
            changes=audit.diff(before, {"amount_fen": amount_fen, "year": year}),
        )
    return budget
