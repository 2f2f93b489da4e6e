"""Cases and payments in the one-person file, as far as the viewer's case scope reaches.
Registered in `DeskConfig.ready()`.

With a limit (a page of the file) only the cases of the n newest openings and of the n
newest decisions are read, and the n newest payments (ORDER BY … DESC LIMIT n), only the
columns their entries show (`values()`): at a million talents a talent with 300 cases made
the file build 900 entries from whole model instances for a page of 30 (issue 15)."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rencai.core.money import format_yuan
from rencai.core.timeline import Entry, first_of_each_kind, moment, record_link, register_timeline

from . import selectors
from .choices import ApplicationState, Channel

KINDS = {"case": gettext_lazy("Cases"), "payment": gettext_lazy("Payments")}

# the step of a case at one moment (`Entry.order`): opened, then decided
OPENED, DECIDED = 0, 1


def case_entries(viewer, talent, limit: int | None = None) -> list[Entry]:
    cases = selectors.applications_for_actor(viewer).filter(talent=talent)
    payments = (
        selectors.disbursements_for_actor(viewer)
        .filter(application__talent=talent)
        .order_by("-paid_on", "-pk")
        .values("pk", "paid_on", "amount_fen", "application__benefit__name")
    )
    if limit is not None:
        # the cases of the n newest openings and of the n newest decisions, in one query
        opened = cases.order_by("-created_at", "-pk").values("pk")[:limit]
        decided = cases.filter(decided_at__isnull=False).order_by("-decided_at", "-pk")
        cases = cases.filter(Q(pk__in=opened) | Q(pk__in=decided.values("pk")[:limit]))
        payments = payments[:limit]
    # the talent's own case pages for the talent
    own = talent.user_id == viewer.pk
    link_to = record_link("desk:my-application-detail" if own else "desk:application-detail")
    entries = []
    for case in cases.order_by().values(
        "pk", "created_at", "decided_at", "channel", "state", "benefit__name"
    ):
        link = link_to(case["pk"])
        entries.append(
            Entry(
                when=case["created_at"],
                kind="case",
                title=_("Case opened: %(benefit)s") % {"benefit": case["benefit__name"]},
                detail=str(Channel(case["channel"]).label),
                link=link,
                order=(case["pk"], OPENED),
            )
        )
        if case["decided_at"]:
            state = ApplicationState(case["state"]).label
            entries.append(
                Entry(
                    when=case["decided_at"],
                    kind="case",
                    title=_("Case decided: %(benefit)s — %(state)s")
                    % {"benefit": case["benefit__name"], "state": state},
                    link=link,
                    order=(case["pk"], DECIDED),
                )
            )
    entries.extend(
        Entry(
            when=moment(payment["paid_on"]),
            kind="payment",
            title=_("Paid: %(benefit)s") % {"benefit": payment["application__benefit__name"]},
            detail=format_yuan(payment["amount_fen"]),
            order=(payment["pk"],),
        )
        for payment in payments
    )
    return first_of_each_kind(entries, limit)


def register() -> None:
    # a payment is of a case: the talent's cases are the records
    register_timeline(
        "desk.cases",
        case_entries,
        kinds=KINDS,
        order=30,
        limits=True,
        records=[("desk.Application", "talent")],
    )
