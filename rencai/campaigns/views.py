"""Campaign pages: the list, a campaign's progress on any day (red / amber / green by action
and unit), an indicator with its milestones and reports, and the forms that act on them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from rencai.core import clock
from rencai.core.errors import DomainError, error_text
from rencai.core.http import http_errors, see_other
from rencai.core.listfilters import active_filters, export_query
from rencai.core.models import Division, Organisation
from rencai.core.xlsx.writing import xlsx_download

from . import documents, downloads, permissions, progress, selectors, services
from .choices import IndicatorKind, ReportState
from .forms import (
    AdjustmentForm,
    AsOfForm,
    DecisionForm,
    DoneForm,
    HalfEndForm,
    LocalActionForm,
    PlanForm,
    ReportFilterForm,
    ReportForm,
    StatusForm,
    VisitForm,
    WeekEndForm,
)
from .models import Unit


def _act(request, form, url: str, call, success: str, then=None):
    """A POST's one shape: validate the form (each error as a message), call the service with
    its data, say what happened, go back to `url` (or to `then(result)`). A refusal of
    permission stays a 403; any other refusal is told as a message."""
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return see_other(url)
    try:
        result = call(form.cleaned_data)
    except DomainError as exc:
        if exc.status == 403:
            raise
        messages.error(request, error_text(exc))
        return see_other(url)
    messages.success(request, success)
    return see_other(then(result) if then else url)


@login_required
@require_safe
def campaign_list(request):
    if not permissions.can_see_campaigns(request.user):
        raise Forbidden
    campaigns = selectors.campaigns_for_actor(request.user).select_related("organiser")
    return render(request, "campaigns/campaign_list.html", {"campaigns": campaigns})


@login_required
@require_safe
def report_list(request):
    """The progress reports of the user's units: the "reports accepted" figure's list (its
    denominator; filter the state for its numerator)."""
    if not permissions.can_see_campaigns(request.user):
        raise Forbidden
    form = ReportFilterForm(request.GET or None)
    reports = form.apply(selectors.reports_for_actor(request.user))
    if request.GET.get("format") == "xlsx":
        output, filename = downloads.export_reports(request.user, reports)
        return xlsx_download(output, filename)
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    state = data.get("state") and ReportState(data["state"]).label
    return render(
        request,
        "campaigns/report_list.html",
        {
            "form": form,
            "page": page,
            "export_query": export_query(request.GET),
            "filtered": bool(data and any(data.values())),
            "active_filters": active_filters(
                start=data.get("date_from"),
                end=data.get("date_to"),
                county=data.get("county"),
                others=[state],
            ),
        },
    )


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
    return _act(
        request,
        ReportForm(request.POST, request.FILES),
        reverse("campaigns:indicator", args=[indicator.pk]),
        lambda data: services.report_value(request.user, indicator, **data),
        _("Reported. The task force will accept it or send it back."),
    )


@login_required
@require_POST
@http_errors
def report_decide(request, pk):
    report = selectors.get_report_for_actor(request.user, pk)
    return _act(
        request,
        DecisionForm(request.POST),
        reverse("campaigns:indicator", args=[report.indicator_id]),
        lambda data: services.decide_report(request.user, report, **data),
        _("Decided."),
    )


@login_required
@require_POST
@http_errors
def indicator_status(request, pk):
    indicator = selectors.get_indicator_for_actor(request.user, pk)
    return _act(
        request,
        StatusForm(request.POST),
        reverse("campaigns:indicator", args=[indicator.pk]),
        lambda data: services.set_manual_pace(request.user, indicator, **data),
        _("Status saved."),
    )


@login_required
@require_POST
@http_errors
def unit_plan(request, pk):
    unit = get_object_or_404(selectors.units_for_actor(request.user), pk=pk)
    return _act(
        request,
        PlanForm(request.POST, request.FILES),
        reverse("campaigns:detail", args=[unit.action.campaign_id]),
        lambda data: services.upload_plan(request.user, unit, data["plan"]),
        _("Plan uploaded."),
    )


@login_required
@require_safe
def unit_plan_file(request, pk):
    """The unit's plan, downloaded (never shown inline), for whoever sees the unit."""
    return downloads.plan_response(request.user, pk)


