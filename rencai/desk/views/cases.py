"""Case pages: the list (scoped), one case with its history, documents, approvals and
payments, and one POST per action, each calling its service (the action table,
`desk/actions.py`, shared with the API). The buttons shown are
`permissions.allowed_actions(actor, case)`; the service checks again."""

from __future__ import annotations

import statistics
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from rencai.core.errors import DomainError
from rencai.core.http import http_errors, safe_next, see_other
from rencai.core.listfilters import active_filters
from rencai.core.models import Organisation
from rencai.core.pagination import CappedPaginator
from rencai.policies.choices import TimeUnit
from rencai.policies.privacy import private_facts_for, withhold_stored

from .. import permissions, selectors, services, timing, workflow
from ..actions import ACTIONS
from ..downloads import document_response
from ..forms import ActionForm, CaseFilterForm, UploadForm
from ..instalments import instalments_left
from ..models import Application
from ..services.payments import mask_account
from ..steps import steps_of
from .common import case_or_404, flash_error, is_only_talent

PAGE_SIZE = 50


@login_required
@require_safe
def case_list(request):
    """The cases the actor sees, filtered; a talent is sent to their own list."""
    actor = request.user
    if is_only_talent(actor):
        return see_other(reverse("desk:my-applications"))
    form = CaseFilterForm(request.GET or None)
    filters = form.filters()
    cases = selectors.search_applications(actor, filters)
    page = CappedPaginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    late_by = timing.working_days_late(rows)
    for case in rows:
        case.late_days = late_by.get(case.pk)  # type: ignore[attr-defined]
    return render(
        request,
        "desk/case_list.html",
        {
            "form": form,
            "page_obj": page,
            "cases": rows,
            "active_filters": _active_filters(form, filters),
            "summary": _summary(request, filters, cases, page.paginator.count),
        },
    )


def _active_filters(form: CaseFilterForm, filters: selectors.ApplicationFilters) -> list[str]:
    """The filters in force, said in a line (a figure's drill-down lands with them)."""

    def label(name: str, value: Any) -> str:
        return str(dict(form.fields[name].choices).get(str(value), "")) if value else ""

    decided = filters.decided_from or filters.decided_to
    return active_filters(
        start=filters.decided_from if decided else filters.opened_from,
        end=filters.decided_to if decided else filters.opened_to,
        county=label("county", filters.county),
        others=[
            label(name, getattr(filters, name))
            for name in ("decision", "state", "benefit", "department", "channel")
        ],
    )


def _summary(request, filters: selectors.ApplicationFilters, cases, count: int) -> dict | None:
    """Beside the decided cases a desk figure counts, what the figure makes of them: the share
    decided within target (its numerator over this list) or the median handling time."""
    if filters.decision == selectors.WITH_TARGET:
        within = cases.filter(selectors.DECISION_FILTERS[selectors.IN_TIME]).count()
        query = request.GET.copy()
        query["decision"] = selectors.IN_TIME
        query.pop("page", None)
        return {"within": within, "of": count, "within_url": f"?{query.urlencode()}"}
    if filters.decision == selectors.DECIDED:
        days = [d for d in cases.values_list("handling_working_days", flat=True) if d is not None]
        median = statistics.median(sorted(days)) if days else None
        return {
            "median": None
            if median is None
            else int(Decimal(median).to_integral_value(ROUND_HALF_EVEN))
        }
    return None


def _forms(actor, case: Application) -> list[dict[str, Any]]:
    """One small form per action the actor may take now."""
    to_confirm = [str(c) for c in case.version.to_confirm or []]
    forms = []
    for action in permissions.allowed_actions(actor, case):
        form = ActionForm(
            to_confirm=to_confirm,
            initial={"confirmed": list(case.confirmed or [])},
            auto_id=f"id_{action}_%s",
        )
        if action == "disburse" and case.payee_account:
            form.fields["payee_account"].help_text = _(
                "Leave empty to pay the account on the case (%(account)s)."
            ) % {"account": mask_account(case.payee_account)}
        forms.append(
            {
                "action": action,
                "label": ACTIONS[action].label,
                "form": form,
                "fields": [form[name] for name in ACTIONS[action].fields],
                "danger": ACTIONS[action].danger,
            }
        )
    return forms


def handling_text(case: Application) -> str:
    """The measured handling time in the benefit's unit ("" until decided)."""
    if case.benefit.time_unit == TimeUnit.WORKING_DAYS:
        if case.handling_working_days is None:
            return ""
        return _("%(n)s working days") % {"n": case.handling_working_days}
    if case.handling_seconds is None:
        return ""
    return _("%(n)s minutes") % {"n": f"{case.handling_seconds / 60:.1f}"}


