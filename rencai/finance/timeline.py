"""Loans in the one-person file: each step of each loan the viewer may see.
Registered in `FinanceConfig.ready()`; with a limit, the n newest steps (a page of the file)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rencai.core.templatetags.rencai import yuan
from rencai.core.timeline import Entry, register_timeline

from . import selectors
from .choices import LoanState
from .models import LoanEvent

KINDS = {"loan": gettext_lazy("Loans")}


def loan_entries(viewer, talent, limit: int | None = None) -> list[Entry]:
    loans = selectors.loans_for_actor(viewer).filter(talent=talent)
    events = (
        LoanEvent.objects.filter(loan__in=loans)
        .select_related("loan__product", "loan__bank")
        .order_by("created_at", "pk")
    )
    if limit is not None:
        events = events.order_by("-created_at", "-pk")[:limit]
    entries = []
    for event in events:
        loan = event.loan
        entries.append(
            Entry(
                when=event.created_at,
                kind="loan",
                title=_("Loan %(amount)s at %(bank)s: %(state)s")
                % {
                    "amount": yuan(loan.amount_fen),
                    "bank": loan.bank.name,
                    "state": LoanState(event.to_state).label,
                },
                detail=event.note,
                link=reverse("finance:loan-detail", args=[loan.pk]),
                order=(event.pk,),
            )
        )
    return entries


def register() -> None:
    register_timeline("finance.loans", loan_entries, kinds=KINDS, order=40, limits=True)
