"""Cases and payments in the one-person file, as far as the viewer's case scope reaches.
Registered in `DeskConfig.ready()`."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rencai.core.money import format_yuan
from rencai.core.timeline import Entry, moment, register_timeline

from . import selectors

KINDS = {"case": gettext_lazy("Cases"), "payment": gettext_lazy("Payments")}


def _case_link(viewer, case) -> str:
    if case.talent.user_id == viewer.pk:
        return reverse("desk:my-application-detail", args=[case.pk])
    return reverse("desk:application-detail", args=[case.pk])


def case_entries(viewer, talent) -> list[Entry]:
    cases = list(selectors.applications_for_actor(viewer).filter(talent=talent))
    entries = []
    for case in cases:
        link = _case_link(viewer, case)
        entries.append(
            Entry(
                when=case.created_at,
                kind="case",
                title=_("Case opened: %(benefit)s") % {"benefit": case.benefit.name},
                detail=case.get_channel_display(),
                link=link,
            )
        )
        if case.decided_at:
            entries.append(
                Entry(
                    when=case.decided_at,
                    kind="case",
                    title=_("Case decided: %(benefit)s — %(state)s")
                    % {"benefit": case.benefit.name, "state": case.get_state_display()},
                    link=link,
                )
            )
    payments = selectors.disbursements_for_actor(viewer).filter(application__talent=talent)
    for payment in payments:
        entries.append(
            Entry(
                when=moment(payment.paid_on),
                kind="payment",
                title=_("Paid: %(benefit)s") % {"benefit": payment.application.benefit.name},
                detail=format_yuan(payment.amount_fen),
            )
        )
    return entries


def register() -> None:
    register_timeline("desk.cases", case_entries, kinds=KINDS, order=30)
