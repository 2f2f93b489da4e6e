"""The core pages: each role's home, and the audit log."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from . import selectors
from .choices import Role
from .forms import AuditFilterForm, WindowFindForm
from .permissions import can_browse_audit_log, roles_of

AUDIT_PAGE_SIZE = 50


@login_required
def home(request):
    """The signed-in user's home: one section per role they hold (the union for several)."""
    user = request.user
    roles = roles_of(user)
    today = timezone.localdate()
    context: dict = {"today": today, "has_roles": bool(roles.codes)}
    if roles.has(Role.CITY_ADMIN):
        context["admin_overview"] = selectors.admin_overview()
    if roles.has(Role.TASK_FORCE):
        context["task_force"] = {
            "by_county": selectors.talents_by_county_and_tier(user),
            "cards": selectors.green_cards_issued_in_year(user, today.year),
            "recent": selectors.recent_registrations(user),
        }
    if roles.has(Role.COUNTY_OFFICER):
        context["counties"] = selectors.county_overviews(user, today=today)
    if roles.has(Role.WINDOW_CLERK):
        context["find_form"] = WindowFindForm()
        context["service_points"] = selectors.organisations_of(user, Role.WINDOW_CLERK)
    context["org_sections"] = [
        {"role": Role(role), "organisations": selectors.organisations_of(user, role)}
        for role in selectors.ORGANISATION_HOME_ROLES
        if role != Role.WINDOW_CLERK and roles.has(role)
    ]
    context["is_contact_leader"] = roles.has(Role.CONTACT_LEADER)
    if roles.has(Role.TALENT):
        context["is_talent"] = True
        context["own"] = selectors.own_record(user, today=today)
    return render(request, "core/home.html", context)


@dataclass(frozen=True)
class Change:
    field: str
    old: object = None
    new: object = None
    value: object = None
    is_diff: bool = False


def _shown(value):
    if value is None or value in ("", [], {}):
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return value


def change_list(changes) -> list[Change]:
    """An event's `changes` for display: {field: [old, new]} as diffs, anything else as is."""
    if not isinstance(changes, dict):
        return [Change(field="", value=changes)] if changes else []
    rows = []
    for name, value in changes.items():
        if isinstance(value, list) and len(value) == 2:
            rows.append(
                Change(field=name, old=_shown(value[0]), new=_shown(value[1]), is_diff=True)
            )
        else:
            rows.append(Change(field=name, value=_shown(value)))
    return rows


@login_required
def audit_log(request):
    """Browse the audit log, newest first (city administrators and the task force)."""
    if not can_browse_audit_log(request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else {}
    events = selectors.audit_events(**filters)
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    for event in page.object_list:
        event.change_list = change_list(event.changes)
    return render(
        request,
        "core/audit_log.html",
        {"form": form, "page_obj": page, "events": page.object_list},
    )


def not_found(request, exception=None):
    """404 for the whole site: JSON in the API's error format under /api/, a page elsewhere."""
    from django.http import JsonResponse
    from django.utils.translation import gettext as _
    from django.views.defaults import page_not_found

    if request.path.startswith("/api/"):
        body = {"code": "not_found", "message": _("Not found."), "fields": {}}
        return JsonResponse(body, status=404, json_dumps_params={"ensure_ascii": False})
    return page_not_found(request, exception)
