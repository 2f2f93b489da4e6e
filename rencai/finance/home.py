"""Finance's menu entries and home panels: the bank officer's queue (with the step and the
working days left on each loan), and the guarantee centre's reviews."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _

from rencai.core.choices import Role
from rencai.core.navigation import register_home_panel, register_nav

from . import selectors
from .choices import LoanState
from .models import LoanProduct
from .permissions import department_ids

QUEUE_SIZE = 20
SEERS = frozenset(
    {
        Role.BANK_OFFICER,
        Role.DEPARTMENT_OFFICER,
        Role.TASK_FORCE,
        Role.CITY_ADMIN,
        Role.COUNTY_OFFICER,
        Role.WINDOW_CLERK,
        Role.TALENT,
    }
)


def bank_panel(actor, today: date) -> dict:
    rows = selectors.queue_for_actor(actor, today=today)
    return {"rows": rows[:QUEUE_SIZE], "total": len(rows), "overdue": sum(r.overdue for r in rows)}


def guarantee_panel(actor, today: date) -> dict | None:
    """The guarantee centre's reviews; nothing for departments that guarantee no product."""
    if not LoanProduct.objects.filter(guarantor_id__in=department_ids(actor)).exists():
        return None
    rows = [
        r
        for r in selectors.queue_for_actor(actor, today=today)
        if r.loan.state == LoanState.DOCUMENTS and r.loan.guarantor_id is not None
    ]
    mine = department_ids(actor)
    rows = [r for r in rows if r.loan.guarantor_id in mine]
    if not rows:
        return None
    return {"rows": rows[:QUEUE_SIZE], "total": len(rows), "overdue": sum(r.overdue for r in rows)}


def talent_panel(actor, today: date) -> dict | None:
    """The talent's own loans (the latest few), on their home; nothing when they have none."""
    loans = list(
        selectors.loans_for_actor(actor).filter(talent__user_id=actor.pk).order_by("-pk")[:5]
    )
    return {"loans": loans} if loans else None


def register() -> None:
    register_nav(
        "finance.loans",
        url_name="finance:loan-list",
        label=_("Loans"),
        roles=SEERS,
        order=560,
    )
    register_nav(
        "finance.apply",
        url_name="finance:loan-apply",
        label=_("Apply for a loan"),
        roles={Role.WINDOW_CLERK, Role.TALENT},
        order=565,
    )
    register_nav(
        "finance.claims",
        url_name="finance:claims",
        label=_("Subsidy claims"),
        roles={Role.BANK_OFFICER, Role.TASK_FORCE},
        order=570,
    )
    register_home_panel(
        "finance.bank",
        template="finance/home/bank.html",
        roles={Role.BANK_OFFICER},
        build=bank_panel,
        order=200,
    )
    register_home_panel(
        "finance.guarantee",
        template="finance/home/guarantee.html",
        roles={Role.DEPARTMENT_OFFICER},
        build=guarantee_panel,
        order=320,
    )
    register_home_panel(
        "finance.talent",
        template="finance/home/talent.html",
        roles={Role.TALENT},
        build=talent_panel,
        order=730,
    )
