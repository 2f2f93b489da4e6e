"""Engagement pages: pairings with the five-ones checklist and contact logs, requests with
their actions, the talent's own requests, the rates. Every write calls its service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from rencai.core.errors import DomainError, error_text
from rencai.core.http import http_errors, see_other
from rencai.core.listfilters import without_page
from rencai.core.xlsx.writing import xlsx_download
from rencai.talents.models import Talent
from rencai.talents.selectors import get_talent_for_actor

from . import clock, exports, permissions, rates, selectors, services, workflow
from .choices import RateCode, Satisfaction
from .forms import (
    ActionForm,
    ContactFilterForm,
    FilterForm,
    LogForm,
    RatesForm,
    RequestForm,
    TickFilterForm,
    TickForm,
)
from .models import FiveOnesItem

PAGE_SIZE = 50
ACTION_FIELDS = {
    "assign": ("department", "target_working_days", "note"),
    "respond": ("note",),
    "answer": ("answer",),
    "feedback": ("satisfaction", "resolved", "comment"),
    "exclude": ("reason",),
}
DONE = {
    "assign": gettext_lazy("Request assigned."),
    "respond": gettext_lazy("Request taken up."),
    "answer": gettext_lazy("Answer sent to the talent."),
    "feedback": gettext_lazy("Feedback recorded."),
    "exclude": gettext_lazy("Request excluded from the rates."),
}


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        messages.error(request, " ".join(errors))


# --- pairings ------------------------------------------------------------------------------


def _year(request) -> int | None:
    try:
        return int(request.GET.get("year") or 0) or None
    except ValueError:
        return None


@login_required
@require_safe
def pairing_list(request):
    actor = request.user
    if not permissions.can_list_pairings(actor):
        raise Forbidden
    year = _year(request)
    # Meta.ordering does not apply to a grouped query: say it again for the paginator.
    pairings = (
        selectors.pairings_for_actor(actor)
        .annotate(done=Count("ticks", distinct=True), contacts=Count("logs", distinct=True))
        .order_by("-year", "leader_id", "talent__name", "id")
    )
    if year:
        pairings = pairings.filter(year=year)
    page = Paginator(pairings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "engagement/pairing_list.html",
        {"page_obj": page, "pairings": page.object_list, "year": year or ""},
    )


@login_required
@require_safe
@http_errors
def pairing_export(request):
    export = exports.export_pairings(request.user, _year(request))
    return xlsx_download(export.file, export.filename)


@login_required
@require_safe
@http_errors
def pairing_detail(request, pk: int):
    actor = request.user
    pairing = selectors.get_pairing_for_actor(actor, pk)
    ticks = {t.item_id: t for t in pairing.ticks.select_related("recorded_by")}
    items = list(FiveOnesItem.objects.filter(year=pairing.year))
    open_items = FiveOnesItem.objects.filter(year=pairing.year).exclude(pk__in=list(ticks))
    may_record = permissions.can_record_contact(actor, pairing)
    return render(
        request,
        "engagement/pairing_detail.html",
        {
            "pairing": pairing,
            "checklist": [(item, ticks.get(item.pk)) for item in items],
            "logs": list(pairing.logs.select_related("recorded_by")),
            "requests": list(
                selectors.requests_for_actor(actor).filter(talent_id=pairing.talent_id)
            ),
            "may_record": may_record,
            "tick_form": TickForm(items=open_items) if may_record else None,
            "log_form": LogForm() if may_record else None,
            "request_form": RequestForm(auto_id="id_req_%s") if may_record else None,
        },
    )


@login_required
@require_POST
@http_errors
def pairing_tick(request, pk: int):
    actor = request.user
    pairing = selectors.get_pairing_for_actor(actor, pk)
    back = reverse("engagement:pairing-detail", args=[pairing.pk])
    form = TickForm(request.POST, items=FiveOnesItem.objects.filter(year=pairing.year))
    if not form.is_valid():
        _form_errors(request, form)
        return see_other(back)
    data = form.cleaned_data
    try:
        services.tick_five_ones(
            pairing, data["item"], actor=actor, done_on=data["done_on"], note=data["note"]
        )
    except DomainError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Item ticked."))
    return see_other(back)


@login_required
@require_POST
@http_errors
def pairing_log(request, pk: int):
    actor = request.user
    pairing = selectors.get_pairing_for_actor(actor, pk)
    back = reverse("engagement:pairing-detail", args=[pairing.pk])
    form = LogForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return see_other(back)
    data = form.cleaned_data
    try:
        services.log_contact(
            pairing,
            actor=actor,
            kind=data["kind"],
            summary=data["summary"],
            happened_on=data["happened_on"],
        )
    except DomainError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Contact recorded."))
    return see_other(back)


@login_required
@require_POST
@http_errors
def pairing_request(request, pk: int):
    """The leader records a request the paired talent raised on a contact."""
    actor = request.user
    pairing = selectors.get_pairing_for_actor(actor, pk)
    back = reverse("engagement:pairing-detail", args=[pairing.pk])
    form = RequestForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return see_other(back)
    try:
        created = _raise(pairing.talent, actor, form.cleaned_data)
    except DomainError as exc:
        messages.error(request, error_text(exc))
        return see_other(back)
    messages.success(request, _("Request recorded."))
    return see_other(reverse("engagement:request-detail", args=[created.pk]))


def _raise(talent: Talent, actor, data: dict):
    return services.raise_request(
        talent,
        actor=actor,
        category=data["category"],
        title=data["title"],
        description=data.get("description") or "",
        department=data.get("department"),
        target_working_days=data.get("target_working_days"),
    )


# --- contact logs and five-ones items done (the figures' drill-downs) ----------------------


@login_required
@require_safe
def contact_list(request, kind: str = ""):
    """Every contact logged in the pairings the actor sees, filtered by county, kind, day.
    `kind` comes from the URL for the policy packs' list (the figure's drill-down)."""
    actor = request.user
    if not permissions.can_list_pairings(actor):
        raise Forbidden
    data = request.GET.copy()
    if kind:
        data["kind"] = kind
    form = ContactFilterForm(data or None)
    found = selectors.search_logs(actor, form.filters()).order_by("-happened_on", "-pk")
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    data.pop("page", None)
    return render(
        request,
        "engagement/contact_list.html",
        {"form": form, "page_obj": page, "logs": page.object_list, "query": data.urlencode()},
    )


@login_required
@require_safe
@http_errors
def contact_export(request):
    form = ContactFilterForm(request.GET or None)
    export = exports.export_contacts(request.user, form.filters())
    return xlsx_download(export.file, export.filename)


@login_required
@require_safe
def tick_list(request):
    """Every five-ones item done in the pairings the actor sees, filtered by county, item, day."""
    actor = request.user
    if not permissions.can_list_pairings(actor):
        raise Forbidden
    form = TickFilterForm(request.GET or None)
    found = selectors.search_ticks(actor, form.filters()).order_by("-done_on", "-pk")
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "engagement/tick_list.html",
        {
            "form": form,
            "page_obj": page,
            "ticks": page.object_list,
            "query": without_page(request.GET).urlencode(),
        },
    )


@login_required
@require_safe
@http_errors
def tick_export(request):
    form = TickFilterForm(request.GET or None)
    export = exports.export_ticks(request.user, form.filters())
    return xlsx_download(export.file, export.filename)


# --- requests ------------------------------------------------------------------------------


@login_required
@require_safe
def request_list(request):
    actor = request.user
    if not permissions.can_list_requests(actor):
        raise Forbidden
    form = FilterForm(request.GET or None)
    today = clock.today()
    found = selectors.search_requests(actor, form.filters(), today=today).order_by(
        "due_on", "-raised_at", "-pk"
    )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "engagement/request_list.html",
        {
            "form": form,
            "page_obj": page,
            "requests": page.object_list,
            "today": today,
            "query": request.GET.urlencode(),
            "open_states": workflow.OPEN_STATES,
        },
    )


@login_required
@require_safe
@http_errors
def request_export(request):
    form = FilterForm(request.GET or None)
    export = exports.export_requests(request.user, form.filters())
    return xlsx_download(export.file, export.filename)


def _action_forms(actor, talent_request) -> list[dict]:
    actions = permissions.allowed_actions(actor, talent_request)
    if permissions.can_exclude(actor) and not talent_request.excluded:
        actions.append("exclude")
    forms = []
    for action in actions:
        form = ActionForm(auto_id=f"id_{action}_%s")
        forms.append(
            {
                "action": action,
                "label": workflow.ACTION_LABELS.get(action, _("Exclude from the rates")),
                "form": form,
                "fields": [form[name] for name in ACTION_FIELDS[action]],
            }
        )
    return forms


@login_required
@require_safe
@http_errors
def request_detail(request, pk: int):
    actor = request.user
    talent_request = selectors.get_request_for_actor(actor, pk)
    today = clock.today()
    return render(
        request,
        "engagement/request_detail.html",
        {
            "req": talent_request,
            "events": list(talent_request.events.select_related("actor")),
            "forms": _action_forms(actor, talent_request),
            "overdue": talent_request.state in workflow.OPEN_STATES
            and talent_request.due_on is not None
            and talent_request.due_on < today,
            "is_talent": talent_request.talent.user_id == actor.pk,
        },
    )


def _act(action: str, talent_request, actor, data) -> None:
    if action == "assign":
        department = data.get("department")
        if department is None:
            message = _("Choose a department.")
            raise DomainError(message, fields={"department": [message]})
        services.assign_request(
            talent_request,
            actor=actor,
            department=department,
            target_working_days=data.get("target_working_days"),
            note=data.get("note") or "",
        )
    elif action == "respond":
        services.respond_to_request(talent_request, actor=actor, note=data.get("note") or "")
    elif action == "answer":
        services.answer_request(talent_request, actor=actor, answer=data.get("answer") or "")
    elif action == "feedback":
        services.give_feedback(
            talent_request,
            actor=actor,
            satisfaction=data.get("satisfaction") or "",
            resolved=bool(data.get("resolved")),
            comment=data.get("comment") or "",
        )
    else:
        services.exclude_from_rates(talent_request, actor=actor, reason=data.get("reason") or "")


@login_required
@require_POST
@http_errors
def request_action(request, pk: int, action: str):
    actor = request.user
    if action not in ACTION_FIELDS:
        raise Http404
    talent_request = selectors.get_request_for_actor(actor, pk)
    back = reverse("engagement:request-detail", args=[talent_request.pk])
    form = ActionForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return see_other(back)
    try:
        _act(action, talent_request, actor, form.cleaned_data)
    except DomainError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, str(DONE[action]))
    return see_other(back)


@login_required
@require_http_methods(["GET", "POST"])
@http_errors
def my_requests(request):
    """The talent's own requests (answers waiting for feedback first) and a form to raise one."""
    actor = request.user
    talent = Talent.objects.filter(user_id=actor.pk).first()
    if talent is None:
        raise Http404
    form = RequestForm(request.POST or None, staff=False)
    if request.method == "POST" and form.is_valid():
        try:
            created = _raise(talent, actor, form.cleaned_data)
        except DomainError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Your request has been sent."))
            return see_other(reverse("engagement:request-detail", args=[created.pk]))
    own = list(selectors.own_requests(actor))
    return render(
        request,
        "engagement/my_requests.html",
        {
            "form": form,
            "waiting": [r for r in own if r.state == workflow.S.ANSWERED],
            "requests": own,
        },
    )


