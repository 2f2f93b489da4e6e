"""The events' menu entries and home panels: organisers see their events and today's
check-ins; talents the events they may join and their registrations. Registered in
`EventsConfig.ready()`."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rencai.core import clock
from rencai.core.choices import Role
from rencai.core.navigation import register_home_panel, register_nav

from . import audience, selectors
from .choices import EventStatus
from .models import CheckIn

ORGANISERS = {Role.TASK_FORCE, Role.COUNTY_OFFICER, Role.DEPARTMENT_OFFICER}
SHOWN = 5


def _day(today: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(today, time.min))
    return start, start + timedelta(days=1)


def organiser_panel(actor, today: date) -> dict | None:
    start, end = _day(today)
    events = selectors.managed_events(actor)
    if not events.exists():
        return None
    upcoming = list(
        events.filter(ends_at__gte=start)
        .exclude(status=EventStatus.CANCELLED)
        .annotate(
            today_check_ins=Count(
                "check_ins",
                filter=Q(check_ins__scanned_at__gte=start, check_ins__scanned_at__lt=end),
            )
        )
        .order_by("starts_at", "pk")[:SHOWN]
    )
    check_ins_today = CheckIn.objects.filter(
        event__in=events.values("pk"), scanned_at__gte=start, scanned_at__lt=end
    ).count()
    return {"events": upcoming, "check_ins_today": check_ins_today}


def talent_panel(actor, today: date) -> dict | None:
    talent = selectors.talent_of(actor)
    if talent is None:
        return None
    candidates = list(
        selectors.events_for_actor(actor)
        .filter(status=EventStatus.PUBLISHED, ends_at__gt=clock.now())
        .exclude(
            registrations__talent=talent,
            registrations__status__in=["registered", "waitlisted", "offered"],
        )
        .order_by("starts_at", "pk")[:SHOWN]
    )
    open_ = [e for e in candidates if audience.verdict(e, talent).admitted]
    mine = list(
        selectors.my_registrations(talent).filter(event__ends_at__gte=_day(today)[0])[:SHOWN]
    )
    if not open_ and not mine:
        return None
    return {"open": open_, "mine": mine}


def register() -> None:
    register_nav(
        "events.list",
        url_name="events:list",
        label=_("Events"),
        roles={*ORGANISERS, Role.TALENT},
        order=600,
    )
    register_home_panel(
        "events.organiser",
        template="events/home/organiser.html",
        roles=ORGANISERS,
        build=organiser_panel,
        order=600,
    )
    register_home_panel(
        "events.talent",
        template="events/home/talent.html",
        roles={Role.TALENT},
        build=talent_panel,
        order=720,
    )
