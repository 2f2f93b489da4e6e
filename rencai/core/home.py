"""Core's menu entries and home panels: home, administration, the audit log, the API, the
organisation roles' own section and a person's unread notifications. Registered in
`CoreConfig.ready()`; every domain app registers its own the same way."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from . import audit_display, calendar
from .choices import OrganisationKind, Role
from .models import AuditEvent, Notification, Organisation, User
from .navigation import EVERYONE, register_home_panel, register_nav, register_tab
from .notifications import unread_count
from .permissions import roles_of

RECENT = 10
UNREAD_SHOWN = 5
ORGANISATION_ROLES = (
    Role.DEPARTMENT_OFFICER,
    Role.HOSPITAL_LIAISON,
    Role.BANK_OFFICER,
    Role.SCHOOL_CONTACT,
)


@dataclass
class AdminOverview:
    active_users: int
    inactive_users: int
    organisations_by_kind: list[tuple[str, int]]
    recent_events: list[AuditEvent]
    calendar_years_missing: list[int] = field(default_factory=list)


def admin_overview() -> AdminOverview:
    """Users, organisations by kind, the latest audit events (city administrators only)."""
    users = User.objects.aggregate(
        active=Count("pk", filter=Q(is_active=True)),
        inactive=Count("pk", filter=Q(is_active=False)),
    )
    counts = dict(
        Organisation.objects.filter(is_active=True)
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("kind", "n")
    )
    by_kind = [(kind.label, counts.get(kind.value, 0)) for kind in OrganisationKind]
    events = list(AuditEvent.objects.select_related("actor")[:RECENT])
    audit_display.describe_all(events)
    return AdminOverview(
        users["active"], users["inactive"], by_kind, events, calendar.years_missing()
    )


def organisations_of(actor, role: str) -> list[Organisation]:
    """The organisations in which `actor` holds `role` (their scope), with their division."""
    ids = roles_of(actor).organisation_ids(role)
    return list(Organisation.objects.filter(pk__in=ids).select_related("division", "parent"))


def admin_panel(actor, today: date) -> dict:
    return {"overview": admin_overview()}


def organisation_panel(actor, today: date) -> dict:
    roles = roles_of(actor)
    return {
        "sections": [
            {"role": Role(role), "organisations": organisations_of(actor, role)}
            for role in ORGANISATION_ROLES
            if roles.has(role)
        ]
    }


def notifications_panel(actor, today: date) -> dict:
    """The talent's unread messages first on their home (the newest few, and how many)."""
    unread = list(Notification.objects.filter(recipient=actor, read_at=None)[: UNREAD_SHOWN + 1])
    return {"unread": unread[:UNREAD_SHOWN], "more": len(unread) > UNREAD_SHOWN}


def register() -> None:
    register_nav("core.home", url_name="core:home", label=_("Home"), roles=EVERYONE, order=0)
    register_nav(
        "core.messages",
        url_name="core:notifications",
        label=_("Messages"),
        roles={Role.TALENT},
        order=5,
        badge=unread_count,
    )
    # The talent's phone: a bottom bar of five tabs (首页 · 可申报 · 办件进度 · 消息 · 我的);
    # the desk adds the two in the middle.
    register_tab("core.home", url_name="core:home", label=_("Home"), roles={Role.TALENT}, order=0)
    register_tab(
        "core.messages",
        url_name="core:notifications",
        label=_("Messages"),
        roles={Role.TALENT},
        order=40,
        badge=unread_count,
    )
    register_tab("core.me", url_name="core:me", label=_("Me"), roles={Role.TALENT}, order=50)
    register_nav(
        "core.audit",
        url_name="core:audit-log",
        label=_("Audit log"),
        roles={Role.CITY_ADMIN, Role.TASK_FORCE},
        order=900,
    )
    register_nav(
        "core.api",
        url_name="api-docs",
        label=_("API"),
        roles={Role.CITY_ADMIN, Role.TASK_FORCE},
        order=910,
    )
    register_nav(
        "core.admin",
        url_name="admin:index",
        label=_("Administration"),
        roles={Role.CITY_ADMIN},
        order=920,
        staff=True,
    )
    register_home_panel(
        "core.admin",
        template="core/home/city_admin.html",
        roles={Role.CITY_ADMIN},
        build=admin_panel,
        order=100,
    )
    register_home_panel(
        "core.organisations",
        template="core/home/organisation.html",
        roles=ORGANISATION_ROLES,
        build=organisation_panel,
        order=400,
    )
    register_home_panel(
        "core.notifications",
        template="core/home/notifications.html",
        roles={Role.TALENT},
        build=notifications_panel,
        order=600,
    )
