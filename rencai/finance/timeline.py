"""Loans in the one-person file: each step of each loan the viewer may see.
Registered in `FinanceConfig.ready()`; with a limit, the n newest steps (a page of the file)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rencai.core.templatetags.rencai import yuan
from rencai.core.timeline import Entry, record_link, register_timeline

from . import selectors
from .choices import LoanState
from .models import LoanEvent

KINDS = {"loan": gettext_lazy("Loans")}


def loan_entries(viewer, talent, limit: int | None = None) -> list[Entry]:
    loans = selectors.loans_for_actor(viewer).filter(talent=talent)
    events = LoanEvent.objects.filter(loan__in=loans.values("pk")).values(
        "pk", "created_at", "to_state", "note", "loan_id", "loan__amount_fen", "loan__bank__name"
    )
    if limit is not None:
        events = events.order_by("-created_at", "-pk")[:limit]
    else:
        events = events.order_by()
    link_to = record_link("finance:loan-detail")
    entries = []
    for event in events:
        entries.append(
            Entry(
                when=event["created_at"],
                kind="loan",
                title=_("Loan %(amount)s at %(bank)s: %(state)s")
                % {
                    "amount": yuan(event["loan__amount_fen"]),
                    "bank": event["loan__bank__name"],
                    "state": LoanState(event["to_state"]).label,
                },
                detail=event["note"],
                link=link_to(event["loan_id"]),
                order=(event["pk"],),
            )
        )
    return entries


def register() -> None:
    register_timeline(
        "finance.loans",
        loan_entries,
        kinds=KINDS,
        order=40,
        limits=True,
        records=[("finance.Loan", "talent")],
    )
