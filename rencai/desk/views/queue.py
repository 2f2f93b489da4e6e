"""A department's queue: open cases overdue, due soon, later and without a target; 免申即享
cases approved in bulk, each on its own (checked, audited, refused alone)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from rencai.core.choices import OrganisationKind, Role
from rencai.core.models import Organisation
from rencai.core.permissions import roles_of

from .. import permissions, selectors, services
from ..models import Application
from .common import require

SECTIONS = (
    ("overdue", gettext_lazy("Overdue")),
    ("due_soon", gettext_lazy("Due soon")),
    ("later", gettext_lazy("Later")),
    ("no_target", gettext_lazy("No time target")),
)


def _departments(actor):
    """The departments whose queue the actor may choose: their own as an officer; every
    department that owns a benefit for the task force and county officers."""
    roles = roles_of(actor)
    own = roles.organisation_ids(Role.DEPARTMENT_OFFICER)
    qs = Organisation.objects.filter(kind=OrganisationKind.DEPARTMENT).select_related("division")
    if roles.has(Role.TASK_FORCE, Role.COUNTY_OFFICER):
        return qs.filter(owned_benefits__isnull=False).distinct().order_by("division__code", "name")
    return qs.filter(pk__in=sorted(own)).order_by("division__code", "name")


def _chosen(request, departments) -> int | None:
    value = request.GET.get("department") or request.POST.get("department") or ""
    ids = {d.pk for d in departments}
    if value.isascii() and value.isdigit() and int(value) in ids:
        return int(value)
    if len(ids) == 1:
        return next(iter(ids))
    return None


def _bulk_approvable(actor, case: Application) -> bool:
    return case.benefit.no_application and "approve" in permissions.allowed_actions(actor, case)


@login_required
@require_http_methods(["GET", "POST"])
def queue(request):
    """GET: the queue. POST: approve the ticked 免申即享 cases, and show each one's result."""
    actor = request.user
    require(permissions.can_view_reports(actor))
    departments = list(_departments(actor))
    department = _chosen(request, departments)
    results = None
    if request.method == "POST":
        ids = [int(v) for v in request.POST.getlist("cases") if v.isascii() and v.isdigit()]
        chosen = list(selectors.applications_for_actor(actor).filter(pk__in=ids))
        if not chosen:
            messages.error(request, _("Tick the cases to approve."))
        else:
            results = services.bulk_approve(chosen, actor=actor)
            approved = sum(r.ok for r in results)
            messages.success(
                request,
                _("%(ok)s of %(n)s cases approved.") % {"ok": approved, "n": len(results)},
            )
    found = selectors.queue_for_actor(actor, department=department)
    sections = []
    any_bulk = False
    for case in found.overdue:
        case.late_days = found.late_by.get(case.pk, 0)  # type: ignore[attr-defined]
    for key, label in SECTIONS:
        rows = [(case, _bulk_approvable(actor, case)) for case in getattr(found, key)]
        any_bulk = any_bulk or any(ok for _case, ok in rows)
        sections.append({"key": key, "label": label, "rows": rows})
    return render(
        request,
        "desk/queue.html",
        {
            "departments": departments,
            "department": department,
            "sections": sections,
            "total": found.total,
            "overdue_count": len(found.overdue),
            "due_this_week": found.due_this_week,
            "any_bulk": any_bulk,
            "results": results,
        },
    )