def step_rows(case: Application) -> list[dict[str, Any]]:
    """Each approval step with its organisation and decision (None while waiting)."""
    steps = steps_of(case.benefit)
    decided = {a.order: a for a in selectors.step_approvals(case)}
    names = Organisation.objects.in_bulk([step.organisation_id for step in steps])
    return [
        {
            "step": step,
            "organisation": names.get(step.organisation_id),
            "approval": decided.get(step.order),
            "current": case.state == workflow.A.ACCEPTED and step.order == case.step,
        }
        for step in steps
    ]


def case_context(actor, case: Application) -> dict[str, Any]:
    """What the case page (and the talent's own page) shows."""
    may_edit = permissions.can_edit_documents(actor, case)
    stored = case.decision_explanation or case.explanation or {}
    explanation = withhold_stored(stored, private_facts_for(actor, case.talent))
    staff = not is_only_talent(actor)
    return {
        "case": case,
        "late_days": timing.working_days_late([case]).get(case.pk),
        "talent": case.talent,
        "events": selectors.case_history(case),
        "step_rows": step_rows(case),
        "steps_count": len(steps_of(case.benefit)),
        "handling": handling_text(case),
        "show_actors": staff,
        "may_tick": may_edit and staff,
        "payments": [
            (payment, mask_account(payment.payee_account))
            for payment in case.disbursements.select_related("paying_department").order_by(
                "instalment"
            )
        ],
        "instalments_left": instalments_left(case),
        "checklist": selectors.checklist(case),
        "may_edit_documents": may_edit,
        "upload_form": UploadForm() if may_edit else None,
        "explanation": explanation,
        "explanation_when": "decision" if case.decision_explanation else "submission",
        "payee_account": mask_account(case.payee_account),
        "action_forms": _forms(actor, case),
    }


@login_required
@require_safe
def case_detail(request, pk: int):
    actor = request.user
    case = case_or_404(actor, pk)
    if is_only_talent(actor):
        return see_other(reverse("desk:my-application-detail", args=[case.pk]))
    return render(request, "desk/case_detail.html", case_context(actor, case))


# --- actions ------------------------------------------------------------------------------


def form_inputs(action: str, data: dict[str, Any]) -> dict[str, Any]:
    """The inputs the action's form shows; an empty account means "keep the case's"."""
    inputs = {name: data.get(name) for name in ACTIONS[action].fields}
    if "payee_account" in inputs:
        inputs["payee_account"] = inputs["payee_account"] or None
    return inputs


@login_required
@require_POST
def case_action(request, pk: int, action: str):
    """POST one action to its service; refusals come back as messages on the case page."""
    actor = request.user
    if action not in workflow.ACTIONS:
        raise Http404
    case = case_or_404(actor, pk)
    back = safe_next(request, reverse("desk:application-detail", args=[case.pk]))
    to_confirm = [str(c) for c in case.version.to_confirm or []]
    form = ActionForm(request.POST, to_confirm=to_confirm)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        return see_other(back)
    data = form.cleaned_data
    try:
        ACTIONS[action].perform(
            case, actor, form_inputs(action, data), data.get("idempotency_key") or ""
        )
    except DomainError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, str(ACTIONS[action].done))
    return see_other(back)


# --- documents ----------------------------------------------------------------------------


@login_required
@require_POST
def document_upload(request, pk: int, code: str):
    actor = request.user
    case = case_or_404(actor, pk)
    back = safe_next(request, reverse("desk:application-detail", args=[case.pk]))
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to upload."))
        return see_other(back)
    try:
        document = services.upload_document(
            case, actor=actor, code=code, upload=form.cleaned_data["file"]
        )
    except DomainError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, _("Uploaded: %(name)s.") % {"name": document.name})
    return see_other(back)


@login_required
@require_POST
def document_seen(request, pk: int, code: str):
    """Tick (or untick, seen=0) that the original was seen."""
    actor = request.user
    case = case_or_404(actor, pk)
    back = safe_next(request, reverse("desk:application-detail", args=[case.pk]))
    seen = request.POST.get("seen", "1") == "1"
    try:
        services.mark_document_seen(case, actor=actor, code=code, seen=seen)
    except DomainError as exc:
        flash_error(request, exc)
    return see_other(back)


@login_required
@require_safe
@http_errors
def document_download(request, pk: int, code: str):
    """The uploaded file, only for those who may see the case (404 for anyone else)."""
    return document_response(request.user, pk, code)