@login_required
@require_safe
def report_evidence(request, pk):
    """A report's evidence, downloaded, for whoever sees the report's unit."""
    return downloads.evidence_response(request.user, pk)


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
    return _act(
        request,
        WeekEndForm(request.POST),
        reverse("campaigns:bulletins", args=[campaign.pk]),
        lambda data: services.issue_bulletin(campaign, data["week_end"], actor=request.user),
        _("Bulletin issued."),
        then=lambda bulletin: reverse("campaigns:bulletin", args=[bulletin.pk]),
    )


@login_required
@require_safe
def bulletin_detail(request, pk):
    bulletin = selectors.get_bulletin_for_actor(request.user, pk)
    return render(request, "campaigns/bulletin_detail.html", documents.bulletin_context(bulletin))


@login_required
@require_safe
def bulletin_download(request, pk, fmt):
    """The bulletin as Word or PDF, audited (`campaigns.downloads`)."""
    return downloads.bulletin_response(request.user, pk, fmt)


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
    return _act(
        request,
        HalfEndForm(request.POST),
        reverse("campaigns:assessments", args=[campaign.pk]),
        lambda data: services.issue_assessment(campaign, data["half_end"], actor=request.user),
        _("Assessment issued."),
        then=lambda assessment: reverse("campaigns:assessment", args=[assessment.pk]),
    )


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

    def adjust(data):
        unit = units.get(pk=data.pop("unit"))
        return services.adjust_score(request.user, assessment, unit, **data)

    return _act(
        request,
        AdjustmentForm(request.POST, units=units),
        reverse("campaigns:assessment", args=[assessment.pk]),
        adjust,
        _("Adjustment recorded."),
    )


def _visit_units(campaign) -> list[tuple[str, str]]:
    """The departments and counties answering for the campaign, as form choices."""
    choices, seen = [], set()
    for unit in Unit.objects.filter(action__campaign=campaign).select_related(
        "organisation", "division"
    ):
        key = unit.body_key
        if key not in seen:
            seen.add(key)
            choices.append((key, str(unit)))
    return sorted(choices, key=lambda c: (c[0][0], c[1]))


def _body(key: str) -> tuple[Organisation | None, Division | None]:
    """A form's choice of responsible body ("o<id>" a department, "d<id>" a county)."""
    if key.startswith("o"):
        return Organisation.objects.get(pk=int(key[1:])), None
    return None, Division.objects.get(pk=int(key[1:]))


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

    def record(data):
        organisation, division = _body(data["unit"])
        items = [(data["item"], data["owner"], data["due_on"])] if data["item"] else []
        return services.record_visit(
            request.user,
            campaign.supervision_groups.get(pk=data["group"]),
            visited_on=data["visited_on"],
            findings=data["findings"],
            organisation=organisation,
            division=division,
            items=items,
        )

    return _act(
        request,
        _visit_form(campaign, request.POST),
        reverse("campaigns:supervision", args=[campaign.pk]),
        record,
        _("Visit recorded."),
    )


@login_required
@require_POST
@http_errors
def rectification_done(request, pk):
    item = selectors.get_rectification_for_actor(request.user, pk)
    return _act(
        request,
        DoneForm(request.POST),
        reverse("campaigns:supervision", args=[item.visit.group.campaign_id]),
        lambda data: services.mark_rectified(request.user, item, **data),
        _("Marked as put right."),
    )


def _leads_for(actor, campaign) -> list[tuple[str, str]]:
    """The bodies the actor may add an N action for: any for the task force, else their own."""
    leads = _visit_units(campaign)
    if permissions.can_supervise(actor):
        return leads
    own = {
        u.body_key
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
        data = dict(form.cleaned_data)
        organisation, division = _body(data.pop("lead"))
        try:
            indicator = services.add_local_action(
                request.user, campaign, organisation=organisation, division=division, **data
            )
        except DomainError as exc:
            if exc.status == 403:
                raise
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Action added. Report on it from its indicator's page."))
            return see_other(reverse("campaigns:indicator", args=[indicator.pk]))
    return render(request, "campaigns/action_add.html", {"campaign": campaign, "form": form})
