"""Entitlement pages: the scoped list, one entitlement and its transitions, recording one for
a talent, and the xlsx import (with its template).

The talent detail page may show a talent's entitlements with
`{% include "policies/_talent_entitlements.html" with panel=entitlement_panel %}`, passing
`entitlement_panel(request.user, talent)` for a talent fetched through the user's scope.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from rencai.core.errors import DomainError
from rencai.core.http import http_errors
from rencai.core.money import yuan_to_fen
from rencai.core.permissions import can_see_codes
from rencai.core.xlsx.writing import CONTENT_TYPE as XLSX_CONTENT_TYPE
from rencai.talents.models import Talent
from rencai.talents.selectors import get_talent_for_actor

from .. import imports, permissions, selectors, services
from ..forms import EntitlementForm, ImportForm, TransitionForm, apply_errors
from ..models import Entitlement

PAGE_SIZE = 50
MAX_ERRORS_SHOWN = 1000


def _fen(amount) -> int | None:
    return yuan_to_fen(amount) if amount is not None else None


@dataclass(frozen=True)
class EntitlementPanel:
    talent: Talent
    entitlements: list[Entitlement]
    can_record: bool


def entitlement_panel(user, talent: Talent) -> EntitlementPanel:
    """A talent's entitlements (for a talent the caller already fetched through the scope)."""
    return EntitlementPanel(
        talent=talent,
        entitlements=list(selectors.entitlements_of(talent, user)),
        can_record=permissions.can_import_entitlements(user),
    )


def entitlements_panel(user, talent: Talent) -> dict:
    """The talent detail page's "benefits held" section (see rencai.talents.panels)."""
    return {
        "template": "policies/_talent_entitlements.html",
        "context": entitlement_panel(user, talent),
    }


@require_safe
@login_required
@http_errors
def entitlement_list(request):
    if not permissions.can_list_entitlements(request.user):
        raise Forbidden
    entitlements = selectors.entitlements_for_actor(request.user).order_by("-created_at", "-id")
    state = request.GET.get("state", "")
    if state:
        entitlements = entitlements.filter(state=state)
    benefit = request.GET.get("benefit", "")
    if benefit:
        entitlements = entitlements.filter(benefit__code=benefit)
    page = Paginator(entitlements, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "policies/entitlement_list.html",
        {
            "page_obj": page,
            "entitlements": page.object_list,
            "can_import": permissions.can_import_entitlements(request.user),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@http_errors
def entitlement_detail(request, pk):
    """One entitlement; a form moves it to the next state where the user may."""
    entitlement = selectors.get_entitlement_for_actor(request.user, pk)
    allowed = sorted(services.allowed_transitions(entitlement.state))
    can_change = permissions.can_change_entitlement(request.user, entitlement) and allowed
    form = TransitionForm(request.POST or None, allowed=allowed) if can_change else None
    if request.method == "POST":
        if form is None:
            raise Forbidden
        if form.is_valid():
            try:
                services.transition_entitlement(
                    entitlement,
                    actor=request.user,
                    to_state=form.cleaned_data["to_state"],
                    amount_fen=_fen(form.cleaned_data["amount"]),
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            except DomainError as exc:
                form.add_error(None, str(exc.message))
            else:
                messages.success(request, _("The entitlement was updated."))
                return redirect("policies:entitlement-detail", entitlement.pk)
    return render(
        request,
        "policies/entitlement_detail.html",
        {
            "entitlement": entitlement,
            "form": form,
            "exclusive_with": selectors.exclusive_partners(entitlement.benefit),
            "advanced": can_see_codes(request.user),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@http_errors
def entitlement_record(request, talent_pk):
    """Record a benefit the talent holds (e.g. paid before Rencai) or has applied for."""
    talent = get_talent_for_actor(request.user, talent_pk)
    if not permissions.can_import_entitlements(request.user):
        raise Forbidden
    form = EntitlementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entitlement = services.record_entitlement(
                talent,
                data["benefit"],
                actor=request.user,
                state=data["state"],
                amount_fen=_fen(data["amount"]),
                granted_on=data["granted_on"],
                note=data["note"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("The entitlement was recorded."))
            return redirect("policies:entitlement-detail", entitlement.pk)
    return render(request, "policies/entitlement_form.html", {"form": form, "talent": talent})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@http_errors
def entitlement_import(request):
    """Upload a workbook: all rows are recorded, or none and every bad row is listed."""
    if not permissions.can_import_entitlements(request.user):
        raise Forbidden
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = imports.import_entitlements(upload, actor=request.user, filename=upload.name)
        except DomainError as exc:
            form.add_error("file", str(exc.message))
        else:
            if result.ok:
                messages.success(
                    request,
                    _("%(n)s entitlements were imported.") % {"n": result.created},
                )
                return redirect("policies:entitlement-list")
    errors = result.errors if result else []
    return render(
        request,
        "policies/entitlement_import.html",
        {
            "form": form,
            "result": result,
            "columns": list(imports.COLUMNS.values()),
            # A hostile file can hold 20,000 bad rows: list the first thousand problems.
            "errors": errors[:MAX_ERRORS_SHOWN],
            "more_errors": max(0, len(errors) - MAX_ERRORS_SHOWN),
        },
    )


@require_safe
@login_required
@http_errors
def import_template(request):
    if not permissions.can_import_entitlements(request.user):
        raise Forbidden
    response = HttpResponse(imports.template_workbook(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="entitlements-template.xlsx"'
    return response
