"""Tech projects pages: projects (list, xlsx, post, detail with ranked candidates, propose,
close), proposals (list, xlsx, detail, answer, withdraw, outcome) and the talent's expertise
profile."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from rencai.core.errors import Conflict, DomainError, NotFound, error_text
from rencai.core.http import http_errors, see_other
from rencai.core.listfilters import active_filters, export_query
from rencai.core.models import Organisation
from rencai.core.permissions import roles_of
from rencai.core.xlsx.writing import xlsx_download
from rencai.talents.selectors import talent_of_user

from . import exports, permissions, selectors, services
from .choices import OutcomeKind, ProjectStatus, ProposalStatus
from .forms import (
    ExpertiseForm,
    NoteForm,
    OutcomeFilterForm,
    OutcomeForm,
    ProjectFilterForm,
    ProjectForm,
    ProposalFilterForm,
)

PAGE_SIZE = 50


@login_required
@require_safe
def project_list(request):
    form = ProjectFilterForm(request.GET or None)
    projects = form.apply(selectors.projects_for_actor(request.user)).order_by("-posted_on", "-pk")
    if request.GET.get("format") == "xlsx":
        output, filename = exports.export_projects(request.user, projects)
        return xlsx_download(output, filename)
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "projects/project_list.html",
        {
            "form": form,
            "page_obj": page,
            "query": request.GET.urlencode(),
            "may_post": permissions.can_post_project(request.user),
        },
    )


def _postable(actor):
    if permissions.is_science_bureau(actor):
        return None
    return Organisation.objects.filter(pk__in=permissions.enterprise_ids(actor))


@login_required
@require_http_methods(["GET", "POST"])
@http_errors
def project_new(request):
    actor = request.user
    if not permissions.can_post_project(actor):
        raise Forbidden
    form = ProjectForm(request.POST or None, organisations=_postable(actor))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project = services.post_project(
                data["organisation"],
                actor=actor,
                title=data["title"],
                need=data["need"],
                field=data["field"],
                budget_fen=form.budget_fen(),
                county=data.get("county"),
            )
        except (DomainError, ValidationError) as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("The project is posted."))
            return see_other(reverse("projects:project-detail", args=[project.pk]))
    return render(request, "projects/project_form.html", {"form": form})


@login_required
@require_safe
@http_errors
def project_detail(request, pk):
    actor = request.user
    project = selectors.get_project_for_actor(actor, pk)
    proposals = selectors.proposals_for_actor(actor).filter(project=project).order_by("-pk")
    candidates = selectors.ranked_candidates(actor, project) if permissions.can_rank(actor) else []
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "proposals": proposals,
            "candidates": candidates,
            "may_rank": permissions.can_rank(actor),
            "may_propose": permissions.can_propose(actor) and project.status == ProjectStatus.OPEN,
            "may_close": permissions.can_manage_project(actor, project)
            and project.status == ProjectStatus.OPEN,
            "may_open_talents": roles_of(actor).is_city_wide,
        },
    )


@login_required
@require_POST
@http_errors
def project_propose(request, pk):
    actor = request.user
    project = selectors.get_project_for_actor(actor, pk)
    detail = reverse("projects:project-detail", args=[project.pk])
    if not permissions.can_propose(actor):
        raise Forbidden
    talent = selectors.candidates_for_actor(actor).filter(pk=request.POST.get("talent")).first()
    if talent is None:
        raise NotFound("talent")
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.propose_match(project, talent, actor=actor, note=note)
    except Conflict as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("%(name)s is proposed.") % {"name": talent.name})
    return see_other(detail)


@login_required
@require_POST
@http_errors
def project_close(request, pk):
    actor = request.user
    project = selectors.get_project_for_actor(actor, pk)
    services.close_project(project, actor=actor)
    messages.success(request, _("The project is closed."))
    return see_other(reverse("projects:project-detail", args=[project.pk]))


@login_required
@require_safe
def proposal_list(request):
    form = ProposalFilterForm(request.GET or None)
    proposals = form.apply(selectors.proposals_for_actor(request.user)).order_by(
        "-proposed_on", "-pk"
    )
    if request.GET.get("format") == "xlsx":
        output, filename = exports.export_proposals(request.user, proposals)
        return xlsx_download(output, filename)
    page = Paginator(proposals, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "projects/proposal_list.html",
        {"form": form, "page_obj": page, "query": request.GET.urlencode()},
    )


@login_required
@require_safe
@http_errors
def outcome_list(request):
    """The outcomes of the proposals the user sees: the "outcomes recorded" figure's list."""
    form = OutcomeFilterForm(request.GET or None)
    outcomes = form.apply(
        selectors.outcomes_for_actor(request.user)
        .select_related("proposal__project__organisation", "proposal__talent")
        .order_by("-recorded_on", "-pk")
    )
    if request.GET.get("format") == "xlsx":
        output, filename = exports.export_outcomes(request.user, outcomes)
        return xlsx_download(output, filename)
    page = Paginator(outcomes, PAGE_SIZE).get_page(request.GET.get("page"))
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    kind = data.get("kind") and OutcomeKind(data["kind"]).label
    return render(
        request,
        "projects/outcome_list.html",
        {
            "form": form,
            "page_obj": page,
            "export_query": export_query(request.GET),
            "filtered": bool(data and any(data.values())),
            "active_filters": active_filters(
                start=data.get("recorded_from"),
                end=data.get("recorded_to"),
                county=data.get("county"),
                others=[kind],
            ),
        },
    )


