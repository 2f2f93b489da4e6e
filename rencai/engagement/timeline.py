"""Contacts and requests in the one-person file, as far as the viewer's scope reaches.
Registered in `EngagementConfig.ready()`; with a limit, the n newest contacts (a page of the
file)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rencai.core.timeline import Entry, choice_label, moment, record_link, register_timeline

from . import selectors
from .models import ContactLog, TalentRequest

CONTACT_KINDS = {"contact": gettext_lazy("Leader contact")}
REQUEST_KINDS = {"request": gettext_lazy("Requests")}


def contact_entries(viewer, talent, limit: int | None = None) -> list[Entry]:
    logs = selectors.logs_for_actor(viewer).filter(pairing__talent=talent)
    logs = logs.order_by("-happened_on", "-pk")[:limit] if limit is not None else logs.order_by()
    link_to = record_link("engagement:pairing-detail")
    kind = choice_label(ContactLog, "kind")
    entries = []
    for log in logs.values(
        "pk",
        "happened_on",
        "kind",
        "summary",
        "pairing_id",
        "pairing__leader__display_name",
        "pairing__leader__username",
    ):
        # the leader as `User.__str__` names them
        leader = log["pairing__leader__display_name"] or log["pairing__leader__username"]
        entries.append(
            Entry(
                when=moment(log["happened_on"]),
                kind="contact",
                title=_("%(kind)s by %(leader)s") % {"kind": kind(log["kind"]), "leader": leader},
                detail=log["summary"],
                link=link_to(log["pairing_id"]),
                order=(log["pk"],),
            )
        )
    return entries


def request_entries(viewer, talent) -> list[Entry]:
    link_to = record_link("engagement:request-detail")
    satisfaction = choice_label(TalentRequest, "satisfaction")
    requests = selectors.requests_for_actor(viewer).filter(talent=talent)
    entries = []
    for request in requests.order_by().values(
        "pk", "raised_at", "closed_at", "title", "satisfaction", "department__name"
    ):
        link = link_to(request["pk"])
        entries.append(
            Entry(
                when=request["raised_at"],
                kind="request",
                title=_("Request raised: %(title)s") % {"title": request["title"]},
                detail=request["department__name"] or "",
                link=link,
                order=(request["pk"], 0),
            )
        )
        if request["closed_at"]:
            entries.append(
                Entry(
                    when=request["closed_at"],
                    kind="request",
                    title=_("Request closed: %(title)s") % {"title": request["title"]},
                    detail=satisfaction(request["satisfaction"]),
                    link=link,
                    order=(request["pk"], 1),
                )
            )
    return entries


def register() -> None:
    register_timeline(
        "engagement.contacts",
        contact_entries,
        kinds=CONTACT_KINDS,
        order=80,
        limits=True,
        records=[("engagement.ContactPairing", "talent")],  # a log is of a pairing
    )
    register_timeline(
        "engagement.requests",
        request_entries,
        kinds=REQUEST_KINDS,
        order=81,
        records=[("engagement.TalentRequest", "talent")],
    )