@login_required
@require_safe
def rates_page(request):
    actor = request.user
    if not permissions.can_see_rates(actor):
        raise Forbidden
    form = RatesForm(request.GET or None)
    start, end, department = form.period(clock.today())
    report = rates.rate_report(actor, start, end, department)
    return render(
        request,
        "engagement/rates.html",
        {
            "form": form,
            "report": report,
            "codes": list(RateCode),
            "basically": Satisfaction.BASICALLY_SATISFIED,
        },
    )


# --- officers and clerks record a talent's request -----------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@http_errors
def talent_request(request, pk: int):
    """An officer or a window clerk records a request for a talent they see (raised in person,
    by phone, at the window): the page behind the API's `POST /requests/`."""
    actor = request.user
    talent = get_talent_for_actor(actor, pk)
    if not permissions.can_record_for(actor):
        raise Forbidden
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = _raise(talent, actor, form.cleaned_data)
        except DomainError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Request recorded."))
            if selectors.requests_for_actor(actor).filter(pk=created.pk).exists():
                return see_other(reverse("engagement:request-detail", args=[created.pk]))
            return see_other(reverse("engagement:talent-request", args=[talent.pk]))
    return render(
        request,
        "engagement/talent_request.html",
        {
            "talent": talent,
            "form": form,
            "requests": list(
                selectors.requests_for_actor(actor)
                .filter(talent=talent)
                .order_by("-raised_at")[:20]
            ),
        },
    )
