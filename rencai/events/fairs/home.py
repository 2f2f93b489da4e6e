"""Job fairs' menu entries and home panels: the enterprise contact's positions and the intents
awaiting them; the fair organiser's fairs. Registered in `FairsConfig.ready()`."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from rencai.core.choices import Role
from rencai.core.navigation import register_home_panel, register_nav

from . import permissions, selectors
from .choices import IntentStatus


def contact_panel(actor, today: date) -> dict | None:
    organisations = sorted(permissions.contact_organisation_ids(actor))
    if not organisations:
        return None
    positions = selectors.managed_positions(actor).filter(
        participant__organisation_id__in=organisations
    )
    pending = (
        selectors.intents_for_actor(actor)
        .filter(
            position__participant__organisation_id__in=organisations,
            status=IntentStatus.PROPOSED,
            enterprise_confirmed_at__isnull=True,
        )
        .order_by("-created_at")
    )
    totals = positions.aggregate(positions=Count("pk"), places=Sum("headcount"))
    return {
        "positions": totals["positions"],
        "places": totals["places"] or 0,
        "pending": list(pending[:10]),
        "pending_count": pending.count(),
    }


def organiser_panel(actor, today: date) -> dict | None:
    organisers = sorted(permissions.organiser_ids(actor))
    if not organisers:
        return None
    fairs = (
        selectors.fairs_for_actor(actor)
        .filter(organiser_id__in=organisers)
        .annotate(
            enterprises=Count("fair_enterprises", distinct=True),
            positions=Count("fair_enterprises__positions", distinct=True),
        )
        .order_by("-starts_at")[:5]
    )
    fairs = list(fairs)
    if not fairs:
        return None
    return {"fairs": fairs}


def talent_panel(actor, today: date) -> dict | None:
    intents = selectors.intents_for_actor(actor).filter(talent__user_id=actor.pk)
    waiting = intents.filter(
        Q(status=IntentStatus.PROPOSED) & Q(seeker_confirmed_at__isnull=True)
    ).order_by("-created_at")[:5]
    waiting = list(waiting)
    if not waiting:
        return None
    return {"waiting": waiting}


def register() -> None:
    register_nav(
        "fairs.mine",
        url_name="fairs:my-positions",
        label=_("Our positions"),
        roles={Role.ENTERPRISE_CONTACT},
        order=130,
    )
    register_nav(
        "fairs.fairs",
        url_name="fairs:fair-list",
        label=_("Job fairs"),
        roles={Role.DEPARTMENT_OFFICER, Role.TASK_FORCE, Role.TALENT, Role.ENTERPRISE_CONTACT},
        order=540,
    )
    register_home_panel(
        "fairs.contact",
        template="fairs/home/contact.html",
        roles={Role.ENTERPRISE_CONTACT},
        build=contact_panel,
        order=130,
    )
    register_home_panel(
        "fairs.organiser",
        template="fairs/home/organiser.html",
        roles={Role.DEPARTMENT_OFFICER},
        build=organiser_panel,
        order=340,
    )
    register_home_panel(
        "fairs.talent",
        template="fairs/home/talent.html",
        roles={Role.TALENT},
        build=talent_panel,
        order=730,
    )
