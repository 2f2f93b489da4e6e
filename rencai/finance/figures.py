"""Finance's figures: loans disbursed and the amount lent, by the borrower's county, bank,
product, reviewing guarantee centre (the dashboard's department) and month. Registered in
`FinanceConfig.ready()`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rencai.core.figures import Figure, Kind, Measure, Unit, register_figure

from .choices import LENT_STATES
from .models import Loan
from .permissions import scope_q

LOAN_COUNTY = _("the borrower's county when they applied")
# a loan's department: the guarantee centre that reviews it (the department officers who see a
# loan by the loan itself; the county human-resources offices see theirs by county, and the
# benefit's owner, the city's human-resources bureau, is the same for every loan)
BREAKDOWNS = {"bank": "bank", "product": "product", "department": "guarantor"}
DRILLDOWN = {
    "county": "county",
    "from": "disbursed_from",
    "to": "disbursed_to",
    "department": "department",
}


def lent_loans(actor):
    return Loan.objects.filter(scope_q(actor)).filter(
        state__in=LENT_STATES, disbursed_on__isnull=False
    )


def register() -> None:
    register_figure(
        Figure(
            name="finance.loans_disbursed",
            label=_("Guarantee loans disbursed"),
            unit=Unit.ITEMS,
            kind=Kind.COUNT,
            measure=Measure.FLOW,
            records=lent_loans,
            date_field="disbursed_on",
            county_field="county",
            attribution=LOAN_COUNTY,
            breakdowns=BREAKDOWNS,
            drilldown="finance:loan-list",
            drilldown_params=DRILLDOWN,
            description=_("Start-up guarantee loans whose money was lent within the period."),
        ),
        order=60,
    )
    register_figure(
        Figure(
            name="finance.amount_disbursed",
            label=_("Guarantee loan amount disbursed"),
            unit=Unit.FEN,
            kind=Kind.SUM,
            measure=Measure.FLOW,
            records=lent_loans,
            date_field="disbursed_on",
            county_field="county",
            attribution=LOAN_COUNTY,
            value_field="amount_fen",
            breakdowns=BREAKDOWNS,
            drilldown="finance:loan-list",
            drilldown_params=DRILLDOWN,
            description=_("The principal of start-up guarantee loans lent within the period."),
        ),
        order=61,
    )
