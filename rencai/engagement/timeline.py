"""Contacts and requests in the one-person file, as far as the viewer's scope reaches.
Registered in `EngagementConfig.ready()`; with a limit, the n newest contacts (a page of the
file)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rencai.core.timeline import Entry, moment, register_timeline

from . import selectors

CONTACT_KINDS = {"contact": gettext_lazy("Leader contact")}
REQUEST_KINDS = {"request": gettext_lazy("Requests")}


def contact_entries(viewer, talent, limit: int | None = None) -> list[Entry]:
    logs = selectors.logs_for_actor(viewer).filter(pairing__talent=talent)
    if limit is not None:
        logs = logs.order_by("-happened_on", "-pk")[:limit]
    entries = []
    for log in logs:
        entries.append(
            Entry(
                when=moment(log.happened_on),
                kind="contact",
                title=_("%(kind)s by %(leader)s")
                % {"kind": log.get_kind_display(), "leader": log.pairing.leader},
                detail=log.summary,
                link=reverse("engagement:pairing-detail", args=[log.pairing_id]),
                order=(log.pk,),
            )
        )
    return entries


def request_entries(viewer, talent) -> list[Entry]:
    entries = []
    for request in selectors.requests_for_actor(viewer).filter(talent=talent):
        link = reverse("engagement:request-detail", args=[request.pk])
        entries.append(
            Entry(
                when=request.raised_at,
                kind="request",
                title=_("Request raised: %(title)s") % {"title": request.title},
                detail=request.department.name if request.department else "",
                link=link,
                order=(request.pk, 0),
            )
        )
        if request.closed_at:
            entries.append(
                Entry(
                    when=request.closed_at,
                    kind="request",
                    title=_("Request closed: %(title)s") % {"title": request.title},
                    detail=request.get_satisfaction_display(),
                    link=link,
                    order=(request.pk, 1),
                )
            )
    return entries


def register() -> None:
    register_timeline(
        "engagement.contacts", contact_entries, kinds=CONTACT_KINDS, order=80, limits=True
    )
    register_timeline("engagement.requests", request_entries, kinds=REQUEST_KINDS, order=81)