@login_required
@require_safe
@http_errors
def proposal_detail(request, pk):
    actor = request.user
    proposal = selectors.get_proposal_for_actor(actor, pk)
    side = permissions.answer_side(actor, proposal)
    answered = side and getattr(proposal, f"{side}_answer") != "pending"
    live = proposal.status == ProposalStatus.PROPOSED
    return render(
        request,
        "projects/proposal_detail.html",
        {
            "proposal": proposal,
            "project": proposal.project,
            "shared": selectors.shared_view(proposal.talent),
            "city_wide": permissions.sees_city_wide(actor),
            "side": side,
            "may_answer": bool(side) and live and not answered,
            "may_withdraw": permissions.can_withdraw(actor, proposal) and live,
            "may_record": permissions.can_record_outcome(actor, proposal)
            and proposal.status == ProposalStatus.ACCEPTED,
            "outcome_form": OutcomeForm(),
            "outcomes": proposal.outcomes.all(),
        },
    )


@login_required
@require_POST
@http_errors
def proposal_answer(request, pk):
    actor = request.user
    proposal = selectors.get_proposal_for_actor(actor, pk)
    accept = request.POST.get("answer") == "accept"
    try:
        services.answer_proposal(proposal, actor=actor, accept=accept)
    except Conflict as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Your answer is recorded."))
    return see_other(reverse("projects:proposal-detail", args=[proposal.pk]))


@login_required
@require_POST
@http_errors
def proposal_withdraw(request, pk):
    actor = request.user
    proposal = selectors.get_proposal_for_actor(actor, pk)
    form = NoteForm(request.POST)
    try:
        services.withdraw_proposal(
            proposal, actor=actor, note=form.cleaned_data["note"] if form.is_valid() else ""
        )
    except Conflict as exc:
        messages.error(request, error_text(exc))
    return see_other(reverse("projects:proposal-detail", args=[proposal.pk]))


@login_required
@require_POST
@http_errors
def proposal_outcome(request, pk):
    actor = request.user
    proposal = selectors.get_proposal_for_actor(actor, pk)
    detail = reverse("projects:proposal-detail", args=[proposal.pk])
    if not permissions.can_record_outcome(actor, proposal):
        raise Forbidden
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return see_other(detail)
    try:
        services.record_outcome(
            proposal,
            actor=actor,
            kind=form.cleaned_data["kind"],
            on=form.cleaned_data["recorded_on"],
            amount_fen=form.amount_fen(),
            note=form.cleaned_data["note"],
        )
    except (Conflict, ValidationError) as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The outcome is recorded."))
    return see_other(detail)


@login_required
@require_http_methods(["GET", "POST"])
def expertise(request):
    talent = talent_of_user(request.user)
    if talent is None:
        raise Forbidden
    current = selectors.expertise_of(talent)
    form = ExpertiseForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_expertise(
                talent, actor=request.user, **{f: form.cleaned_data[f] for f in form.Meta.fields}
            )
        except (DomainError, ValidationError) as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("Your expertise profile is saved."))
            return see_other(reverse("projects:expertise"))
    return render(request, "projects/expertise.html", {"form": form, "talent": talent})
