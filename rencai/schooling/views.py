"""Schooling pages: the case list (scoped) and its export, one case with its actions, and the
talent's own page to request follow-up for a child. Every write calls its service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from rencai.core.errors import DomainError, error_text
from rencai.core.http import http_errors, see_other
from rencai.core.models import Organisation
from rencai.core.xlsx.writing import xlsx_download
from rencai.desk.eligibility import Status, check_eligibility
from rencai.policies.selectors import current_version
from rencai.talents.models import Talent

from . import clock, exports, permissions, selectors, services, workflow
from .forms import ActionForm, FilterForm, RequestForm

PAGE_SIZE = 50
ACTION_FIELDS = {
    "review": ("note",),
    "assign": ("school", "note"),
    "enrol": ("enrolled_on", "note"),
    "not_place": ("reason",),
}
DONE = {
    "review": gettext_lazy("Marked reviewed."),
    "assign": gettext_lazy("School assigned."),
    "enrol": gettext_lazy("Enrolment recorded."),
    "not_place": gettext_lazy("Closed as not placed."),
}


@login_required
@require_safe
def case_list(request):
    actor = request.user
    if not permissions.can_list(actor):
        raise Forbidden
    form = FilterForm(request.GET or None)
    cases = selectors.search_cases(actor, form.filters(), today=clock.today())
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "schooling/case_list.html",
        {
            "form": form,
            "page_obj": page,
            "cases": page.object_list,
            "today": clock.today(),
            "query": request.GET.urlencode(),
        },
    )


@login_required
@require_safe
@http_errors
def case_export(request):
    form = FilterForm(request.GET or None)
    export = exports.export_cases(request.user, form.filters())
    return xlsx_download(export.file, export.filename)


def _action_forms(actor, case) -> list[dict]:
    forms = []
    for action in permissions.allowed_actions(actor, case):
        schools = services.schools_for(case) if action == "assign" else None
        form = ActionForm(schools=schools, auto_id=f"id_{action}_%s")
        forms.append(
            {
                "action": action,
                "label": workflow.ACTION_LABELS[action],
                "form": form,
                "fields": [form[name] for name in ACTION_FIELDS[action]],
                "danger": action == "not_place",
            }
        )
    return forms


@login_required
@require_safe
@http_errors
def case_detail(request, pk: int):
    actor = request.user
    case = selectors.get_case_for_actor(actor, pk)
    return render(
        request,
        "schooling/case_detail.html",
        {
            "case": case,
            "preferred": list(case.preferred_schools.select_related("division")),
            "events": list(case.events.select_related("actor")),
            "forms": _action_forms(actor, case),
            "overdue": case.state in workflow.OPEN_STATES
            and case.due_on is not None
            and case.due_on < clock.today(),
            "reasons": (case.explanation or {}).get("reasons", []),
            "is_talent": case.talent.user_id == actor.pk,
        },
    )


def _act(action: str, case, actor, data) -> None:
    note = data.get("note") or ""
    if action == "review":
        services.review_case(case, actor=actor, note=note)
    elif action == "assign":
        school = data.get("school")
        if school is None:
            raise DomainError(_("Choose a school."), fields={"school": [_("Choose a school.")]})
        services.assign_school(case, actor=actor, school=school, note=note)
    elif action == "enrol":
        services.enrol_child(case, actor=actor, on=data.get("enrolled_on"), note=note)
    else:
        services.close_not_placed(case, actor=actor, reason=data.get("reason") or "")


@login_required
@require_POST
@http_errors
def case_action(request, pk: int, action: str):
    actor = request.user
    if action not in workflow.ACTIONS:
        raise Http404
    case = selectors.get_case_for_actor(actor, pk)
    back = reverse("schooling:case-detail", args=[case.pk])
    form = ActionForm(request.POST, schools=Organisation.objects.filter(kind="school"))
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return see_other(back)
    try:
        _act(action, case, actor, form.cleaned_data)
    except DomainError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, str(DONE[action]))
    return see_other(back)


def _own_talent(actor) -> Talent:
    talent = Talent.objects.filter(user_id=actor.pk).select_related("county").first()
    if talent is None:
        raise Http404
    return talent


def _eligibility(talent: Talent):
    """The schooling rule for the talent today (None when the service is not offered)."""
    try:
        benefit = services.schooling_benefit()
    except DomainError:
        return None
    version = current_version(benefit, clock.today())
    if version is None:
        return None
    return check_eligibility(talent, version, on=clock.today())


@login_required
@require_http_methods(["GET", "POST"])
@http_errors
def my_schooling(request):
    """The talent's children's cases, and the form to request follow-up for one child."""
    actor = request.user
    talent = _own_talent(actor)
    eligibility = _eligibility(talent)
    to_confirm = list(eligibility.to_confirm) if eligibility else []
    form = RequestForm(request.POST or None, talent=talent, to_confirm=to_confirm)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.request_enrolment(
                talent,
                data["child"],
                actor=actor,
                stage=data["stage"],
                preferred_schools=data["preferred_schools"],
                confirmed=data.get("confirmed") or [],
                note=data.get("note") or "",
            )
        except DomainError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(
                request, _("Request sent to %(office)s.") % {"office": case.education_office.name}
            )
            return see_other(reverse("schooling:case-detail", args=[case.pk]))
    return render(
        request,
        "schooling/my_schooling.html",
        {
            "form": form,
            "cases": list(selectors.children_cases(actor)),
            "has_children": form.fields["child"].queryset.exists(),
            "offered": eligibility is not None,
            "refusal": eligibility.reasons()
            if eligibility and eligibility.status in (Status.NOT_ELIGIBLE, Status.UNKNOWN)
            else [],
        },
    )
