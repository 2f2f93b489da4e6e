"""The medical channel's menu entries and home panels: the liaison's day, the health
bureau's overview, a talent's bookings. Registered in `MedicalConfig.ready()`."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from rencai.core.choices import Role
from rencai.core.navigation import register_home_panel, register_nav

from . import permissions, selectors, workflow
from .choices import AppointmentStatus

CHANNEL = {Role.HOSPITAL_LIAISON, Role.DEPARTMENT_OFFICER, Role.TASK_FORCE, Role.COUNTY_OFFICER}


UPCOMING = 8


def liaison_panel(actor, today: date) -> dict:
    """Today's visits at the liaison's hospital, each with its one next step, and the next
    days' bookings (the first few), so a day without visits still shows what comes."""
    visits = list(selectors.todays_list(actor, today))
    return {
        "today": today,
        "visits": [(v, workflow.next_step(v)) for v in visits],
        "upcoming": list(selectors.upcoming_list(actor, today)[:UPCOMING]),
    }


def health_panel(actor, today: date) -> dict | None:
    if not permissions.health_department_ids(actor):
        return None
    counts = selectors.appointments_for_actor(actor).aggregate(
        today=Count("pk", filter=Q(slot__date=today)),
        upcoming=Count("pk", filter=Q(slot__date__gt=today, status=AppointmentStatus.BOOKED)),
        completed=Count("pk", filter=Q(status=AppointmentStatus.FULFILLED)),
    )
    return {"counts": counts, "hospitals": selectors.hospitals().count()}


def talent_panel(actor, today: date) -> dict | None:
    upcoming = (
        selectors.appointments_for_actor(actor)
        .filter(talent__user_id=actor.pk, slot__date__gte=today, status=AppointmentStatus.BOOKED)
        .order_by("slot__date", "slot__start_time")[:5]
    )
    return {"upcoming": list(upcoming)}


def _sees_lists(actor) -> bool:
    return permissions.can_see_channel_lists(actor)


def register() -> None:
    register_nav(
        "medical.today",
        url_name="medical:today",
        label=_("Today's visits"),
        roles={Role.HOSPITAL_LIAISON},
        order=120,
    )
    register_nav(
        "medical.appointments",
        url_name="medical:appointment-list",
        label=_("Green channel"),
        roles=CHANNEL,
        order=500,
    )
    register_nav(
        "medical.slots",
        url_name="medical:slot-list",
        label=_("Slots"),
        roles={Role.HOSPITAL_LIAISON},
        order=510,
    )
    register_nav(
        "medical.records",
        url_name="medical:record-list",
        label=_("Health records"),
        roles=CHANNEL,
        order=520,
    )
    register_nav(
        "medical.book",
        url_name="medical:book",
        label=_("Green channel"),
        roles={Role.TALENT},
        order=430,
    )
    register_home_panel(
        "medical.liaison",
        template="medical/home/liaison.html",
        roles={Role.HOSPITAL_LIAISON},
        build=liaison_panel,
        order=120,
    )
    register_home_panel(
        "medical.health",
        template="medical/home/health.html",
        roles={Role.DEPARTMENT_OFFICER},
        build=health_panel,
        order=320,
    )
    register_home_panel(
        "medical.talent",
        template="medical/home/talent.html",
        roles={Role.TALENT},
        build=talent_panel,
        order=710,
    )
