"""The core pages: each role's home, and the audit log."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import audit_display, clock, navigation, selectors
from .choices import Role
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


@login_required
def audit_log(request):
    """Browse the audit log, newest first (city administrators and the task force)."""
    if not can_browse_audit_log(request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else {}
    events = selectors.audit_events(**filters)
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    audit_display.describe_all(page.object_list)
    return render(
        request,
        "core/audit_log.html",
        {
            "form": form,
            "page_obj": page,
            "events": page.object_list,
            "advanced": roles_of(request.user).has(Role.CITY_ADMIN),
        },
    )


def _api_error(request, code: str, message: str, status: int):
    """The API's error body (`core.api.errors`) for a request under /api/, else None."""
    from django.http import JsonResponse

    if not request.path.startswith("/api/"):
        return None
    body = {"code": code, "message": message, "fields": {}}
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def not_found(request, exception=None):
    """404 for the whole site: JSON in the API's error format under /api/, a page elsewhere."""
    from django.utils.translation import gettext as _
    from django.views.defaults import page_not_found

    return _api_error(request, "not_found", _("Not found."), 404) or page_not_found(
        request, exception
    )


def permission_denied(request, exception=None):
    """403 for the whole site: the product's page (403.html), JSON under /api/."""
    from django.utils.translation import gettext as _
    from django.views.defaults import permission_denied as default_permission_denied

    return _api_error(
        request, "permission_denied", _("You do not have permission to perform this action."), 403
    ) or default_permission_denied(request, exception)


def server_error(request):
    """500 for the whole site: the standalone 500.html, JSON under /api/."""
    from django.utils.translation import gettext as _
    from django.views.defaults import server_error as default_server_error

    return _api_error(request, "server_error", _("A server error occurred."), 500) or (
        default_server_error(request)
    )


TEXT_SIZE_COOKIE = "rencai_text"


@require_POST
def text_size(request):
    """Switch 大字版 (larger text) on or off for this browser: a cookie read by base.html."""
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = redirect(target)
    if request.POST.get("size") == "large":
        response.set_cookie(
            TEXT_SIZE_COOKIE, "large", max_age=365 * 24 * 3600, samesite="Lax", httponly=True
        )
    else:
        response.delete_cookie(TEXT_SIZE_COOKIE, samesite="Lax")
    return response
