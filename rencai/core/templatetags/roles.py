"""Role-aware template helpers: the main navigation and a role test.

{% load roles %}
{% main_nav as nav %}
{% for item in nav %}<a href="{{ item.url }}">{{ item.label }}</a>{% endfor %}
{% if user|has_role:"county_officer" %}…{% endif %}
"""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rencai.core.choices import Role
from rencai.core.permissions import roles_of

register = template.Library()

EVERYONE = None  # a nav entry for every signed-in user


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: Promise
    roles: frozenset[str] | None
    staff: bool = False  # also shown to Django staff users (the admin site)


NAV: tuple[NavEntry, ...] = (
    NavEntry("home", _("Home"), EVERYONE),
    NavEntry(
        "talent-list",
        _("Talents"),
        frozenset({Role.COUNTY_OFFICER, Role.TASK_FORCE, Role.CITY_ADMIN}),
    ),
    NavEntry("desk-window", _("Window"), frozenset({Role.WINDOW_CLERK})),
    NavEntry("talent-find", _("Find a talent"), frozenset({Role.WINDOW_CLERK})),
    NavEntry(
        "talent-create",
        _("Register a talent"),
        frozenset({Role.WINDOW_CLERK, Role.COUNTY_OFFICER, Role.TASK_FORCE}),
    ),
    NavEntry("talent-import", _("Import"), frozenset({Role.COUNTY_OFFICER, Role.TASK_FORCE})),
    NavEntry(
        "policy-catalogue",
        _("Policies"),
        frozenset(
            {
                Role.CITY_ADMIN,
                Role.TASK_FORCE,
                Role.COUNTY_OFFICER,
                Role.DEPARTMENT_OFFICER,
                Role.WINDOW_CLERK,
            }
        ),
    ),
    NavEntry(
        "entitlement-list",
        _("Entitlements"),
        frozenset({Role.CITY_ADMIN, Role.TASK_FORCE, Role.COUNTY_OFFICER, Role.DEPARTMENT_OFFICER}),
    ),
    # The desk's pages (cases, queue, handling times, ledger) and the talent's self-service.
    NavEntry(
        "desk-application-list",
        _("Cases"),
        frozenset(
            {Role.TASK_FORCE, Role.COUNTY_OFFICER, Role.DEPARTMENT_OFFICER, Role.WINDOW_CLERK}
        ),
    ),
    NavEntry(
        "desk-queue",
        _("Queue"),
        frozenset({Role.TASK_FORCE, Role.COUNTY_OFFICER, Role.DEPARTMENT_OFFICER}),
    ),
    NavEntry(
        "desk-report",
        _("Handling times"),
        frozenset({Role.TASK_FORCE, Role.COUNTY_OFFICER, Role.DEPARTMENT_OFFICER}),
    ),
    NavEntry(
        "desk-ledger", _("Disbursements"), frozenset({Role.TASK_FORCE, Role.DEPARTMENT_OFFICER})
    ),
    NavEntry(
        "outreach-list",
        _("Outreach"),
        frozenset({Role.CITY_ADMIN, Role.TASK_FORCE, Role.DEPARTMENT_OFFICER}),
    ),
    NavEntry("policy-pack-mine", _("My policy pack"), frozenset({Role.TALENT})),
    NavEntry("my-applications", _("My applications"), frozenset({Role.TALENT})),
    NavEntry("my-apply", _("Apply"), frozenset({Role.TALENT})),
    NavEntry("policy-handbook", _("Handbook"), EVERYONE),
    NavEntry("audit-log", _("Audit log"), frozenset({Role.CITY_ADMIN, Role.TASK_FORCE})),
    NavEntry("api-docs", _("API"), frozenset({Role.CITY_ADMIN, Role.TASK_FORCE})),
    NavEntry("admin:index", _("Administration"), frozenset({Role.CITY_ADMIN}), staff=True),
)


@dataclass(frozen=True)
class NavItem:
    url: str
    label: str
    active: bool


def nav_items(user, path: str = "") -> list[NavItem]:
    """The navigation entries `user` may use, in order, with the current one marked.

    The current entry is the one whose address is the longest prefix of `path`, so on
    /talents/new/ "Register a talent" is marked, not "Talents" (/talents/) as well.
    """
    if user is None or not user.is_authenticated:
        return []
    roles = roles_of(user)
    allowed: list[tuple[str, str]] = []
    for entry in NAV:
        if not (
            entry.roles is EVERYONE or roles.has(*entry.roles) or (entry.staff and user.is_staff)
        ):
            continue
        try:
            allowed.append((reverse(entry.url_name), str(entry.label)))
        except NoReverseMatch:
            continue
    current = max((url for url, _label in allowed if _is_under(path, url)), key=len, default=None)
    return [NavItem(url=url, label=label, active=url == current) for url, label in allowed]


def _is_under(path: str, url: str) -> bool:
    return path == url if url == "/" else path.startswith(url)


@register.simple_tag(takes_context=True)
def main_nav(context) -> list[NavItem]:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return nav_items(user, request.path if request is not None else "")


@register.filter
def has_role(user, role_codes: str) -> bool:
    """`user|has_role:"county_officer"` or `user|has_role:"city_admin,task_force"`."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return roles_of(user).has(*(code.strip() for code in role_codes.split(",")))


@register.simple_tag(takes_context=True)
def role_labels(context) -> str:
    """The signed-in user's roles as one line, e.g. "County officer · Window clerk"."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None or not user.is_authenticated:
        return ""
    codes = roles_of(user).codes
    return " · ".join(str(role.label) for role in Role if role in codes)
