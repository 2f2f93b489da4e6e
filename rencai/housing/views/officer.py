"""The housing bureau's pages (/housing/…): apartments, the waiting list, rounds with their
frozen order and published results, offers and tenancies. Lists are scoped by county;
anything out of scope answers 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from rencai.core import clock
from rencai.core.errors import DomainError
from rencai.core.http import http_errors, safe_next, see_other
from rencai.core.listfilters import active_filters
from rencai.core.money import yuan_to_fen

from .. import exports, permissions, ranking, selectors, services, standing
from ..choices import LIVE_APPLICATION_STATES, OfferState, RoundState, UnitState
from ..forms import (
    CountyFilterForm,
    MoveOutForm,
    OpenRoundForm,
    RenewForm,
    TenancyFilterForm,
    UnitForm,
    UnitStateForm,
    WaitingListFilterForm,
    add_domain_error,
)
from .common import flash_error, page_of, require, xlsx_response


def _county(request, queryset, path: str, form_class=CountyFilterForm):
    form = form_class(request.GET or None)
    if form.is_valid() and form.cleaned_data["county"]:
        queryset = queryset.filter(**{path: form.cleaned_data["county"]})
    return form, queryset


def _standing_on(queryset, start: str, until: str, day):
    """The records standing on the day: begun by then, not ended by then (a stock's list)."""
    return queryset.filter(**{f"{start}__lte": day}).filter(
        Q(**{f"{until}__isnull": True}) | Q(**{f"{until}__gt": day})
    )


def _active_filters(form, *, start: str = "", end: str = "") -> list[str]:
    if not form.is_bound or not form.is_valid():
        return []
    data = form.cleaned_data
    return active_filters(
        start=data.get(start),
        end=data.get(end),
        county=data.get("county"),
        as_of=data.get("as_of"),
    )


@login_required
@require_safe
@http_errors
def unit_list(request):
    actor = request.user
    require(permissions.can_read_housing(actor))
    form, units = _county(request, selectors.units_for_actor(actor), "building__county")
    state = request.GET.get("state", "")
    if state in UnitState.values:
        units = units.filter(state=state)
    units = units.order_by("building__county__code", "building__name", "number")
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.export_units(actor, units))
    return render(
        request,
        "housing/unit_list.html",
        {
            "form": form,
            "page": page_of(request, units),
            "states": UnitState.choices,
            "state": state,
            "total": units.count(),
            "may_add": permissions.is_housing_officer(actor),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@http_errors
def unit_add(request):
    """The bureau adds an apartment to one of its buildings, being fitted out from a date."""
    actor = request.user
    require(permissions.is_housing_officer(actor))
    buildings = selectors.buildings_for_actor(actor).filter(
        permissions.county_q(permissions.managed_counties(actor), "county")
    )
    form = UnitForm(request.POST or None, buildings=buildings)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            unit = services.add_unit(
                data["building"],
                actor=actor,
                number=data["number"],
                rooms=data["rooms"],
                floor_area=data["floor_area"],
                furnished=data["furnished"],
                monthly_rent_fen=yuan_to_fen(data["monthly_rent"]),
                rent_share=data["rent_share"],
                talent_rent_fen=None
                if data["talent_rent"] is None
                else yuan_to_fen(data["talent_rent"]),
                fit_out_started_on=data["fit_out_started_on"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The apartment was added."))
            return see_other(reverse("housing:unit-detail", args=[unit.pk]))
    return render(request, "housing/unit_add.html", {"form": form})


@login_required
@require_safe
@http_errors
def unit_detail(request, pk: int):
    actor = request.user
    unit = selectors.get_unit_for_actor(actor, pk)
    require(permissions.can_read_housing(actor))
    return render(
        request,
        "housing/unit_detail.html",
        {
            "unit": unit,
            "periods": unit.periods.order_by("-started_on", "-pk"),
            "offers": unit.offers.select_related("application", "application__talent"),
            "tenancies": unit.tenancies.select_related("talent"),
            "may_manage": permissions.can_manage_unit(actor, unit),
            "state_form": UnitStateForm(),
        },
    )


@login_required
@require_POST
@http_errors
def unit_state(request, pk: int):
    actor = request.user
    unit = selectors.get_unit_for_actor(actor, pk)
    require(permissions.can_manage_unit(actor, unit))
    form = UnitStateForm(request.POST)
    if form.is_valid():
        try:
            services.change_unit_state(
                unit,
                actor=actor,
                to_state=form.cleaned_data["to_state"],
                on=form.cleaned_data["on"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("The apartment's state was changed."))
        except DomainError as exc:
            flash_error(request, exc)
    else:
        messages.error(request, _("Check the form."))
    return see_other(reverse("housing:unit-detail", args=[unit.pk]))


@login_required
@require_safe
@http_errors
def application_list(request):
    """The waiting list: live applications in today's order per county; others below."""
    actor = request.user
    require(permissions.can_read_housing(actor))
    form, applications = _county(
        request, selectors.applications_for_actor(actor), "county", WaitingListFilterForm
    )
    as_of = form.cleaned_data.get("as_of") if form.is_bound and form.is_valid() else None
    if as_of:  # the list as it stood on a day (a stock's drill-down), not today's order
        applications = _standing_on(applications, "applied_on", "left_list_on", as_of)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.export_applications(actor, applications))
    if as_of:
        return render(
            request,
            "housing/application_list.html",
            {
                "form": form,
                "as_of": as_of,
                "page": page_of(request, applications.order_by("county__code", "applied_on", "pk")),
                "active_filters": _active_filters(form),
            },
        )
    live = list(applications.filter(state__in=sorted(LIVE_APPLICATION_STATES)))
    scheme = selectors.scheme_on(clock.today())
    if scheme is not None:
        keys = scheme.ranking_keys
        live.sort(key=lambda a: (a.county.code, ranking.sort_key(keys, a.inputs, a.pk)))
    others = applications.exclude(state__in=sorted(LIVE_APPLICATION_STATES))
    return render(
        request,
        "housing/application_list.html",
        {
            "form": form,
            "live": live,
            "others": page_of(request, others),
            "keys": ranking.describe(scheme.ranking_keys) if scheme else [],
            "active_filters": _active_filters(form),
        },
    )


@login_required
@require_safe
@http_errors
def application_detail(request, pk: int):
    actor = request.user
    application = selectors.get_application_for_actor(actor, pk)
    today = clock.today()
    return render(
        request,
        "housing/application_detail.html",
        {
            "application": application,
            "live_place": standing.live_place(application, today),
            "frozen_place": standing.frozen_place(application),
            "offers": application.offers.select_related("unit", "unit__building"),
            "may_manage": permissions.can_manage_application(actor, application),
            "decline_reason": "",
        },
    )


@login_required
@require_POST
@http_errors
def application_action(request, pk: int, action: str):
    actor = request.user
    application = selectors.get_application_for_actor(actor, pk)
    if action == "withdraw":
        require(permissions.can_withdraw_application(actor, application))
    else:
        require(permissions.can_manage_application(actor, application))
    actions = {
        "refresh": lambda: services.refresh_inputs(application, actor=actor),
        "withdraw": lambda: services.withdraw_application(application, actor=actor),
    }
    if action not in actions:
        raise Http404
    try:
        actions[action]()
        messages.success(request, _("Done."))
    except DomainError as exc:
        flash_error(request, exc)
    return see_other(safe_next(request, reverse("housing:application-detail", args=[pk])))


@login_required
@require_safe
@http_errors
def round_list(request):
    actor = request.user
    require(permissions.can_read_housing(actor))
    return render(
        request,
        "housing/round_list.html",
        {
            "rounds": selectors.rounds_for_actor(actor),
            "form": OpenRoundForm(),
            "may_open": permissions.is_housing_officer(actor),
        },
    )


@login_required
@require_POST
@http_errors
def round_open(request):
    actor = request.user
    require(permissions.is_housing_officer(actor))
    form = OpenRoundForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a county."))
        return see_other(reverse("housing:round-list"))
    try:
        round_ = services.open_round(
            form.cleaned_data["county"], actor=actor, name=form.cleaned_data["name"]
        )
    except DomainError as exc:
        flash_error(request, exc)
        return see_other(reverse("housing:round-list"))
    return see_other(reverse("housing:round-detail", args=[round_.pk]))


@login_required
@require_safe
@http_errors
def round_detail(request, pk: int):
    actor = request.user
    round_ = selectors.get_round_for_actor(actor, pk)
    return render(
        request,
        "housing/round_detail.html",
        {
            "round": round_,
            "entries": selectors.round_entries(round_),
            "offers": round_.offers.select_related("unit", "application", "application__talent"),
            "keys": ranking.describe(round_.ranking_keys or round_.scheme.ranking_keys),
            "may_manage": permissions.can_manage_county(actor, round_.county_id),
            "is_open": round_.state == RoundState.OPEN,
        },
    )


@login_required
@require_POST
@http_errors
def round_action(request, pk: int, action: str):
    actor = request.user
    round_ = selectors.get_round_for_actor(actor, pk)
    require(permissions.can_manage_county(actor, round_.county_id))
    try:
        if action == "close":
            services.close_round(round_, actor=actor)
            messages.success(request, _("The round is closed and its order frozen."))
        elif action == "allocate":
            offers = services.allocate_round(round_, actor=actor)
            messages.success(request, _("%(n)d offers made.") % {"n": len(offers)})
        else:
            raise Http404
    except DomainError as exc:
        flash_error(request, exc)
    return see_other(reverse("housing:round-detail", args=[round_.pk]))


@login_required
@require_safe
def round_results(request, pk: int):
    """A closed round's results, published without names: place, reference, ranking inputs
    and outcome. Every signed-in user may read them."""
    round_ = get_object_or_404(selectors.published_rounds(), pk=pk)
    keys = round_.ranking_keys
    latest = {o.application_id: o for o in round_.offers.order_by("pk")}  # the last wins
    rows = []
    for entry in selectors.round_entries(round_):
        offer = latest.get(entry.application_id)
        rows.append(
            {
                "position": entry.position,
                "reference": str(entry.application),
                "inputs": [entry.inputs.get(k["key"], {}).get("shown", "—") for k in keys],
                "outcome": offer.get_state_display() if offer else _("Waiting"),
            }
        )
    return render(
        request,
        "housing/round_results.html",
        {
            "round": round_,
            "headers": [str(ranking.KEYS[k["key"]].label) for k in keys],
            "keys": ranking.describe(keys),
            "rows": rows,
        },
    )


@login_required
@require_POST
@http_errors
def offer_answer(request, pk: int, action: str):
    actor = request.user
    offer = selectors.get_offer_for_actor(actor, pk)
    require(permissions.can_answer_offer(actor, offer))
    default = reverse("housing:application-detail", args=[offer.application_id])
    try:
        if action == "accept":
            tenancy = services.accept_offer(offer, actor=actor)
            messages.success(request, _("Offer accepted: your tenancy has started."))
            if permissions.is_own(actor, offer.application.talent):
                return see_other(reverse("housing:mine"))
            return see_other(reverse("housing:tenancy-detail", args=[tenancy.pk]))
        if action == "decline":
            services.decline_offer(offer, actor=actor, reason=request.POST.get("reason", ""))
            messages.success(request, _("Offer declined."))
        else:
            raise Http404
    except DomainError as exc:
        flash_error(request, exc)
    return see_other(safe_next(request, default))


@login_required
@require_safe
@http_errors
def tenancy_list(request):
    actor = request.user
    require(permissions.can_read_housing(actor))
    form, tenancies = _county(
        request, selectors.tenancies_for_actor(actor), "unit__building__county", TenancyFilterForm
    )
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    if data.get("as_of"):
        tenancies = _standing_on(tenancies, "starts_on", "ended_on", data["as_of"])
    if data.get("starts_from"):
        tenancies = tenancies.filter(starts_on__gte=data["starts_from"])
    if data.get("starts_to"):
        tenancies = tenancies.filter(starts_on__lte=data["starts_to"])
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.export_tenancies(actor, tenancies))
    return render(
        request,
        "housing/tenancy_list.html",
        {
            "form": form,
            "page": page_of(request, tenancies),
            "active_filters": _active_filters(form, start="starts_from", end="starts_to"),
        },
    )


@login_required
@require_safe
@http_errors
def tenancy_detail(request, pk: int):
    actor = request.user
    tenancy = selectors.get_tenancy_for_actor(actor, pk)
    return render(
        request,
        "housing/tenancy_detail.html",
        {
            "tenancy": tenancy,
            "may_manage": permissions.can_manage_unit(actor, tenancy.unit),
            "renew_form": RenewForm(),
            "move_out_form": MoveOutForm(),
            "open_offer_state": OfferState.OPEN,
        },
    )


@login_required
@require_POST
@http_errors
def tenancy_action(request, pk: int, action: str):
    actor = request.user
    tenancy = selectors.get_tenancy_for_actor(actor, pk)
    if action == "move-in":
        require(permissions.can_record_move_in(actor, tenancy))
    else:
        require(permissions.can_manage_unit(actor, tenancy.unit))
    try:
        if action == "renew":
            form = RenewForm(request.POST)
            if form.is_valid():
                services.renew_tenancy(tenancy, actor=actor, ends_on=form.cleaned_data["ends_on"])
                messages.success(request, _("The tenancy was renewed."))
            else:
                messages.error(request, _("Check the form."))
        elif action == "move-out":
            form = MoveOutForm(request.POST)
            if form.is_valid():
                services.move_out(
                    tenancy,
                    actor=actor,
                    inspection_result=form.cleaned_data["inspection_result"],
                    note=form.cleaned_data["note"],
                    on=form.cleaned_data["on"],
                )
                messages.success(request, _("Moved out; the apartment is free."))
            else:
                messages.error(request, _("Check the form."))
        elif action == "move-in":
            services.record_move_in(tenancy, actor=actor, done=request.POST.getlist("done"))
            messages.success(request, _("The checklist was saved."))
        else:
            raise Http404
    except DomainError as exc:
        flash_error(request, exc)
    return see_other(safe_next(request, reverse("housing:tenancy-detail", args=[tenancy.pk])))
