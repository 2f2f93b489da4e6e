"""The core pages: each role's home, the person's messages, and the audit log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from . import audit_display, clock, navigation, selectors, sms_login
from . import notifications as notes
from .choices import Role
from .errors import DomainError
from .forms import AuditFilterForm, SmsLoginForm
from .http import see_other
from .masking import mask_mobile
from .permissions import can_browse_audit_log, roles_of

AUDIT_PAGE_SIZE = 50
NOTIFICATIONS_PAGE_SIZE = 20


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
@require_safe
def notification_list(request):
    """The signed-in person's messages (outreach notices, case news…), unread first."""
    page = Paginator(notes.notifications_of(request.user), NOTIFICATIONS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "core/notifications.html",
        {"page_obj": page, "notes": page.object_list, "unread": notes.unread_count(request.user)},
    )


def safe_link(request, link: str) -> str:
    """A notification's link if it stays on this site, else "" (never an open redirect)."""
    if link and url_has_allowed_host_and_scheme(
        link, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return link
    return ""


@login_required
@require_safe
def notification_detail(request, pk: int):
    """Open one of one's own messages: it is marked read; anyone else's answers 404."""
    note = get_object_or_404(notes.Notification, pk=pk, recipient=request.user)
    notes.mark_read(note)
    return render(
        request,
        "core/notification_detail.html",
        {"note": note, "link": safe_link(request, note.link)},
    )


@login_required
@require_POST
def notifications_read_all(request):
    """Mark every unread message read (the list's "mark all read")."""
    notes.mark_all_read(request.user)
    return see_other(reverse("core:notifications"))


@login_required
@require_safe
def me(request):
    """ "Me" (我的): everything the menu holds, as one list a phone can reach from its tab bar."""
    items = [
        item
        for item in navigation.nav_items(request.user, request.path)
        if item.url != reverse("core:home")
    ]
    return render(request, "core/me.html", {"items": items})


def _client_address(request) -> str:
    """The client's address as django-axes resolves it (its proxy settings apply alike)."""
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or ""


def _next_url(request) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("core:home")


@require_http_methods(["GET", "POST"])
def login_sms(request):
    """Log in with a mobile and a one-time SMS code (talents; beside the password log-in).

    "Send code" answers alike whether or not the mobile has an account; "Log in" goes through
    `authenticate`, so django-axes counts and locks failures as for the password.
    """
    if request.user.is_authenticated:
        return see_other(_next_url(request))
    form = SmsLoginForm(request.POST or None)
    mobile = ""  # once known: the code step
    if request.method == "POST" and form.is_valid():
        mobile = form.cleaned_data["mobile"]
        if request.POST.get("do") == "send":
            try:
                sms_login.request_login_code(mobile, ip=_client_address(request))
                messages.info(
                    request,
                    _(
                        "If this mobile belongs to a talent's account, a code was sent to it. "
                        "It expires in 10 minutes."
                    ),
                )
            except DomainError as exc:
                form.add_error(None, str(exc.message))
        elif not form.cleaned_data.get("code"):
            form.add_error("code", _("Enter the code sent to your mobile."))
        else:
            user = authenticate(request, username=mobile, sms_code=form.cleaned_data["code"])
            if user is not None:
                login(request, user, backend="rencai.core.sms_login.SmsCodeBackend")
                return see_other(_next_url(request))
            error = getattr(request, "sms_login_error", None)
            form.add_error(
                None,
                str(error.message)
                if error is not None
                else _("The mobile number or the code is not correct."),
            )
    return render(
        request,
        "registration/login_sms.html",
        {
            "form": form,
            "mobile": mobile,
            "masked": mask_mobile(mobile),
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
    )


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
