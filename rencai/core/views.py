"""The core pages: each role's home, and the audit log."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from . import clock, navigation, selectors
from .forms import AuditFilterForm
from .permissions import can_browse_audit_log, roles_of

AUDIT_PAGE_SIZE = 50


@login_required
def home(request):
    """The signed-in user's home: the panels the apps registered for each role they hold."""
    today = clock.today()
    context = {
        "today": today,
        "has_roles": bool(roles_of(request.user).codes),
        "panels": navigation.panels_for(request.user, today),
    }
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
