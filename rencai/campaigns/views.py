"""Campaign pages: the list, a campaign's progress on any day (red / amber / green by action
and unit), an indicator with its milestones and reports, and the forms that act on them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from rencai.core import clock
from rencai.core.errors import DomainError
from rencai.core.http import http_errors, see_other
from rencai.core.models import Division, Organisation

from . import documents, permissions, progress, selectors, services
from .choices import IndicatorKind
from .forms import (
    AdjustmentForm,
    AsOfForm,
    DecisionForm,
    DoneForm,
    HalfEndForm,
    LocalActionForm,
    PlanForm,
    ReportForm,
    StatusForm,
    VisitForm,
    WeekEndForm,
)
from .models import Unit


def _error_text(exc: DomainError) -> str:
    parts = [str(exc.message)]
    for values in (exc.fields or {}).values():
        parts += [str(v) for v in values if str(v) not in parts]
    return " ".join(parts)


@login_required
@require_safe
def campaign_list(request):
    if not permissions.can_see_campaigns(request.user):
        raise Forbidden
    campaigns = selectors.campaigns_for_actor(request.user).select_related("organiser")
    return render(request, "campaigns/campaign_list.html", {"campaigns": campaigns})


@login_required
@require_safe
def campaign_detail(request, pk):
    actor = request.user
    campaign = selectors.get_campaign_for_actor(actor, pk)
    form = AsOfForm(request.GET or None)
    as_of = clock.today()
    if form.is_valid() and form.cleaned_data["as_of"]:
        as_of = form.cleaned_data["as_of"]
    units = None if selectors.sees_every_unit(actor) else selectors.units_for_actor(actor)
    report = selectors.campaign_progress(campaign, as_of, actor, units=units)
    return render(
        request,
        "campaigns/campaign_detail.html",
        {
            "campaign": campaign,
            "form": form,
            "report": report,
            "percent_elapsed": f"{int(report.share * 100)}%",
            "all_units": units is None,
        },
    )


@login_required
@require_safe
def indicator_detail(request, pk):
    actor = request.user
    indicator = selectors.get_indicator_for_actor(actor, pk)
    campaign = indicator.unit.action.campaign
    today = clock.today()
    context = {
        "indicator": indicator,
        "campaign": campaign,
        "progress": progress.indicator_progress(indicator, today, actor),
        "milestones": indicator.milestones.all(),
        "reports": indicator.reports.select_related("reported_by", "decided_by"),
        "can_report": indicator.kind == IndicatorKind.REPORTED
        and permissions.can_report(actor, indicator.unit),
        "can_supervise": permissions.can_supervise(actor),
        "report_form": ReportForm(initial={"as_of": min(today, campaign.ends_on)}),
        "status_form": StatusForm(
            initial={"pace": indicator.manual_pace, "reason": indicator.manual_reason}
        ),
        "decision_form": DecisionForm(),
        "plan_form": PlanForm(),
    }
    return render(request, "campaigns/indicator_detail.html", context)


@login_required
@require_POST
@http_errors
def indicator_report(request, pk):
    indicator = selectors.get_indicator_for_actor(request.user, pk)
    form = ReportForm(request.POST, request.FILES)
    url = reverse("campaigns:indicator", args=[indicator.pk])
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return see_other(url)
    try:
        services.report_value(
            request.user,
            indicator,
            value=form.cleaned_data["value"],
            as_of=form.cleaned_data["as_of"],
            note=form.cleaned_data["note"],
            evidence=form.cleaned_data["evidence"],
        )
    except DomainError as exc:
        if exc.status == 403:
            raise
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Reported. The task force will accept it or send it back."))
    return see_other(url)


@login_required
@require_POST
@http_errors
def report_decide(request, pk):
    report = selectors.get_report_for_actor(request.user, pk)
    form = DecisionForm(request.POST)
    url = reverse("campaigns:indicator", args=[report.indicator_id])
    if not form.is_valid():
        messages.error(request, _("Choose accept or send back."))
        return see_other(url)
    try:
        services.decide_report(
            request.user,
            report,
            accept=form.cleaned_data["accept"],
            reason=form.cleaned_data["reason"],
        )
    except DomainError as exc:
        if exc.status == 403:
            raise
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Decided."))
    return see_other(url)


@login_required
@require_POST
@http_errors
def indicator_status(request, pk):
    indicator = selectors.get_indicator_for_actor(request.user, pk)
    form = StatusForm(request.POST)
    url = reverse("campaigns:indicator", args=[indicator.pk])
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
        return see_other(url)
    try:
        services.set_manual_pace(
            request.user,
            indicator,
            pace=form.cleaned_data["pace"],
            reason=form.cleaned_data["reason"],
        )
    except DomainError as exc:
        if exc.status == 403:
            raise
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Status saved."))
    return see_other(url)


@login_required
@require_POST
@http_errors
def unit_plan(request, pk):
    unit = get_object_or_404(selectors.units_for_actor(request.user), pk=pk)
    form = PlanForm(request.POST, request.FILES)
    url = reverse("campaigns:detail", args=[unit.action.campaign_id])
    if not form.is_valid():
        messages.error(request, _("Choose a file of at most 10 MB."))
        return see_other(url)
    services.upload_plan(request.user, unit, form.cleaned_data["plan"])
    messages.success(request, _("Plan uploaded."))
    return see_other(url)


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
@require_safe
def bulletin_list(request, pk):
    campaign = selectors.get_campaign_for_actor(request.user, pk)
    return render(
        request,
        "campaigns/bulletin_list.html",
        {
            "campaign": campaign,
            "bulletins": campaign.bulletins.order_by("-number"),
            "can_supervise": permissions.can_supervise(request.user),
            "form": WeekEndForm(initial={"week_end": min(clock.today(), campaign.ends_on)}),
        },
    )


@login_required
@require_POST
@http_errors
def bulletin_issue(request, pk):
    campaign = selectors.get_campaign_for_actor(request.user, pk)
    form = WeekEndForm(request.POST)
    url = reverse("campaigns:bulletins", args=[campaign.pk])
    if not form.is_valid():
        messages.error(request, _("Give the last day of the week."))
        return see_other(url)
    try:
        bulletin = services.issue_bulletin(
            campaign, form.cleaned_data["week_end"], actor=request.user
        )
    except DomainError as exc:
        if exc.status == 403:
            raise
        messages.error(request, _error_text(exc))
        return see_other(url)
    messages.success(request, _("Bulletin issued."))
    return see_other(reverse("campaigns:bulletin", args=[bulletin.pk]))


@login_required
@require_safe
def bulletin_detail(request, pk):
    bulletin = selectors.get_bulletin_for_actor(request.user, pk)
    return render(request, "campaigns/bulletin_detail.html", documents.bulletin_context(bulletin))


@login_required
@require_safe
def bulletin_download(request, pk, fmt):
    bulletin = selectors.get_bulletin_for_actor(request.user, pk)
    name = f"bulletin-{bulletin.campaign_id}-{bulletin.number}.{fmt}"
    if fmt == "pdf":
        body, content_type = documents.bulletin_pdf(bulletin), "application/pdf"
    else:
        body, content_type = documents.bulletin_docx(bulletin), DOCX
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_safe
def assessment_list(request, pk):
    campaign = selectors.get_campaign_for_actor(request.user, pk)
    return render(
        request,
        "campaigns/assessment_list.html",
        {
            "campaign": campaign,
            "assessments": campaign.assessments.order_by("-period_end"),
            "can_supervise": permissions.can_supervise(request.user),
            "form": HalfEndForm(),
        },
    )


@login_required
@require_POST
@http_errors
def assessment_issue(request, pk):
    campaign = selectors.get_campaign_for_actor(request.user, pk)
    form = HalfEndForm(request.POST)
    url = reverse("campaigns:assessments", args=[campaign.pk])
    if not form.is_valid():
        messages.error(request, _("Give the last day of the half-month."))
        return see_other(url)
    try:
        assessment = services.issue_assessment(
            campaign, form.cleaned_data["half_end"], actor=request.user
        )
    except DomainError as exc:
        if exc.status == 403:
            raise
        messages.error(request, _error_text(exc))
        return see_other(url)
    messages.success(request, _("Assessment issued."))
    return see_other(reverse("campaigns:assessment", args=[assessment.pk]))


def _units_of(assessment):
    return (
        Unit.objects.filter(action__campaign=assessment.campaign)
        .select_related("action", "organisation", "division")
        .order_by("action__number", "pk")
    )


@login_required
@require_safe
def assessment_detail(request, pk):
    assessment = selectors.get_assessment_for_actor(request.user, pk)
    can_supervise = permissions.can_supervise(request.user)
    return render(
        request,
        "campaigns/assessment_detail.html",
        {
            "assessment": assessment,
            "campaign": assessment.campaign,
            "rows": selectors.assessment_table(assessment),
            "can_supervise": can_supervise,
            "form": AdjustmentForm(units=_units_of(assessment)) if can_supervise else None,
        },
    )


@login_required
@require_POST
@http_errors
def assessment_adjust(request, pk):
    assessment = selectors.get_assessment_for_actor(request.user, pk)
    if not permissions.can_supervise(request.user):
        raise Forbidden
    units = _units_of(assessment)
    form = AdjustmentForm(request.POST, units=units)
    url = reverse("campaigns:assessment", args=[assessment.pk])
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return see_other(url)
    try:
        services.adjust_score(
            request.user,
            assessment,
            units.get(pk=form.cleaned_data["unit"]),
            points=form.cleaned_data["points"],
            reason=form.cleaned_data["reason"],
            comment=form.cleaned_data["comment"],
        )
    except DomainError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Adjustment recorded."))
    return see_other(url)


def _visit_units(campaign) -> list[tuple[str, str]]:
    """The departments and counties answering for the campaign, as form choices."""
    choices, seen = [], set()
    for unit in Unit.objects.filter(action__campaign=campaign).select_related(
        "organisation", "division"
    ):
        key = f"o{unit.organisation_id}" if unit.organisation_id else f"d{unit.division_id}"
        if key not in seen:
            seen.add(key)
            choices.append((key, str(unit)))
    return sorted(choices, key=lambda c: (c[0][0], c[1]))


def _visit_form(campaign, data=None):
    return VisitForm(
        data,
        groups=campaign.supervision_groups.all(),
        units=_visit_units(campaign),
        initial={"visited_on": min(clock.today(), campaign.ends_on)},
    )


@login_required
@require_safe
def supervision(request, pk):
    campaign = selectors.get_campaign_for_actor(request.user, pk)
    can_supervise = permissions.can_supervise(request.user)
    return render(
        request,
        "campaigns/supervision.html",
        {
            "campaign": campaign,
            "groups": campaign.supervision_groups.all(),
            "visits": selectors.visits_for_actor(request.user, campaign),
            "today": clock.today(),
            "can_supervise": can_supervise,
            "form": _visit_form(campaign) if can_supervise else None,
            "done_form": DoneForm(),
        },
    )


@login_required
@require_POST
@http_errors
def visit_record(request, pk):
    campaign = selectors.get_campaign_for_actor(request.user, pk)
    if not permissions.can_supervise(request.user):
        raise Forbidden
    form = _visit_form(campaign, request.POST)
    url = reverse("campaigns:supervision", args=[campaign.pk])
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return see_other(url)
    data = form.cleaned_data
    scope = data["unit"]
    organisation = division = None
    if scope.startswith("o"):
        organisation = Organisation.objects.get(pk=int(scope[1:]))
    else:
        division = Division.objects.get(pk=int(scope[1:]))
    items = [(data["item"], data["owner"], data["due_on"])] if data["item"] else []
    try:
        services.record_visit(
            request.user,
            campaign.supervision_groups.get(pk=data["group"]),
            visited_on=data["visited_on"],
            findings=data["findings"],
            organisation=organisation,
            division=division,
            items=items,
        )
    except DomainError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Visit recorded."))
    return see_other(url)


@login_required
@require_POST
@http_errors
def rectification_done(request, pk):
    item = selectors.get_rectification_for_actor(request.user, pk)
    form = DoneForm(request.POST)
    url = reverse("campaigns:supervision", args=[item.visit.group.campaign_id])
    if not form.is_valid():
        messages.error(request, _("Say how it was put right."))
        return see_other(url)
    try:
        services.mark_rectified(request.user, item, note=form.cleaned_data["note"])
    except DomainError as exc:
        if exc.status == 403:
            raise
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Marked as put right."))
    return see_other(url)


def _leads_for(actor, campaign) -> list[tuple[str, str]]:
    """The bodies the actor may add an N action for: any for the task force, else their own."""
    leads = _visit_units(campaign)
    if permissions.can_supervise(actor):
        return leads
    own = {
        f"o{u.organisation_id}" if u.organisation_id else f"d{u.division_id}"
        for u in Unit.objects.filter(permissions.unit_q(actor), action__campaign=campaign)
    }
    return [lead for lead in leads if lead[0] in own]


@login_required
@require_http_methods(["GET", "POST"])
@http_errors
def action_add(request, pk):
    campaign = selectors.get_campaign_for_actor(request.user, pk)
    leads = _leads_for(request.user, campaign)
    if not leads:
        raise Forbidden
    form = LocalActionForm(request.POST or None, leads=leads)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        scope = data["lead"]
        try:
            indicator = services.add_local_action(
                request.user,
                campaign,
                name=data["name"],
                description=data["description"],
                indicator=data["indicator"],
                target=data["target"],
                organisation=Organisation.objects.get(pk=int(scope[1:]))
                if scope.startswith("o")
                else None,
                division=Division.objects.get(pk=int(scope[1:])) if scope.startswith("d") else None,
            )
        except DomainError as exc:
            if exc.status == 403:
                raise
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("Action added. Report on it from its indicator's page."))
            return see_other(reverse("campaigns:indicator", args=[indicator.pk]))
    return render(request, "campaigns/action_add.html", {"campaign": campaign, "form": form})
